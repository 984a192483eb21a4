// The AWS provider (`@pulumi/aws`, Terraform-based): buckets whose controls are separate resources targeting them.
// Inline bucket arguments do not count (see MIGRATE_INLINE_*); keys, replicas and KeyPolicy resources.
import { isUnknown } from "../unknowns";
import { Control, EncryptionPaths, EncryptionRule, ModelBucket, ModelKey, PUBLIC_ACCESS_FLAGS, Target } from "../model";
import { JUDGED_AT_UPDATE } from "../report";
import { inlineEncryptionNote, inlineLoggingNote, inlinePolicyNote } from "../bucketInputs";
import { arnHint, describeType, knownString, partitionArns, ProviderAdapter, StackResource } from "./common";

export const BUCKET_TYPES: readonly string[] = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
export const ENCRYPTION_TYPES: readonly string[] = [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];
export const BUCKET_POLICY_TYPES: readonly string[] = ["aws:s3/bucketPolicy:BucketPolicy"];
export const PUBLIC_ACCESS_BLOCK_TYPES: readonly string[] = ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"];
export const LOGGING_TYPES: readonly string[] = ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"];

export const KEY_TYPE = "aws:kms/key:Key";
/** Keys (and replicas, and keys with imported material) that carry a deletion window and a key policy. */
export const KEY_TYPES: readonly string[] = [
    KEY_TYPE,
    "aws:kms/replicaKey:ReplicaKey",
    "aws:kms/externalKey:ExternalKey",
    "aws:kms/replicaExternalKey:ReplicaExternalKey",
];
export const KEY_POLICY_TYPE = "aws:kms/keyPolicy:KeyPolicy";

const ENCRYPTION_PATHS: EncryptionPaths = {
    rules: "rules",
    algorithm: "applyServerSideEncryptionByDefault.sseAlgorithm",
    kmsKeyId: "applyServerSideEncryptionByDefault.kmsMasterKeyId",
    bucketKeyEnabled: "bucketKeyEnabled",
    blockedEncryptionTypes: "blockedEncryptionTypes",
};

export function awsBucket(r: StackResource): ModelBucket {
    const name = knownString(r.props.bucket) ?? knownString(r.props.id);
    const arn = knownString(r.props.arn);
    return {
        key: r.urn,
        urn: r.urn,
        provider: "aws",
        label: `S3 bucket "${r.name}" (${name ?? "name unknown until created"})`,
        name,
        arns: name === undefined ? undefined : arn?.startsWith("arn:") ? [arn] : partitionArns(name),
        symbolicName: false,
        nameDeps: [...(r.propertyDependencies.bucket ?? []), ...(r.propertyDependencies.bucketPrefix ?? [])],
        tagSets: [r.props.tags, r.props.tagsAll],
        pending: JUDGED_AT_UPDATE,
        inline: [],
        // Said only when analyze saw the bucket's inputs set the inline argument (bucketInputs.ts).
        ignoredInline: {
            encryption: inlineEncryptionNote(r.urn).trim() || undefined,
            policy: inlinePolicyNote(r.urn).trim() || undefined,
            logging: inlineLoggingNote(r.urn).trim() || undefined,
        },
        resourceHint: arnHint(arn?.startsWith("arn:") ? arn : undefined),
        hints: {
            noEncryption: (allowed) =>
                `has no BucketServerSideEncryptionConfiguration targeting it: add one whose bucket is this bucket and whose sseAlgorithm is one of ${allowed.join(", ")}.`,
            noPolicy: (statement) => `has no BucketPolicy targeting it: add one with the statement ${statement}.`,
            noPublicAccessBlock: (flags) =>
                `has no BucketPublicAccessBlock targeting it: add one whose bucket is this bucket, with ${flags.join(", ")} all true.`,
            noLogging: () =>
                "has no BucketLogging targeting it: add an aws.s3.BucketLogging whose bucket is this bucket and whose targetBucket is the bucket that receives its logs.",
        },
    };
}

const target = (r: StackResource, property: string): Target => ({ value: r.props[property], deps: r.propertyDependencies[property] ?? [] });

