// `npm run deployer-policy -- --stack <name> [--account <id>]` — prints the least-privilege IAM policy of the stack's
// deployer (components/deployerPolicy.ts): what one of its administratorPrincipals needs to run `pulumi up`,
// `pulumi refresh` and `pulumi destroy` of that stack, and nothing on other customers' resources. Only the document goes
// to stdout, as JSON, ready for `aws iam create-policy --policy-document file://...`; its size goes to stderr.
//
// Exit codes (a public interface: CI scripts depend on them):
//   0  the document is on stdout
//   2  the stack file is unreadable or invalid, or its deploying account cannot be told from it (give --account)
//   3  a usage error
//   4  anything else failed
import * as fs from "fs";
import * as path from "path";

import { AWS_PARTITION, regionPartition } from "../config/awsRegions";
import { checkStackConfig, offlineDeployingAccount } from "../checks/readStackConfig";
import { deployerPolicy, stackCreatesOf } from "../components/deployerPolicy";
import { readStackFile, stackFilesIn, stackNameOf } from "../offline/stackFile";
import { EXIT, Io, parseFlags, parseOrExplain, runAsCommand, UsageError } from "./command";
import { PROJECT_DIR } from "./preview";

export { EXIT };

/** IAM's quota on a managed policy's size, in characters without white space. */
export const MANAGED_POLICY_SIZE_QUOTA = 6144;

const USAGE = `usage: npm run deployer-policy -- --stack <name> [--account <id>] [--project-dir <dir>]
  prints the IAM policy (JSON) that lets one of the stack's administratorPrincipals run pulumi up, refresh and destroy
  of Pulumi.<name>.yaml, and nothing on other customers' buckets, keys, roles or queues
  --stack <name>          the stack
  --account <id>          the deploying account, when the stack file does not pin it (aws:allowedAccountIds) and its
                          administratorPrincipals are not all of one account
  --project-dir <dir>     where to look for stack files (default: this project)
exit codes: 0 printed, 2 invalid stack file or no deploying account, 3 usage error, 4 other failure`;

function parseInvocation(argv: string[]): { readonly file: string; readonly account?: string } {
    const v = parseFlags(argv, { stack: { type: "string" }, account: { type: "string" }, "project-dir": { type: "string" } });
    if (v.stack === undefined) throw new UsageError("--stack is required");
    if (!/^[\w.-]+$/.test(v.stack)) throw new UsageError(`--stack must be a stack name (got "${v.stack}")`);
    if (v.account !== undefined && !/^\d{12}$/.test(v.account)) throw new UsageError(`--account must be a 12-digit AWS account id (got "${v.account}")`);
    const projectDir = v["project-dir"] ?? PROJECT_DIR;
    const file = path.join(projectDir, `Pulumi.${v.stack}.yaml`);
    if (!fs.existsSync(file)) {
        const known = fs.existsSync(projectDir) ? stackFilesIn(projectDir).map((f) => stackNameOf(f)) : [];
        throw new UsageError(`--stack ${v.stack}: no ${file} (stacks here: ${known.join(", ") || "none"})`);
    }
    return { file, account: v.account };
}

/** Runs the command; returns its exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
    const invocation = parseOrExplain(() => parseInvocation(argv), USAGE, io);
    if (invocation === undefined) return EXIT.usage;
    const read = readStackFile(invocation.file);
    const check = read.ok ? checkStackConfig(read.file.config, (key) => read.file.secretKeys.includes(key)) : undefined;
    if (!read.ok || !check!.ok) {
        const problems = !read.ok ? read.problems : !check!.ok ? check!.problems : [];
        io.stderr(`Stack ${stackNameOf(invocation.file)}: invalid stack config:\n${problems.map((p) => `  - ${p}`).join("\n")}\n`);
        return EXIT.invalidConfig;
    }
    const config = check!.config;
    const region = read.file.config["aws:region"];
    const accountId = invocation.account ?? offlineDeployingAccount(config, read.file.config)?.accountId;
    const problems = [
        ...(region === undefined ? [`${read.file.path} sets no aws:region: the policy names the stack's resources in its region`] : []),
        ...(accountId === undefined
            ? [
                  `the deploying account cannot be told from ${read.file.path} (no single aws:allowedAccountIds, administrators in several accounts): give --account`,
              ]
            : []),
    ];
    if (problems.length > 0) {
        io.stderr(`deployer-policy: ${problems.join("; ")}\n`);
        return EXIT.invalidConfig;
    }
    const policy = deployerPolicy({
        customer: config.customer,
        accountId: accountId!,
        region: region!,
        partition: (regionPartition(region!) ?? AWS_PARTITION).partition,
        bucketNamespace: config.bucketNamespace,
        administrators: config.administratorPrincipals,
        creates: stackCreatesOf(config),
    });
    const text = JSON.stringify(policy, null, 2);
    io.stdout(`${text}\n`);
    io.stderr(
        `deployer-policy: ${JSON.stringify(policy).length.toLocaleString("en-US")} of ${MANAGED_POLICY_SIZE_QUOTA.toLocaleString("en-US")} characters ` +
            `(IAM's managed-policy quota), for stack ${read.file.stack} in account ${accountId}\n`,
    );
    return EXIT.admitted;
}

if (require.main === module) runAsCommand(main);
