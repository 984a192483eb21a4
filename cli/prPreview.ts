// `npm run pr-preview -- --base <ref> [--head <ref>] [--changed-files <file>] [--comment-file <path>] [--post]`: what
// the pull-request workflow (.github/workflows/preview.yml) runs. It previews the stack files a pull request changes
// (every stack file when the project's code changes: CODE_PATHS), writes one Markdown comment with the verdicts, posts it
// on the pull request or updates the comment it posted before (found by COMMENT_MARKER), and exits with the preview's
// code, so that the check fails on a mandatory violation or an invalid config.
//
// Exit codes (a public interface: the workflow's check depends on them): the preview's (0 admitted, 1 a mandatory
// violation, 2 an invalid stack config, 4 the preview failed), 0 when nothing needs a preview, 3 a usage error
// (this command's, or git's list of changed files could not be read).
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import type { StackReport } from "../offline/preview";
import { GITHUB_COMMENT_LIMIT, renderMarkdownComment } from "../offline/report";
import { stackFilesIn, stackNameOf } from "../offline/stackFile";
import { EXIT, Io, parseFlags, parseOrExplain, runAsCommand, UsageError } from "./command";
import { main as preview, PROJECT_DIR } from "./preview";

const USAGE = `usage: npm run pr-preview -- (--base <ref> [--head <ref>] | --changed-files <file>) [--comment-file <path>] [--post]
                              [--project-dir <dir>]
  --base <ref>            the pull request's base: the changed files are \`git diff --name-only --no-renames <base>...<head>\`
  --head <ref>            the pull request's head (default: HEAD)
  --changed-files <file>  the changed files, one path (relative to the project) per line, instead of git
  --comment-file <path>   also write the comment there
  --post                  post the comment on the pull request, or update the one posted before (needs GITHUB_TOKEN,
                          GITHUB_REPOSITORY and the pull request's number from GITHUB_EVENT_PATH or --pr)
  --pr <number>           the pull request's number
  --project-dir <dir>     the project (default: this project)
exit codes: the preview's (0 admitted, 1 mandatory violation, 2 invalid stack config, 4 other failure), 0 when no
stack needs a preview, 3 usage error`;

/** Hidden in the comment; the comment that carries it is the one updated on the next run. */
export const COMMENT_MARKER = "<!-- mezzanine-ingest:pr-preview -->";

/**
 * The project's code: a change to any of these changes what every stack's `pulumi up` would do or how the pack judges
 * it, so every stack file is previewed. A path ending in `/` is a folder (all below it); otherwise an exact file. The
 * pack's tests and benchmark (`policies/test/`, `policies/bench/`) and any Markdown file are not code; neither are
 * `test/`, `bench/`, `docs/`, the other workflows, nor the linters' and formatter's settings.
 */
export const CODE_PATHS: readonly string[] = [
    "Pulumi.yaml",
    "index.ts",
    "program.ts",
    "config/",
    "components/",
    "checks/",
    "offline/",
    "cli/",
    "policies/",
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "scripts/postinstall.js",
    ".github/workflows/preview.yml",
];
export const NOT_CODE_PATHS: readonly string[] = ["policies/test/", "policies/bench/"];

/** Whether a changed path (relative to the project, `/`-separated) is the project's code. */
export function isCodePath(file: string): boolean {
    const under = (prefix: string) => (prefix.endsWith("/") ? file.startsWith(prefix) : file === prefix);
    if (file.endsWith(".md") || NOT_CODE_PATHS.some(under)) return false;
    return CODE_PATHS.some(under);
}

/** A stack file of the project: `Pulumi.<stack>.yaml` at its root (the project file `Pulumi.yaml` is code). */
export function isStackFile(file: string): boolean {
    return !file.includes("/") && stackNameOf(file) !== undefined;
}

export type Selection =
    | { readonly kind: "all"; readonly stacks: string[]; readonly because: string[]; readonly removed: string[] }
    | { readonly kind: "changed"; readonly stacks: string[]; readonly removed: string[] }
    | { readonly kind: "none"; readonly removed: string[] };

/**
 * Which stacks a pull request's preview covers, from the files it changes and the stack files the project has now:
 * every stack when any changed file is code (`because` names those files), else the changed stack files that still
 * exist. A changed stack file that no longer exists is `removed` (never previewed: `pulumi destroy` is not run by
 * removing a file).
 */