/** The separate control resources of the AWS provider (which may target a bucket of any provider by its name). */
export function awsControl(r: StackResource): Control | undefined {
    const base = { urn: r.urn, pending: JUDGED_AT_UPDATE, label: describeType(r), target: target(r, "bucket") };
    if (ENCRYPTION_TYPES.includes(r.type)) return { ...base, kind: "encryption", rules: encryptionRules(r.props.rules), paths: ENCRYPTION_PATHS };
    if (BUCKET_POLICY_TYPES.includes(r.type)) return { ...base, kind: "policy", document: r.props.policy, path: "policy" };
    if (PUBLIC_ACCESS_BLOCK_TYPES.includes(r.type)) {
        return {
            ...base,
            kind: "publicAccessBlock",
            flags: Object.fromEntries(PUBLIC_ACCESS_FLAGS.map((f) => [f, r.props[f]])) as Record<(typeof PUBLIC_ACCESS_FLAGS)[number], unknown>,
            paths: Object.fromEntries(PUBLIC_ACCESS_FLAGS.map((f) => [f, f])) as Record<(typeof PUBLIC_ACCESS_FLAGS)[number], string>,
        };
    }
    if (LOGGING_TYPES.includes(r.type)) return { ...base, kind: "logging", destination: target(r, "targetBucket") };
    return undefined;
}

function encryptionRules(rules: unknown): unknown {
    if (!Array.isArray(rules)) return rules;
    return rules.map((rule): EncryptionRule | unknown => {
        if (isUnknown(rule) || rule === null || typeof rule !== "object") return rule;
        const r = rule as Record<string, unknown>;
        const defaults = r.applyServerSideEncryptionByDefault;
        const d = (isUnknown(defaults) ? {} : (defaults ?? {})) as Record<string, unknown>;
        return {
            defaults,
            algorithm: isUnknown(defaults) ? defaults : d.sseAlgorithm,
            kmsKeyId: isUnknown(defaults) ? defaults : d.kmsMasterKeyId,
            bucketKeyEnabled: r.bucketKeyEnabled,
            blockedEncryptionTypes: r.blockedEncryptionTypes,
        };
    });
}

export function awsKey(r: StackResource): ModelKey | undefined {
    const p = r.props;
    const base = { urn: r.urn, pending: JUDGED_AT_UPDATE, label: describeType(r) };
    const policy = p.policy === undefined || p.policy === "" ? undefined : { document: p.policy, path: "policy" };
    if (r.type === KEY_POLICY_TYPE) return { ...base, policy };
    if (!KEY_TYPES.includes(r.type)) return undefined;
    return {
        ...base,
        policy,
        deletionWindow: { days: p.deletionWindowInDays, path: "deletionWindowInDays" },
        rotation:
            r.type === KEY_TYPE
                ? {
                      enabled: p.enableKeyRotation,
                      path: "enableKeyRotation",
                      // Rotation applies only to symmetric encryption keys (unset usage and spec mean exactly that) outside custom key stores.
                      applicability: [
                          { path: "keyUsage", value: p.keyUsage, canRotate: (v) => (v ?? "ENCRYPT_DECRYPT") === "ENCRYPT_DECRYPT" },
                          {
                              path: "customerMasterKeySpec",
                              value: p.customerMasterKeySpec,
                              canRotate: (v) => (v ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT",
                          },
                          { path: "customKeyStoreId", value: p.customKeyStoreId, canRotate: (v) => v === undefined || v === "" },
                      ],
                  }
                : undefined,
    };
}

/** The aws provider's adapter: buckets, their separate controls, keys, replicas and KeyPolicy resources. */
export const awsAdapter: ProviderAdapter = {
    provider: "aws",
    types: [...BUCKET_TYPES, ...ENCRYPTION_TYPES, ...BUCKET_POLICY_TYPES, ...PUBLIC_ACCESS_BLOCK_TYPES, ...LOGGING_TYPES, ...KEY_TYPES, KEY_POLICY_TYPE],
    buckets: (r) => (BUCKET_TYPES.includes(r.type) ? [awsBucket(r)] : []),
    controls: (r) => {
        const control = awsControl(r);
        return control ? [control] : [];
    },
    keys: (r) => {
        const key = awsKey(r);
        return key ? [key] : [];
    },
};
