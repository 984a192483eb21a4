// `npm run preview -- [--stack <name> | --config-file <path> | --all] [--json | --markdown] [--policy-pack-config <file>]`
//
// Exit codes (a public interface: CI scripts depend on them):
//   0  every stack admitted by the policy pack
//   1  a mandatory policy violation
//   2  an invalid stack config (every problem on stderr; nothing was run for that stack), including a stack file for
//      the same customer and region as another stack file beside it
//   3  a usage error, including a --policy-pack-config the Pulumi CLI would refuse (a level, a value outside a policy's
//      config schema) or that names a policy the pack does not have
//   4  anything else failed (the program or the policy pack itself, or a build older than its sources)
// Whatever path it ends by, it stops the policy pack it started.
import * as fs from "fs";
import * as path from "path";

import type { StackReport } from "../offline/preview";
import { EXIT, Io, parseFlags, parseOrExplain, runAsCommand, UsageError } from "./command";
import { assertPackBuilt, assertProgramBuilt } from "../offline/build";
import { PolicyConfig, PolicyConfigError, PolicyPackClient } from "../offline/policyPackClient";
import { renderMarkdown, renderMarkdownComment, renderText } from "../offline/report";
import { stackCollisions } from "../checks/stackCollisions";
import { DEFAULT_REGION, environmentNote, readStackFile, siblingStackFiles, StackFileRead, stackFilesIn, stackNameOf } from "../offline/stackFile";

export { EXIT };

const USAGE = `usage: npm run preview -- [--stack <name>... | --config-file <path> | --all] [--json | --markdown]
                           [--policy-pack-config <file>] [--project-dir <dir>]
  --stack <name>          preview Pulumi.<name>.yaml (default: dev); repeat it for several stacks
  --config-file <path>    preview any stack file
  --all                   preview every Pulumi.*.yaml in the project
  --json                  one JSON document: { stack, customer, resources, violations, ok } (several stacks: { stacks })
  --markdown              the report as Markdown, for a pull-request comment (several stacks: a summary that fits
                          GitHub's comment limit)
  --policy-pack-config    a policy config file, as pulumi's --policy-pack-config takes it
  --project-dir <dir>     where --stack and --all look for stack files (default: this project)
exit codes: 0 admitted, 1 mandatory violation, 2 invalid stack config, 3 usage error, 4 other failure`;

/** Whether this runs from the build (`bin/cli/preview.js`), as `npm run preview` runs it, or from the sources (tests). */
const RUNNING_COMPILED = __dirname.includes(`${path.sep}bin${path.sep}`);
export const PROJECT_DIR = path.resolve(__dirname, "..", RUNNING_COMPILED ? ".." : "");
const PACK_DIR = path.join(PROJECT_DIR, "policies");

interface Invocation {
    readonly files: string[];
    readonly format: "text" | "json" | "markdown";
    /** `--all`, or several `--stack`: the report covers many stacks. */
    readonly all: boolean;
    readonly policyConfig?: PolicyConfig;
    readonly policyConfigFile?: string;
}

function parseInvocation(argv: string[]): Invocation {
    const v = parseFlags(argv, {
        stack: { type: "string", multiple: true },
        "config-file": { type: "string" },
        all: { type: "boolean" },
        json: { type: "boolean" },
        markdown: { type: "boolean" },
        "policy-pack-config": { type: "string" },
        "project-dir": { type: "string" },
    });
    const sources = [v.stack !== undefined, v["config-file"] !== undefined, v.all === true].filter(Boolean).length;
    if (sources > 1) throw new UsageError("--stack, --config-file and --all exclude each other");
    if (v.json && v.markdown) throw new UsageError("--json and --markdown exclude each other");
    const projectDir = v["project-dir"] ?? PROJECT_DIR;
    let files: string[];
    if (v.all) {
        files = stackFilesIn(projectDir);
        if (files.length === 0) throw new UsageError(`--all: no Pulumi.<stack>.yaml in ${projectDir}`);
    } else if (v["config-file"] !== undefined) {
        files = [v["config-file"]];
        if (!fs.existsSync(files[0])) throw new UsageError(`--config-file ${files[0]}: no such file`);
    } else {
        files = [...new Set(v.stack ?? ["dev"])].map((stack) => {
            if (!/^[\w.-]+$/.test(stack)) throw new UsageError(`--stack must be a stack name (got "${stack}")`);
            const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
            if (!fs.existsSync(file)) {
                const known = stackFilesIn(projectDir)
                    .map((f) => stackNameOf(f))
                    .join(", ");
                throw new UsageError(`--stack ${stack}: no ${file} (stacks here: ${known || "none"})`);
            }
            return file;
        });
    }
    return {
        files,
        all: v.all === true || files.length > 1,
        format: v.json ? "json" : v.markdown ? "markdown" : "text",
        policyConfig: v["policy-pack-config"] !== undefined ? readPolicyConfig(v["policy-pack-config"]) : undefined,
        policyConfigFile: v["policy-pack-config"],
    };
}

