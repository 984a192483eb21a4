// What a customer runs to upload, for each mode: the exact AWS CLI command, after assuming the uploader role.
import { assertNever, EncryptionPlan } from "./encryption";

export interface UploadInstructionArgs {
    readonly plan: EncryptionPlan;
    readonly bucketName: string;
    readonly keyArn?: string;
    readonly uploaderRoleArn: string;
    readonly processorRoleArn: string;
    readonly externalIdRequired: boolean;
    readonly requireEncryptionHeaders: boolean;
    /** sse-c: the secret the processors read the customer's key from. */
    readonly sseCKeySecretArn?: string;
}

export function uploadInstructions(args: UploadInstructionArgs): string {
    const assume = `Assume ${args.uploaderRoleArn}` + (args.externalIdRequired ? " with the agreed external id" : "") + ", then run:\n";
    const target = `s3://${args.bucketName}/master.mov`;
    const plan = args.plan;
    switch (plan.mode) {
        case "sse-s3":
            return (
                assume +
                `  aws s3 cp ./master.mov ${target} --sse AES256\n` +
                (args.requireEncryptionHeaders
                    ? "This bucket refuses uploads without the header, and so refuses multipart uploads: raise the CLI's multipart_threshold above the file size (single PUTs are limited to 5 GB)."
                    : "Tools that cannot send encryption headers may omit --sse: the bucket encrypts with SSE-S3 by default.")
            );
        case "sse-kms":
            return assume + `  aws s3 cp ./master.mov ${target} --sse aws:kms --sse-kms-key-id ${args.keyArn}\n` + kmsNote(args);
        case "dsse-kms":
            // `aws s3 cp` cannot ask for DSSE; s3api can, one PUT (up to 5 GB) at a time.
            return (
                assume +
                `  aws s3api put-object --bucket ${args.bucketName} --key master.mov --body ./master.mov ` +
                `--server-side-encryption aws:kms:dsse --ssekms-key-id ${args.keyArn}\n` +
                kmsNote(args)
            );
        case "sse-c":
            return (
                assume +
                `  aws s3 cp ./master.mov ${target} --sse-c AES256 --sse-c-key fileb://customer-key.bin\n` +
                "customer-key.bin is the customer's 32-byte key. S3 does not keep it: every upload and download must send it, and an object whose key is lost cannot be read.\n" +
                "Uploads in parts send the SSE-C headers on CreateMultipartUpload, every UploadPart and CompleteMultipartUpload (AWS CLI v2 does).\n" +
                `Processors assume ${args.processorRoleArn}, read the key from ${args.sseCKeySecretArn} (stored as SecretBinary) and send it on every GET:\n` +
                `  aws secretsmanager get-secret-value --secret-id ${args.sseCKeySecretArn} --query SecretBinary --output text | base64 -d > customer-key.bin\n` +
                `  aws s3 cp ${target} ./master.mov --sse-c AES256 --sse-c-key fileb://customer-key.bin`
            );
        default:
            return assertNever(plan);
    }
}

function kmsNote(args: UploadInstructionArgs): string {
    return args.requireEncryptionHeaders
        ? "This bucket refuses uploads without the encryption header, and so refuses multipart uploads: upload each file in one PUT (up to 5 GB)."
        : "Uploads without encryption headers are encrypted with this key by default.";
}
