import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { checkStackConfig } from "../../config/readStackConfig";
import { main as onboard } from "../../cli/onboard";
import { EXIT } from "../../cli/preview";
import { readStackFile } from "../../offline/stackFile";

const UPLOADER = "arn:aws:iam::210987654321:role/acme-transfer";
const CUSTOMER_KEY = "arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("npm run onboard", function () {
    this.timeout(120000);
    let projectDir: string;
    beforeEach(() => {
        projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "onboard-test-"));
    });
    afterEach(() => fs.rmSync(projectDir, { recursive: true, force: true }));

    async function run(argv: string[]) {
        let stdout = "";
        let stderr = "";
        const code = await onboard([...argv, "--project-dir", projectDir], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
        return { code, stdout, stderr, files: fs.readdirSync(projectDir) };
    }

    it("writes a stack file that the program's own validation accepts, and previews it", async () => {
        const { code, stdout, files } = await run([
            "acme", "--sse-mode", "sse-kms", "--uploader", UPLOADER, "--uploader", "123456789012",
            "--processor", "mediaconvert.amazonaws.com", "--processor", "arn:aws:iam::123456789012:role/drm",
            "--external-id", "acme-ingest-2026", "--region", "eu-west-1", "--require-encryption-headers", "--minimum-tls", "1.3",
        ]);
        assert.strictEqual(code, EXIT.admitted, stdout);
        assert.deepStrictEqual(files, ["Pulumi.acme.yaml"]);
        assert.match(stdout, /\nVerdict: admitted: 0 mandatory violations/);
        const read = readStackFile(path.join(projectDir, "Pulumi.acme.yaml"));
        assert.ok(read.ok);
        assert.deepStrictEqual(read.file.secretKeys, []);
        const check = checkStackConfig(read.file.config, () => false);
        assert.ok(check.ok, JSON.stringify(check));
        assert.deepStrictEqual(check.config, {
            customer: "acme",
            sseMode: "sse-kms",
            requireEncryptionHeaders: true,
            minimumTlsVersion: "1.3",
            uploaderPrincipals: [UPLOADER, "123456789012"],
            uploaderExternalId: "acme-ingest-2026",
            processorPrincipals: ["mediaconvert.amazonaws.com", "arn:aws:iam::123456789012:role/drm"],
            noncurrentVersionDays: 30,
            protect: true,
        });
        assert.strictEqual(read.file.config["aws:region"], "eu-west-1");
    });

    it("prints the file instead of writing it with --dry-run", async () => {
        const { code, stdout, stderr, files } = await run(["globex", "--sse-mode", "dsse-kms", "--kms-key-arn", CUSTOMER_KEY, "--uploader", UPLOADER, "--region", "eu-west-1", "--dry-run"]);
        assert.strictEqual(code, EXIT.admitted, stderr);
        assert.deepStrictEqual(files, []);
        assert.strictEqual(
            stdout,
            [
                "# Customer stack for globex, written by `npm run onboard`.",
                "# Check a change with `npm run preview -- --stack globex`; deploy with `pulumi up --stack globex`.",
                "config:",
                "  aws:region: eu-west-1",
                "  mezzanine-ingest:customer: globex",
                "  mezzanine-ingest:sseMode: dsse-kms",
                `  mezzanine-ingest:kmsKeyArn: ${CUSTOMER_KEY}`,
                "  mezzanine-ingest:uploaderPrincipals:",
                `    - ${UPLOADER}`,
                "",
            ].join("\n"),
        );
        assert.match(stderr, /Verdict: admitted/);
    });

    const refusals: Array<[string, string[], RegExp]> = [
        ["an invalid customer slug", ["Acme_Corp", "--sse-mode", "sse-s3", "--uploader", UPLOADER], /<customer> \(mezzanine-ingest:customer\) must be a slug .* \(got "Acme_Corp"\)/],
        ["an unknown mode", ["acme", "--sse-mode", "aes256", "--uploader", UPLOADER], /--sse-mode \(mezzanine-ingest:sseMode\) must be one of sse-s3, sse-kms, dsse-kms, sse-c \(got "aes256"\)/],
        ["an unencrypted mode, with the reason", ["acme", "--sse-mode", "none", "--uploader", UPLOADER], /--sse-mode \(mezzanine-ingest:sseMode\) is not an option: S3 has encrypted every new object since January 2023/],
        ["--kms-key-arn with sse-s3", ["acme", "--sse-mode", "sse-s3", "--kms-key-arn", CUSTOMER_KEY, "--uploader", UPLOADER], /--kms-key-arn \(mezzanine-ingest:kmsKeyArn\) is only allowed with sseMode sse-kms or dsse-kms \(sseMode is "sse-s3"\)/],
        ["a malformed uploader ARN", ["acme", "--sse-mode", "sse-s3", "--uploader", "arn:aws:iam::12:role/x"], /--uploader #1 \(mezzanine-ingest:uploaderPrincipals\[0\]\) must be an IAM principal ARN .* \(got "arn:aws:iam::12:role\/x"\)/],
        ["a malformed KMS key ARN", ["acme", "--sse-mode", "sse-kms", "--kms-key-arn", "arn:aws:kms:eu-west-1:210987654321:alias/acme", "--uploader", UPLOADER], /--kms-key-arn \(mezzanine-ingest:kmsKeyArn\) must be a KMS key ARN, not an alias/],
        ["a bad region", ["acme", "--sse-mode", "sse-s3", "--uploader", UPLOADER, "--region", "europe"], /--region \(aws:region\) must be an AWS region such as eu-west-1 \(got "europe"\)/],
        ["a customer and region that make the bucket name too long for S3", ["customer-with-a-long-name-012345", "--sse-mode", "sse-s3", "--uploader", UPLOADER, "--region", "eu-centralwesternmost-1"], /<customer> \(mezzanine-ingest:customer\) makes the bucket name customer-with-a-long-name-012345-123456789012-eu-centralwesternmost-1 69 characters long; S3 allows 63: use a shorter slug \(got "customer-with-a-long-name-012345" with aws:region "eu-centralwesternmost-1"\)/],
        ["a customer key from another region", ["acme", "--sse-mode", "sse-kms", "--kms-key-arn", CUSTOMER_KEY, "--uploader", UPLOADER, "--region", "us-east-1"], /--kms-key-arn \(mezzanine-ingest:kmsKeyArn\) must be a key in the stack's region us-east-1/],
    ];
    for (const [what, argv, message] of refusals) {
        it(`refuses ${what} and writes nothing`, async () => {
            const { code, stderr, files } = await run(argv);
            assert.strictEqual(code, EXIT.invalidConfig);
            assert.match(stderr, /^refused: nothing was written\.\n/);
            assert.match(stderr, message);
            assert.deepStrictEqual(files, []);
        });
    }

    it("refuses to replace an existing stack file unless --force is given", async () => {
        const file = path.join(projectDir, "Pulumi.acme.yaml");
        fs.writeFileSync(file, "config: {}\n");
        const refused = await run(["acme", "--sse-mode", "sse-s3", "--uploader", UPLOADER]);
        assert.strictEqual(refused.code, EXIT.invalidConfig);
        assert.match(refused.stderr, /Pulumi\.acme\.yaml exists; nothing was written\. Pass --force to replace it\./);
        assert.strictEqual(fs.readFileSync(file, "utf8"), "config: {}\n");

        const forced = await run(["acme", "--sse-mode", "sse-s3", "--uploader", UPLOADER, "--region", "eu-west-1", "--force"]);
        assert.strictEqual(forced.code, EXIT.admitted, forced.stderr);
        assert.match(fs.readFileSync(file, "utf8"), /mezzanine-ingest:sseMode: sse-s3/);
    });

    for (const [argv, message] of [
        [["--sse-mode", "sse-s3", "--uploader", UPLOADER], /give exactly one customer slug \(got none\)/],
        [["acme", "--uploader", UPLOADER], /--sse-mode is required/],
        [["acme", "--sse-mode", "sse-s3"], /--uploader is required/],
        [["acme", "--sse-mode", "sse-s3", "--uploader", UPLOADER, "--bogus"], /Unknown option '--bogus'/],
    ] as const) {
        it(`exits 3 on a usage error: ${argv.join(" ")}`, async () => {
            const { code, stderr, files } = await run([...argv]);
            assert.strictEqual(code, EXIT.usage);
            assert.match(stderr, message);
            assert.deepStrictEqual(files, []);
        });
    }
});
