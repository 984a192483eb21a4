// The customer stack: one validated config, one CustomerIngest, its outputs.
import { CustomerIngest } from "./components/customerIngest";
import { readStackConfig } from "./config/readStackConfig";

export function customerStack() {
    // Validation throws before any resource is registered.
    const { config, uploaderExternalId } = readStackConfig();
    const ingest = new CustomerIngest(config.customer, { ...config, uploaderExternalId });
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
    };
    // Outputs that do not apply to the mode (kmsKeyArn in sse-s3, ...) are left out rather than exported empty.
    return Object.fromEntries(Object.entries(outputs).filter(([, value]) => value !== undefined));
}
