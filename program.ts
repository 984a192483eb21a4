// The customer stack: one validated config, a deployer who administers it, one CustomerIngest, its outputs.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { CallerNotAdministratorError, callerProblem } from "./config/caller";
import { CustomerIngest } from "./components/customerIngest";
import { deployingAccountProblems } from "./config/deployingAccount";
import { readStackConfig } from "./checks/readStackConfig";
import { StackConfigError } from "./config/stackConfig";
import { stackNotes } from "./config/stackNotes";

export async function customerStack() {
    // Validation throws before any resource is registered, and so does a deployer who is not an administrator
    // (the component refuses one too; checked here first, so that Pulumi prints the reason alone).
    const { config, uploaderExternalId, processorExternalId } = readStackConfig();
    const caller = await aws.getCallerIdentity();
    const problem = callerProblem(caller.arn, config.administratorPrincipals);
    if (problem !== undefined) throw new CallerNotAdministratorError(problem);
    // What only the deploying account decides (its own id as a principal, a key secret in it, ...), now that it is known.
    const { region } = await aws.getRegion();
    const accountProblems = deployingAccountProblems(config, { accountId: caller.accountId, region, source: "the caller's account" });
    if (accountProblems.length > 0) throw new StackConfigError(accountProblems);
    for (const note of stackNotes(config, caller.accountId)) void pulumi.log.warn(note);
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
