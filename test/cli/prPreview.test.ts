import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { EXIT } from "../../cli/command";
import { COMMENT_MARKER, CODE_PATHS, main, postComment, selectStacks } from "../../cli/prPreview";
import type { StackReport } from "../../offline/preview";
import { GITHUB_COMMENT_LIMIT, needsAttention, renderMarkdown, renderMarkdownComment } from "../../offline/report";
import { withoutTlsEnforcement } from "../fixtures/programs/withoutTlsEnforcement";

const NOW = ["Pulumi.acme.yaml", "Pulumi.dev.yaml", "Pulumi.globex.yaml"];

describe("npm run pr-preview: which stacks a pull request previews", () => {
    const cases: Array<[string, string[], ReturnType<typeof selectStacks>]> = [
        ["a changed stack file alone", ["Pulumi.acme.yaml"], { kind: "changed", stacks: ["acme"], removed: [] }],
        [
            "changed stack files beside docs, tests and benchmarks",
            ["docs/onboarding.md", "Pulumi.globex.yaml", "test/program.test.ts", "bench/preview.ts", "Pulumi.acme.yaml", "README.md"],
            { kind: "changed", stacks: ["acme", "globex"], removed: [] },
        ],
        [
            "a component",
            ["components/bucketPolicy.ts", "Pulumi.acme.yaml"],
            { kind: "all", stacks: ["acme", "dev", "globex"], because: ["components/bucketPolicy.ts"], removed: [] },
        ],
        ["the project file Pulumi.yaml", ["Pulumi.yaml"], { kind: "all", stacks: ["acme", "dev", "globex"], because: ["Pulumi.yaml"], removed: [] }],
        [
            "a policy of the pack",
            ["policies/s3/enforceTls.ts"],
            { kind: "all", stacks: ["acme", "dev", "globex"], because: ["policies/s3/enforceTls.ts"], removed: [] },
        ],
        ["the lock file", ["package-lock.json"], { kind: "all", stacks: ["acme", "dev", "globex"], because: ["package-lock.json"], removed: [] }],
        [
            "this workflow",
            [".github/workflows/preview.yml"],
            { kind: "all", stacks: ["acme", "dev", "globex"], because: [".github/workflows/preview.yml"], removed: [] },
        ],
        [
            "the pack's tests, benchmark and README, another workflow, the linter's settings",
            [
                "policies/test/s3/enforceTls.test.ts",
                "policies/bench/noop-pack/index.js",
                "policies/README.md",
                ".github/workflows/other.yml",
                "eslint.config.mjs",
            ],
            { kind: "none", removed: [] },
        ],
        ["a stack file of the test fixtures (not the project's)", ["test/fixtures/stacks/Pulumi.sse-c.yaml"], { kind: "none", removed: [] }],
        ["a removed stack file", ["Pulumi.initech.yaml", "Pulumi.acme.yaml"], { kind: "changed", stacks: ["acme"], removed: ["initech"] }],
        [
            "a removed stack file with code",
            ["Pulumi.initech.yaml", "cli/preview.ts"],
            { kind: "all", stacks: ["acme", "dev", "globex"], because: ["cli/preview.ts"], removed: ["initech"] },
        ],
        ["nothing (blank lines, as git prints)", ["", "  "], { kind: "none", removed: [] }],
    ];
    for (const [what, changed, expected] of cases) {
        it(`given ${what}`, () => assert.deepStrictEqual(selectStacks(changed, NOW), expected));
    }

    it("counts every CODE_PATHS entry as code, and only those", () => {
        for (const code of CODE_PATHS) {
            const file = code.endsWith("/") ? `${code}x.ts` : code;
            assert.strictEqual(selectStacks([file], NOW).kind, "all", file);
        }
        for (const file of ["scripts/generateDocs.ts", ".ci/run", "docs/ci.md", "components/README.md", "test/cli/prPreview.test.ts", "index.tsx"]) {
            assert.strictEqual(selectStacks([file], NOW).kind, "none", file);
        }
    });

    it("asks git for the pull request's changes relative to the project, and names the fix when git cannot answer", async () => {
        const calls: string[][] = [];
        const git = (args: string[]) => {
            calls.push(args);
            return "docs/x.md\n";
        };
        let stdout = "";
        const code = await main(["--base", "abc123"], { stdout: (t) => (stdout += t), stderr: () => undefined }, { git, env: {} });
        assert.strictEqual(code, EXIT.admitted);
        assert.deepStrictEqual(calls, [["diff", "--name-only", "--no-renames", "--relative", "abc123...HEAD"]]);
        assert.strictEqual(stdout, `${COMMENT_MARKER}\n\nNo stack file and none of the project's code changed: nothing to preview.\n`);
        let stderr = "";
        const failing = () => {
            throw new Error("fatal: bad revision 'abc123...HEAD'\nmore");
        };
        const refused = await main(["--base", "abc123"], { stdout: () => undefined, stderr: (t) => (stderr += t) }, { git: failing, env: {} });
        assert.strictEqual(refused, EXIT.usage);
        assert.match(
            stderr,
            /^error: git diff abc123\.\.\.HEAD failed \(fatal: bad revision 'abc123\.\.\.HEAD'\): check out the whole history \(actions\/checkout with fetch-depth: 0\)\n/,
        );
    });
});

