// What a customer runs to upload, for each mode (components/uploadInstructions.ts): the exact text.
import * as assert from "assert";

import { EncryptionPlan } from "../../components/encryption";
import { UploadInstructionArgs, uploadInstructions } from "../../components/uploadInstructions";
import { SseMode } from "../../config/sseModes";

const BUCKET = "acme-123456789012-eu-west-1";
const UPLOADER = "arn:aws:iam::123456789012:role/acme-uploader-1a2b3c4";
const PROCESSOR = "arn:aws:iam::123456789012:role/acme-processor-5d6e7f8";
const CREATED_KEY = "arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const SECRET = "arn:aws:secretsmanager:eu-central-1:210987654321:secret:acme/sse-c-key-AbC123";

const PLANS: Record<SseMode, EncryptionPlan> = {
    "sse-s3": { mode: "sse-s3" },
    "sse-kms": { mode: "sse-kms", key: { source: "created" } },
    "dsse-kms": { mode: "dsse-kms", key: { source: "created" } },
    "sse-c": { mode: "sse-c" },
};

/** The happy fixture: one mode's instructions as the component asks for them; each row changes one thing. */
function instructionArgs(mode: SseMode, change: Partial<UploadInstructionArgs> = {}): UploadInstructionArgs {
    return {
        plan: PLANS[mode],
        bucketName: BUCKET,
        ...(mode === "sse-kms" || mode === "dsse-kms" ? { keyArn: CREATED_KEY } : {}),
        ...(mode === "sse-c" ? { sseCKeySecretArn: SECRET } : {}),
        uploaderRoleArn: UPLOADER,
        processorRoleArn: PROCESSOR,
        externalIdRequired: false,
        requireEncryptionHeaders: false,
        ...change,
    };
}

const ASSUME = `Assume ${UPLOADER}, then run:\n`;
const ASSUME_WITH_EXTERNAL_ID = `Assume ${UPLOADER} with the agreed external id, then run:\n`;
const SSE_S3_UPLOAD = `  aws s3 cp ./master.mov s3://${BUCKET}/master.mov --sse AES256\n`;
const SSE_KMS_UPLOAD = `  aws s3 cp ./master.mov s3://${BUCKET}/master.mov --sse aws:kms --sse-kms-key-id ${CREATED_KEY}\n`;
const DSSE_KMS_UPLOAD =
    `  aws s3api put-object --bucket ${BUCKET} --key master.mov --body ./master.mov ` +
    `--server-side-encryption aws:kms:dsse --ssekms-key-id ${CREATED_KEY}\n`;
const KMS_HEADERLESS = "Uploads without encryption headers are encrypted with this key by default.";
const KMS_HEADERS_REQUIRED =
    "This bucket refuses uploads without the encryption header, and so refuses multipart uploads: upload each file in one PUT (up to 5 GB).";
const SSE_C =
    `  aws s3 cp ./master.mov s3://${BUCKET}/master.mov --sse-c AES256 --sse-c-key fileb://customer-key.bin\n` +
    "customer-key.bin is the customer's 32-byte key. S3 does not keep it: every upload and download must send it, and an object whose key is lost cannot be read.\n" +
    "Uploads in parts send the SSE-C headers on CreateMultipartUpload, every UploadPart and CompleteMultipartUpload (AWS CLI v2 does).\n" +
    `Processors assume ${PROCESSOR}, read the key from ${SECRET} (stored as SecretBinary) and send it on every GET:\n` +
    `  aws secretsmanager get-secret-value --secret-id ${SECRET} --query SecretBinary --output text | base64 -d > customer-key.bin\n` +
    `  aws s3 cp s3://${BUCKET}/master.mov ./master.mov --sse-c AES256 --sse-c-key fileb://customer-key.bin`;

