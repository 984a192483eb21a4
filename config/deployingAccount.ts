// What only the deploying account decides: a config can be valid in one account and dangerous in another.
// - the account itself (its id or root) as an uploader or processor delegates the role to every IAM principal of the
//   account that an IAM policy lets assume roles;
// - an SSE-C key secret in the account is the account's to read, whatever its resource policy says;
// - a MediaConvert queue, and the roles that pass the processor role, must be the account's own;
// - renditions never land in the ingest bucket or its log bucket.
// `pulumi up` knows the account (the caller's) before anything is registered; offline it is known where the stack
// file pins it (aws:allowedAccountIds) or where every administrator is of one account (the caller must be one of them).
import { accessLogBucketName, ingestBucketName } from "./names";
import { CONFIG_NAMESPACE, isAccountId, isServicePrincipal, parseS3Location, StackConfig } from "./stackConfig";

const ns = (key: string) => `${CONFIG_NAMESPACE}:${key}`;

/** Where a stack deploys, as far as these checks need it. */
export interface DeployingAccount {
    readonly accountId: string;
    /** The stack's region, when known (it names the ingest and log buckets). */
    readonly region?: string;
    /** How the account is known, for the messages: "the caller's account", "aws:allowedAccountIds". */
    readonly source: string;
}

/**
 * The AWS provider's `aws:allowedAccountIds` as Pulumi passes it (a JSON list): the accounts `pulumi up` may deploy
 * to. Undefined when unset, or not a list (the provider refuses it at `pulumi up`).
 */
export function allowedAccountIdsOf(value: string | undefined): string[] | undefined {
    if (value === undefined) return undefined;
    try {
        const list = JSON.parse(value);
        if (Array.isArray(list) && list.length > 0 && list.every((id) => typeof id === "string" || typeof id === "number")) {
            return [...new Set(list.map(String))];
        }
    } catch {
        // not a list: the accounts are unknown
    }
    return undefined;
}

/** The account an ARN or account id names (`arn:aws:iam::<account>:...`); undefined for service principals. */
export function accountOf(principal: string): string | undefined {
    if (isAccountId(principal)) return principal;
    if (isServicePrincipal(principal)) return undefined;
    const account = principal.split(":")[4];
    return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/** The account itself: its id, or its root ARN. */
function isAccountItself(principal: string, accountId: string): boolean {
    return principal === accountId || new RegExp(`^arn:[\\w-]+:iam::${accountId}:root$`).test(principal);
}

/** Every problem of `config` in the deploying account `account`; each names the key, the value and a fix. */
export function deployingAccountProblems(config: StackConfig, account: DeployingAccount): string[] {
    const { accountId, source } = account;
    const problems: string[] = [];
    const lists: Array<["uploaderPrincipals" | "processorPrincipals", string]> = [
        ["uploaderPrincipals", "uploader"],
        ["processorPrincipals", "processor"],
    ];
    for (const [key, role] of lists) {
        config[key].forEach((principal, index) => {
            if (!isAccountItself(principal, accountId)) return;
            problems.push(
                `${ns(key)}[${index}] is the deploying account ${accountId} itself (${source}): a trust policy naming an account delegates the ` +
                    `${role} role to every IAM principal of it whose IAM policies allow sts:AssumeRole (PowerUserAccess does); ` +
                    `list the IAM roles that ${role === "uploader" ? "upload" : "process"} instead (got ${JSON.stringify(principal)})`,
            );
        });
    }
    const secret = config.sseCKeySecretArn;
    if (secret !== undefined && accountOf(secret) === accountId) {
        problems.push(
            `${ns("sseCKeySecretArn")} is a secret of the deploying account ${accountId} (${source}): there its administrators (or PowerUserAccess) ` +
                "can delete the secret's resource policy, then read, replace or delete the customer's key, and sse-c exists so that the customer " +
                `controls our ability to read; keep the secret in the customer's account (got ${JSON.stringify(secret)})`,
        );
    }
    const queue = config.mediaConvertQueueArn;
    if (queue !== undefined) {
        const [, , , queueRegion, queueAccount] = queue.split(":");
        if (queueAccount !== accountId) {
            problems.push(
                `${ns("mediaConvertQueueArn")} is a queue of account ${queueAccount}, not of the deploying account ${accountId} (${source}): ` +
                    "MediaConvert runs a job with a role of the job's own account, and the processor role trusts only jobs of this account's queue; " +
                    `name a queue of account ${accountId}, or leave the key unset and the stack creates one (got ${JSON.stringify(queue)})`,
            );
        }
        if (account.region !== undefined && queueRegion !== account.region) {
            problems.push(
                `${ns("mediaConvertQueueArn")} is a queue of region ${queueRegion}, not of the stack's region ${account.region}: ` +
                    `name a queue of ${account.region}, or leave the key unset and the stack creates one (got ${JSON.stringify(queue)})`,
            );
        }
    }
    config.processorJobSubmitters.forEach((submitter, index) => {
        const submitterAccount = accountOf(submitter);
        if (submitterAccount === accountId) return;
        problems.push(
            `${ns("processorJobSubmitters")}[${index}] is a role of account ${submitterAccount}, not of the deploying account ${accountId} (${source}): ` +
                `iam:PassRole passes only roles of the caller's own account, so only a role of account ${accountId} can submit jobs with the ` +
                `processor role (got ${JSON.stringify(submitter)})`,
        );
    });
    if (account.region !== undefined) problems.push(...outputLocationProblems(config, accountId, account.region));
    return problems;
}

/**
 * Renditions never land in the ingest bucket (only the uploader writes there) or in its access-log bucket. With the
 * account unknown (offline), the buckets of this customer and region in any account.
 */
export function outputLocationProblems(config: StackConfig, accountId: string | undefined, region: string): string[] {
    // Slug and region are validated (letters, digits, hyphens): no regular-expression syntax.
    const account = accountId ?? "\\d{12}";
    const ingest = new RegExp(`^${ingestBucketName(config.customer, account, region, config.bucketNamespace)}$`);
    const logs =
        config.accessLogBucket !== undefined ? undefined : new RegExp(`^${accessLogBucketName(config.customer, account, region, config.bucketNamespace)}$`);
    const problems: string[] = [];
    config.processorOutputLocations.forEach((location, index) => {
        const bucket = parseS3Location(location)?.bucket ?? "";
        const isLogBucket = bucket === config.accessLogBucket || (logs !== undefined && logs.test(bucket));
        const which = ingest.test(bucket) ? "the ingest bucket" : isLogBucket ? "the ingest bucket's access-log bucket" : undefined;
        if (which === undefined) return;
        problems.push(
            `${ns("processorOutputLocations")}[${index}] is in ${which} ${bucket}: renditions never go there (the ingest bucket holds the ` +
                `masters and admits only the uploader's writes; the log bucket only S3's log delivery); name a bucket of renditions (got ${JSON.stringify(location)})`,
        );
    });
    return problems;
}