describe("npm run pr-preview: the stack files a pull request changes", function () {
    this.timeout(120000);

    it("previews only those, once each, and posts nothing without --post", async () => {
        let stdout = "";
        let stderr = "";
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mezzanine-pr-changed-"));
        const changed = path.join(dir, "changed.txt");
        fs.writeFileSync(changed, "Pulumi.dev.yaml\ndocs/onboarding.md\nPulumi.dev.yaml\nPulumi.gone.yaml\n");
        const fetch = (() => assert.fail("no --post, no GitHub")) as unknown as typeof globalThis.fetch;
        try {
            const code = await main(["--changed-files", changed], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, { fetch, env: {} });
            assert.strictEqual(code, EXIT.admitted, stderr);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        assert.ok(
            stdout.startsWith(
                `${COMMENT_MARKER}\nThe stack files this pull request changes are previewed: \`dev\`.\n\n` +
                    "Removed stack files (`gone`): not previewed. Removing a file destroys nothing; `pulumi destroy` does (docs/lifecycle.md).\n\n" +
                    "### ✅ Offline preview: 1 of 1 stack admitted\n",
            ),
            stdout,
        );
        assert.strictEqual([...stdout.matchAll(/^\| ✅ \| `dev` \| `dev-studio` \| admitted: /gm)].length, 1);
    });

    it("says so when code changed in a project without stack files", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mezzanine-pr-empty-"));
        const changed = path.join(dir, "changed.txt");
        fs.writeFileSync(changed, "components/bucketPolicy.ts\n");
        let stdout = "";
        try {
            const code = await main(["--changed-files", changed, "--project-dir", dir], { stdout: (t) => (stdout += t), stderr: () => undefined }, { env: {} });
            assert.strictEqual(code, EXIT.admitted);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        assert.strictEqual(
            stdout,
            `${COMMENT_MARKER}\nEvery stack file is previewed: this pull request changes the project's code (\`components/bucketPolicy.ts\`).\n\nThe project has no stack file: nothing to preview.\n`,
        );
    });
});

/** Writes `count` customer stack files; every tenth customer's program drops TLS enforcement, two configs are invalid. */
function projectOf(count: number): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mezzanine-pr-preview-"));
    for (let i = 0; i < count; i++) {
        const customer = `${i % 10 === 3 ? "weak" : "customer"}-${String(i).padStart(3, "0")}`;
        const mode = ["sse-s3", "sse-kms", "dsse-kms"][i % 3];
        fs.writeFileSync(
            path.join(dir, `Pulumi.${customer}.yaml`),
            [
                "config:",
                "  aws:region: eu-west-1",
                `  mezzanine-ingest:customer: ${customer}`,
                `  mezzanine-ingest:sseMode: ${i === 50 || i === 77 ? "aes256" : mode}`,
                "  mezzanine-ingest:administratorPrincipals:",
                "    - arn:aws:iam::123456789012:role/platform-deployer",
                "  mezzanine-ingest:uploaderPrincipals:",
                `    - arn:aws:iam::210987654321:role/transfer-${i}`,
                "",
            ].join("\n"),
        );
    }
    return dir;
}

