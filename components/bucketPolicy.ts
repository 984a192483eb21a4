// The ingest bucket's policy: one named builder per statement, so each rule can be read and tested alone.
//
// The upload rules pair `StringNotEquals` with a `Null: false` test that the header is present. A missing key makes
// both StringNotEquals and StringNotEqualsIfExists true, so either alone would also refuse uploads that send no
// header and rely on default encryption, which third-party tools and every multipart UploadPart do.
import { defaultAlgorithm, EncryptionPlan, SseAlgorithm, usesKms } from "./encryption";
import { policyDocument, PolicyDocument, Statement } from "./policyDocument";

const SSE_HEADER = "s3:x-amz-server-side-encryption";
const KMS_KEY_HEADER = "s3:x-amz-server-side-encryption-aws-kms-key-id";
const SSE_C_HEADER = "s3:x-amz-server-side-encryption-customer-algorithm";

const objectsOf = (bucketArn: string) => `${bucketArn}/*`;

/** Denies every S3 action, to everyone, on the bucket and its objects, over plain HTTP. */
export function denyInsecureTransport(bucketArn: string): Statement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, objectsOf(bucketArn)],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/** Denies every S3 action, to everyone, over TLS older than `minimumVersion`. */
export function denyOutdatedTls(bucketArn: string, minimumVersion: string): Statement {
    return {
        Sid: "DenyOutdatedTls",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, objectsOf(bucketArn)],
        Condition: { NumericLessThan: { "s3:TlsVersion": minimumVersion } },
    };
}

/** Denies uploads whose SSE header asks for any algorithm but `algorithm`; uploads without the header pass. */
export function denyOtherAlgorithms(bucketArn: string, algorithm: SseAlgorithm): Statement {
    return {
        Sid: "DenyOtherEncryptionAlgorithms",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objectsOf(bucketArn),
        Condition: { StringNotEquals: { [SSE_HEADER]: algorithm }, Null: { [SSE_HEADER]: "false" } },
    };
}

/** Denies uploads that name a KMS key other than `keyArn`; uploads that name none pass. */
export function denyOtherKmsKeys(bucketArn: string, keyArn: string): Statement {
    return {
        Sid: "DenyOtherKmsKeys",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objectsOf(bucketArn),
        Condition: { StringNotEquals: { [KMS_KEY_HEADER]: keyArn }, Null: { [KMS_KEY_HEADER]: "false" } },
    };
}

/** Denies uploads that ask for `algorithm` without a key id: S3 would use the AWS-managed `aws/s3` key. */
export function denyKmsWithoutKeyId(bucketArn: string, algorithm: SseAlgorithm): Statement {
    return {
        Sid: "DenyKmsWithoutKeyId",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objectsOf(bucketArn),
        Condition: { StringEquals: { [SSE_HEADER]: algorithm }, Null: { [KMS_KEY_HEADER]: "true" } },
    };
}

/** Denies uploads that carry SSE-C headers (customer-provided keys). */
export function denySseCUploads(bucketArn: string): Statement {
    return {
        Sid: "DenySseCUploads",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objectsOf(bucketArn),
        Condition: { Null: { [SSE_C_HEADER]: "false" } },
    };
}

/** Denies uploads without SSE-C headers. UploadPart carries them too in SSE-C, so multipart keeps working. */
export function requireSseCUploads(bucketArn: string): Statement {
    return {
        Sid: "RequireSseCUploads",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objectsOf(bucketArn),
        Condition: { Null: { [SSE_C_HEADER]: "true" } },
    };
}

/** Denies uploads that ask for S3- or KMS-managed keys in SSE-C mode: every object must carry the customer's key. */
export function denyServerManagedKeys(bucketArn: string): Statement {
    return {
        Sid: "DenyServerManagedKeys",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objectsOf(bucketArn),
        Condition: { Null: { [SSE_HEADER]: "false" } },
    };
}

/**
 * Denies uploads without the SSE header. UploadPart and CompleteMultipartUpload are authorised as s3:PutObject
 * and never carry it, so this refuses multipart uploads: only for strict clients that upload in one PUT.
 */
export function requireEncryptionHeader(bucketArn: string): Statement {
    return {
        Sid: "RequireEncryptionHeader",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objectsOf(bucketArn),
        Condition: { Null: { [SSE_HEADER]: "true" } },
    };
}

export interface IngestBucketPolicyArgs {
    readonly bucketArn: string;
    readonly plan: EncryptionPlan;
    /** The ARN of the key in use; required in KMS modes. */
    readonly keyArn?: string;
    readonly minimumTlsVersion: string;
    readonly requireEncryptionHeaders: boolean;
}

/** The whole bucket policy for a plan. */
export function ingestBucketPolicy(args: IngestBucketPolicyArgs): PolicyDocument {
    const { bucketArn, plan } = args;
    const statements = [denyInsecureTransport(bucketArn), denyOutdatedTls(bucketArn, args.minimumTlsVersion)];
    if (plan.mode === "sse-c") {
        // SSE-C headers are always required here, so requireEncryptionHeaders adds nothing.
        statements.push(requireSseCUploads(bucketArn), denyServerManagedKeys(bucketArn));
        return policyDocument(...statements);
    }
    const algorithm = defaultAlgorithm(plan);
    statements.push(denyOtherAlgorithms(bucketArn, algorithm));
    if (usesKms(plan)) {
        if (args.keyArn === undefined) throw new Error(`sseMode ${plan.mode} needs the key ARN for the bucket policy`);
        statements.push(denyOtherKmsKeys(bucketArn, args.keyArn), denyKmsWithoutKeyId(bucketArn, algorithm));
    }
    statements.push(denySseCUploads(bucketArn));
    if (args.requireEncryptionHeaders) statements.push(requireEncryptionHeader(bucketArn));
    return policyDocument(...statements);
}
