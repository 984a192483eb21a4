import * as assert from "assert";
import * as path from "path";

import { EXIT, main } from "../../cli/preview";
import { failingInApply } from "../fixtures/programs/failingInApply";
import { withoutTlsEnforcement } from "../fixtures/programs/withoutTlsEnforcement";

const FIXTURES = path.join(__dirname, "..", "fixtures");

async function preview(argv: string[], program?: () => unknown) {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, program);
    return { code, stdout, stderr };
}

async function previewJson(argv: string[], program?: () => unknown) {
    const result = await preview([...argv, "--json"], program);
    return { ...result, report: JSON.parse(result.stdout) };
}

describe("npm run preview", function () {
    this.timeout(120000);

    it("admits the dev stack and reports what it creates, secrets redacted", async () => {
        const { code, report, stderr } = await previewJson([]);
        assert.strictEqual(code, EXIT.admitted, stderr);
        assert.deepStrictEqual(Object.keys(report), ["stack", "customer", "resources", "violations", "ok"]);
        assert.strictEqual(report.stack, "dev");
        assert.strictEqual(report.customer, "dev-studio");
        assert.strictEqual(report.ok, true);
        assert.deepStrictEqual(report.violations.filter((v: any) => v.enforcementLevel === "mandatory"), []);
        const types = report.resources.map((r: any) => r.type);
        for (const type of [
            "pulumi:pulumi:Stack",
            "mezzanine-ingest:index:CustomerIngest",
            "aws:s3/bucket:Bucket",
            "aws:s3/bucketPolicy:BucketPolicy",
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "aws:kms/key:Key",
            "aws:kms/alias:Alias",
        ]) {
            assert.ok(types.includes(type), `${type} is reported`);
        }
        const bucket = report.resources.find((r: any) => r.type === "aws:s3/bucket:Bucket");
        assert.deepStrictEqual(Object.keys(bucket), ["urn", "type", "name", "parent", "inputs"]);
        assert.strictEqual(bucket.inputs.bucket, "dev-studio-123456789012-eu-west-1");
        const component = report.resources.find((r: any) => r.type === "mezzanine-ingest:index:CustomerIngest");
        assert.strictEqual(bucket.parent, component.urn);
    });

    // With a key the stack creates, its ARN is unknown at preview: these are judged again, and pass, in the update phase.
    const UNVERIFIABLE_BEFORE_KEY_EXISTS = [
        "kms-key-disallow-public-principal",
        "s3-bucket-configure-blocked-encryption-types",
        "s3-bucket-enable-access-logging",
        "s3-bucket-enable-bucket-key",
        "s3-bucket-enforce-encryption",
        "s3-bucket-enforce-minimum-tls-version",
        "s3-bucket-enforce-tls",
    ];
    // Our stacks do not configure server access logging yet: every mode draws that advisory until they do.
    const NO_ACCESS_LOGGING = "s3-bucket-enable-access-logging";
    const perMode: Record<string, { algorithm: string; createsKey: boolean; advisories: string[] }> = {
        "sse-s3": { algorithm: "AES256", createsKey: false, advisories: [NO_ACCESS_LOGGING] },
        "sse-kms": {
            algorithm: "aws:kms",
            createsKey: true,
            advisories: UNVERIFIABLE_BEFORE_KEY_EXISTS,
        },
        "dsse-kms": {
            algorithm: "aws:kms:dsse",
            createsKey: true,
            advisories: UNVERIFIABLE_BEFORE_KEY_EXISTS,
        },
        // SSE-C is unblocked by design; the bucket carries no sse-c-intended tag (its inputs never depend on the mode).
        "sse-c": { algorithm: "AES256", createsKey: false, advisories: ["s3-bucket-configure-blocked-encryption-types", NO_ACCESS_LOGGING] },
        "dsse-kms-customer-key": { algorithm: "aws:kms:dsse", createsKey: false, advisories: [NO_ACCESS_LOGGING] },
    };
    for (const [stack, expected] of Object.entries(perMode)) {
        it(`admits the ${stack} stack, with its mode's encryption and only the expected advisories`, async () => {
            const file = path.join(FIXTURES, "stacks", `Pulumi.${stack}.yaml`);
            const { code, report, stderr } = await previewJson(["--config-file", file]);
            assert.strictEqual(code, EXIT.admitted, `${stderr}\n${JSON.stringify(report.violations, null, 2)}`);
            assert.strictEqual(report.stack, stack);
            assert.strictEqual(report.ok, true);
            assert.deepStrictEqual(report.violations.filter((v: any) => v.enforcementLevel !== "advisory"), []);
            assert.deepStrictEqual([...new Set(report.violations.map((v: any) => v.policy))].sort(), expected.advisories);
            const encryption = report.resources.find((r: any) => r.type === "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
            assert.strictEqual(encryption.inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, expected.algorithm);
            assert.strictEqual(report.resources.some((r: any) => r.type === "aws:kms/key:Key"), expected.createsKey);
        });
    }

    it("shows a secure config value as [secret], never the ciphertext or the offline stand-in", async () => {
        const file = path.join(FIXTURES, "stacks", "Pulumi.dsse-kms-customer-key.yaml");
        const { stdout } = await previewJson(["--config-file", file]);
        assert.ok(!stdout.includes("offline-preview-secret"), "the stand-in for a secure value is never shown");
        assert.ok(!stdout.includes("v1:Xx7h0A1N7bC0rP0d"), "the ciphertext is never shown");
        const report = JSON.parse(stdout);
        const uploader = report.resources.find((r: any) => r.name === "studio-own-key-uploader");
        assert.strictEqual(uploader.inputs.assumeRolePolicy, "[secret]");
    });

    it("exits 2 on an invalid stack config, naming every key and value on stderr, and runs nothing", async () => {
        const file = path.join(FIXTURES, "invalid", "Pulumi.broken.yaml");
        const { code, report, stderr } = await previewJson(["--config-file", file]);
        assert.strictEqual(code, EXIT.invalidConfig);
        assert.match(stderr, /mezzanine-ingest:customer must be a slug .* \(got "Broken_Customer"\)/);
        assert.match(stderr, /mezzanine-ingest:sseMode is not an option: S3 has encrypted every new object since January 2023/);
        assert.match(stderr, /mezzanine-ingest:uploaderPrincipals must list at least one principal that may assume the uploader role \(got \[\]\)/);
        assert.ok(!/\bat .*\.ts:\d+/.test(stderr), "no stack trace");
        assert.deepStrictEqual(report, { stack: "broken", customer: null, resources: [], violations: [], ok: false, problems: report.problems });
        assert.strictEqual(report.problems.length, 3);
    });

    it("exits 2 on a stack file that is not YAML, saying where", async () => {
        const { code, stderr } = await preview(["--config-file", path.join(FIXTURES, "invalid", "Pulumi.not-yaml.yaml")]);
        assert.strictEqual(code, EXIT.invalidConfig);
        assert.match(stderr, /Pulumi\.not-yaml\.yaml: not valid YAML: .* at line 5, column 1\n/);
    });

    it("exits 2 on a stack file whose keys lack the namespace", async () => {
        const { code, stderr } = await preview(["--config-file", path.join(FIXTURES, "invalid", "Pulumi.no-namespace.yaml")]);
        assert.strictEqual(code, EXIT.invalidConfig);
        assert.match(stderr, /Pulumi\.no-namespace\.yaml: config key customer has no namespace; write mezzanine-ingest:customer\n/);
    });

    it("exits 4, naming the failure, when the program itself fails", async () => {
        const file = path.join(FIXTURES, "stacks", "Pulumi.sse-s3.yaml");
        const { code, stderr, stdout } = await preview(["--config-file", file], failingInApply);
        assert.strictEqual(code, EXIT.failure);
        assert.match(stderr, /^error: the program failed for stack sse-s3: .*the bucket name service is down/);
        assert.strictEqual(stdout, "");
    });

    it("exits 1 and names the violation when a program change breaks a policy", async () => {
        const file = path.join(FIXTURES, "stacks", "Pulumi.sse-s3.yaml");
        const { code, report } = await previewJson(["--config-file", file], withoutTlsEnforcement);
        assert.strictEqual(code, EXIT.blocked);
        assert.strictEqual(report.ok, false);
        const tls = report.violations.filter((v: any) => v.policy === "s3-bucket-enforce-tls");
        assert.ok(tls.length > 0, JSON.stringify(report.violations, null, 2));
        assert.ok(tls.every((v: any) => v.enforcementLevel === "mandatory"));
        assert.ok(tls.some((v: any) => v.urn.endsWith("aws:s3/bucket:Bucket::studio-sse-s3-bucket")), JSON.stringify(tls));
    });

    it("takes policy levels from --policy-pack-config", async () => {
        const file = path.join(FIXTURES, "stacks", "Pulumi.sse-s3.yaml");
        const config = path.join(FIXTURES, "policy-config.tls-advisory.json");
        const { code, report } = await previewJson(["--config-file", file, "--policy-pack-config", config], withoutTlsEnforcement);
        assert.strictEqual(code, EXIT.admitted);
        assert.ok(report.violations.some((v: any) => v.policy === "s3-bucket-enforce-tls" && v.enforcementLevel === "advisory"));
    });

    it("previews every stack file with --all", async () => {
        const { code, report } = await previewJson(["--all", "--project-dir", path.join(FIXTURES, "stacks")]);
        assert.strictEqual(code, EXIT.admitted);
        assert.deepStrictEqual(
            report.stacks.map((s: any) => [s.stack, s.ok]),
            [["dsse-kms", true], ["dsse-kms-customer-key", true], ["sse-c", true], ["sse-kms", true], ["sse-s3", true]],
        );
    });

    it("prints a tree of resources, the violations and a one-line verdict", async () => {
        const { code, stdout } = await preview(["--config-file", path.join(FIXTURES, "stacks", "Pulumi.sse-s3.yaml")], withoutTlsEnforcement);
        assert.strictEqual(code, EXIT.blocked);
        assert.match(stdout, /^Stack sse-s3 \(customer studio-sse-s3\)\n\nResources \(\d+\):\n {2}pulumi:pulumi:Stack +mezzanine-ingest-sse-s3\n {2}└─ mezzanine-ingest:index:CustomerIngest +studio-sse-s3\n {5}├─ /);
        assert.match(stdout, /\n {2}mandatory +s3-bucket-enforce-tls +aws:s3\/bucket:Bucket::studio-sse-s3-bucket\n/);
        assert.match(stdout, /\nVerdict: blocked: [1-9]\d* mandatory violations?, \d+ advisor(y|ies)\n$/);
    });

    it("renders Markdown for a pull-request comment", async () => {
        const { code, stdout } = await preview(["--markdown"]);
        assert.strictEqual(code, EXIT.admitted);
        assert.match(stdout, /^### ✅ Stack `dev` \(customer `dev-studio`\)\n\n\*\*Verdict:\*\* admitted: 0 mandatory violations, \d+ advisor(y|ies)\n/);
        assert.match(stdout, /\n\| level \| policy \| resource \| message \|\n\|---\|---\|---\|---\|\n/);
    });

    for (const [argv, message] of [
        [["--stack", "nope"], /--stack nope: no .*Pulumi\.nope\.yaml \(stacks here: dev\)/],
        [["--stack", "dev", "--all"], /--stack, --config-file and --all exclude each other/],
        [["--json", "--markdown"], /--json and --markdown exclude each other/],
        [["--frobnicate"], /Unknown option '--frobnicate'/],
    ] as const) {
        it(`exits 3 on a usage error: ${argv.join(" ")}`, async () => {
            const { code, stderr, stdout } = await preview([...argv]);
            assert.strictEqual(code, EXIT.usage);
            assert.match(stderr, message);
            assert.match(stderr, /\nusage: npm run preview/);
            assert.strictEqual(stdout, "");
        });
    }
});
