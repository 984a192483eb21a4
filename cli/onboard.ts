// `npm run onboard -- <customer> --sse-mode <mode> --administrator <arn> [--administrator <arn> ...]
//    --uploader <arn> [--uploader <arn> ...] [--processor <arn|service> ...] [--processor-external-id <id>]
//    [--kms-key-arn <arn>] [--sse-c-key-secret <arn>] [--external-id <id>] [--region <aws-region>]
//    [--access-log-bucket <name> | --access-log-retention-days <days>]
//    [--processor-output-location <s3://bucket/prefix/> ...] [--mediaconvert-queue-arn <arn>] [--processor-job-submitter <arn> ...]
//    [--prevent-overwrites] [--require-encryption-headers] [--minimum-tls 1.3] [--role-trust-policy-quota <characters>]
//    [--force] [--dry-run]`
//
// Writes Pulumi.<customer>.yaml, checked by the same schema the program validates with, then runs the offline
// preview for it and prints the verdict. A refused request touches no file. A customer slug that another stack file of
// the project already deploys in the same region is refused (their buckets and key alias would collide), and so is an
// IAM processor of another account without --processor-external-id (a vendor serving several customers could be steered
// into this one's masters).
//
// Exit codes: 0 written (or printed) and admitted; 1 the policy pack blocks it; 2 refused: a value breaks a config
// rule, another stack file deploys the customer in that region, or the stack file exists (without --force); 3 usage
// error; 4 anything else failed.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { stringify } from "yaml";

import { accountOf } from "../config/deployingAccount";
import { checkStackConfig, offlineDeployingAccount } from "../checks/readStackConfig";
import { CONFIG_NAMESPACE, StackConfig } from "../config/stackConfig";
import { customerTaken } from "../checks/stackCollisions";
import { asPulumiPasses, DEFAULT_REGION, readStackFile, stackFilesIn } from "../offline/stackFile";
import { EXIT, Io, parseOrExplain, runAsCommand, UsageError } from "./command";
import { main as preview, PROJECT_DIR } from "./preview";

const USAGE = `usage: npm run onboard -- <customer> --sse-mode <mode> --administrator <arn> [--administrator <arn> ...]
         --uploader <arn> [--uploader <arn> ...] [--processor <arn|service> ...] [--processor-external-id <id>]
         [--kms-key-arn <arn>] [--sse-c-key-secret <arn>] [--external-id <id>] [--region <aws-region>]
         [--access-log-bucket <name> | --access-log-retention-days <days>]
         [--processor-output-location <s3://bucket/prefix/> ...] [--mediaconvert-queue-arn <arn>]
         [--processor-job-submitter <arn> ...] [--prevent-overwrites]
         [--require-encryption-headers] [--minimum-tls 1.3] [--role-trust-policy-quota <characters>]
         [--force] [--dry-run] [--project-dir <dir>]
  --administrator <arn>   an IAM role or user that runs pulumi up for this stack and administers its bucket and key
  --processor-external-id the external id IAM processors (e.g. a DRM vendor) must present
  --sse-c-key-secret      sse-c: the Secrets Manager secret holding the customer's key
  --access-log-bucket     deliver access logs to this existing bucket (same account and region) instead of creating one
  --access-log-retention-days  how long the created log bucket keeps access logs (default 365)
  --processor-output-location  where the processor writes renditions (s3://<bucket>/<prefix>/); repeat it for more
  --mediaconvert-queue-arn  an existing MediaConvert queue of the account and region (default: the stack creates one)
  --processor-job-submitter  an IAM role of the account that submits jobs with the processor role; repeat it for more
  --prevent-overwrites    uploads must send If-None-Match: * (an existing master is never replaced)
  --role-trust-policy-quota  the account's IAM quota "Role trust policy length", once AWS raised it (up to 4096)
  --force                 replace an existing Pulumi.<customer>.yaml
  --dry-run               print the stack file on stdout instead of writing it (the verdict goes to stderr)
  --project-dir <dir>     where to write the stack file (default: this project)
exit codes: 0 admitted, 1 blocked by the policy pack, 2 refused (nothing written), 3 usage error, 4 other failure`;

