// The AWS Cloud Control provider (`@pulumi/aws-native`): a bucket's `bucketEncryption`,
// `publicAccessBlockConfiguration` and `loggingConfiguration` are the CloudFormation properties AWS applies and reads
// back, so these inline settings count; bucket policies are `aws-native:s3:BucketPolicy` resources.
import { isUnknown, UNKNOWN } from "../unknowns";
import { Control, ModelBucket, ModelKey, Target } from "../model";
import { JUDGED_AT_UPDATE } from "../report";
import { arnHint, fieldsOf, InlineVocabulary, inlineControls, knownString, partitionArns, ProviderAdapter, StackResource } from "./common";

export const NATIVE_BUCKET_TYPE = "aws-native:s3:Bucket";
export const NATIVE_BUCKET_POLICY_TYPE = "aws-native:s3:BucketPolicy";
export const NATIVE_KEY_TYPE = "aws-native:kms:Key";
export const NATIVE_REPLICA_KEY_TYPE = "aws-native:kms:ReplicaKey";

const describe = (r: StackResource) => `${r.type} "${r.name}"`;

const VOCABULARY: InlineVocabulary = {
    encryption: "bucketEncryption",
    rules: "serverSideEncryptionConfiguration",
    byDefault: "serverSideEncryptionByDefault",
    algorithm: "sseAlgorithm",
    kmsKeyId: "kmsMasterKeyId",
    bucketKeyEnabled: "bucketKeyEnabled",
    blocked: "blockedEncryptionTypes",
    blockedList: "encryptionType",
    publicAccessBlock: "publicAccessBlockConfiguration",
    flags: {
        blockPublicAcls: "blockPublicAcls",
        blockPublicPolicy: "blockPublicPolicy",
        ignorePublicAcls: "ignorePublicAcls",
        restrictPublicBuckets: "restrictPublicBuckets",
    },
    logging: "loggingConfiguration",
    destination: "destinationBucketName",
};

export function nativeBucket(r: StackResource): ModelBucket {
    const name = knownString(r.props.bucketName);
    const arn = knownString(r.props.arn);
    const pending = JUDGED_AT_UPDATE;
    const self: Target = { value: r.props.bucketName ?? UNKNOWN, deps: [r.urn] };
    const inline = inlineControls(r.props, VOCABULARY, { urn: r.urn, pending, target: self }, r.propertyDependencies.loggingConfiguration ?? []);
    return {
        key: r.urn,
        urn: r.urn,
        provider: "aws-native",
        label: `${describe(r)} (${name ?? "name unknown until created"})`,
        name,
        arns: name === undefined ? undefined : arn?.startsWith("arn:") ? [arn] : partitionArns(name),
        symbolicName: false,
        nameDeps: r.propertyDependencies.bucketName ?? [],
        tagSets: [tagList(r.props.tags, "key", "value")],
        pending,
        inline,
        ignoredInline: {},
        resourceHint: arnHint(arn?.startsWith("arn:") ? arn : undefined),
        hints: {
            noEncryption: (allowed) =>
                `sets no bucketEncryption: set bucketEncryption.serverSideEncryptionConfiguration[0].serverSideEncryptionByDefault.sseAlgorithm to one of ${allowed.join(", ")}.`,
            noPolicy: (statement) =>
                `has no BucketPolicy targeting it: add an aws-native.s3.BucketPolicy whose bucket is this bucket (bucket: <bucket>.id) and whose policyDocument holds the statement ${statement}.`,
            noPublicAccessBlock: (flags) => `sets no publicAccessBlockConfiguration: set it with ${flags.join(", ")} all true.`,
            noLogging: () => "sets no loggingConfiguration: set loggingConfiguration.destinationBucketName to the bucket that receives its logs.",
        },
    };
}

/** A tag list (`[{key, value}]`, or CloudFormation's `[{Key, Value}]`) as a map, or the unknown sentinel. */
export function tagList(tags: unknown, keyField: string, valueField: string): unknown {
    if (isUnknown(tags) || !Array.isArray(tags)) return tags;
    const map: Record<string, unknown> = {};
    for (const tag of tags) {
        if (isUnknown(tag)) return tag;
        const field = fieldsOf(tag);
        if (typeof field(keyField) === "string") map[field(keyField) as string] = field(valueField);
    }
    return map;
}

export function nativeControl(r: StackResource): Control | undefined {
    if (r.type !== NATIVE_BUCKET_POLICY_TYPE) return undefined;
    return {
        kind: "policy",
        urn: r.urn,
        pending: JUDGED_AT_UPDATE,
        label: describe(r),
        target: { value: r.props.bucket, deps: r.propertyDependencies.bucket ?? [] },
        document: r.props.policyDocument,
        path: "policyDocument",
    };
}

export function nativeKey(r: StackResource): ModelKey | undefined {
    if (r.type !== NATIVE_KEY_TYPE && r.type !== NATIVE_REPLICA_KEY_TYPE) return undefined;
    const p = r.props;
    return {
        urn: r.urn,
        pending: JUDGED_AT_UPDATE,
        label: describe(r),
        policy: p.keyPolicy === undefined || p.keyPolicy === "" ? undefined : { document: p.keyPolicy, path: "keyPolicy" },
        deletionWindow: { days: p.pendingWindowInDays, path: "pendingWindowInDays" },
        // A replica rotates with its primary key.
        rotation:
            r.type === NATIVE_KEY_TYPE
                ? {
                      enabled: p.enableKeyRotation,
                      path: "enableKeyRotation",
                      applicability: [
                          { path: "keySpec", value: p.keySpec, canRotate: (v) => (v ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT" },
                          { path: "keyUsage", value: p.keyUsage, canRotate: (v) => (v ?? "ENCRYPT_DECRYPT") === "ENCRYPT_DECRYPT" },
                          // Imported key material (EXTERNAL) cannot rotate automatically.
                          { path: "origin", value: p.origin, canRotate: (v) => (v ?? "AWS_KMS") === "AWS_KMS" },
                      ],
                  }
                : undefined,
    };
}

/** The aws-native provider's adapter: buckets with their inline controls, bucket policies, keys and replica keys. */
export const awsNativeAdapter: ProviderAdapter = {
    provider: "aws-native",
    types: [NATIVE_BUCKET_TYPE, NATIVE_BUCKET_POLICY_TYPE, NATIVE_KEY_TYPE, NATIVE_REPLICA_KEY_TYPE],
    buckets: (r) => (r.type === NATIVE_BUCKET_TYPE ? [nativeBucket(r)] : []),
    controls: (r) => {
        const control = nativeControl(r);
        return control ? [control] : [];
    },
    keys: (r) => {
        const key = nativeKey(r);
        return key ? [key] : [];
    },
};
