// `npm run onboard -- <customer> --sse-mode <mode> --administrator <arn> ... --uploader <arn> ... [options]`
// (the flags: cli/onboardFlags.ts, one row each).
//
// Writes Pulumi.<customer>.yaml, checked by the same schema the program validates with, then runs the offline
// preview for it and prints the verdict. A refused request touches no file. A customer slug that another stack file of
// the project already deploys in the same region is refused (their buckets and key alias would collide), and so is an
// IAM processor of another account without --processor-external-id (a vendor serving several customers could be steered
// into this one's masters).
//
// Exit codes: 0 written (or printed) and admitted; 1 the policy pack blocks it; 2 refused: a value breaks a config
// rule, another stack file deploys the customer in that region, or the stack file exists (without --force); 3 usage
// error; 4 anything else failed (among them a build in bin/ older than the sources: `npm run build`).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { stringify } from "yaml";

import { processorsWithoutExternalId } from "../config/stackNotes";
import { checkStackConfig, offlineDeployingAccount } from "../checks/readStackConfig";
import { CONFIG_NAMESPACE, StackConfig } from "../config/stackConfig";
import { customerTaken } from "../checks/stackCollisions";
import { asPulumiPasses, DEFAULT_REGION, readStackFile, stackFilesIn } from "../offline/stackFile";
import { EXIT, Io, parseOrExplain, runAsCommand, UsageError } from "./command";
import { configOf, CUSTOMER_ARGUMENT, FLAG_FOR_KEY, ONBOARD_FLAGS, optionOf, parseArgsOptions, synopsisOf } from "./onboardFlags";
import { freshBuild, main as preview, PROJECT_DIR } from "./preview";

/** The command's own flags, besides the config flags of ONBOARD_FLAGS. */
const COMMAND_FLAGS = [
    ["--force", "replace an existing Pulumi.<customer>.yaml"],
    ["--dry-run", "print the stack file on stdout instead of writing it (the verdict goes to stderr)"],
    ["--project-dir <dir>", "where to write the stack file (default: this project)"],
] as const;

const USAGE = (() => {
    const required = ONBOARD_FLAGS.filter((f) => f.required !== undefined).map(synopsisOf);
    const rows = [
        ...ONBOARD_FLAGS.filter((f) => f.required === undefined).map(
            (f) => [optionOf(f), f.kind === "list" ? `${f.help}; repeat it for more` : f.help] as const,
        ),
        ...COMMAND_FLAGS,
    ];
    const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
    return [
        `usage: npm run onboard -- ${CUSTOMER_ARGUMENT.name} ${required.join(" ")} [options]`,
        "options:",
        ...rows.map(([flag, help]) => `  ${flag.padEnd(width)}${help}`.trimEnd()),
        "exit codes: 0 admitted, 1 blocked by the policy pack, 2 refused (nothing written), 3 usage error, 4 other failure",
    ].join("\n");
})();

interface Request {
    readonly customer: string;
    readonly config: Record<string, unknown>;
    readonly force: boolean;
    readonly dryRun: boolean;
    readonly projectDir: string;
}

function parseRequest(argv: string[]): Request {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            strict: true,
            options: {
                ...parseArgsOptions(),
                force: { type: "boolean" },
                "dry-run": { type: "boolean" },
                "project-dir": { type: "string" },
                help: { type: "boolean", short: "h" },
            },
        });
    } catch (error) {
        throw new UsageError((error as Error).message);
    }
    const v = parsed.values;
    if (v.help) throw new UsageError("");
    if (parsed.positionals.length !== 1) {
        throw new UsageError(`give exactly one customer slug (got ${parsed.positionals.length === 0 ? "none" : parsed.positionals.join(" ")})`);
    }
    const values = v as Record<string, string | string[] | boolean | undefined>;
    for (const f of ONBOARD_FLAGS) if (f.required !== undefined && values[f.flag] === undefined) throw new UsageError(f.required);
    // The region first, then the customer, then the rest in the table's order: the stack file reads top-down.
    const { "aws:region": region, ...rest } = configOf(values);
    const config: Record<string, unknown> = {
        ...(region !== undefined ? { "aws:region": region } : {}),
        [CUSTOMER_ARGUMENT.key]: parsed.positionals[0],
        ...rest,
    };
    return {
        customer: parsed.positionals[0],
        config,
        force: v.force === true,
        dryRun: v["dry-run"] === true,
        projectDir: v["project-dir"] ?? PROJECT_DIR,
    };
}

