// The server-side encryption modes, as one table: every other statement about a mode (the mode list, which modes use
// a KMS key, the default algorithm and encryption rule, onboarding's usage text, the schema's messages) is derived
// from it. The rejected rows are here too, with the reason a user asking for them is given.
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
// | none, unencrypted, cse, client-side: rejected with the reasons below                                          |
//
// (1) S3 does not support Bucket Keys with DSSE-KMS.
// (2) S3 blocks SSE-C on new buckets since April 2026, so SSE-C must be unblocked explicitly; every other mode
//     blocks it explicitly so that the setting never drifts from what AWS defaults to.

/** The `x-amz-server-side-encryption` values S3 understands. */
export type SseAlgorithm = "AES256" | "aws:kms" | "aws:kms:dsse";

export interface SseModeRow {
    /** What the bucket's default encryption applies, and what uploads may ask for in the SSE header. */
    readonly algorithm: SseAlgorithm;
    /** Whether S3 encrypts with a KMS key: the customer's (`kmsKeyArn`) or one the stack creates. */
    readonly kms: boolean;
    /** Whether the default encryption turns on S3 Bucket Keys (they cut KMS requests, and cost, by orders of magnitude). */
    readonly bucketKey: boolean;
    /** The bucket's `blockedEncryptionTypes`, always explicit. */
    readonly blockedEncryptionTypes: readonly string[];
    /** Whether every request carries the customer's own key (SSE-C headers), which S3 never stores. */
    readonly customerProvidedKey: boolean;
}

export const SSE_MODE_TABLE = {
    "sse-s3": { algorithm: "AES256", kms: false, bucketKey: false, blockedEncryptionTypes: ["SSE-C"], customerProvidedKey: false },
    "sse-kms": { algorithm: "aws:kms", kms: true, bucketKey: true, blockedEncryptionTypes: ["SSE-C"], customerProvidedKey: false },
    "dsse-kms": { algorithm: "aws:kms:dsse", kms: true, bucketKey: false, blockedEncryptionTypes: ["SSE-C"], customerProvidedKey: false },
    "sse-c": { algorithm: "AES256", kms: false, bucketKey: false, blockedEncryptionTypes: ["NONE"], customerProvidedKey: true },
} as const satisfies Record<string, SseModeRow>;

export type SseMode = keyof typeof SSE_MODE_TABLE;

/** Every mode, in the table's order. */
export const SSE_MODES = Object.keys(SSE_MODE_TABLE) as SseMode[];

/** The modes in which S3 encrypts with a KMS key (ours, or the customer's `kmsKeyArn`). */
export type KmsMode = { [M in SseMode]: (typeof SSE_MODE_TABLE)[M]["kms"] extends true ? M : never }[SseMode];
export const KMS_MODES = SSE_MODES.filter((mode): mode is KmsMode => SSE_MODE_TABLE[mode].kms);

/** Whether `mode` encrypts with a KMS key. */
export const isKmsMode = (mode: SseMode): mode is KmsMode => SSE_MODE_TABLE[mode].kms;

/** "sse-s3, sse-kms, dsse-kms, sse-c": the modes as messages and usage texts name them. */
export const SSE_MODE_LIST = SSE_MODES.join(", ");

/** "sse-kms or dsse-kms": the KMS modes as messages name them. */
export const KMS_MODE_LIST = KMS_MODES.join(" or ");

/** Values people try for `sseMode` that are not options, each with the reason. */
export const REJECTED_MODES: Readonly<Record<string, string>> = (() => {
    const unencrypted =
        "S3 has encrypted every new object since January 2023, so an unencrypted ingest bucket cannot exist. " +
        "For a customer whose tools cannot send encryption headers, use sseMode sse-s3 with requireEncryptionHeaders false: " +
        "default bucket encryption encrypts their uploads without any header";
    const clientSide =
        "client-side encryption is DRM's job downstream of ingest: S3 would hold ciphertext that transcode and DRM jobs " +
        "cannot read without the customer's keys. Use sse-c if the customer must hold the keys";
    return { none: unencrypted, unencrypted, cse: clientSide, "client-side": clientSide };
})();
