// `npm run guardrail` — prints the organisation's service control policy (SCP) that keeps the ingest roles from being
// created, changed or passed by anyone but the stacks' administrators (and each processor role's job submitters), built
// from every stack file of the project (components/guardrail.ts says why). Only the document goes to stdout, as
// compact JSON, ready for `aws organizations create-policy --type SERVICE_CONTROL_POLICY --content file://...`; its
// size goes to stderr.
//
// Exit codes (a public interface: CI scripts depend on them):
//   0  the document is on stdout
//   2  a stack file is unreadable or invalid, or the document exceeds AWS Organizations' SCP size quota (what to trim
//      on stderr); nothing on stdout
//   3  a usage error
//   4  anything else failed
import * as fs from "fs";
import * as path from "path";

import { AWS_PARTITION, regionPartition } from "../config/awsRegions";
import { checkStackConfig } from "../checks/readStackConfig";
import { GuardrailStack, guardrailPolicy, oversizeProblem, SCP_SIZE_QUOTA, serialisePolicy } from "../components/guardrail";
import { readStackFile, stackFilesIn, stackNameOf } from "../offline/stackFile";
import { EXIT, Io, parseFlags, parseOrExplain, runAsCommand, UsageError } from "./command";
import { PROJECT_DIR } from "./preview";

export { EXIT };

const USAGE = `usage: npm run guardrail [-- --project-dir <dir>]
  prints one AWS Organizations service control policy (JSON) for every Pulumi.<stack>.yaml of the project: only the
  stacks' administratorPrincipals create, change or pass the ingest roles; their processorJobSubmitters also pass the
  processor roles
  --project-dir <dir>     where to look for stack files (default: this project)
exit codes: 0 printed, 2 invalid stack file or over the SCP size quota (nothing printed), 3 usage error, 4 other failure`;

function parseInvocation(argv: string[]): { readonly files: string[] } {
    const v = parseFlags(argv, { "project-dir": { type: "string" } });
    const projectDir = v["project-dir"] ?? PROJECT_DIR;
    if (!fs.existsSync(projectDir) || !fs.statSync(projectDir).isDirectory()) throw new UsageError(`--project-dir ${projectDir}: no such directory`);
    const files = stackFilesIn(projectDir);
    if (files.length === 0) throw new UsageError(`no Pulumi.<stack>.yaml in ${projectDir}: no stack to guard`);
    return { files };
}

/** Runs the command; returns its exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
    const invocation = parseOrExplain(() => parseInvocation(argv), USAGE, io);
    if (invocation === undefined) return EXIT.usage;

    const stacks: GuardrailStack[] = [];
    const invalid: string[] = [];
    for (const file of invocation.files) {
        const read = guardrailStackOf(file);
        if (read.ok) stacks.push(read.stack);
        else invalid.push(`Stack ${stackNameOf(file) ?? file}: invalid stack config:\n${read.problems.map((p) => `  - ${p}`).join("\n")}\n`);
    }
    if (invalid.length > 0) {
        io.stderr(invalid.join(""));
        return EXIT.invalidConfig;
    }
    const tooLarge = oversizeProblem(stacks);
    if (tooLarge !== undefined) {
        io.stderr(`guardrail: ${tooLarge}\n`);
        return EXIT.invalidConfig;
    }
    const text = serialisePolicy(guardrailPolicy(stacks));
    io.stdout(`${text}\n`);
    io.stderr(
        `guardrail: ${text.length.toLocaleString("en-US")} of ${SCP_SIZE_QUOTA.toLocaleString("en-US")} characters (the SCP quota), ` +
            `${stacks.length} stack${stacks.length === 1 ? "" : "s"}\n`,
    );
    return EXIT.admitted;
}

/** A stack file as the guardrail needs it, validated as the program validates its config. */
function guardrailStackOf(file: string): { ok: true; stack: GuardrailStack } | { ok: false; problems: readonly string[] } {
    const read = readStackFile(file);
    if (!read.ok) return read;
    const all = read.file.config;
    const check = checkStackConfig(all, (key) => read.file.secretKeys.includes(key));
    const accounts = pinnedAccounts(all["aws:allowedAccountIds"]);
    const problems = [...(check.ok ? [] : check.problems), ...(accounts.ok ? [] : [accounts.problem])];
    if (!check.ok || !accounts.ok) return { ok: false, problems };
    const region = all["aws:region"];
    return {
        ok: true,
        stack: {
            file: path.basename(file),
            customer: check.config.customer,
            partition: ((region === undefined ? undefined : regionPartition(region)) ?? AWS_PARTITION).partition,
            accounts: accounts.ids,
            administrators: check.config.administratorPrincipals,
            jobSubmitters: check.config.processorJobSubmitters,
        },
    };
}

// The AWS provider's `allowedAccountIds` (Pulumi passes the list as JSON): each names the account of one role pattern.
// A value that is no list of account ids is refused, rather than guessed at: `pulumi up` would refuse it too.
function pinnedAccounts(value: string | undefined): { ok: true; ids: string[] | undefined } | { ok: false; problem: string } {
    if (value === undefined) return { ok: true, ids: undefined };
    let list: unknown;
    try {
        list = JSON.parse(value);
    } catch {
        list = value;
    }
    if (Array.isArray(list) && list.length > 0 && list.every((id) => /^\d{12}$/.test(String(id)))) {
        return { ok: true, ids: [...new Set(list.map(String))] };
    }
    return { ok: false, problem: `aws:allowedAccountIds must be a list of 12-digit AWS account ids (got ${value})` };
}

if (require.main === module) runAsCommand(main);