function readPolicyConfig(file: string) {
    try {
        const config = JSON.parse(fs.readFileSync(file, "utf8"));
        if (typeof config !== "object" || config === null || Array.isArray(config)) throw new Error("must be a JSON object of policy name to config");
        return config;
    } catch (error) {
        throw new UsageError(`--policy-pack-config ${file}: ${(error as Error).message}`);
    }
}

/**
 * Runs the command; returns its exit code. `program` replaces the customer program (tests); `packProgram` runs another
 * program of the pack directory instead of the pack (the benchmark's no-op pack).
 */
export async function main(argv: string[], io: Io, program?: () => unknown, packProgram?: string): Promise<number> {
    const invocation = parseOrExplain(() => parseInvocation(argv), USAGE, io);
    if (invocation === undefined) return EXIT.usage;
    if (!freshBuild(io)) return EXIT.failure;

    // Read every stack file first; the pack starts (in its own process, while the programs run) only when one is readable.
    const reads = refuseCollisions(invocation.files.map(readStackFile));
    const pack = reads.some((r) => r.ok) ? startPack(invocation, packProgram, io) : undefined;
    // A pack that fails to start, or refuses the policy config, stops the run at the next stack.
    let packFailure: unknown;
    pack?.catch((error) => (packFailure = error));
    const pending: Array<Promise<StackReport>> = [];
    let reports: StackReport[];
    try {
        // Loaded only now, so that the pack's process starts before this one spends a second loading the Pulumi SDKs.
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only after the pack has been spawned: the SDKs take a second to load
        const { invalidStackReport, previewStack } = require("../offline/preview") as typeof import("../offline/preview");
        printNotes(reads, io);
        for (const read of reads) {
            if (packFailure !== undefined) throw packFailure;
            if (!read.ok) {
                pending.push(Promise.resolve(invalidStackReport(stackNameOf(read.path) ?? read.path, read.problems)));
                continue;
            }
            pending.push((await previewStack(read.file, pack!, program)).report);
        }
        reports = await Promise.all(pending);
    } catch (error) {
        if (error instanceof PolicyConfigError) {
            for (const note of error.notes) io.stderr(`note: --policy-pack-config ${invocation.policyConfigFile}: ${note}\n`);
            for (const problem of error.problems) io.stderr(`error: --policy-pack-config ${invocation.policyConfigFile}: ${problem}\n`);
            return EXIT.usage;
        }
        io.stderr(`error: ${(error as Error).message}\n`);
        return EXIT.failure;
    } finally {
        await Promise.allSettled(pending);
        await pack?.then(
            (client) => client.close(),
            () => undefined,
        );
    }

    for (const report of reports) {
        if (report.problems) io.stderr(`Stack ${report.stack}: invalid stack config:\n${report.problems.map((p) => `  - ${p}`).join("\n")}\n`);
    }
    io.stdout(render(reports, invocation));
    if (reports.some((r) => r.problems)) return EXIT.invalidConfig;
    return reports.every((r) => r.ok) ? EXIT.admitted : EXIT.blocked;
}

/**
 * Run from its build (`bin/`), the preview refuses a build older than the sources: it would preview yesterday's
 * program. Prints why and returns false then. (Run from the sources, as the tests do, there is no build to check.)
 */
export function freshBuild(io: Io): boolean {
    if (!RUNNING_COMPILED) return true;
    try {
        assertProgramBuilt(PROJECT_DIR);
        return true;
    } catch (error) {
        io.stderr(`error: ${(error as Error).message}\n`);
        return false;
    }
}