/** The stack file's text for a request's config. */
export function stackFileText(customer: string, config: Record<string, unknown>): string {
    return (
        `# Customer stack for ${customer}, written by \`npm run onboard\`.\n` +
        `# Check a change with \`npm run preview -- --stack ${customer}\`; deploy with \`pulumi up --stack ${customer}\`.\n` +
        stringify({ config })
    );
}

// "mezzanine-ingest:uploaderPrincipals[1] must be ..." -> "--uploader #2 (mezzanine-ingest:uploaderPrincipals[1]) must be ...".
function withFlags(problem: string): string {
    return problem.replace(/^([\w-]+:\w+)(\[(\d+)\])?/, (whole, key: string, _item, index?: string) => {
        const flag = FLAG_FOR_KEY[key];
        if (flag === undefined) return whole;
        return `${flag}${index !== undefined ? ` #${Number(index) + 1}` : ""} (${whole})`;
    });
}

// A new customer's IAM processor of another account must present an external id: onboarding refuses what the program
// and the preview only warn about for existing stacks.
function processorsRequiringExternalId(config: StackConfig, asPassed: Record<string, string>): string[] {
    return processorsWithoutExternalId(config, offlineDeployingAccount(config, asPassed)?.accountId).map(
        ({ principal, index, account }) =>
            `--processor #${index + 1} (${CONFIG_NAMESPACE}:processorPrincipals[${index}]) is an IAM principal of account ${account}, and a new customer's ` +
            "processor of another account must present an external id (a vendor serving several customers could otherwise be steered into this " +
            `customer's masters: the confused deputy); agree one with the vendor and pass --processor-external-id (got ${JSON.stringify(principal)})`,
    );
}

// The project's readable stack files (a missing project directory has none).
function projectStackFiles(projectDir: string) {
    if (!fs.existsSync(projectDir)) return [];
    return stackFilesIn(projectDir).flatMap((file) => {
        const read = readStackFile(file);
        return read.ok ? [read.file] : [];
    });
}

export async function main(argv: string[], io: Io): Promise<number> {
    const request = parseOrExplain(() => parseRequest(argv), USAGE, io);
    if (request === undefined) return EXIT.usage;
    // A stale build would judge the request by yesterday's rules: refused before anything is written.
    if (!freshBuild(io)) return EXIT.failure;

    // Judged as Pulumi would pass the config to the program, by the program's own check.
    const asPassed = Object.fromEntries(Object.entries(request.config).map(([key, value]) => [key, asPulumiPasses(value)]));
    const check = checkStackConfig(asPassed, () => false);
    const target = path.join(request.projectDir, `Pulumi.${request.customer}.yaml`);
    // A slug another stack file already deploys in this region (their bucket and key alias would collide).
    const taken = customerTaken({ path: target, config: asPassed, secretKeys: [] }, projectStackFiles(request.projectDir), DEFAULT_REGION);
    const problems = [
        ...(check.ok ? [] : check.problems),
        ...(taken !== undefined ? [taken] : []),
        ...(check.ok ? processorsRequiringExternalId(check.config, asPassed) : []),
    ];
    if (problems.length > 0) {
        io.stderr(`refused: nothing was written.\n${problems.map((p) => `  - ${withFlags(p)}`).join("\n")}\n`);
        return EXIT.invalidConfig;
    }
    if (!request.dryRun && fs.existsSync(target) && !request.force) {
        io.stderr(`refused: ${target} exists; nothing was written. Pass --force to replace it.\n`);
        return EXIT.invalidConfig;
    }

    const text = stackFileText(request.customer, request.config);
    let previewFile = target;
    if (request.dryRun) {
        io.stdout(text);
        previewFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "onboard-")), `Pulumi.${request.customer}.yaml`);
    }
    fs.writeFileSync(previewFile, text);
    if (!request.dryRun) io.stdout(`wrote ${target}\n`);
    try {
        // With --dry-run, stdout carries only the file (so it can be redirected); the verdict goes to stderr.
        const previewIo = request.dryRun ? { stdout: io.stderr, stderr: io.stderr } : io;
        const code = await preview(["--config-file", previewFile], previewIo);
        if (code === EXIT.admitted && !request.dryRun) {
            io.stdout(`\nNext: commit ${path.basename(target)}, then \`pulumi stack init ${request.customer} && pulumi up --stack ${request.customer}\`.\n`);
        }
        return code;
    } finally {
        if (request.dryRun) fs.rmSync(path.dirname(previewFile), { recursive: true, force: true });
    }
}

if (require.main === module) runAsCommand(main);