const ROWS: ReadonlyArray<{ readonly name: string; readonly args: UploadInstructionArgs; readonly text: string }> = [
    {
        name: "sse-s3: uploads with --sse AES256, and says header-less tools are encrypted by default",
        args: instructionArgs("sse-s3"),
        text: ASSUME + SSE_S3_UPLOAD + "Tools that cannot send encryption headers may omit --sse: the bucket encrypts with SSE-S3 by default.",
    },
    {
        name: "sse-s3 with requireEncryptionHeaders: says multipart uploads are refused and how to avoid them",
        args: instructionArgs("sse-s3", { requireEncryptionHeaders: true }),
        text:
            ASSUME +
            SSE_S3_UPLOAD +
            "This bucket refuses uploads without the header, and so refuses multipart uploads: raise the CLI's multipart_threshold above the file size (single PUTs are limited to 5 GB).",
    },
    {
        name: "sse-s3 with an external id: says to assume the role with it",
        args: instructionArgs("sse-s3", { externalIdRequired: true }),
        text: ASSUME_WITH_EXTERNAL_ID + SSE_S3_UPLOAD + "Tools that cannot send encryption headers may omit --sse: the bucket encrypts with SSE-S3 by default.",
    },
    {
        name: "sse-kms: uploads with aws:kms and the key in use, and says header-less uploads use that key",
        args: instructionArgs("sse-kms"),
        text: ASSUME + SSE_KMS_UPLOAD + KMS_HEADERLESS,
    },
    {
        name: "sse-kms with requireEncryptionHeaders: says to upload each file in one PUT",
        args: instructionArgs("sse-kms", { requireEncryptionHeaders: true }),
        text: ASSUME + SSE_KMS_UPLOAD + KMS_HEADERS_REQUIRED,
    },
    {
        name: "sse-kms with the customer's key: names that key",
        args: instructionArgs("sse-kms", {
            plan: { mode: "sse-kms", key: { source: "customer", arn: "arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab" } },
            keyArn: "arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        }),
        text:
            ASSUME +
            `  aws s3 cp ./master.mov s3://${BUCKET}/master.mov --sse aws:kms --sse-kms-key-id arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab\n` +
            KMS_HEADERLESS,
    },
    {
        name: "dsse-kms: uploads with s3api put-object, aws:kms:dsse and the key in use",
        args: instructionArgs("dsse-kms"),
        text: ASSUME + DSSE_KMS_UPLOAD + KMS_HEADERLESS,
    },
    {
        name: "dsse-kms with requireEncryptionHeaders: says to upload each file in one PUT",
        args: instructionArgs("dsse-kms", { requireEncryptionHeaders: true }),
        text: ASSUME + DSSE_KMS_UPLOAD + KMS_HEADERS_REQUIRED,
    },
    {
        name: "dsse-kms with an external id: says to assume the role with it",
        args: instructionArgs("dsse-kms", { externalIdRequired: true }),
        text: ASSUME_WITH_EXTERNAL_ID + DSSE_KMS_UPLOAD + KMS_HEADERLESS,
    },
    {
        name: "sse-c: uploads with the customer's key, and tells processors how to read it from its secret and send it",
        args: instructionArgs("sse-c"),
        text: ASSUME + SSE_C,
    },
    {
        name: "sse-c with requireEncryptionHeaders: the same text, since SSE-C headers are always required",
        args: instructionArgs("sse-c", { requireEncryptionHeaders: true }),
        text: ASSUME + SSE_C,
    },
    {
        name: "sse-c with an external id: says to assume the role with it",
        args: instructionArgs("sse-c", { externalIdRequired: true }),
        text: ASSUME_WITH_EXTERNAL_ID + SSE_C,
    },
];

describe("the upload instructions", () => {
    for (const { name, args, text } of ROWS) {
        it(name, () => {
            assert.strictEqual(uploadInstructions(args), text);
        });
    }

    it("gives every mode exactly one upload command line, the mode's", () => {
        const commands = (mode: SseMode) =>
            uploadInstructions(instructionArgs(mode))
                .split("\n")
                .filter((line) => line.startsWith("  aws s3 cp ./") || line.startsWith("  aws s3api put-object"));
        assert.deepStrictEqual(commands("sse-s3"), [SSE_S3_UPLOAD.trimEnd()]);
        assert.deepStrictEqual(commands("sse-kms"), [SSE_KMS_UPLOAD.trimEnd()]);
        assert.deepStrictEqual(commands("dsse-kms"), [DSSE_KMS_UPLOAD.trimEnd()]);
        assert.deepStrictEqual(commands("sse-c"), [`  aws s3 cp ./master.mov s3://${BUCKET}/master.mov --sse-c AES256 --sse-c-key fileb://customer-key.bin`]);
    });
});
