import * as assert from "assert";
import { parse } from "yaml";

import { EXIT, Io } from "../../cli/command";
import { main as onboard } from "../../cli/onboard";
import { main as preview } from "../../cli/preview";
import { runCommand } from "../support/commandRun";

// The commands README and docs/ show for scripts, run exactly as written, with the real npm (its config from the
// project's .npmrc): stdout carries the document and nothing else, byte for byte what the command itself prints.
async function inProcess(main: (argv: string[], io: Io) => Promise<number>, argv: string[]) {
    let stdout = "";
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: () => undefined });
    return { code, stdout };
}

const ONBOARD = [
    "acme",
    "--sse-mode",
    "sse-kms",
    "--administrator",
    "arn:aws:iam::123456789012:role/platform-deployer",
    "--uploader",
    "arn:aws:iam::210987654321:role/acme-transfer",
    "--external-id",
    "acme-ingest-2026",
    "--region",
    "eu-west-1",
    "--dry-run",
];

describe("the documented pipes carry only their document on stdout", function () {
    this.timeout(180000);

    it("npm run preview -- --json | jq: one JSON document", async () => {
        const run = await runCommand("npm", ["run", "preview", "--", "--json"]);
        assert.strictEqual(run.code, EXIT.admitted, run.stderr);
        const report = JSON.parse(run.stdout);
        assert.strictEqual(report.stack, "dev");
        assert.strictEqual(run.stdout, (await inProcess(preview, ["--json"])).stdout);
        assert.match(run.stderr, /^note: /, "the notes go to stderr");
    });

    it("npm run preview -- --stack dev --markdown > comment.md: the Markdown alone, from its heading", async () => {
        const run = await runCommand("npm", ["run", "preview", "--", "--stack", "dev", "--markdown"]);
        assert.strictEqual(run.code, EXIT.admitted, run.stderr);
        assert.match(run.stdout, /^### ✅ Stack `dev`/);
        assert.strictEqual(run.stdout, (await inProcess(preview, ["--stack", "dev", "--markdown"])).stdout);
    });

    it("npm run onboard -- ... --dry-run > Pulumi.acme.yaml: the stack file alone", async () => {
        const run = await runCommand("npm", ["run", "onboard", "--", ...ONBOARD]);
        assert.strictEqual(run.code, EXIT.admitted, run.stderr);
        assert.strictEqual(parse(run.stdout).config["mezzanine-ingest:customer"], "acme");
        assert.strictEqual(run.stdout, (await inProcess(onboard, ONBOARD)).stdout);
    });

    it("still puts the command's errors on stderr, with its exit code", async () => {
        const run = await runCommand("npm", ["run", "preview", "--", "--stack", "nope"]);
        assert.strictEqual(run.code, EXIT.usage);
        assert.strictEqual(run.stdout, "");
        assert.match(run.stderr, /^error: --stack nope: no .*Pulumi\.nope\.yaml/);
    });
});
