import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { checkStackConfig } from "../../checks/readStackConfig";
import { main as onboard } from "../../cli/onboard";
import { EXIT } from "../../cli/preview";
import { readStackFile } from "../../offline/stackFile";

const UPLOADER = "arn:aws:iam::210987654321:role/acme-transfer";
const ADMIN = "arn:aws:iam::123456789012:role/platform-deployer";
const SECRET = "arn:aws:secretsmanager:eu-west-1:210987654321:secret:acme/sse-c-key-AbC123";
const DRM = "arn:aws:iam::345678901234:role/drm-packager";
const CUSTOMER_KEY = "arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("npm run onboard", function () {
    this.timeout(120000);
    let projectDir: string;
    beforeEach(() => {
        projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "onboard-test-"));
    });
    afterEach(() => fs.rmSync(projectDir, { recursive: true, force: true }));

    /** Runs onboard with `argv` and, unless told otherwise, the administrator every stack needs. */
    async function run(argv: string[], { administrator = true } = {}) {
        let stdout = "";
        let stderr = "";
        const admin = administrator ? ["--administrator", ADMIN] : [];
        const code = await onboard([...argv, ...admin, "--project-dir", projectDir], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
        return { code, stdout, stderr, files: fs.readdirSync(projectDir) };
    }

    it("writes a stack file that the program's own validation accepts, and previews it", async () => {
        const { code, stdout, files } = await run([
            "acme",
            "--sse-mode",
            "sse-kms",
            "--uploader",
            UPLOADER,
            "--uploader",
            "210987654321",
            "--processor",
            "mediaconvert.amazonaws.com",
            "--processor",
            "arn:aws:iam::123456789012:role/drm",
            "--processor-external-id",
            "acme-drm-2026",
            "--processor-output-location",
            "s3://acme-renditions/hls/",
            "--processor-output-location",
            "s3://acme-proxies/",
            "--processor-job-submitter",
            "arn:aws:iam::123456789012:role/acme-transcode-submitter",
            "--prevent-overwrites",
            "--external-id",
            "acme-ingest-2026",
            "--region",
            "eu-west-1",
            "--require-encryption-headers",
            "--minimum-tls",
            "1.3",
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
            uploaderPrincipals: [UPLOADER, "210987654321"],
            uploaderExternalId: "acme-ingest-2026",
            processorPrincipals: ["mediaconvert.amazonaws.com", "arn:aws:iam::123456789012:role/drm"],
            processorExternalId: "acme-drm-2026",
            processorOutputLocations: ["s3://acme-renditions/hls/", "s3://acme-proxies/"],
            processorJobSubmitters: ["arn:aws:iam::123456789012:role/acme-transcode-submitter"],
            preventOverwrites: true,
            bucketNamespace: "account-regional",
            administratorPrincipals: [ADMIN],
            noncurrentVersionDays: 30,
            protect: true,
        });
        assert.strictEqual(read.file.config["aws:region"], "eu-west-1");
    });

    it("prints the file instead of writing it with --dry-run", async () => {
        const { code, stdout, stderr, files } = await run([
            "globex",
            "--sse-mode",
            "dsse-kms",
            "--kms-key-arn",
            CUSTOMER_KEY,
            "--uploader",
            UPLOADER,
            "--region",
            "eu-west-1",
            "--dry-run",
        ]);
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
                // New customers get names nobody else can create.
                "  mezzanine-ingest:bucketNamespace: account-regional",
                `  mezzanine-ingest:kmsKeyArn: ${CUSTOMER_KEY}`,
                "  mezzanine-ingest:administratorPrincipals:",
                `    - ${ADMIN}`,
                "  mezzanine-ingest:uploaderPrincipals:",
                `    - ${UPLOADER}`,
                "",
            ].join("\n"),
        );
        assert.match(stderr, /Verdict: admitted/);
    });

    const refusals: Array<[string, string[], RegExp]> = [
        [
            "an invalid customer slug",
            ["Acme_Corp", "--sse-mode", "sse-s3", "--uploader", UPLOADER],
            /<customer> \(mezzanine-ingest:customer\) must be a slug .* \(got "Acme_Corp"\)/,
        ],
        [
            "an unknown mode",
            ["acme", "--sse-mode", "aes256", "--uploader", UPLOADER],
            /--sse-mode \(mezzanine-ingest:sseMode\) must be one of sse-s3, sse-kms, dsse-kms, sse-c \(got "aes256"\)/,
        ],
        [
            "an unencrypted mode, with the reason",
            ["acme", "--sse-mode", "none", "--uploader", UPLOADER],
            /--sse-mode \(mezzanine-ingest:sseMode\) is not an option: S3 has encrypted every new object since January 2023/,
        ],
        [
            "--kms-key-arn with sse-s3",
            ["acme", "--sse-mode", "sse-s3", "--kms-key-arn", CUSTOMER_KEY, "--uploader", UPLOADER],
            /--kms-key-arn \(mezzanine-ingest:kmsKeyArn\) is only allowed with sseMode sse-kms or dsse-kms \(sseMode is "sse-s3"\)/,
        ],
        [
            "a malformed uploader ARN",
            ["acme", "--sse-mode", "sse-s3", "--uploader", "arn:aws:iam::12:role/x"],
            /--uploader #1 \(mezzanine-ingest:uploaderPrincipals\[0\]\) must be an IAM principal ARN .* \(got "arn:aws:iam::12:role\/x"\)/,
        ],
        [
            "a malformed KMS key ARN",
            ["acme", "--sse-mode", "sse-kms", "--kms-key-arn", "arn:aws:kms:eu-west-1:210987654321:alias/acme", "--uploader", UPLOADER],
            /--kms-key-arn \(mezzanine-ingest:kmsKeyArn\) must be a KMS key ARN, not an alias/,
        ],
        [
            "a bad region",
            ["acme", "--sse-mode", "sse-s3", "--uploader", UPLOADER, "--region", "europe"],
            /--region \(aws:region\) must be an AWS region such as eu-west-1 \(got "europe"\)/,
        ],
        [
            "a region typo",
            ["acme", "--sse-mode", "sse-s3", "--uploader", UPLOADER, "--region", "eu-wset-1"],
            /--region \(aws:region\) is not an AWS region: did you mean eu-west-1\? \(got "eu-wset-1"; the regions are those of the AWS SDK's region data, @aws-sdk\/util-endpoints [\d.]+\)/,
        ],
        [
            "a customer and region that make the bucket name too long for S3",
            ["customer-with-a-long-name-012345", "--sse-mode", "sse-s3", "--uploader", UPLOADER, "--region", "eu-centralwesternmost-1"],
            /<customer> \(mezzanine-ingest:customer\) makes the bucket name customer-with-a-long-name-012345-123456789012-eu-centralwesternmost-1-an 72 characters long; S3 allows 63: use a shorter slug \(got "customer-with-a-long-name-012345" with aws:region "eu-centralwesternmost-1"\)/,
        ],
        [
            "an account id as administrator",
            ["acme", "--sse-mode", "sse-s3", "--uploader", UPLOADER, "--administrator", "123456789012"],
            /--administrator #1 \(mezzanine-ingest:administratorPrincipals\[0\]\) must be an IAM role or user ARN .* \(got "123456789012"\)/,
        ],
        [
            "sse-c with the MediaConvert default",
            ["acme", "--sse-mode", "sse-c", "--uploader", UPLOADER, "--sse-c-key-secret", SECRET],
            /--processor \(mezzanine-ingest:processorPrincipals\) is required in sseMode sse-c: the default \(mediaconvert\.amazonaws\.com\) is refused there because S3 needs the customer's key on every GET/,
        ],
        [
            "sse-c without the key's secret",
            ["acme", "--sse-mode", "sse-c", "--uploader", UPLOADER, "--processor", DRM],
            /--sse-c-key-secret \(mezzanine-ingest:sseCKeySecretArn\) is required in sseMode sse-c/,
        ],
        [
            "--sse-c-key-secret outside sse-c",
            ["acme", "--sse-mode", "sse-s3", "--uploader", UPLOADER, "--sse-c-key-secret", SECRET],
            /--sse-c-key-secret \(mezzanine-ingest:sseCKeySecretArn\) is only allowed with sseMode sse-c \(sseMode is "sse-s3"\)/,
        ],
        [
            "--access-log-retention-days with --access-log-bucket",
            ["acme", "--sse-mode", "sse-s3", "--uploader", UPLOADER, "--access-log-bucket", "media-logs", "--access-log-retention-days", "90"],
            /--access-log-retention-days \(mezzanine-ingest:accessLogRetentionDays\) only applies where the stack creates the access-log bucket/,
        ],
        [
            "an out-of-range log retention",
            ["acme", "--sse-mode", "sse-s3", "--uploader", UPLOADER, "--access-log-retention-days", "0"],
            /--access-log-retention-days \(mezzanine-ingest:accessLogRetentionDays\) must be a whole number from 1 to 3650 \(got 0\)/,
        ],
        [
            "a processor output location that is no S3 location",
            ["acme", "--sse-mode", "sse-s3", "--uploader", UPLOADER, "--processor-output-location", "acme-renditions/hls"],
            /--processor-output-location #1 \(mezzanine-ingest:processorOutputLocations\[0\]\) must be an S3 location s3:\/\/<bucket>\/<prefix>\/ .* \(got "acme-renditions\/hls"\)/,
        ],
        [
            "the ingest bucket as a processor output location",
            [
                "acme",
                "--sse-mode",
                "sse-s3",
                "--uploader",
                UPLOADER,
                "--region",
                "eu-west-1",
                "--processor-output-location",
                "s3://acme-123456789012-eu-west-1-an/out/",
            ],
            /--processor-output-location #1 \(mezzanine-ingest:processorOutputLocations\[0\]\) is in the ingest bucket acme-123456789012-eu-west-1-an: renditions never go there/,
        ],
        [
            "a MediaConvert queue of another account",
            [
                "acme",
                "--sse-mode",
                "sse-s3",
                "--uploader",
                UPLOADER,
                "--region",
                "eu-west-1",
                "--mediaconvert-queue-arn",
                "arn:aws:mediaconvert:eu-west-1:999999999999:queues/studio",
            ],
            /--mediaconvert-queue-arn \(mezzanine-ingest:mediaConvertQueueArn\) is a queue of account 999999999999, not of the deploying account 123456789012/,
        ],
        [
            "a job submitter that is not a role of the account",
            ["acme", "--sse-mode", "sse-s3", "--uploader", UPLOADER, "--processor-job-submitter", "arn:aws:iam::999999999999:role/submitter"],
            /--processor-job-submitter #1 \(mezzanine-ingest:processorJobSubmitters\[0\]\) is a role of account 999999999999, not of the deploying account 123456789012/,
        ],
        [
            "the deploying account itself as an uploader",
            ["acme", "--sse-mode", "sse-s3", "--uploader", "123456789012"],
            /--uploader #1 \(mezzanine-ingest:uploaderPrincipals\[0\]\) is the deploying account 123456789012 itself/,
        ],
        [
            "a cross-account IAM processor without --processor-external-id",
            ["acme", "--sse-mode", "sse-s3", "--uploader", UPLOADER, "--processor", "mediaconvert.amazonaws.com", "--processor", DRM],
            /--processor #2 \(mezzanine-ingest:processorPrincipals\[1\]\) is an IAM principal of account 345678901234, and a new customer's processor of another account must present an external id \(a vendor serving several customers could otherwise be steered into this customer's masters: the confused deputy\); agree one with the vendor and pass --processor-external-id \(got "arn:aws:iam::345678901234:role\/drm-packager"\)/,
        ],
        [
            "a customer key from another region",
            ["acme", "--sse-mode", "sse-kms", "--kms-key-arn", CUSTOMER_KEY, "--uploader", UPLOADER, "--region", "us-east-1"],
            /--kms-key-arn \(mezzanine-ingest:kmsKeyArn\) must be a key in the stack's region us-east-1/,
        ],
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

    it("writes an sse-c stack with the key's secret, IAM processors and their external id, and previews it", async () => {
        const { code, stdout, files } = await run([
            "acme",
            "--sse-mode",
            "sse-c",
            "--uploader",
            UPLOADER,
            "--processor",
            DRM,
            "--processor-external-id",
            "acme-drm-2026",
            "--sse-c-key-secret",
            SECRET,
            "--region",
            "eu-west-1",
        ]);
        assert.strictEqual(code, EXIT.admitted, stdout);
        assert.deepStrictEqual(files, ["Pulumi.acme.yaml"]);
        const read = readStackFile(path.join(projectDir, "Pulumi.acme.yaml"));
        assert.ok(read.ok);
        const check = checkStackConfig(read.file.config, () => false);
        assert.ok(check.ok, JSON.stringify(check));
        assert.strictEqual(check.config.sseCKeySecretArn, SECRET);
        assert.deepStrictEqual(check.config.processorPrincipals, [DRM]);
        assert.strictEqual(check.config.processorExternalId, "acme-drm-2026");
    });

    it("writes the access-log choices: a shared log bucket, or the created one's retention", async () => {
        const shared = await run([
            "acme",
            "--sse-mode",
            "sse-s3",
            "--uploader",
            UPLOADER,
            "--access-log-bucket",
            "media-logs",
            "--region",
            "eu-west-1",
            "--dry-run",
        ]);
        assert.strictEqual(shared.code, EXIT.admitted, shared.stderr);
        assert.match(shared.stdout, /\n {2}mezzanine-ingest:accessLogBucket: media-logs\n/);
        const kept = await run([
            "acme",
            "--sse-mode",
            "sse-s3",
            "--uploader",
            UPLOADER,
            "--access-log-retention-days",
            "2555",
            "--region",
            "eu-west-1",
            "--dry-run",
        ]);
        assert.strictEqual(kept.code, EXIT.admitted, kept.stderr);
        assert.match(kept.stdout, /\n {2}mezzanine-ingest:accessLogRetentionDays: 2555\n/);
    });

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

    it("exits 3 without an --administrator: every stack names who deploys and administers it", async () => {
        const { code, stderr, files } = await run(["acme", "--sse-mode", "sse-s3", "--uploader", UPLOADER], { administrator: false });
        assert.strictEqual(code, EXIT.usage);
        assert.match(stderr, /--administrator is required: the ARN of an IAM role or user that runs pulumi up for this stack; repeat it for more/);
        assert.deepStrictEqual(files, []);
    });
});