// The notes of the stack files: what offline cannot know (the region, the caller, ESC environments), and what
// `pulumi up` would warn about.
function printNotes(reads: StackFileRead[], io: Io): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only after the pack has been spawned: the SDKs take a second to load
    const { MOCK_CALLER_ARN, offlineCallerArn } = require("../offline/mockCloud") as typeof import("../offline/mockCloud");
    for (const read of reads) {
        if (!read.ok) continue;
        const escNote = environmentNote(read.file);
        if (escNote !== undefined) io.stderr(`note: ${read.file.path}: ${escNote}\n`);
    }
    for (const read of reads) {
        if (read.ok && read.file.config["aws:region"] === undefined) {
            io.stderr(
                `note: ${read.file.path} sets no aws:region: \`pulumi up\` will use the AWS provider's region from the environment; ` +
                    `this preview assumes ${DEFAULT_REGION}.\n`,
            );
        }
        const caller = read.ok ? offlineCallerArn(read.file.config) : MOCK_CALLER_ARN;
        if (reads.length === 1 && read.ok && caller !== MOCK_CALLER_ARN) {
            io.stderr(
                `note: ${read.file.path}: offline there is no caller, so the deployer is taken to be ${caller}, the first of ` +
                    "administratorPrincipals, every listed administrator to exist as listed, and the stack to be new; `pulumi up` checks the real caller (its full ARN), every administrator in IAM and the deployed bucket policy, and refuses what does not match.\n",
            );
        }
    }
    for (const note of stackFileNotes(reads)) io.stderr(`note: ${note}\n`);
    if (reads.length > 1) {
        io.stderr(
            "note: offline there is no caller, so each stack's deployer is taken to be the first of its administratorPrincipals, every " +
                "listed administrator to exist as listed, and each stack to be new; `pulumi up` checks the real caller (its full ARN), every " +
                "administrator in IAM and the deployed bucket policy, and refuses what does not match.\n",
        );
    }
}

// What `pulumi up` would warn about (config/stackNotes.ts), for each valid stack file, with the deploying account where
// the file alone decides it.
function stackFileNotes(reads: StackFileRead[]): string[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only after the pack has been spawned: the SDKs take a second to load
    const { checkStackConfig, offlineDeployingAccount } = require("../checks/readStackConfig") as typeof import("../checks/readStackConfig");
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only after the pack has been spawned: the SDKs take a second to load
    const { stackNotes } = require("../config/stackNotes") as typeof import("../config/stackNotes");
    return reads.flatMap((read) => {
        if (!read.ok) return [];
        const check = checkStackConfig(read.file.config, (key) => read.file.secretKeys.includes(key));
        if (!check.ok) return [];
        const account = offlineDeployingAccount(check.config, read.file.config)?.accountId;
        return stackNotes(check.config, account).map((note) => `${read.file.path}: ${note}`);
    });
}

// A stack file for the same customer and region as another stack file beside it is refused, like an invalid config
// (with the config's own problems, if it has any, so that one run reports them all).
function refuseCollisions(reads: StackFileRead[]): StackFileRead[] {
    const files = reads.flatMap((r) => (r.ok ? [r.file] : []));
    const collisions = stackCollisions(files, siblingStackFiles(files), DEFAULT_REGION);
    return reads.map((r) => {
        if (!r.ok || !collisions.has(r.file.path)) return r;
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only after the pack has been spawned: the SDKs take a second to load
        const { checkStackConfig } = require("../checks/readStackConfig") as typeof import("../checks/readStackConfig");
        const check = checkStackConfig(r.file.config, (key) => r.file.secretKeys.includes(key));
        return { ok: false, path: r.file.path, problems: [collisions.get(r.file.path)!, ...(check.ok ? [] : check.problems)] };
    });
}

async function startPack(invocation: Invocation, program: string | undefined, io: Io): Promise<PolicyPackClient> {
    assertPackBuilt(PACK_DIR);
    const pack = await PolicyPackClient.start(PACK_DIR, { program });
    if (invocation.policyConfig === undefined) return pack;
    try {
        for (const note of await pack.configure(invocation.policyConfig)) io.stderr(`note: --policy-pack-config ${invocation.policyConfigFile}: ${note}\n`);
        return pack;
    } catch (error) {
        // Nobody else holds this pack: stop it before reporting the failure.
        await pack.close();
        throw error;
    }
}

function render(reports: StackReport[], invocation: Invocation): string {
    switch (invocation.format) {
        case "json":
            return `${JSON.stringify(invocation.all ? { stacks: reports } : reports[0], null, 2)}\n`;
        case "markdown":
            return invocation.all ? renderMarkdownComment(reports) : `${renderMarkdown(reports[0])}\n`;
        case "text": {
            const body = reports.map(renderText).join("\n\n" + "─".repeat(72) + "\n\n");
            if (!invocation.all) return `${body}\n`;
            const admitted = reports.filter((r) => r.ok).length;
            return `${body}\n\n${admitted} of ${reports.length} stacks admitted\n`;
        }
    }
}

if (require.main === module) runAsCommand(main);
