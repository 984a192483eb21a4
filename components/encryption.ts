// Which encryption an ingest bucket uses, resolved once from the user's choice by the mode table
// (config/sseModes.ts, whose comment is the truth table, rejected rows included).
import { isKmsMode, KMS_MODE_LIST, KmsMode, SSE_MODE_TABLE, SseAlgorithm, SseMode } from "../config/sseModes";

export type { SseAlgorithm };

export type KeySource = { readonly source: "created" } | { readonly source: "customer"; readonly arn: string };

export type EncryptionPlan = { readonly mode: Exclude<SseMode, KmsMode> } | { readonly mode: KmsMode; readonly key: KeySource };

/** Turns the validated mode and optional customer key into a plan; throws on the combinations the table rejects. */
export function resolveEncryption(mode: SseMode, kmsKeyArn?: string): EncryptionPlan {
    if (isKmsMode(mode)) return { mode, key: kmsKeyArn === undefined ? { source: "created" } : { source: "customer", arn: kmsKeyArn } };
    if (kmsKeyArn !== undefined) throw new Error(`kmsKeyArn is only allowed with sseMode ${KMS_MODE_LIST} (sseMode is "${mode}")`);
    return { mode };
}

export function usesKms(plan: EncryptionPlan): plan is Extract<EncryptionPlan, { key: KeySource }> {
    return isKmsMode(plan.mode);
}

/** The algorithm the bucket's default encryption applies, and the one uploads may ask for in the SSE header. */
export function defaultAlgorithm(plan: EncryptionPlan): SseAlgorithm {
    return SSE_MODE_TABLE[plan.mode].algorithm;
}

/** The `BucketServerSideEncryptionConfiguration` rule for a plan, given the ARN of the key in use (KMS modes). */
export function defaultEncryptionRule(plan: EncryptionPlan, keyArn: string | undefined) {
    const row = SSE_MODE_TABLE[plan.mode];
    return {
        applyServerSideEncryptionByDefault: {
            sseAlgorithm: row.algorithm,
            ...(usesKms(plan) ? { kmsMasterKeyId: requireKey(plan, keyArn) } : {}),
        },
        bucketKeyEnabled: row.bucketKey,
        blockedEncryptionTypes: [...row.blockedEncryptionTypes],
    };
}

function requireKey(plan: EncryptionPlan, keyArn: string | undefined): string {
    if (keyArn === undefined) throw new Error(`sseMode ${plan.mode} needs a KMS key ARN`);
    return keyArn;
}

export function assertNever(value: never): never {
    throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
