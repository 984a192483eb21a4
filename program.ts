// The customer stack: one validated config, a deployer who administers it, one CustomerIngest, its outputs.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import {
    administratorExistenceProblems,
    deployedKmsKey,
    CallerNotAdministratorError,
    deployedAdministratorProblem,
    deployedAdministrators,
    exactCallerProblem,
    iamIdentityOf,
} from "./config/caller";
import { CustomerIngest } from "./components/customerIngest";
import { deployingAccountProblems } from "./config/deployingAccount";
import { BucketNamespace, ingestBucketName } from "./config/names";
import { readStackConfig } from "./checks/readStackConfig";
import { isKmsMode } from "./config/sseModes";
import { CONFIG_NAMESPACE, StackConfig, StackConfigError } from "./config/stackConfig";
import { stackNotes } from "./config/stackNotes";

export async function customerStack() {
    // Validation throws before any resource is registered, and so does a deployer who is not an administrator
    // (the component refuses one too; checked here first, so that Pulumi prints the reason alone).
    const { config, uploaderExternalId, processorExternalId } = readStackConfig();
    const caller = await aws.getCallerIdentity();
    // The policies compare the caller's full ARN, path included: an assumed-role session names only the role.
    const callerArn = await fullArnOf(caller.arn);
    const problem = exactCallerProblem(caller.arn, callerArn, config.administratorPrincipals);
    if (problem !== undefined) throw new CallerNotAdministratorError(problem);
    const missing = administratorExistenceProblems(
        config.administratorPrincipals,
        caller.accountId,
        await administratorsInIam(config.administratorPrincipals, caller.accountId),
    );
    if (missing.length > 0) throw new StackConfigError(missing);
    // What only the deploying account decides (its own id as a principal, a key secret in it, ...), now that it is known.
    const { region } = await aws.getRegion();
    // The deployed bucket, as S3 answers for it: none yet, ours (with its policy), or a name another account holds.
    const bucketName = ingestBucketName(config.customer, caller.accountId, region, config.bucketNamespace);
    const deployed = await deployedBucket(bucketName);
    const namespaceProblem = bucketNamespaceProblem(
        config,
        deployed,
        await deployedBucket(ingestBucketName(config.customer, caller.accountId, region, otherNamespace(config.bucketNamespace))),
        caller.accountId,
        region,
    );
    if (namespaceProblem !== undefined) throw new StackConfigError([namespaceProblem]);
    // AWS checks the deployed policies, not the new list: only a deployed administrator can deploy a change.
    const administrators = deployed.state === "ours" && deployed.policy !== undefined ? deployedAdministrators(deployed.policy) : undefined;
    const notDeployedAdministrator = administrators === undefined ? undefined : deployedAdministratorProblem(callerArn, administrators);
    if (notDeployedAdministrator !== undefined) throw new CallerNotAdministratorError(notDeployedAdministrator);
    const accountProblems = deployingAccountProblems(config, { accountId: caller.accountId, region, source: "the caller's account" });
    if (accountProblems.length > 0) throw new StackConfigError(accountProblems);
    for (const note of stackNotes(config, caller.accountId)) void pulumi.log.warn(note);
    const switched = deployed.state === "ours" && deployed.policy !== undefined ? keySwitchNote(config, deployed.policy) : undefined;
    if (switched !== undefined) void pulumi.log.warn(switched);
    const ingest = new CustomerIngest(config.customer, { ...config, uploaderExternalId, processorExternalId });
    const outputs = {
        customer: config.customer,
        bucketName: ingest.bucketName,
        bucketArn: ingest.bucketArn,
        sseMode: ingest.sseMode,
        kmsKeyArn: ingest.kmsKeyArn,
        uploaderRoleArn: ingest.uploaderRoleArn,
        processorRoleArn: ingest.processorRoleArn,
        uploadInstructions: ingest.uploadInstructions,
        customerKeyPolicyStatements: ingest.customerKeyPolicyStatements,
        sseCKeySecretPolicyStatements: ingest.sseCKeySecretPolicyStatements,
        sseCKeySecretKmsKeyPolicyStatements: ingest.sseCKeySecretKmsKeyPolicyStatements,
        accessLogBucketName: ingest.accessLogBucketName,
        accessLogPrefix: ingest.accessLogPrefix,
        accessLogBucketPolicyStatements: ingest.accessLogBucketPolicyStatements,
        processorOutputLocations: ingest.processorOutputLocations,
        mediaConvertQueueArn: ingest.mediaConvertQueueArn,
    };
    // Outputs that do not apply to the mode (kmsKeyArn in sse-s3, ...) are left out rather than exported empty.
    return Object.fromEntries(Object.entries(outputs).filter(([, value]) => value !== undefined));
}

