// Which encryption an ingest bucket uses, resolved once from the user's choice.
//
// | sseMode  | kmsKeyArn | default encryption        | Bucket Key | KMS key              | blockedEncryptionTypes |
// |----------|-----------|---------------------------|------------|----------------------|------------------------|
// | sse-s3   | -         | AES256                    | -          | none                 | SSE-C                  |
// | sse-s3   | set       | rejected: a key is only used by the KMS modes                                       |
// | sse-kms  | -         | aws:kms                   | on         | created per customer | SSE-C                  |
// | sse-kms  | set       | aws:kms                   | on         | the customer's       | SSE-C                  |
// | dsse-kms | -         | aws:kms:dsse              | off (1)    | created per customer | SSE-C                  |
// | dsse-kms | set       | aws:kms:dsse              | off (1)    | the customer's       | SSE-C                  |
// | sse-c    | -         | AES256 (for keyless PUTs) | -          | none                 | NONE (2)               |
// | sse-c    | set       | rejected                                                                             |
// | none, unencrypted, cse: rejected with an explanation (see config/stackConfig.ts)                             |
//
// (1) S3 does not support Bucket Keys with DSSE-KMS.
// (2) S3 blocks SSE-C on new buckets since April 2026, so SSE-C must be unblocked explicitly; every other mode
//     blocks it explicitly so that the setting never drifts from what AWS defaults to.
import { SseMode } from "../config/stackConfig";

/** The `x-amz-server-side-encryption` values S3 understands. */
export type SseAlgorithm = "AES256" | "aws:kms" | "aws:kms:dsse";

export type KeySource = { readonly source: "created" } | { readonly source: "customer"; readonly arn: string };

export type EncryptionPlan =
    | { readonly mode: "sse-s3" }
    | { readonly mode: "sse-c" }
    | { readonly mode: "sse-kms" | "dsse-kms"; readonly key: KeySource };

/** Turns the validated mode and optional customer key into a plan; throws on the combinations the table rejects. */
export function resolveEncryption(mode: SseMode, kmsKeyArn?: string): EncryptionPlan {
    switch (mode) {
        case "sse-s3":
        case "sse-c":
            if (kmsKeyArn !== undefined) {
                throw new Error(`kmsKeyArn is only allowed with sseMode sse-kms or dsse-kms (sseMode is "${mode}")`);
            }
            return { mode };
        case "sse-kms":
        case "dsse-kms":
            return { mode, key: kmsKeyArn === undefined ? { source: "created" } : { source: "customer", arn: kmsKeyArn } };
        default:
            return assertNever(mode);
    }
}

export function usesKms(plan: EncryptionPlan): plan is Extract<EncryptionPlan, { key: KeySource }> {
    return plan.mode === "sse-kms" || plan.mode === "dsse-kms";
}

/** The algorithm the bucket's default encryption applies, and the one uploads may ask for in the SSE header. */
export function defaultAlgorithm(plan: EncryptionPlan): SseAlgorithm {
    switch (plan.mode) {
        case "sse-s3":
        case "sse-c":
            return "AES256";
        case "sse-kms":
            return "aws:kms";
        case "dsse-kms":
            return "aws:kms:dsse";
        default:
            return assertNever(plan);
    }
}

/** The `BucketServerSideEncryptionConfiguration` rule for a plan, given the ARN of the key in use (KMS modes). */
export function defaultEncryptionRule(plan: EncryptionPlan, keyArn: string | undefined) {
    const sseAlgorithm = defaultAlgorithm(plan);
    return {
        applyServerSideEncryptionByDefault: {
            sseAlgorithm,
            ...(usesKms(plan) ? { kmsMasterKeyId: requireKey(plan, keyArn) } : {}),
        },
        // Bucket Keys cut KMS requests (and cost) by orders of magnitude; DSSE-KMS does not support them.
        bucketKeyEnabled: plan.mode === "sse-kms",
        blockedEncryptionTypes: plan.mode === "sse-c" ? ["NONE"] : ["SSE-C"],
    };
}

function requireKey(plan: EncryptionPlan, keyArn: string | undefined): string {
    if (keyArn === undefined) throw new Error(`sseMode ${plan.mode} needs a KMS key ARN`);
    return keyArn;
}

export function assertNever(value: never): never {
    throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
