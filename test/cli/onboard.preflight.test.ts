import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { main as onboard } from "../../cli/onboard";
import { EXIT } from "../../cli/preview";
import { ADMINISTRATOR } from "../support/customerStack";
import { PREFLIGHT_EXAMPLES } from "../support/preflightExamples";

const UPLOADER = "arn:aws:iam::210987654321:role/acme-transfer";

describe("npm run onboard: preflight", function () {
    this.timeout(120000);
    let projectDir: string;
    beforeEach(() => {
        projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "onboard-preflight-"));
    });
    afterEach(() => fs.rmSync(projectDir, { recursive: true, force: true }));

    async function run(argv: string[]) {
        let stdout = "";
        let stderr = "";
        const code = await onboard([...argv, "--project-dir", projectDir], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
        return { code, stdout, stderr, files: fs.readdirSync(projectDir).sort() };
    }

    // The happy-path request, with the example's flags in place of the ones it gives.
    function request(flags: string[]): string[] {
        return [
            "acme",
            "--sse-mode",
            "sse-s3",
            "--administrator",
            ADMINISTRATOR,
            ...(flags.includes("--uploader") ? [] : ["--uploader", UPLOADER]),
            ...(flags.includes("--region") ? [] : ["--region", "eu-west-1"]),
            ...flags,
        ];
    }

    for (const example of PREFLIGHT_EXAMPLES) {
        it(`refuses ${example.what}, naming the flag, and writes nothing`, async () => {
            const { code, stderr, stdout, files } = await run(request(example.flags));
            const [key, ...rest] = example.problem.split(" ");
            assert.strictEqual(stderr, `refused: nothing was written.\n  - ${example.flag} (${key}) ${rest.join(" ")}\n`);
            assert.strictEqual(code, EXIT.invalidConfig);
            assert.strictEqual(stdout, "");
            assert.deepStrictEqual(files, []);
        });
    }

    it("writes the raised quota with --role-trust-policy-quota, and then admits 59 account-id uploaders", async () => {
        const uploaders = PREFLIGHT_EXAMPLES[0].flags;
        const { code, stdout, stderr } = await run(request([...uploaders, "--role-trust-policy-quota", "4096", "--dry-run"]));
        assert.strictEqual(code, EXIT.admitted, stderr);
        assert.match(stdout, /\n {2}mezzanine-ingest:roleTrustPolicyQuota: 4096\n/);
    });

    describe("a customer slug another stack file deploys", () => {
        const existing = 'config:\n  aws:region: eu-west-1\n  mezzanine-ingest:customer: acme\n  mezzanine-ingest:uploaderPrincipals:\n    - "210987654321"\n';

        it("refuses it in the same region, naming that file, and writes nothing", async () => {
            fs.writeFileSync(path.join(projectDir, "Pulumi.acme-prod.yaml"), existing);
            const { code, stderr, files } = await run(request([]));
            assert.strictEqual(
                stderr,
                "refused: nothing was written.\n" +
                    '  - <customer> (mezzanine-ingest:customer) "acme" in aws:region eu-west-1 is already the customer of Pulumi.acme-prod.yaml: ' +
                    // The existing stack's bucket is in the global namespace, the new one's would not be: only the alias collides.
                    "another stack would deploy the same key alias (alias/mezzanine-ingest/acme) " +
                    "into the account; change that stack file instead, or choose another customer slug\n",
            );
            assert.strictEqual(code, EXIT.invalidConfig);
            assert.deepStrictEqual(files, ["Pulumi.acme-prod.yaml"]);
            assert.strictEqual(fs.readFileSync(path.join(projectDir, "Pulumi.acme-prod.yaml"), "utf8"), existing);
        });

        it("reports it with the request's other problems, all at once", async () => {
            fs.writeFileSync(path.join(projectDir, "Pulumi.acme-prod.yaml"), existing);
            const madia = PREFLIGHT_EXAMPLES.find((e) => e.flags.includes("madiaconvert.amazonaws.com"))!;
            const { code, stderr, files } = await run(request(madia.flags));
            const lines = stderr.split("\n");
            assert.strictEqual(code, EXIT.invalidConfig);
            assert.deepStrictEqual([lines[0], lines.length], ["refused: nothing was written.", 4]);
            assert.ok(lines[1].startsWith("  - --processor #1 (mezzanine-ingest:processorPrincipals[0]) is not an AWS service principal: "), lines[1]);
            assert.ok(
                lines[2].startsWith(
                    '  - <customer> (mezzanine-ingest:customer) "acme" in aws:region eu-west-1 is already the customer of Pulumi.acme-prod.yaml: ',
                ),
                lines[2],
            );
            assert.deepStrictEqual(files, ["Pulumi.acme-prod.yaml"]);
        });

        it("accepts it in another region", async () => {
            fs.writeFileSync(path.join(projectDir, "Pulumi.acme-prod.yaml"), existing);
            const { code, stderr, files } = await run([
                "acme",
                "--sse-mode",
                "sse-s3",
                "--administrator",
                ADMINISTRATOR,
                "--uploader",
                UPLOADER,
                "--region",
                "us-east-1",
            ]);
            assert.strictEqual(code, EXIT.admitted, stderr);
            assert.deepStrictEqual(files, ["Pulumi.acme-prod.yaml", "Pulumi.acme.yaml"]);
        });
    });
});