/** The caller's full ARN, path included: an assumed-role session's role as IAM knows it, or the user's ARN as STS gives it. */
async function fullArnOf(callerArn: string): Promise<string> {
    const identity = iamIdentityOf(callerArn);
    if (identity === undefined || identity.kind !== "role" || !callerArn.includes(":sts::")) return callerArn;
    try {
        return (await aws.iam.getRole({ name: identity.name })).arn;
    } catch (error) {
        throw new CallerNotAdministratorError(
            `could not read the caller's role ${identity.name} from IAM (iam:GetRole), which the caller check needs to compare its full ARN, ` +
                `path included, with administratorPrincipals: ${messageOf(error)}`,
        );
    }
}

/** What IAM says of each listed administrator of the deploying account: its full ARN, or undefined when it has none. */
async function administratorsInIam(administrators: readonly string[], accountId: string): Promise<Map<string, string | undefined>> {
    const found = new Map<string, string | undefined>();
    for (const administrator of administrators) {
        const identity = iamIdentityOf(administrator);
        if (identity === undefined || identity.accountId !== accountId) continue;
        try {
            found.set(
                administrator,
                identity.kind === "role" ? (await aws.iam.getRole({ name: identity.name })).arn : (await aws.iam.getUser({ userName: identity.name })).arn,
            );
        } catch (error) {
            if (!/NoSuchEntity|cannot be found|not found/i.test(messageOf(error))) throw error;
            found.set(administrator, undefined);
        }
    }
    return found;
}

/** A bucket name as S3 answers for it. */
type DeployedBucket =
    { readonly state: "absent" } | { readonly state: "ours"; readonly policy?: string } | { readonly state: "another account"; readonly answer: string };

/** Whether `bucket` exists, and its policy: S3's GetBucketPolicy tells a missing bucket, one without a policy, and one of another account. */
async function deployedBucket(bucket: string): Promise<DeployedBucket> {
    try {
        return { state: "ours", policy: (await aws.s3.getBucketPolicy({ bucket })).policy };
    } catch (error) {
        const message = messageOf(error);
        if (/NoSuchBucketPolicy/.test(message)) return { state: "ours" };
        if (/NoSuchBucket/.test(message)) return { state: "absent" };
        if (/AccessDenied|Forbidden|403/.test(message)) return { state: "another account", answer: message };
        throw error;
    }
}

const otherNamespace = (namespace: BucketNamespace): BucketNamespace => (namespace === "global" ? "account-regional" : "global");

/**
 * Why the bucket name cannot be deployed: it belongs to another account (a squatted name), or the stack's bucket
 * lives in the other namespace (S3 cannot rename a bucket, so switching would replace the one holding the masters).
 */
function bucketNamespaceProblem(
    config: StackConfig,
    deployed: DeployedBucket,
    inOtherNamespace: DeployedBucket,
    accountId: string,
    region: string,
): string | undefined {
    const key = `${CONFIG_NAMESPACE}:bucketNamespace`;
    const name = ingestBucketName(config.customer, accountId, region, config.bucketNamespace);
    if (deployed.state === "another account") {
        return (
            `the bucket name ${name} is not this account's: S3 answers AccessDenied to reading it (${deployed.answer}). In the global namespace ` +
            `anyone can create a predictable name first; set ${key} to account-regional (names only this account can create), or, if the bucket ` +
            "is ours, let the caller read its policy (s3:GetBucketPolicy)"
        );
    }
    if (deployed.state === "absent" && inOtherNamespace.state === "ours") {
        const other = otherNamespace(config.bucketNamespace);
        return (
            `${key} is ${config.bucketNamespace}, but this stack's ingest bucket is ${ingestBucketName(config.customer, accountId, region, other)}, in the ` +
            `${other} namespace: S3 cannot rename a bucket, so switching would replace the bucket that holds the masters; keep ${key} ${other}`
        );
    }
    return undefined;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * What a mode change away from the key the deployed stack encrypts with does, said before it happens: the key is not
 * deleted (a created key is retained), the masters written under it stay so and stay readable by the processor.
 */
function keySwitchNote(config: StackConfig, deployedPolicy: string): string | undefined {
    const key = deployedKmsKey(deployedPolicy);
    if (key === undefined || (isKmsMode(config.sseMode) && (config.kmsKeyArn === undefined || config.kmsKeyArn === key))) return undefined;
    return (
        `${CONFIG_NAMESPACE}:sseMode ${config.sseMode}${config.kmsKeyArn !== undefined ? ` with kmsKeyArn ${config.kmsKeyArn}` : ""} switches the bucket away from ` +
        `the KMS key it encrypts with now, ${key}: new uploads use the new mode; the masters written before stay encrypted under ${key}, which the ` +
        "stack never deletes (a key it created is retained, and keeps the policy that lets the processor decrypt them through S3). With protect " +
        "true, unprotect the created key first (pulumi state unprotect); retire the key once no object needs it (docs/lifecycle.md, Changing the mode)"
    );
}
