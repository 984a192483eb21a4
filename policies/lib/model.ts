// What the policies judge, whichever provider or tool declares it: buckets with their controls (default encryption,
// bucket policy, public access block, access logging) and KMS keys. The adapters in lib/providers/ read each
// provider's shape into this model and carry, for messages, how that provider names each property and what fixes it.
// Values keep the engine's unknown sentinel where they are unknown (see unknowns.ts).

export type Provider = "aws" | "aws-native" | "cloudformation";

/** What a control's `bucket` (or a logging destination) names: its value and which buckets it was derived from. */
export interface Target {
    /** The bucket name, the unknown sentinel, or undefined when not set. */
    readonly value: unknown;
    /** The keys (`ModelBucket.key`) of the buckets the value depends on. */
    readonly deps: readonly string[];
}

/** Where a finding about a model element goes, and what to say when unknowns hide the answer. */
export interface Located {
    /** The URN the finding is reported on: the resource's, or the CloudFormation stack's. */
    readonly urn: string;
    /**
     * The sentence that ends a "could not verify" message: that it is judged again at `pulumi up` (values Pulumi does not
     * know yet), or, inside a CloudFormation template, what the engine never resolves.
     */
    readonly pending: string;
}

export interface ModelBucket extends Located {
    /** Identity for joins: the resource's URN, or `<stack URN>#<logical id>` for a template's bucket. */
    readonly key: string;
    readonly provider: Provider;
    /** How messages name the bucket: `S3 bucket "media" (media-bucket)`. */
    readonly label: string;
    /** The physical name (for templates, possibly a symbol: see cloudformationTemplate.ts), or undefined while unknown. */
    readonly name?: string;
    /** Every ARN the bucket may have (all partitions when its `arn` is unknown), or undefined when its name is unknown. */
    readonly arns?: readonly string[];
    /** Whether `name` is a symbol for a name CloudFormation decides: patterns may match it without it being visible. */
    readonly symbolicName: boolean;
    /** The bucket's tag sets (each a map, or the unknown sentinel): `tags` and `tagsAll`, or a tag list. */
    readonly tagSets: readonly unknown[];
    /** How to add each missing control, per provider. */
    readonly hints: BucketHints;
    /**
     * How a fix hint's policy statement names the bucket and its objects (JSON text): the real ARN once known, else the
     * placeholder `"<bucket ARN>"`; in a template, `Fn::GetAtt` and `Fn::Sub` of the bucket.
     */
    readonly resourceHint: readonly [bucket: string, objects: string];
    /** The controls declared on the bucket itself (aws-native and CloudFormation properties, which count). */
    readonly inline: readonly Control[];
    /**
     * The resources the bucket's name property depends on (a random suffix, say): a control whose unknown `bucket`
     * shares one may be this bucket's, while both names are unknown (see buckets.ts).
     */
    readonly nameDeps?: readonly string[];
    /**
     * A bucket this stack does not declare, stood up for a control that targets it (buckets.ts, `outsideBucket`): its
     * controls are judged, its missing ones are not (they may be set where the bucket is declared).
     */
    readonly outside?: true;
    /** What to say about inline arguments that do not count (the aws provider's), when a control is missing. */
    readonly ignoredInline: { readonly encryption?: string; readonly policy?: string; readonly logging?: string };
}

/** The provider's words for adding a control a bucket lacks (each a full clause, after "<bucket> ..."). */
export interface BucketHints {
    noEncryption(allowed: readonly string[]): string;
    noPolicy(statement: string): string;
    noPublicAccessBlock(flags: readonly string[]): string;
    noLogging(): string;
}

interface ControlBase extends Located {
    /** How messages name the control: `BucketPolicy "media-policy"`, `the bucketEncryption`. */
    readonly label: string;
    /** The bucket the control applies to. */
    readonly target: Target;
}

/** The default-encryption rules of a bucket, as `rules` of an aws BucketServerSideEncryptionConfiguration. */
export interface EncryptionControl extends ControlBase {
    readonly kind: "encryption";
    /** The list of rules (each an `EncryptionRule` or the unknown sentinel), the unknown sentinel, or undefined. */
    readonly rules: unknown;
    readonly paths: EncryptionPaths;
}

export interface EncryptionRule {
    /** The rule's "by default" block, possibly the unknown sentinel (then so is everything in it). */
    readonly defaults: unknown;
    readonly algorithm: unknown;
    readonly kmsKeyId: unknown;
    readonly bucketKeyEnabled: unknown;
    /** The list of blocked encryption types, the unknown sentinel, or undefined when not set. */
    readonly blockedEncryptionTypes: unknown;
}

/** The provider's property paths: `rules` from the control, the others from a rule. */
export interface EncryptionPaths {
    readonly rules: string;
    readonly algorithm: string;
    readonly kmsKeyId: string;
    readonly bucketKeyEnabled: string;
    readonly blockedEncryptionTypes: string;
}

export interface PolicyControl extends ControlBase {
    readonly kind: "policy";
    /** The policy document, an object or a JSON string. */
    readonly document: unknown;
    /** The property holding it: `policy`, `policyDocument`, `PolicyDocument`. */
    readonly path: string;
}

export const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;
export type PublicAccessFlag = (typeof PUBLIC_ACCESS_FLAGS)[number];

export interface PublicAccessBlockControl extends ControlBase {
    readonly kind: "publicAccessBlock";
    readonly flags: Readonly<Record<PublicAccessFlag, unknown>>;
    /** The provider's name for each flag: `blockPublicAcls`, `publicAccessBlockConfiguration.blockPublicAcls`, ... */
    readonly paths: Readonly<Record<PublicAccessFlag, string>>;
}

export interface LoggingControl extends ControlBase {
    readonly kind: "logging";
    /** The bucket that receives the logs. */
    readonly destination: Target;
}

export type Control = EncryptionControl | PolicyControl | PublicAccessBlockControl | LoggingControl;

/** A KMS key (or key policy) as the KMS policies judge it. */
export interface ModelKey extends Located {
    /** How messages name it: `Key "media-key"`, `AWS::KMS::Key "MediaKey" in CloudFormation stack "legacy"`. */
    readonly label: string;
    /** Undefined when the resource has no rotation setting of its own (replicas, imported key material, key policies). */
    readonly rotation?: {
        readonly enabled: unknown;
        readonly path: string;
        /** Properties that decide whether the key can rotate at all, with the values that allow it. */
        readonly applicability: ReadonlyArray<{ readonly path: string; readonly value: unknown; readonly canRotate: (value: unknown) => boolean }>;
    };
    /** Undefined when the resource has no deletion window (key policies). Unset means AWS's 30 days. */
    readonly deletionWindow?: { readonly days: unknown; readonly path: string };
    /** The key policy, when the resource sets one (unset means AWS's default policy: the account root only). */
    readonly policy?: { readonly document: unknown; readonly path: string };
}