export function selectStacks(changed: readonly string[], stackFilesNow: readonly string[]): Selection {
    const files = [...new Set(changed.map((f) => f.trim().replace(/\\/g, "/")).filter((f) => f !== ""))];
    const now = new Set(stackFilesNow.map((f) => path.basename(f)));
    const stackOf = (file: string) => stackNameOf(file)!;
    const removed = files.filter((f) => isStackFile(f) && !now.has(f)).map(stackOf);
    const code = files.filter(isCodePath);
    if (code.length > 0) return { kind: "all", stacks: [...now].map(stackOf).sort((a, b) => a.localeCompare(b, "en")), because: code, removed };
    const stacks = files.filter((f) => isStackFile(f) && now.has(f)).map(stackOf);
    if (stacks.length === 0) return { kind: "none", removed };
    return { kind: "changed", stacks: stacks.sort((a, b) => a.localeCompare(b, "en")), removed };
}

const listed = (names: readonly string[], max = 10) =>
    names.length > max
        ? `${names
              .slice(0, max)
              .map((n) => `\`${n}\``)
              .join(", ")} and ${names.length - max} more`
        : names.map((n) => `\`${n}\``).join(", ");

/** The lines above the verdicts: the marker, and what was previewed and why. */
export function commentPreamble(selection: Selection): string[] {
    const lines = [COMMENT_MARKER];
    if (selection.kind === "all") lines.push(`Every stack file is previewed: this pull request changes the project's code (${listed(selection.because)}).`);
    if (selection.kind === "changed") lines.push(`The stack files this pull request changes are previewed: ${listed(selection.stacks)}.`);
    if (selection.removed.length > 0) {
        lines.push(
            "",
            `Removed stack files (${listed(selection.removed)}): not previewed. Removing a file destroys nothing; \`pulumi destroy\` does (docs/lifecycle.md).`,
        );
    }
    lines.push("");
    return lines;
}

interface Invocation {
    readonly changed: string[];
    readonly projectDir: string;
    readonly commentFile?: string;
    readonly post: boolean;
    readonly pr?: number;
}

function parseInvocation(argv: string[], git: (args: string[], cwd: string) => string): Invocation {
    const v = parseFlags(argv, {
        base: { type: "string" },
        head: { type: "string" },
        "changed-files": { type: "string" },
        "comment-file": { type: "string" },
        post: { type: "boolean" },
        pr: { type: "string" },
        "project-dir": { type: "string" },
    });
    if ((v.base === undefined) === (v["changed-files"] === undefined)) throw new UsageError("give either --base or --changed-files");
    if (v.head !== undefined && v.base === undefined) throw new UsageError("--head needs --base");
    if (v.pr !== undefined && !/^[1-9]\d*$/.test(v.pr)) throw new UsageError(`--pr must be a pull request's number (got "${v.pr}")`);
    const projectDir = v["project-dir"] ?? PROJECT_DIR;
    let text: string;
    if (v["changed-files"] !== undefined) {
        try {
            text = fs.readFileSync(v["changed-files"], "utf8");
        } catch (error) {
            throw new UsageError(`--changed-files ${v["changed-files"]}: ${(error as NodeJS.ErrnoException).code ?? error}`);
        }
    } else {
        const range = `${v.base}...${v.head ?? "HEAD"}`;
        try {
            // Relative to the project, whichever folder of the repository it is in.
            text = git(["diff", "--name-only", "--no-renames", "--relative", range], projectDir);
        } catch (error) {
            throw new UsageError(
                `git diff ${range} failed (${(error as Error).message.split("\n")[0]}): check out the whole history (actions/checkout with fetch-depth: 0)`,
            );
        }
    }
    return { changed: text.split("\n"), projectDir, commentFile: v["comment-file"], post: v.post === true, pr: v.pr !== undefined ? Number(v.pr) : undefined };
}

const runGit = (args: string[], cwd: string) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** What the command needs from outside: tests replace git, the program, GitHub's API and the environment. */
export interface Surroundings {
    readonly git?: (args: string[], cwd: string) => string;
    readonly program?: () => unknown;
    readonly fetch?: typeof fetch;
    readonly env?: NodeJS.ProcessEnv;
}