/** Which flag sets which config key: refusals name the flag the user typed. */
const FLAG_FOR_KEY: Record<string, string> = {
    [`${CONFIG_NAMESPACE}:customer`]: "<customer>",
    [`${CONFIG_NAMESPACE}:sseMode`]: "--sse-mode",
    [`${CONFIG_NAMESPACE}:uploaderPrincipals`]: "--uploader",
    [`${CONFIG_NAMESPACE}:processorPrincipals`]: "--processor",
    [`${CONFIG_NAMESPACE}:kmsKeyArn`]: "--kms-key-arn",
    [`${CONFIG_NAMESPACE}:uploaderExternalId`]: "--external-id",
    [`${CONFIG_NAMESPACE}:administratorPrincipals`]: "--administrator",
    [`${CONFIG_NAMESPACE}:processorExternalId`]: "--processor-external-id",
    [`${CONFIG_NAMESPACE}:sseCKeySecretArn`]: "--sse-c-key-secret",
    [`${CONFIG_NAMESPACE}:accessLogBucket`]: "--access-log-bucket",
    [`${CONFIG_NAMESPACE}:accessLogRetentionDays`]: "--access-log-retention-days",
    [`${CONFIG_NAMESPACE}:requireEncryptionHeaders`]: "--require-encryption-headers",
    [`${CONFIG_NAMESPACE}:minimumTlsVersion`]: "--minimum-tls",
    [`${CONFIG_NAMESPACE}:roleTrustPolicyQuota`]: "--role-trust-policy-quota",
    [`${CONFIG_NAMESPACE}:processorOutputLocations`]: "--processor-output-location",
    [`${CONFIG_NAMESPACE}:mediaConvertQueueArn`]: "--mediaconvert-queue-arn",
    [`${CONFIG_NAMESPACE}:processorJobSubmitters`]: "--processor-job-submitter",
    [`${CONFIG_NAMESPACE}:preventOverwrites`]: "--prevent-overwrites",
    "aws:region": "--region",
};

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
                "sse-mode": { type: "string" },
                administrator: { type: "string", multiple: true },
                uploader: { type: "string", multiple: true },
                processor: { type: "string", multiple: true },
                "kms-key-arn": { type: "string" },
                "external-id": { type: "string" },
                "processor-external-id": { type: "string" },
                "sse-c-key-secret": { type: "string" },
                "access-log-bucket": { type: "string" },
                "access-log-retention-days": { type: "string" },
                region: { type: "string" },
                "require-encryption-headers": { type: "boolean" },
                "minimum-tls": { type: "string" },
                "role-trust-policy-quota": { type: "string" },
                "processor-output-location": { type: "string", multiple: true },
                "mediaconvert-queue-arn": { type: "string" },
                "processor-job-submitter": { type: "string", multiple: true },
                "prevent-overwrites": { type: "boolean" },
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
    if (v["sse-mode"] === undefined) throw new UsageError("--sse-mode is required: one of sse-s3, sse-kms, dsse-kms, sse-c");
    if (v.administrator === undefined) {
        throw new UsageError("--administrator is required: the ARN of an IAM role or user that runs pulumi up for this stack; repeat it for more");
    }
    if (v.uploader === undefined) throw new UsageError("--uploader is required: an IAM principal ARN or account id; repeat it for more");
    const ns = (key: string) => `${CONFIG_NAMESPACE}:${key}`;
    // Only what the user chose is written: defaults stay defaults, documented in one place.
    const config: Record<string, unknown> = {};
    if (v.region !== undefined) config["aws:region"] = v.region;
    config[ns("customer")] = parsed.positionals[0];
    config[ns("sseMode")] = v["sse-mode"];
    if (v["kms-key-arn"] !== undefined) config[ns("kmsKeyArn")] = v["kms-key-arn"];
    if (v["sse-c-key-secret"] !== undefined) config[ns("sseCKeySecretArn")] = v["sse-c-key-secret"];
    config[ns("administratorPrincipals")] = v.administrator;
    config[ns("uploaderPrincipals")] = v.uploader;
    // Plain config: it guards against the confused deputy and is not a key (README shows --secret for those who prefer).
    if (v["external-id"] !== undefined) config[ns("uploaderExternalId")] = v["external-id"];
    if (v.processor !== undefined) config[ns("processorPrincipals")] = v.processor;
    if (v["processor-external-id"] !== undefined) config[ns("processorExternalId")] = v["processor-external-id"];
    if (v["access-log-bucket"] !== undefined) config[ns("accessLogBucket")] = v["access-log-bucket"];
    if (v["processor-output-location"] !== undefined) config[ns("processorOutputLocations")] = v["processor-output-location"];
    if (v["mediaconvert-queue-arn"] !== undefined) config[ns("mediaConvertQueueArn")] = v["mediaconvert-queue-arn"];
    if (v["processor-job-submitter"] !== undefined) config[ns("processorJobSubmitters")] = v["processor-job-submitter"];
    if (v["prevent-overwrites"]) config[ns("preventOverwrites")] = true;
    // As a number when it is one, so that the stack file says 90, not "90"; the schema judges either.
    const retention = v["access-log-retention-days"];
    if (retention !== undefined) config[ns("accessLogRetentionDays")] = /^\d+$/.test(retention) ? Number(retention) : retention;
    if (v["require-encryption-headers"]) config[ns("requireEncryptionHeaders")] = true;
    if (v["minimum-tls"] !== undefined) config[ns("minimumTlsVersion")] = v["minimum-tls"];
    const quota = v["role-trust-policy-quota"];
    // A number in the file when it is one; anything else as typed, for the schema to quote back.
    if (quota !== undefined) config[ns("roleTrustPolicyQuota")] = /^\d+$/.test(quota) ? Number(quota) : quota;
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
function processorsWithoutExternalId(config: StackConfig, asPassed: Record<string, string>): string[] {
    if (config.processorExternalId !== undefined) return [];
    const deploying = offlineDeployingAccount(config, asPassed)?.accountId;
    return config.processorPrincipals.flatMap((principal, index) => {
        const account = accountOf(principal);
        if (account === undefined || account === deploying) return [];
        return [
            `--processor #${index + 1} (${CONFIG_NAMESPACE}:processorPrincipals[${index}]) is an IAM principal of account ${account}, and a new customer's ` +
                "processor of another account must present an external id (a vendor serving several customers could otherwise be steered into this " +
                `customer's masters: the confused deputy); agree one with the vendor and pass --processor-external-id (got ${JSON.stringify(principal)})`,
        ];
    });
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

    // Judged as Pulumi would pass the config to the program, by the program's own check.
    const asPassed = Object.fromEntries(Object.entries(request.config).map(([key, value]) => [key, asPulumiPasses(value)]));
    const check = checkStackConfig(asPassed, () => false);
    const target = path.join(request.projectDir, `Pulumi.${request.customer}.yaml`);
    // A slug another stack file already deploys in this region (their bucket and key alias would collide).
    const taken = customerTaken({ path: target, config: asPassed, secretKeys: [] }, projectStackFiles(request.projectDir), DEFAULT_REGION);
    const problems = [
        ...(check.ok ? [] : check.problems),
        ...(taken !== undefined ? [taken] : []),
        ...(check.ok ? processorsWithoutExternalId(check.config, asPassed) : []),
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
