import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";

import { EXIT, main } from "../../cli/preview";
import { ADMINISTRATOR } from "../support/customerStack";
import { fullKey, PREFLIGHT_EXAMPLES } from "../support/preflightExamples";

const UPLOADER = "arn:aws:iam::210987654321:role/acme-transfer";

function writeStack(dir: string, stack: string, config: Record<string, unknown>): void {
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify({ config }));
}

/** A complete customer stack file's config, with `set` applied (keys without a namespace are the project's). */
function stackConfig(customer: string, set: Record<string, unknown> = {}): Record<string, unknown> {
    const config: Record<string, unknown> = {
        "aws:region": "eu-west-1",
        "mezzanine-ingest:customer": customer,
        "mezzanine-ingest:uploaderPrincipals": [UPLOADER],
        "mezzanine-ingest:administratorPrincipals": [ADMINISTRATOR],
    };
    for (const [key, value] of Object.entries(set)) config[fullKey(key)] = value;
    return config;
}

async function preview(argv: string[]) {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
}

const DUPLICATE =
    'mezzanine-ingest:customer "acme" in aws:region eu-west-1 is the customer of 2 stack files, Pulumi.acme-copy.yaml and ' +
    "Pulumi.acme.yaml: their bucket (acme-<account id>-eu-west-1) and key alias (alias/mezzanine-ingest/acme) would collide in " +
    "the account; keep one stack file per customer and region (remove the copy, or give " +
    "it another mezzanine-ingest:customer), or, if they deploy to different accounts, pin each one's account with aws:allowedAccountIds";

describe("npm run preview: preflight", function () {
    this.timeout(180000);
    let projectDir: string;
    before(() => {
        projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-preflight-"));
        PREFLIGHT_EXAMPLES.forEach((example, i) => writeStack(projectDir, `refused-${i + 1}`, stackConfig(`refused-${i + 1}`, example.set)));
        writeStack(projectDir, "acme", stackConfig("acme"));
        writeStack(projectDir, "acme-copy", stackConfig("acme", { sseMode: "sse-kms" }));
        writeStack(projectDir, "acme-us", stackConfig("acme", { "aws:region": "us-east-1" }));
        writeStack(projectDir, "globex", stackConfig("globex"));
    });
    after(() => fs.rmSync(projectDir, { recursive: true, force: true }));

    it("exits 2 with --all, refusing each config AWS would refuse and both stack files of one customer and region, and previews the others", async () => {
        const { code, stdout, stderr } = await preview(["--all", "--json", "--project-dir", projectDir]);
        assert.strictEqual(code, EXIT.invalidConfig, stderr);
        const stacks = JSON.parse(stdout).stacks as any[];
        const refused = (stack: string, problem: string) => ({ stack, customer: null, resources: [], violations: [], ok: false, problems: [problem] });
        const byName = Object.fromEntries(stacks.map((s) => [s.stack, s]));
        assert.deepStrictEqual(byName["acme"], refused("acme", DUPLICATE));
        assert.deepStrictEqual(byName["acme-copy"], refused("acme-copy", DUPLICATE));
        PREFLIGHT_EXAMPLES.forEach((example, i) => {
            assert.deepStrictEqual(byName[`refused-${i + 1}`], refused(`refused-${i + 1}`, example.problem), example.what);
        });
        for (const admitted of ["acme-us", "globex"]) {
            assert.strictEqual(byName[admitted].ok, true, admitted);
            assert.ok(
                byName[admitted].resources.some((r: any) => r.type === "aws:s3/bucket:Bucket"),
                `${admitted} was previewed`,
            );
        }
        assert.strictEqual(stacks.length, PREFLIGHT_EXAMPLES.length + 4);
        assert.ok(stderr.includes(`Stack acme: invalid stack config:\n  - ${DUPLICATE}\n`), stderr);
        for (const [i, example] of PREFLIGHT_EXAMPLES.entries()) {
            assert.ok(stderr.includes(`Stack refused-${i + 1}: invalid stack config:\n  - ${example.problem}\n`), example.what);
        }
    });

    it("exits 2 for one stack file of a customer and region that another stack file beside it also deploys", async () => {
        const { code, stdout, stderr } = await preview(["--stack", "acme-copy", "--project-dir", projectDir]);
        assert.strictEqual(code, EXIT.invalidConfig);
        assert.strictEqual(stderr, `Stack acme-copy: invalid stack config:\n  - ${DUPLICATE}\n`);
        assert.match(stdout, /^Stack acme-copy\n/);
    });
});
