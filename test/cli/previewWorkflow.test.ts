import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

import { CODE_PATHS } from "../../cli/prPreview";

const WORKFLOW = ".github/workflows/preview.yml";
const ROOT = path.join(__dirname, "..", "..");

describe(WORKFLOW, () => {
    const workflow = parse(fs.readFileSync(path.join(ROOT, WORKFLOW), "utf8"));
    const steps: Array<{ uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> }> = workflow.jobs.preview.steps;

    it("runs on pull requests, may write their comments and reads nothing else", () => {
        assert.deepStrictEqual(Object.keys(workflow.on), ["pull_request"]);
        assert.deepStrictEqual(workflow.permissions, { contents: "read", "pull-requests": "write" });
    });

    it("checks out the whole history, sets up with README's command, and only calls npm run pr-preview", () => {
        assert.strictEqual(steps[0].uses, "actions/checkout@v4");
        assert.strictEqual(steps[0].with?.["fetch-depth"], 0);
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const setUp = /<!-- commands:start -->\n```sh\n(\S+ \S+) &&/.exec(readme)?.[1];
        assert.strictEqual(setUp, "npm ci");
        const runs = steps.filter((s) => s.run !== undefined).map((s) => s.run!.trim());
        assert.deepStrictEqual(runs, [setUp, 'npm run pr-preview -- --base "$BASE_SHA" --post']);
        const preview = steps.find((s) => s.run?.includes("pr-preview"))!;
        assert.deepStrictEqual(preview.env, { BASE_SHA: "${{ github.event.pull_request.base.sha }}", GITHUB_TOKEN: "${{ secrets.GITHUB_TOKEN }}" });
    });

    it("counts itself as the project's code, so that a change to it previews every stack", () => {
        assert.ok(CODE_PATHS.includes(WORKFLOW));
        for (const entry of CODE_PATHS) assert.ok(fs.existsSync(path.join(ROOT, entry)), `${entry} is in CODE_PATHS but not in the project`);
    });
});