/** Runs the command; returns its exit code. */
export async function main(argv: string[], io: Io, surroundings: Surroundings = {}): Promise<number> {
    const env = surroundings.env ?? process.env;
    const invocation = parseOrExplain(() => parseInvocation(argv, surroundings.git ?? runGit), USAGE, io);
    if (invocation === undefined) return EXIT.usage;
    const selection = selectStacks(invocation.changed, stackFilesIn(invocation.projectDir));

    let code: number = EXIT.admitted;
    let comment: string;
    const preamble = commentPreamble(selection);
    if (selection.kind === "none") {
        comment = [...preamble, "No stack file and none of the project's code changed: nothing to preview.", ""].join("\n");
    } else if (selection.stacks.length === 0) {
        comment = [...preamble, "The project has no stack file: nothing to preview.", ""].join("\n");
    } else {
        const args = [...selection.stacks.flatMap((s) => ["--stack", s]), "--json", "--project-dir", invocation.projectDir];
        let json = "";
        code = await preview(args, { stdout: (t) => (json += t), stderr: (t) => io.stderr(t) }, surroundings.program);
        const reports = code === EXIT.usage || code === EXIT.failure ? undefined : reportsOf(json);
        comment =
            reports !== undefined
                ? renderMarkdownComment(reports, { preamble })
                : [
                      ...preamble,
                      `### ❌ The preview failed (exit ${code})`,
                      "",
                      "It ran no verdict; the job log says why (the preview's errors are on its stderr).",
                      "",
                  ].join("\n");
    }
    if (comment.length > GITHUB_COMMENT_LIMIT) throw new Error(`the comment is ${comment.length} characters, over GitHub's ${GITHUB_COMMENT_LIMIT}`);
    io.stdout(comment);
    if (invocation.commentFile !== undefined) fs.writeFileSync(invocation.commentFile, comment);
    if (env.GITHUB_STEP_SUMMARY) fs.appendFileSync(env.GITHUB_STEP_SUMMARY, comment.replace(COMMENT_MARKER, ""));
    if (invocation.post) {
        const target = pullRequestOf(invocation, env);
        try {
            io.stderr(`${await postComment(comment, { ...target, fetch: surroundings.fetch ?? fetch, createIfMissing: selection.kind !== "none" })}\n`);
        } catch (error) {
            // The verdict stands (it is the exit code, and the job's summary holds the comment); GitHub marks the warning.
            io.stderr(`::warning::the preview comment was not posted: ${(error as Error).message}\n`);
        }
    }
    return code;
}

function reportsOf(json: string): StackReport[] {
    const parsed = JSON.parse(json);
    return Array.isArray(parsed.stacks) ? parsed.stacks : [parsed];
}

interface PullRequest {
    readonly api: string;
    readonly repository: string;
    readonly number: number;
    readonly token: string;
}

function pullRequestOf(invocation: Invocation, env: NodeJS.ProcessEnv): PullRequest {
    const missing = ["GITHUB_TOKEN", "GITHUB_REPOSITORY"].filter((k) => !env[k]);
    if (missing.length > 0) throw new Error(`--post needs ${missing.join(" and ")} in the environment`);
    let number = invocation.pr;
    if (number === undefined && env.GITHUB_EVENT_PATH) number = JSON.parse(fs.readFileSync(env.GITHUB_EVENT_PATH, "utf8")).pull_request?.number;
    if (number === undefined) throw new Error("--post needs the pull request's number: --pr, or GITHUB_EVENT_PATH of a pull_request event");
    return { api: env.GITHUB_API_URL ?? "https://api.github.com", repository: env.GITHUB_REPOSITORY!, number, token: env.GITHUB_TOKEN! };
}

/**
 * Updates the comment carrying COMMENT_MARKER on the pull request, or posts a new one (unless `createIfMissing` is
 * false: a pull request that needs no preview gets no new comment, but an earlier one is updated). Returns what it did.
 */
export async function postComment(body: string, target: PullRequest & { readonly fetch: typeof fetch; readonly createIfMissing: boolean }): Promise<string> {
    const call = async (method: string, url: string, payload?: object) => {
        const response = await target.fetch(url, {
            method,
            headers: {
                Accept: "application/vnd.github+json",
                Authorization: `Bearer ${target.token}`,
                "X-GitHub-Api-Version": "2022-11-28",
                ...(payload ? { "Content-Type": "application/json" } : {}),
            },
            body: payload ? JSON.stringify(payload) : undefined,
        });
        if (!response.ok) {
            const hint = response.status === 403 ? " (a pull request from a fork gets a read-only token: the comment is in the job's summary)" : "";
            throw new Error(`GitHub answered ${response.status} to ${method} ${url}${hint}`);
        }
        return response.json() as Promise<any>;
    };
    const base = `${target.api}/repos/${target.repository}`;
    for (let page = 1; ; page++) {
        const comments: Array<{ id: number; body?: string }> = await call("GET", `${base}/issues/${target.number}/comments?per_page=100&page=${page}`);
        const ours = comments.find((c) => c.body?.includes(COMMENT_MARKER));
        if (ours !== undefined) {
            await call("PATCH", `${base}/issues/comments/${ours.id}`, { body });
            return `updated the preview comment ${ours.id} on pull request #${target.number}`;
        }
        if (comments.length < 100) break;
    }
    if (!target.createIfMissing) return `no preview comment on pull request #${target.number}, and none needed`;
    const created = await call("POST", `${base}/issues/${target.number}/comments`, { body });
    return `posted the preview comment ${created.id} on pull request #${target.number}`;
}

if (require.main === module) runAsCommand((argv, io) => main(argv, io));