/** The customer program, but without the bucket's TLS deny for the "weak-" customers: a mandatory violation. */
function someWithoutTls() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded under the mocks, as the preview loads the program
    const { readStackConfig } = require("../../checks/readStackConfig") as typeof import("../../checks/readStackConfig");
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded under the mocks, as the preview loads the program
    return readStackConfig().config.customer.startsWith("weak-") ? withoutTlsEnforcement() : require("../../program").customerStack();
}

describe("npm run pr-preview: the comment for 100 stacks", function () {
    this.timeout(600000);
    let projectDir: string;
    let comment: string;
    let code: number;
    let reports: StackReport[];
    let allMarkdown = "";

    before(async () => {
        projectDir = projectOf(100);
        const changed = path.join(projectDir, "changed.txt");
        fs.writeFileSync(changed, "components/customerIngest.ts\ndocs/preview.md\n");
        const commentFile = path.join(projectDir, "comment.md");
        code = await main(
            ["--changed-files", changed, "--project-dir", projectDir, "--comment-file", commentFile],
            { stdout: () => undefined, stderr: () => undefined },
            { program: someWithoutTls, env: {} },
        );
        comment = fs.readFileSync(commentFile, "utf8");
        // The same stacks as the preview reports them, for the checks below.
        const { main: preview } = await import("../../cli/preview");
        let json = "";
        await preview(["--all", "--json", "--project-dir", projectDir], { stdout: (t) => (json += t), stderr: () => undefined }, someWithoutTls);
        reports = JSON.parse(json).stacks;
        await preview(["--all", "--markdown", "--project-dir", projectDir], { stdout: (t) => (allMarkdown += t), stderr: () => undefined }, someWithoutTls);
    });

    after(() => fs.rmSync(projectDir, { recursive: true, force: true }));

    it("fails the check on the invalid configs (exit 2, before the mandatory violations' 1)", () => {
        assert.strictEqual(code, EXIT.invalidConfig);
        assert.strictEqual(reports.filter((r) => r.problems).length, 2);
        assert.strictEqual(reports.filter((r) => !r.ok && !r.problems).length, 10);
        assert.ok(reports.filter((r) => !r.ok && !r.problems).every((r) => r.violations.some((v) => v.enforcementLevel === "mandatory")));
    });

    it("fits GitHub's comment limit where one Markdown report a stack would not", () => {
        const perStack = reports.map(renderMarkdown).join("\n").length;
        assert.ok(perStack > GITHUB_COMMENT_LIMIT, `${perStack}`);
        assert.ok(comment.length <= GITHUB_COMMENT_LIMIT, `${comment.length}`);
        assert.ok(
            comment.startsWith(
                `${COMMENT_MARKER}\nEvery stack file is previewed: this pull request changes the project's code (\`components/customerIngest.ts\`).\n`,
            ),
        );
    });

    it("prints the same summary for npm run preview -- --all --markdown, within the limit", () => {
        assert.strictEqual(allMarkdown, renderMarkdownComment(reports));
        assert.ok(allMarkdown.length <= GITHUB_COMMENT_LIMIT, `${allMarkdown.length}`);
        assert.ok(comment.endsWith(allMarkdown));
    });

    it("has a summary row for every stack, those that need attention first, and the details of each of them folded", () => {
        const rows = [...comment.matchAll(/^\| (✅|⚠️|❌) \| `([^`]+)` \|/gm)].map((m) => m[2]);
        const attention = reports.filter(needsAttention).map((r) => r.stack);
        assert.strictEqual(attention.length, 12);
        assert.deepStrictEqual(rows, [...attention, ...reports.filter((r) => !needsAttention(r)).map((r) => r.stack)]);
        const folded = [...comment.matchAll(/^<details><summary>(?:⚠️|❌) <code>([^<]+)<\/code>: /gm)].map((m) => m[1]);
        assert.deepStrictEqual(folded, attention);
        assert.ok(!comment.includes("Not shown"));
    });

    it("names what does not fit a smaller limit, and cuts nothing silently", () => {
        for (const limit of [20_000, 8_000, 4_000]) {
            const small = renderMarkdownComment(reports, { limit });
            assert.ok(small.length <= limit, `${limit}: ${small.length}`);
            const rows = new Set([...small.matchAll(/^\| (?:✅|⚠️|❌) \| `([^`]+)` \|/gm)].map((m) => m[1]));
            const folded = new Set([...small.matchAll(/^<details><summary>(?:⚠️|❌) <code>([^<]+)<\/code>/gm)].map((m) => m[1]));
            const note = /\*\*Not shown: (.*)\*\*, which did not fit in GitHub's [\d,]+-character comment limit\./.exec(small);
            assert.ok(note, `${limit}: no note`);
            const rowsNote = /the summary rows of (\d+) stacks? \(([^)]*)\)/.exec(note[1]);
            const detailsNote = /the details of (\d+) stacks? that need attention \(([^)]*)\)/.exec(note[1]);
            assert.strictEqual(Number(rowsNote?.[1] ?? 0), reports.length - rows.size, `${limit}: rows`);
            assert.strictEqual(Number(detailsNote?.[1] ?? 0), reports.filter(needsAttention).length - folded.size, `${limit}: details`);
            for (const r of reports
                .filter(needsAttention)
                .filter((r) => !folded.has(r.stack))
                .slice(0, 20))
                assert.ok(detailsNote![2].includes(`\`${r.stack}\``), r.stack);
        }
    });

    it("names each invalid stack with every problem of its config", () => {
        for (const r of reports.filter((r) => r.problems)) {
            assert.ok(comment.includes(`<code>${r.stack}</code>: invalid: `), r.stack);
            assert.ok(
                r.problems!.every((p) => comment.includes(p.replace(/\|/g, "\\|"))),
                r.stack,
            );
        }
    });
});

