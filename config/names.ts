// Every physical name and pattern of a customer stack, in one place: what the component creates, what its policies
// name before the resources exist, and what the checks compare (collisions, lengths, the organisation guardrail).
// A name that two places must agree on (a role's auto-name and the perimeter's pattern) is built here, once.

/** Where the stack is deployed: the values every ARN and service name is built from. */
export interface DeploymentTarget {
    readonly partition: string;
    readonly accountId: string;
    readonly region: string;
    /** `amazonaws.com`, or `amazonaws.com.cn` in China. */
    readonly dnsSuffix: string;
}

/** S3's limit on a bucket name. */
export const MAX_BUCKET_NAME_LENGTH = 63;

/**
 * Where S3 looks a bucket name up: the shared `global` namespace (anyone can create a name first), or the account's
 * own `account-regional` namespace, where only the account can create names, which must end in
 * `-<account id>-<region>-an` (S3 User Guide, "Namespaces for general purpose buckets").
 */
export type BucketNamespace = "global" | "account-regional";
export const BUCKET_NAMESPACES: readonly BucketNamespace[] = ["global", "account-regional"];

/** The suffix S3 requires of a name in the account-regional namespace. */
const ACCOUNT_REGIONAL_SUFFIX = "-an";

/**
 * The ingest bucket's name, the same in every mode: `<customer>-<account id>-<region>` in the global namespace,
 * `<customer>-<account id>-<region>-an` in the account-regional one.
 */
export function ingestBucketName(customer: string, accountId: string, region: string, namespace: BucketNamespace = "global"): string {
    const name = `${customer}-${accountId}-${region}`;
    return namespace === "account-regional" ? `${name}${ACCOUNT_REGIONAL_SUFFIX}` : name;
}

/**
 * The customer's access-log bucket (when the stack creates it), known at preview and the same in every mode: the
 * ingest bucket's name and `-logs` in the global namespace (it sorts beside the bucket it records);
 * `<customer>-logs-<account id>-<region>-an` in the account-regional one, whose names must end with that suffix.
 */
export function accessLogBucketName(customer: string, accountId: string, region: string, namespace: BucketNamespace = "global"): string {
    return namespace === "account-regional"
        ? ingestBucketName(`${customer}-logs`, accountId, region, namespace)
        : `${ingestBucketName(customer, accountId, region)}-logs`;
}

/** Why a bucket name is not one S3 accepts, or undefined. */
export function bucketNameProblem(name: string): string | undefined {
    return name.length > MAX_BUCKET_NAME_LENGTH
        ? `makes the bucket name ${name} ${name.length} characters long; S3 allows ${MAX_BUCKET_NAME_LENGTH}: use a shorter slug`
        : undefined;
}

/** A general purpose bucket's ARN: S3 bucket ARNs carry neither region nor account. */
export function s3BucketArn(bucket: string, target: Pick<DeploymentTarget, "partition">): string {
    return `arn:${target.partition}:s3:::${bucket}`;
}

/** The prefix the ingest bucket's server access logs land under, in whichever log bucket. */
export function accessLogPrefix(customer: string): string {
    return `${customer}/`;
}

/** The alias of the key the stack creates for a customer (one per customer, region and account). */
export function keyAliasName(customer: string): string {
    return `alias/mezzanine-ingest/${customer}`;
}

/**
 * The customer's MediaConvert queue (when the stack creates it): explicit, so that its ARN, which the processor's
 * trust policy names, is known at preview. One per customer and region, as the bucket.
 */
export function mediaConvertQueueName(customer: string): string {
    return `mezzanine-ingest-${customer}`;
}

/** A MediaConvert queue's ARN, as MediaConvert presents it as `aws:SourceArn` when a job of the queue assumes a role. */
export function mediaConvertQueueArn(queueName: string, target: DeploymentTarget): string {
    return `arn:${target.partition}:mediaconvert:${target.region}:${target.accountId}:queues/${queueName}`;
}

/** The two ingest roles. */
export type IngestRole = "uploader" | "processor";

/** A role's Pulumi resource name: the component's name (the customer slug) and the role. */
export function roleResourceName(componentName: string, role: IngestRole): string {
    return `${componentName}-${role}`;
}

/** The AWS provider's default auto-naming appends a hyphen and seven random hex characters to the resource name. */
const AUTO_NAME_SUFFIX_LENGTH = 7;

/**
 * The ARN pattern of a role Pulumi auto-names from `resourceName`. A pattern, not the ARN, so that the bucket policy
 * naming the role is known at preview, before the role exists, and an existing role keeps its name. Each `?` matches
 * exactly one character, so no longer name matches (not even another customer's `<customer>-uploader-...` roles).
 * `accountId` may be `*` (the guardrail, for a stack file that pins no account).
 */
export function autoNamedRoleArnPattern(resourceName: string, target: Pick<DeploymentTarget, "partition" | "accountId">): string {
    return `arn:${target.partition}:iam::${target.accountId}:role/${resourceName}-${"?".repeat(AUTO_NAME_SUFFIX_LENGTH)}`;
}
