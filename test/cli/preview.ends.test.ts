import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { EXIT } from "../../cli/command";
import { CommandRun, PROJECT_DIR, runCommand } from "../support/commandRun";

// The preview as `npm run preview` runs it (node bin/cli/preview.js: `npm test` builds it first), in a process of its
// own: on every error path it stops the policy pack it started and exits with its code. Nothing is killed here: a
// preview that hung would fail by mocha's timeout, and a pack left running is found by its inherited environment.
describe("npm run preview always ends, leaving no process behind", function () {
    this.timeout(120000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-ends-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const previewWith = async (policyConfig: unknown, args: string[] = []) => {
        const file = path.join(dir, `policy-config-${Math.random().toString(36).slice(2)}.json`);
        fs.writeFileSync(file, JSON.stringify(policyConfig));
        return { file, run: await runCommand(process.execPath, ["bin/cli/preview.js", "--policy-pack-config", file, ...args]) };
    };

    // The errors, after the notes the preview prints first.
    const errors = (run: CommandRun) => run.stderr.split("\n").filter((line) => line.startsWith("error: "));

    it("exits 3 on an unknown enforcement level, naming the policy, the value and the levels", async () => {
        const { file, run } = await previewWith({ "s3-bucket-enforce-tls": "mandatroy" });
        assert.strictEqual(run.code, EXIT.usage, run.stderr);
        assert.deepStrictEqual(errors(run), [
            `error: --policy-pack-config ${file}: s3-bucket-enforce-tls: the enforcement level must be one of advisory, mandatory, remediate, disabled (did you mean mandatory?) (got "mandatroy")`,
        ]);
        assert.strictEqual(run.stdout, "");
        assert.deepStrictEqual(run.leftAlive, []);
    });

    it("exits 3 on a policy the pack does not have", async () => {
        const { file, run } = await previewWith({ "s3-bucket-enforce-tsl": { enforcementLevel: "advisory" } });
        assert.strictEqual(run.code, EXIT.usage, run.stderr);
        assert.strictEqual(errors(run).length, 1, run.stderr);
        assert.ok(
            errors(run)[0].startsWith(
                `error: --policy-pack-config ${file}: s3-bucket-enforce-tsl is not a policy of mezzanine-ingest-policies: did you mean s3-bucket-enforce-tls?`,
            ),
        );
        assert.deepStrictEqual(run.leftAlive, []);
    });

    it("exits 3 on a value outside the policy's config schema", async () => {
        const { file, run } = await previewWith({ "kms-key-configure-deletion-window": { minimumDays: 3 } });
        assert.strictEqual(run.code, EXIT.usage, run.stderr);
        assert.deepStrictEqual(errors(run), [
            `error: --policy-pack-config ${file}: kms-key-configure-deletion-window: minimumDays must be an integer from 7 to 30 (got 3)`,
        ]);
        assert.deepStrictEqual(run.leftAlive, []);
    });

    it("exits 3 on a bad policy config with --all, before previewing every stack", async () => {
        const { run } = await previewWith({ all: "mandatroy" }, ["--all", "--json"]);
        assert.strictEqual(run.code, EXIT.usage, run.stderr);
        assert.strictEqual(run.stdout, "");
        assert.deepStrictEqual(run.leftAlive, []);
    });

    it("exits 2 on an invalid stack config, once the pack it started is stopped", async () => {
        const stackFile = path.join(dir, "Pulumi.typo.yaml");
        fs.writeFileSync(stackFile, fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.dev.yaml"), "utf8").replace("aws:region:", "aws:regoin:"));
        const run = await runCommand(process.execPath, ["bin/cli/preview.js", "--config-file", stackFile]);
        assert.strictEqual(run.code, EXIT.invalidConfig, run.stderr);
        assert.deepStrictEqual(run.leftAlive, []);
    });

    it("exits 0 with a valid policy config, and stops the pack", async () => {
        const { run } = await previewWith({ "kms-key-configure-deletion-window": { minimumDays: 10 } }, ["--json"]);
        assert.strictEqual(run.code, EXIT.admitted, run.stderr);
        assert.strictEqual(JSON.parse(run.stdout).ok, true);
        assert.deepStrictEqual(run.leftAlive, []);
    });
});

describe("npm run preview refuses a program build older than its sources", function () {
    this.timeout(120000);
    const main = path.join(PROJECT_DIR, "bin", "program.js");
    let built: fs.Stats;
    before(() => {
        built = fs.statSync(main);
        // As after editing a source without `npm run build`: the build predates every source.
        fs.utimesSync(main, new Date(0), new Date(0));
    });
    after(() => fs.utimesSync(main, built.atime, built.mtime));

    for (const [command, args] of [
        ["preview", ["bin/cli/preview.js"]],
        [
            "onboard",
            [
                "bin/cli/onboard.js",
                "acme",
                "--sse-mode",
                "sse-s3",
                "--administrator",
                "arn:aws:iam::123456789012:role/platform-deployer",
                "--uploader",
                "arn:aws:iam::210987654321:role/acme-transfer",
                "--dry-run",
            ],
        ],
    ] as const) {
        it(`exits 4 from npm run ${command}, naming the command that rebuilds, and starts nothing`, async () => {
            const run = await runCommand(process.execPath, args);
            assert.strictEqual(run.code, EXIT.failure, run.stderr);
            assert.match(
                run.stderr,
                /^error: the program's build is stale: .*bin is older than \S+\.ts: run `npm run build` \(npm ci and npm test do it too\)\n$/,
            );
            assert.strictEqual(run.stdout, "");
            assert.deepStrictEqual(run.leftAlive, []);
        });
    }
});
