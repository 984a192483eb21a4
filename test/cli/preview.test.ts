import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { EXIT, main } from "../../cli/preview";
import { shortUrn } from "../../offline/report";
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

/** The violations of a text report as [level, policy, resource], under their two headings. */
function textGroups(stdout: string) {
    const entries = (section: string) => [...section.matchAll(/^ {2}(\w+) +(\S+) {2}(\S+)$/gm)].map((m) => [m[1], m[2], m[3]]);
    const standing = /\nPolicy violations \((\d+)\):\n([^]*?)\n\n(?:Checked|Verdict)/.exec(stdout);
    const passed =
        /\nChecked at update: passed \((\d+)\)\. Reported at preview only; at update, with real values, the policy reported nothing on that resource\.\n([^]*?)\n\nVerdict/.exec(
            stdout,
        );
    assert.ok(standing, stdout);
    return {
        standing: { count: Number(standing[1]), entries: entries(standing[2]) },
        passedAtUpdate: passed ? { count: Number(passed[1]), entries: entries(passed[2]) } : undefined,
    };
}

const entryOf = (v: any) => [v.enforcementLevel, v.policy, shortUrn(v.urn)];

describe("npm run preview", function () {
    this.timeout(120000);

    it("admits the dev stack and reports what it creates, secrets redacted", async () => {
        const { code, report, stderr } = await previewJson([]);
        assert.strictEqual(code, EXIT.admitted, stderr);
        assert.deepStrictEqual(Object.keys(report), ["stack", "customer", "resources", "violations", "ok"]);
        assert.strictEqual(report.stack, "dev");
        assert.strictEqual(report.customer, "dev-studio");
        assert.strictEqual(report.ok, true);
        assert.deepStrictEqual(
            report.violations.filter((v: any) => v.enforcementLevel === "mandatory"),
            [],
        );
        for (const v of report.violations) assert.deepStrictEqual(Object.keys(v), ["policy", "enforcementLevel", "urn", "message", "phases"]);
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
        "s3-bucket-enable-bucket-key",
        "s3-bucket-enforce-encryption",
        "s3-bucket-enforce-minimum-tls-version",
        "s3-bucket-enforce-tls",
    ];
    const perMode: Record<string, { algorithm: string; createsKey: boolean; advisories: string[] }> = {
        "sse-s3": { algorithm: "AES256", createsKey: false, advisories: [] },
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
        "sse-c": { algorithm: "AES256", createsKey: false, advisories: ["s3-bucket-configure-blocked-encryption-types"] },
        "dsse-kms-customer-key": { algorithm: "aws:kms:dsse", createsKey: false, advisories: [] },
    };
    for (const [stack, expected] of Object.entries(perMode)) {
        it(`admits the ${stack} stack, with its mode's encryption and only the expected advisories`, async () => {
            const file = path.join(FIXTURES, "stacks", `Pulumi.${stack}.yaml`);
            const { code, report, stderr } = await previewJson(["--config-file", file]);
            assert.strictEqual(code, EXIT.admitted, `${stderr}\n${JSON.stringify(report.violations, null, 2)}`);
            assert.strictEqual(report.stack, stack);
            assert.strictEqual(report.ok, true);
            assert.deepStrictEqual(
                report.violations.filter((v: any) => v.enforcementLevel !== "advisory"),
                [],
            );
            assert.deepStrictEqual([...new Set(report.violations.map((v: any) => v.policy))].sort(), expected.advisories);
            assert.deepStrictEqual(
                report.violations.map((v: any) => [v.policy, v.phases]),
                report.violations.map((v: any) => [v.policy, expected.createsKey ? ["preview"] : ["preview", "update"]]),
                "a created key's unknown ARN is known at update; the sse-c advisory holds in both phases",
            );
            // The ingest bucket's encryption (the access-log bucket's is always SSE-S3).
            const encryption = report.resources.find((r: any) => r.name === `${report.customer}-encryption`);
            assert.strictEqual(encryption.inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, expected.algorithm);
            assert.strictEqual(
                report.resources.some((r: any) => r.type === "aws:kms/key:Key"),
                expected.createsKey,
            );
        });
    }

    it("says who it takes the deployer to be, since offline there is no caller", async () => {
        const { code, stderr } = await preview(["--json"]);
        assert.strictEqual(code, EXIT.admitted, stderr);
        assert.ok(
            stderr.includes(
                "note: " +
                    path.join(path.resolve(__dirname, "..", ".."), "Pulumi.dev.yaml") +
                    ": offline there is no caller, so the deployer is taken to be " +
                    "arn:aws:sts::123456789012:assumed-role/platform-deployer/offline-preview, the first of administratorPrincipals, every " +
                    "listed administrator to exist as listed, and the stack to be new; `pulumi up` checks the real caller (its full ARN), " +
                    "every administrator in IAM and the deployed bucket policy, and refuses what does not match.\n",
            ),
            stderr,
        );
    });

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
        assert.match(
            stderr,
            /mezzanine-ingest:administratorPrincipals is required and must be a list of at least one principal; each must be an IAM role or user ARN/,
        );
        assert.ok(!/\bat .*\.ts:\d+/.test(stderr), "no stack trace");
        assert.deepStrictEqual(report, { stack: "broken", customer: null, resources: [], violations: [], ok: false, problems: report.problems });
        assert.strictEqual(report.problems.length, 4);
    });

    describe("a stack file that imports Pulumi ESC environments", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-esc-"));
        after(() => fs.rmSync(dir, { recursive: true, force: true }));
        // Pulumi.dev.yaml importing an environment, without the keys `drop` names.
        const withEnvironment = (name: string, drop: RegExp) => {
            const file = path.join(dir, `Pulumi.${name}.yaml`);
            const dev = fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.dev.yaml"), "utf8");
            fs.writeFileSync(file, `environment:\n  - acme/ingest\n${dev.replace(drop, "")}`);
            return file;
        };
        const noteOf = (stderr: string, file: string) => {
            const note = stderr.split("\n").find((line) => line.startsWith(`note: ${file}: imports the Pulumi ESC environment acme/ingest, `));
            assert.ok(note, stderr);
            return note;
        };

        it("notes that its values are not resolved offline, and the keys that leaves unset: here defaults and the region", async () => {
            const file = withEnvironment("esc", /^ {2}(aws:region|mezzanine-ingest:sseMode): .*\n/gm);
            const { code, stderr } = await preview(["--config-file", file]);
            assert.strictEqual(code, EXIT.admitted, stderr);
            const note = noteOf(stderr, file);
            assert.match(
                note,
                /this preview does not resolve \(offline there is no Pulumi Cloud\): every key the file does not set itself is previewed as unset, which here leaves unset /,
            );
            const [, defaulted] =
                /leaves unset (\S.*) \(previewed with their defaults, where they have one\); and aws:region \(previewed in us-east-1\)\./.exec(note) ?? [];
            assert.ok(defaulted, note);
            assert.ok(defaulted.split(", ").includes("mezzanine-ingest:sseMode"), defaulted);
            for (const set of ["customer", "uploaderPrincipals", "administratorPrincipals", "minimumTlsVersion"]) {
                assert.ok(!defaulted.split(", ").includes(`mezzanine-ingest:${set}`), `${set} is set in the file: ${defaulted}`);
            }
            assert.ok(!note.includes("required"), note);
        });

        it("names the required keys it leaves unset, which the stack config check then refuses (exit 2)", async () => {
            const file = withEnvironment("esc-required", /^ {2}mezzanine-ingest:customer: .*\n/m);
            const { code, stderr } = await preview(["--config-file", file]);
            assert.strictEqual(code, EXIT.invalidConfig, stderr);
            assert.match(
                noteOf(stderr, file),
                /which here leaves unset mezzanine-ingest:customer \(required: refused below, though the environment may set them\); and /,
            );
            assert.match(stderr, /mezzanine-ingest:customer/);
        });

        it("says nothing of ESC for a stack file without environment:", async () => {
            const { stderr } = await preview([]);
            assert.ok(!stderr.includes("ESC"), stderr);
        });
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
        // After the note on who the offline deployer is, the error alone.
        assert.match(stderr, /\nerror: the program failed for stack sse-s3: .*the bucket name service is down\n$/);
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
        assert.ok(
            tls.some((v: any) => v.urn.endsWith("aws:s3/bucket:Bucket::studio-sse-s3-bucket")),
            JSON.stringify(tls),
        );
    });

    it("takes policy levels from --policy-pack-config", async () => {
        const file = path.join(FIXTURES, "stacks", "Pulumi.sse-s3.yaml");
        const config = path.join(FIXTURES, "policy-config.tls-advisory.json");
        const { code, report } = await previewJson(["--config-file", file, "--policy-pack-config", config], withoutTlsEnforcement);
        assert.strictEqual(code, EXIT.admitted);
        assert.ok(report.violations.some((v: any) => v.policy === "s3-bucket-enforce-tls" && v.enforcementLevel === "advisory"));
    });

    it("previews every stack file with --all", async () => {
        const { code, report, stderr } = await previewJson(["--all", "--project-dir", path.join(FIXTURES, "stacks")]);
        assert.strictEqual(code, EXIT.admitted);
        assert.deepStrictEqual(
            report.stacks.map((s: any) => [s.stack, s.ok]),
            [
                ["dsse-kms", true],
                ["dsse-kms-customer-key", true],
                ["sse-c", true],
                ["sse-kms", true],
                ["sse-s3", true],
            ],
        );
        // One note on the offline deployer for the whole run, not one a stack.
        assert.strictEqual(stderr.split("offline there is no caller").length - 1, 1, stderr);
        assert.match(
            stderr,
            /note: offline there is no caller, so each stack's deployer is taken to be the first of its administratorPrincipals, every listed administrator to exist as listed, and each stack to be new;/,
        );
    });

    it("prints a tree of resources, the violations and a one-line verdict", async () => {
        const { code, stdout } = await preview(["--config-file", path.join(FIXTURES, "stacks", "Pulumi.sse-s3.yaml")], withoutTlsEnforcement);
        assert.strictEqual(code, EXIT.blocked);
        assert.match(
            stdout,
            /^Stack sse-s3 \(customer studio-sse-s3\)\n\nResources \(\d+\):\n {2}pulumi:pulumi:Stack +mezzanine-ingest-sse-s3\n {2}└─ mezzanine-ingest:index:CustomerIngest +studio-sse-s3\n {5}├─ /,
        );
        assert.match(stdout, /\n {2}mandatory +s3-bucket-enforce-tls +aws:s3\/bucket:Bucket::studio-sse-s3-bucket\n/);
        assert.match(stdout, /\nVerdict: blocked: [1-9]\d* mandatory violations?, \d+ advisor(y|ies)\n$/);
    });

    it("groups the dev stack's could-not-verify advisories as checked at update: passed", async () => {
        const { report } = await previewJson([]);
        assert.deepStrictEqual([...new Set(report.violations.map((v: any) => v.policy))].sort(), UNVERIFIABLE_BEFORE_KEY_EXISTS);
        assert.deepStrictEqual(
            report.violations.map((v: any) => v.phases),
            report.violations.map(() => ["preview"]),
        );
        const { code, stdout } = await preview([]);
        assert.strictEqual(code, EXIT.admitted);
        assert.deepStrictEqual(textGroups(stdout), {
            standing: { count: 0, entries: [] },
            passedAtUpdate: { count: report.violations.length, entries: report.violations.map(entryOf) },
        });
        assert.match(stdout, /\nPolicy violations \(0\):\n {2}none\n\nChecked at update: passed \(6\)\. /);
        assert.match(stdout, /\nVerdict: admitted: 0 mandatory violations, 0 advisories, 6 checked at update: passed\n$/);
    });

    it("keeps a preview advisory standing when the update reports a violation of its policy on the same resource", async () => {
        const file = path.join(FIXTURES, "stacks", "Pulumi.sse-kms.yaml");
        const { code, report } = await previewJson(["--config-file", file], withoutTlsEnforcement);
        assert.strictEqual(code, EXIT.blocked);
        const bucket = "aws:s3/bucket:Bucket::studio-sse-kms-bucket";
        assert.deepStrictEqual(
            report.violations.filter((v: any) => v.policy === "s3-bucket-enforce-tls").map((v: any) => [...entryOf(v), v.phases]),
            [
                ["mandatory", "s3-bucket-enforce-tls", bucket, ["update"]],
                ["advisory", "s3-bucket-enforce-tls", bucket, ["preview"]],
            ],
        );
        const { stdout } = await preview(["--config-file", file], withoutTlsEnforcement);
        const tls = (v: any) => v.policy === "s3-bucket-enforce-tls";
        assert.deepStrictEqual(textGroups(stdout), {
            standing: { count: 2, entries: report.violations.filter(tls).map(entryOf) },
            passedAtUpdate: { count: 5, entries: report.violations.filter((v: any) => !tls(v)).map(entryOf) },
        });
        assert.match(stdout, /\nVerdict: blocked: 1 mandatory violation, 1 advisory, 5 checked at update: passed\n$/);
    });

    it("keeps standing an advisory reported in both phases, and says nothing of the update", async () => {
        const { stdout } = await preview(["--config-file", path.join(FIXTURES, "stacks", "Pulumi.sse-c.yaml")]);
        assert.deepStrictEqual(textGroups(stdout), {
            standing: { count: 1, entries: [["advisory", "s3-bucket-configure-blocked-encryption-types", "aws:s3/bucket:Bucket::studio-sse-c-bucket"]] },
            passedAtUpdate: undefined,
        });
        assert.match(stdout, /\nVerdict: admitted: 0 mandatory violations, 1 advisory\n$/);
    });

    it("notes, without refusing, that MediaConvert jobs have nowhere to write when a stack lists no processorOutputLocations", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-notes-"));
        try {
            const file = path.join(dir, "Pulumi.acme.yaml");
            const dev = fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.dev.yaml"), "utf8");
            // The dev stack without its output locations.
            fs.writeFileSync(file, dev.replace(/ {2}mezzanine-ingest:processorOutputLocations:\n( {4}- .*\n)+/, ""));
            const { code, stderr } = await preview(["--config-file", file, "--json"]);
            assert.strictEqual(code, EXIT.admitted, stderr);
            assert.ok(
                stderr.includes(
                    `note: ${file}: mezzanine-ingest:processorOutputLocations is empty while mezzanine-ingest:processorPrincipals lists ` +
                        "mediaconvert.amazonaws.com: its jobs will have nowhere to write their outputs",
                ),
                stderr,
            );
            const dev2 = await preview(["--json"]);
            assert.ok(!dev2.stderr.includes("nowhere to write"), dev2.stderr);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("renders Markdown for a pull-request comment, the advisories checked at update folded in a table of their own", async () => {
        const { report } = await previewJson([]);
        const { code, stdout } = await preview(["--markdown"]);
        assert.strictEqual(code, EXIT.admitted);
        const header = "| level | policy | resource | message |\n|---|---|---|---|\n";
        const rows = report.violations
            .map((v: any) => `| advisory | \`${v.policy}\` | \`${shortUrn(v.urn)}\` | ${v.message.replace(/\n/g, "<br>")} |\n`)
            .join("");
        assert.ok(
            stdout.startsWith(
                "### ✅ Stack `dev` (customer `dev-studio`)\n\n**Verdict:** admitted: 0 mandatory violations, 0 advisories, 6 checked at update: passed\n\n" +
                    `${header}| | | | no violations |\n\n` +
                    "<details><summary>6 advisories checked at update: passed</summary>\n\n" +
                    "Reported at preview only; at update, with real values, the policy reported nothing on that resource.\n\n" +
                    `${header}${rows}\n</details>\n\n<details><summary>24 resources</summary>\n`,
            ),
            stdout,
        );
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
