// The customer stack: one validated config, a deployer who administers it, one CustomerIngest, its outputs.
import * as aws from "@pulumi/aws";

import { CallerNotAdministratorError, callerProblem } from "./components/caller";
import { CustomerIngest } from "./components/customerIngest";
import { readStackConfig } from "./config/readStackConfig";

export async function customerStack() {
    // Validation throws before any resource is registered, and so does a deployer who is not an administrator
    // (the component refuses one too; checked here first, so that Pulumi prints the reason alone).
    const { config, uploaderExternalId, processorExternalId } = readStackConfig();
    const problem = callerProblem((await aws.getCallerIdentity()).arn, config.administratorPrincipals);
    if (problem !== undefined) throw new CallerNotAdministratorError(problem);
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
    };
    // Outputs that do not apply to the mode (kmsKeyArn in sse-s3, ...) are left out rather than exported empty.
    return Object.fromEntries(Object.entries(outputs).filter(([, value]) => value !== undefined));
}