describe("npm run pr-preview: one comment, updated", () => {
    const target = { api: "https://api.github.test", repository: "org/repo", number: 7, token: "t" };

    function fakeGitHub(comments: Array<{ id: number; body: string }>) {
        const calls: Array<[string, string, unknown]> = [];
        const fetch = (async (url: string, init: { method: string; body?: string }) => {
            calls.push([init.method, url, init.body !== undefined ? JSON.parse(init.body) : undefined]);
            const page = Number(new URL(url).searchParams.get("page") ?? 1);
            const payload = init.method === "GET" ? comments.slice((page - 1) * 100, page * 100) : { id: 999 };
            return { ok: true, status: 200, json: async () => payload };
        }) as unknown as typeof globalThis.fetch;
        return { fetch, calls };
    }

    it("updates the comment that carries the marker, on a later page too", async () => {
        const others = Array.from({ length: 130 }, (_, i) => ({ id: i + 1, body: `review ${i}` }));
        others[117] = { id: 118, body: `${COMMENT_MARKER}\nold verdicts` };
        const github = fakeGitHub(others);
        const outcome = await postComment("new verdicts", { ...target, fetch: github.fetch, createIfMissing: true });
        assert.strictEqual(outcome, "updated the preview comment 118 on pull request #7");
        assert.deepStrictEqual(github.calls, [
            ["GET", "https://api.github.test/repos/org/repo/issues/7/comments?per_page=100&page=1", undefined],
            ["GET", "https://api.github.test/repos/org/repo/issues/7/comments?per_page=100&page=2", undefined],
            ["PATCH", "https://api.github.test/repos/org/repo/issues/comments/118", { body: "new verdicts" }],
        ]);
    });

    it("posts one comment when none carries the marker, and none when nothing needs a preview", async () => {
        const github = fakeGitHub([{ id: 1, body: "LGTM" }]);
        assert.strictEqual(
            await postComment("verdicts", { ...target, fetch: github.fetch, createIfMissing: true }),
            "posted the preview comment 999 on pull request #7",
        );
        assert.deepStrictEqual(github.calls.at(-1), ["POST", "https://api.github.test/repos/org/repo/issues/7/comments", { body: "verdicts" }]);
        const quiet = fakeGitHub([{ id: 1, body: "LGTM" }]);
        assert.strictEqual(
            await postComment("nothing", { ...target, fetch: quiet.fetch, createIfMissing: false }),
            "no preview comment on pull request #7, and none needed",
        );
        assert.deepStrictEqual(
            quiet.calls.map((c) => c[0]),
            ["GET"],
        );
    });
});
