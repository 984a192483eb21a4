import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { CallerNotAdministratorError, callerProblem } from "../config/caller";
import { deployingAccountProblems } from "../config/deployingAccount";
import {
    accessLogBucketName,
    accessLogPrefix,
    autoNamedRoleArnPattern,
    BucketNamespace,
    bucketNameProblem,
    DeploymentTarget,
    ingestBucketName,
    keyAliasName,
    mediaConvertQueueArn,
    mediaConvertQueueName,
    roleResourceName,
    s3BucketArn,
} from "../config/names";
import { isMediaConvert, parseS3Location, S3Location, SseMode, StackConfigError, validateStackConfig } from "../config/stackConfig";
import {
    customerKeyPolicyStatements,
    IngestRoleArns,
    ingestKeyPolicy,
    processorPermissions,
    processorTrustPolicy,
    sseCKeySecretKmsKeyPolicyStatements,
    sseCKeySecretPolicyStatements,
    uploaderPermissions,
    uploaderTrustPolicy,
} from "./accessPolicies";
import { accessLogBucketPolicy, allowLogDelivery } from "./accessLogs";
import { ingestBucketPolicy, Perimeter } from "./bucketPolicy";
import { defaultEncryptionRule, EncryptionPlan, resolveEncryption, usesKms } from "./encryption";
import { Statement } from "./policyDocument";
import { uploadInstructions } from "./uploadInstructions";

export interface CustomerIngestArgs {
    /** The customer's slug (`^[a-z][a-z0-9-]{1,30}[a-z0-9]$`); it names the bucket, the key alias and the roles. */
    readonly customer: string;
    /**
     * How S3 encrypts stored assets: `sse-s3`, `sse-kms`, `dsse-kms` or `sse-c`.
     * Changing it on a live stack updates the bucket's encryption and policy in place; the bucket is never replaced, and a
     * key the stack created is retained, never deleted (docs/lifecycle.md, "Changing the mode").
     * @default "sse-s3"
     */
    readonly sseMode?: SseMode;
    /**
     * ARN of a KMS key the customer already owns. Only with `sseMode` `sse-kms` or `dsse-kms`; excludes
     * `kmsKeyRotationDays`. The customer must add `customerKeyPolicyStatements` to the key's policy.
     * @default - a key is created for the customer
     */
    readonly kmsKeyArn?: string;
    /**
     * Whether uploads without an SSE header are refused. This refuses multipart uploads too (UploadPart carries no
     * SSE header), so only for clients that upload in single PUTs. In `sse-c` the SSE-C headers are always required.
     * @default false
     */
    readonly requireEncryptionHeaders?: boolean;
    /**
     * The oldest TLS version the bucket accepts: `"1.2"` or `"1.3"`.
     * @default "1.2"
     */
    readonly minimumTlsVersion?: "1.2" | "1.3";
    /** Who may assume the uploader role: IAM principal ARNs or 12-digit account ids; at least one, never `*`. */
    readonly uploaderPrincipals: readonly string[];
    /**
     * The external id uploaders must present when assuming the uploader role (`sts:ExternalId`). May be a secret.
     * @default - no external id is required
     */
    readonly uploaderExternalId?: pulumi.Input<string>;
    /**
     * Who may assume the processor (transcode / DRM) role: IAM principal ARNs, account ids or AWS service principals.
     * Service principals may only assume it on behalf of this account. In `sse-c` it must be given, without service
     * principals (they cannot send the customer's key).
     * @default ["mediaconvert.amazonaws.com"] (outside `sse-c`)
     */
    readonly processorPrincipals?: readonly string[];
    /**
     * The external id IAM principals in `processorPrincipals` must present (`sts:ExternalId`): a third-party vendor
     * serving many customers cannot then be steered into this customer's masters. May be a secret.
     * @default - no external id is required
     */
    readonly processorExternalId?: pulumi.Input<string>;
    /**
     * IAM role or user ARNs that run `pulumi up` for this stack and administer the bucket's configuration and the created
     * key; at least one. They cannot read or write the masters. `pulumi up` by anyone else fails before anything is created.
     */
    readonly administratorPrincipals: readonly string[];
    /**
     * The full ARN of the AWS Secrets Manager secret holding the customer's SSE-C key, which only the processor role may
     * read. Required with `sseMode` `sse-c`, refused elsewhere.
     * @default - none (required in `sse-c`)
     */
    readonly sseCKeySecretArn?: string;
    /**
     * Days the created log bucket keeps access logs (1-3650). Only where the stack creates it: excludes `accessLogBucket`.
     * @default 365
     */
    readonly accessLogRetentionDays?: number;
    /**
     * An existing bucket, in the stack's account and region, that receives the ingest bucket's server access logs under
     * `<customer>/` (e.g. one log bucket shared by all customers of the account). It needs the statement output as
     * `accessLogBucketPolicyStatements`. Excludes `accessLogRetentionDays`.
     * @default - the stack creates `<bucket name>-logs`
     */
    readonly accessLogBucket?: string;
    /**
     * Days that overwritten or deleted object versions are kept (1-3650).
     * @default 30
     */
    readonly noncurrentVersionDays?: number;
    /**
     * Days between automatic rotations of the created key (90-2560). Only where a key is created: excludes `kmsKeyArn`.
     * @default 365
     */
    readonly kmsKeyRotationDays?: number;
    /**
     * S3 locations `s3://<bucket>/<prefix>/` where the processor may write renditions (put, multipart, their ACL); never
     * the ingest bucket or its log bucket. Every other object write, tag, ACL change or delete by the processor is
     * denied explicitly, whatever policy is attached to it later.
     * @default [] (the processor writes nowhere)
     */
    readonly processorOutputLocations?: readonly string[];
    /**
     * An existing MediaConvert queue of the deploying account and region whose jobs may use the processor role. Only
     * with `mediaconvert.amazonaws.com` in `processorPrincipals`.
     * @default - the stack creates the on-demand queue `mezzanine-ingest-<customer>`
     */
    readonly mediaConvertQueueArn?: string;
    /**
     * IAM role ARNs of the deploying account that submit transcode or DRM jobs with the processor role: the
     * organisation guardrail (`npm run guardrail`) lets them, and the administrators, pass it.
     * @default []
     */
    readonly processorJobSubmitters?: readonly string[];
    /**
     * Whether the bucket policy denies object-creating writes without `If-None-Match: *`, so that no master is ever
     * replaced (CopyObject into the bucket must send the header too).
     * @default false
     */
    readonly preventOverwrites?: boolean;
    /**
     * Where S3 looks the bucket names up: `global`, or `account-regional` (names ending `-<account>-<region>-an`, which
     * only this account can create: nobody can squat them). Fixed for a stack's life: S3 cannot rename a bucket.
     * @default "global"
     */
    readonly bucketNamespace?: BucketNamespace;
    /**
     * Whether Pulumi refuses to delete or replace the bucket and the key (`protect`).
     * @default true
     */
    readonly protect?: boolean;
}

const DEFAULT_KEY_ROTATION_DAYS = 365;
const KEY_DELETION_WINDOW_DAYS = 30;
const ABORT_INCOMPLETE_UPLOADS_DAYS = 7;
const DEFAULT_ACCESS_LOG_RETENTION_DAYS = 365;

type Settings = ReturnType<typeof checkArgs>;

/** A bucket, the ARN derived from its name (known at preview) and the controls its other resources wait for. */
interface PrivateBucket {
    readonly bucket: aws.s3.Bucket;
    readonly arn: pulumi.Output<string>;
    readonly versioning: aws.s3.BucketVersioning;
    readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
}

interface AccessLogging {
    readonly bucketName: pulumi.Output<string>;
    readonly prefix: string;
    /** With `accessLogBucket`: the statement that bucket's policy needs. */
    readonly bucketPolicyStatements?: pulumi.Output<Statement[]>;
}

interface IngestRoles {
    readonly uploader: aws.iam.Role;
    readonly processor: aws.iam.Role;
    readonly arns: pulumi.Output<IngestRoleArns>;
}

/**
 * Everything one customer's mezzanine assets need to arrive over TLS, rest encrypted and leave over TLS:
 * the drop-off bucket, its default encryption and policy, a KMS key where the mode needs one, and the
 * uploader and processor roles.
 */
export class CustomerIngest extends pulumi.ComponentResource {
    public static readonly TYPE = "mezzanine-ingest:index:CustomerIngest";

    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    public readonly sseMode: SseMode;
    /** The ARN of the key S3 encrypts with (created or the customer's); undefined in `sse-s3` and `sse-c`. */
    public readonly kmsKeyArn?: pulumi.Output<string>;
    public readonly uploaderRoleArn: pulumi.Output<string>;
    public readonly processorRoleArn: pulumi.Output<string>;
    public readonly uploadInstructions: pulumi.Output<string>;
    /** With `kmsKeyArn`: the statements the customer must add to their key's policy. */
    public readonly customerKeyPolicyStatements?: pulumi.Output<Statement[]>;
    /** In `sse-c`: the statements the customer adds to the resource policy of the secret holding their key. */
    public readonly sseCKeySecretPolicyStatements?: pulumi.Output<Statement[]>;
    /** In `sse-c`: the statement the customer adds to the policy of the KMS key that encrypts that secret. */
    public readonly sseCKeySecretKmsKeyPolicyStatements?: pulumi.Output<Statement[]>;
    /** The bucket that receives the ingest bucket's server access logs (created, or `accessLogBucket`). */
    public readonly accessLogBucketName: pulumi.Output<string>;
    /** The prefix the logs land under: `<customer>/`. */
    public readonly accessLogPrefix: string;
    /** With `accessLogBucket`: the statement that bucket's policy needs for the logs to arrive. */
    public readonly accessLogBucketPolicyStatements?: pulumi.Output<Statement[]>;
    /** Where the processor may write renditions. */
    public readonly processorOutputLocations: readonly string[];
    /** With MediaConvert as a processor: the queue whose jobs may use the processor role (created, or `mediaConvertQueueArn`). */
    public readonly mediaConvertQueueArn?: pulumi.Output<string>;

    constructor(name: string, args: CustomerIngestArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate with the same schema as the stack config, before anything is registered.
        const settings = checkArgs(args);
        super(CustomerIngest.TYPE, name, {}, opts);

        const plan = resolveEncryption(settings.sseMode, settings.kmsKeyArn);
        this.sseMode = plan.mode;
        // Every resource waits for the target, which refuses a caller who is not an administrator.
        const target = deploymentTarget(this, settings);

        const bucket = this.ingestBucket(name, settings, target);
        const queueArn = this.mediaConvertQueue(name, settings, target);
        const roles = this.ingestRoles(name, plan, settings, args, bucket.arn, queueArn, target);
        const keyArn = this.encryptionKey(name, plan, settings, target, roles.arns, bucket.arn);
        this.bucketEncryption(name, plan, bucket, keyArn);
        this.bucketPolicy(name, plan, settings, bucket, keyArn, target);
        const logging = this.accessLogging(name, settings, bucket, target);

        this.bucketName = bucket.bucket.bucket;
        this.bucketArn = bucket.arn;
        this.kmsKeyArn = keyArn;
        this.uploaderRoleArn = roles.uploader.arn;
        this.processorRoleArn = roles.processor.arn;
        this.accessLogBucketName = logging.bucketName;
        this.accessLogPrefix = logging.prefix;
        this.accessLogBucketPolicyStatements = logging.bucketPolicyStatements;
        this.processorOutputLocations = settings.processorOutputLocations;
        this.mediaConvertQueueArn = queueArn;
        this.uploadInstructions = pulumi.all([bucket.bucket.bucket, keyArn, roles.arns]).apply(([bucketName, arn, r]) =>
            uploadInstructions({
                plan,
                bucketName,
                keyArn: arn,
                uploaderRoleArn: r.uploaderRoleArn,
                processorRoleArn: r.processorRoleArn,
                externalIdRequired: args.uploaderExternalId !== undefined,
                requireEncryptionHeaders: settings.requireEncryptionHeaders,
                sseCKeySecretArn: settings.sseCKeySecretArn,
            }),
        );
        if (usesKms(plan) && plan.key.source === "customer") {
            this.customerKeyPolicyStatements = pulumi.all([roles.arns, bucket.arn, target]).apply(([r, arn, t]) => customerKeyPolicyStatements(r, arn, t));
        }
        const secretArn = settings.sseCKeySecretArn;
        if (secretArn !== undefined) {
            this.sseCKeySecretPolicyStatements = pulumi
                .all([roles.processor.arn, target])
                .apply(([processorArn, t]) => sseCKeySecretPolicyStatements(processorArn, t));
            this.sseCKeySecretKmsKeyPolicyStatements = pulumi
                .all([roles.processor.arn, target])
                .apply(([processorArn, t]) => sseCKeySecretKmsKeyPolicyStatements(processorArn, secretArn, t));
        }
        this.registerOutputs({
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            sseMode: this.sseMode,
            kmsKeyArn: this.kmsKeyArn,
            uploaderRoleArn: this.uploaderRoleArn,
            processorRoleArn: this.processorRoleArn,
            uploadInstructions: this.uploadInstructions,
            customerKeyPolicyStatements: this.customerKeyPolicyStatements,
            sseCKeySecretPolicyStatements: this.sseCKeySecretPolicyStatements,
            sseCKeySecretKmsKeyPolicyStatements: this.sseCKeySecretKmsKeyPolicyStatements,
            accessLogBucketName: this.accessLogBucketName,
            accessLogPrefix: this.accessLogPrefix,
            accessLogBucketPolicyStatements: this.accessLogBucketPolicyStatements,
            processorOutputLocations: this.processorOutputLocations,
            mediaConvertQueueArn: this.mediaConvertQueueArn,
        });
    }

    /** The bucket and the controls that do not depend on the mode: versioning, Block Public Access, ownership, lifecycle. */
    private ingestBucket(name: string, settings: Settings, target: pulumi.Output<DeploymentTarget>): PrivateBucket {
        // Nothing here depends on sseMode, so changing the mode never replaces the bucket.
        const ingest = this.privateBucket(`${name}-bucket`, name, settings, target, {
            name: (t) => bucketName(settings.customer, t, settings.bucketNamespace),
            tags: { customer: settings.customer, "managed-by": "mezzanine-ingest" },
        });
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket: ingest.bucket.bucket,
                rules: [
                    {
                        id: "abort-incomplete-multipart-uploads",
                        status: "Enabled",
                        filter: {},
                        abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_INCOMPLETE_UPLOADS_DAYS },
                    },
                    {
                        id: "expire-noncurrent-versions",
                        status: "Enabled",
                        filter: {},
                        noncurrentVersionExpiration: { noncurrentDays: settings.noncurrentVersionDays },
                    },
                ],
            },
            // Noncurrent-version rules only take effect on a versioned bucket.
            { parent: this, deletedWith: ingest.bucket, dependsOn: [ingest.versioning] },
        );
        return ingest;
    }

    /**
     * A bucket with an explicit name (so its ARN, and every policy naming it, is known at preview), protected, versioned,
     * with all four Block Public Access flags and ACLs off: what the ingest and the access-log buckets share. Its
     * controls are named `<controlsPrefix>-versioning`, `-public-access-block` and `-ownership`.
     */
    private privateBucket(
        resourceName: string,
        controlsPrefix: string,
        settings: Settings,
        target: pulumi.Output<DeploymentTarget>,
        bucket: { readonly name: (t: DeploymentTarget) => string; readonly tags: Record<string, string> },
    ): PrivateBucket {
        const created = new aws.s3.Bucket(
            resourceName,
            {
                bucket: target.apply(bucket.name),
                forceDestroy: false,
                tags: bucket.tags,
                // Only when not the default: a stack deployed before the key existed keeps exactly its inputs.
                ...(settings.bucketNamespace === "account-regional" ? { bucketNamespace: settings.bucketNamespace } : {}),
            },
            { parent: this, protect: settings.protect },
        );
        // Derived rather than read back from the bucket: known at preview, so the policies naming it are too.
        const arn = pulumi.all([created.bucket, target]).apply(([b, t]) => s3BucketArn(b, t));
        const versioning = new aws.s3.BucketVersioning(
            `${controlsPrefix}-versioning`,
            { bucket: created.bucket, versioningConfiguration: { status: "Enabled" } },
            { parent: this, deletedWith: created },
        );
        const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
            `${controlsPrefix}-public-access-block`,
            {
                bucket: created.bucket,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            { parent: this, deletedWith: created },
        );
        new aws.s3.BucketOwnershipControls(
            `${controlsPrefix}-ownership`,
            { bucket: created.bucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
            { parent: this, deletedWith: created },
        );
        return { bucket: created, arn, versioning, publicAccessBlock };
    }

    /**
     * With MediaConvert as a processor: the customer's own on-demand queue (explicitly named, so that its ARN is known at
     * preview), or `mediaConvertQueueArn`. The processor role trusts MediaConvert only for jobs of this queue.
     */
    private mediaConvertQueue(name: string, settings: Settings, target: pulumi.Output<DeploymentTarget>): pulumi.Output<string> | undefined {
        if (!settings.processorPrincipals.some(isMediaConvert)) return undefined;
        if (settings.mediaConvertQueueArn !== undefined) return pulumi.output(settings.mediaConvertQueueArn);
        const queueName = mediaConvertQueueName(settings.customer);
        const queue = new aws.mediaconvert.Queue(
            `${name}-mediaconvert-queue`,
            {
                // Waits for the target, as every resource does, so that a refused caller registers nothing.
                name: target.apply(() => queueName),
                description: `Transcode jobs of ${settings.customer}'s mezzanine assets: the only queue whose jobs may use its processor role.`,
                pricingPlan: "ON_DEMAND",
                status: "ACTIVE",
                tags: { customer: settings.customer, "managed-by": "mezzanine-ingest" },
            },
            { parent: this },
        );
        // Derived rather than read back: known at preview, so the trust policy naming it is too.
        return pulumi.all([queue.name, target]).apply(([n, t]) => mediaConvertQueueArn(n, t));
    }

    /** The uploader and processor roles, their trust and their inline permissions. */
    private ingestRoles(
        name: string,
        plan: EncryptionPlan,
        settings: Settings,
        args: CustomerIngestArgs,
        bucketArn: pulumi.Output<string>,
        queueArn: pulumi.Output<string> | undefined,
        target: pulumi.Output<DeploymentTarget>,
    ): IngestRoles {
        const customerKeyArn = usesKms(plan) && plan.key.source === "customer" ? plan.key.arn : undefined;
        const uploader = new aws.iam.Role(
            roleResourceName(name, "uploader"),
            {
                description: `Uploads ${settings.customer}'s mezzanine assets to the ingest bucket over TLS, encrypted.`,
                assumeRolePolicy: pulumi
                    .all([target, args.uploaderExternalId])
                    .apply(([t, externalId]) => JSON.stringify(uploaderTrustPolicy(settings.uploaderPrincipals, externalId, t))),
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-uploader-access`,
            {
                role: uploader.id,
                policy: pulumi.all([bucketArn, target]).apply(([arn, t]) => JSON.stringify(uploaderPermissions(arn, customerKeyArn, t))),
            },
            { parent: this },
        );
        const processor = new aws.iam.Role(
            roleResourceName(name, "processor"),
            {
                description: `Reads ${settings.customer}'s mezzanine assets for transcode and DRM jobs, over TLS.`,
                assumeRolePolicy: pulumi
                    .all([target, args.processorExternalId, queueArn])
                    .apply(([t, externalId, queue]) => JSON.stringify(processorTrustPolicy(settings.processorPrincipals, externalId, t, queue))),
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-processor-access`,
            {
                role: processor.id,
                policy: pulumi
                    .all([bucketArn, target])
                    .apply(([arn, t]) =>
                        JSON.stringify(
                            processorPermissions(arn, { customerKeyArn, sseCKeySecretArn: settings.sseCKeySecretArn }, t, outputLocations(settings)),
                        ),
                    ),
            },
            { parent: this },
        );
        const arns = pulumi.all([uploader.arn, processor.arn]).apply(([uploaderRoleArn, processorRoleArn]) => ({ uploaderRoleArn, processorRoleArn }));
        return { uploader, processor, arns };
    }

    /** The key S3 encrypts with: created (with its alias) in KMS modes without `kmsKeyArn`, else the customer's, else none. */
    private encryptionKey(
        name: string,
        plan: EncryptionPlan,
        settings: Settings,
        target: pulumi.Output<DeploymentTarget>,
        roles: pulumi.Output<IngestRoleArns>,
        bucketArn: pulumi.Output<string>,
    ): pulumi.Output<string> | undefined {
        if (!usesKms(plan)) return undefined;
        if (plan.key.source === "customer") return pulumi.output(plan.key.arn);
        const key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `Encrypts ${settings.customer}'s mezzanine assets in the ingest bucket (${plan.mode}).`,
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                enableKeyRotation: true,
                rotationPeriodInDays: settings.kmsKeyRotationDays ?? DEFAULT_KEY_ROTATION_DAYS,
                deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
                policy: pulumi
                    .all([roles, bucketArn, target])
                    .apply(([r, arn, t]) => JSON.stringify(ingestKeyPolicy(r, settings.administratorPrincipals, arn, t))),
            },
            // Never deleted by Pulumi: masters written under it stay encrypted under it after a mode change or a destroy
            // (docs/lifecycle.md says how to retire it once no object needs it).
            { parent: this, protect: settings.protect, retainOnDelete: true },
        );
        // Kept with the key, so that a retained key can still be found by its name.
        new aws.kms.Alias(`${name}-key-alias`, { name: keyAliasName(settings.customer), targetKeyId: key.keyId }, { parent: this, retainOnDelete: true });
        return key.arn;
    }

    /** The bucket's default encryption, with `blockedEncryptionTypes` always explicit. */
    private bucketEncryption(name: string, plan: EncryptionPlan, bucket: PrivateBucket, keyArn: pulumi.Output<string> | undefined): void {
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket: bucket.bucket.bucket,
                rules: [pulumi.output(keyArn).apply((arn) => defaultEncryptionRule(plan, arn))],
            },
            { parent: this, deletedWith: bucket.bucket },
        );
    }

    /** The bucket policy: TLS, the mode's upload rules and the data perimeter. */
    private bucketPolicy(
        name: string,
        plan: EncryptionPlan,
        settings: Settings,
        bucket: PrivateBucket,
        keyArn: pulumi.Output<string> | undefined,
        target: pulumi.Output<DeploymentTarget>,
    ): void {
        new aws.s3.BucketPolicy(
            `${name}-policy`,
            {
                bucket: bucket.bucket.bucket,
                policy: pulumi.all([bucket.arn, keyArn, target]).apply(([bucketArn, arn, t]) =>
                    JSON.stringify(
                        ingestBucketPolicy({
                            bucketArn,
                            plan,
                            keyArn: arn,
                            minimumTlsVersion: settings.minimumTlsVersion,
                            requireEncryptionHeaders: settings.requireEncryptionHeaders,
                            preventOverwrites: settings.preventOverwrites,
                            perimeter: perimeterOf(name, settings, t),
                        }),
                    ),
                ),
            },
            // S3 refuses concurrent changes to a bucket's policy and its public access block.
            { parent: this, deletedWith: bucket.bucket, dependsOn: [bucket.publicAccessBlock] },
        );
    }

    /**
     * Server access logs of the ingest bucket: delivered to `accessLogBucket`, or to a log bucket created here, encrypted
     * (SSE-S3: what log delivery supports, see README), TLS-only, private, written only by S3's log delivery for this
     * bucket, read only by the administrators, deleted by nobody but its lifecycle rule.
     */
    private accessLogging(name: string, settings: Settings, ingest: PrivateBucket, target: pulumi.Output<DeploymentTarget>): AccessLogging {
        const prefix = accessLogPrefix(settings.customer);
        const logging = (targetBucket: pulumi.Input<string>, dependsOn: pulumi.Resource[]) =>
            new aws.s3.BucketLogging(
                `${name}-access-logging`,
                { bucket: ingest.bucket.bucket, targetBucket, targetPrefix: prefix },
                // Delivery starts once the log bucket lets S3 write.
                { parent: this, deletedWith: ingest.bucket, dependsOn },
            );
        if (settings.accessLogBucket !== undefined) {
            const given = settings.accessLogBucket;
            logging(given, []);
            const bucketPolicyStatements = pulumi
                .all([ingest.arn, target])
                .apply(([sourceBucketArn, t]) => [allowLogDelivery({ logBucketArn: s3BucketArn(given, t), prefix, sourceBucketArn }, t)]);
            return { bucketName: pulumi.output(given), prefix, bucketPolicyStatements };
        }

        const logBucket = this.privateBucket(`${name}-access-logs`, `${name}-access-logs`, settings, target, {
            name: (t) => logBucketName(settings.customer, t, settings.bucketNamespace),
            tags: { customer: settings.customer, "managed-by": "mezzanine-ingest", purpose: "access-logs" },
        });
        const logs = logBucket.bucket;
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-access-logs-encryption`,
            {
                bucket: logs.bucket,
                // The sse-s3 row of the mode table: what log delivery supports (see README).
                rules: [defaultEncryptionRule({ mode: "sse-s3" }, undefined)],
            },
            { parent: this, deletedWith: logs },
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-access-logs-lifecycle`,
            {
                bucket: logs.bucket,
                rules: [
                    {
                        id: "expire-access-logs",
                        status: "Enabled",
                        filter: {},
                        expiration: { days: settings.accessLogRetentionDays ?? DEFAULT_ACCESS_LOG_RETENTION_DAYS },
                        // Versioning keeps an expired log as a noncurrent version: remove it the next day.
                        noncurrentVersionExpiration: { noncurrentDays: 1 },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_INCOMPLETE_UPLOADS_DAYS },
                    },
                ],
            },
            { parent: this, deletedWith: logs, dependsOn: [logBucket.versioning] },
        );
        const policy = new aws.s3.BucketPolicy(
            `${name}-access-logs-policy`,
            {
                bucket: logs.bucket,
                policy: pulumi.all([logBucket.arn, ingest.arn, target]).apply(([logBucketArn, sourceBucketArn, t]) =>
                    JSON.stringify(
                        accessLogBucketPolicy(
                            {
                                delivery: { logBucketArn, prefix, sourceBucketArn },
                                administrators: settings.administratorPrincipals,
                            },
                            t,
                        ),
                    ),
                ),
            },
            { parent: this, deletedWith: logs, dependsOn: [logBucket.publicAccessBlock] },
        );
        logging(logs.bucket, [policy]);
        return { bucketName: logs.bucket, prefix };
    }
}

/**
 * Who the bucket policy lets touch the masters and change the bucket. The roles are named by the pattern of their
 * auto-generated names, so that the policy is known at preview and existing roles keep their ARNs.
 */
export function perimeterOf(name: string, settings: Pick<Settings, "administratorPrincipals">, target: DeploymentTarget): Perimeter {
    return {
        uploaderRole: autoNamedRoleArnPattern(roleResourceName(name, "uploader"), target),
        processorRole: autoNamedRoleArnPattern(roleResourceName(name, "processor"), target),
        administrators: settings.administratorPrincipals,
    };
}

/** `processorOutputLocations` as buckets and prefixes (the config check has refused any it cannot parse). */
function outputLocations(settings: Pick<Settings, "processorOutputLocations">): S3Location[] {
    return settings.processorOutputLocations.map((location) => {
        const parsed = parseS3Location(location);
        if (parsed === undefined) throw new Error(`processorOutputLocations: ${location} is no S3 location`);
        return parsed;
    });
}

/** The bucket's name; the stack config check has already refused a customer and region that make it too long. */
export function bucketName(customer: string, target: DeploymentTarget, namespace: BucketNamespace = "global"): string {
    const name = ingestBucketName(customer, target.accountId, target.region, namespace);
    const problem = bucketNameProblem(name);
    if (problem) throw new Error(`customer ${customer} ${problem}`);
    return name;
}

/** The created log bucket's name; the stack config check has already refused a customer and region that make it too long. */
export function logBucketName(customer: string, target: DeploymentTarget, namespace: BucketNamespace = "global"): string {
    const name = accessLogBucketName(customer, target.accountId, target.region, namespace);
    const problem = bucketNameProblem(name);
    if (problem) throw new Error(`customer ${customer} ${problem}`);
    return name;
}

/**
 * Where the stack deploys, once the caller is known to be one of the administrators and the config to hold in the
 * caller's account (config/deployingAccount.ts).
 */
function deploymentTarget(parent: pulumi.Resource, settings: Settings): pulumi.Output<DeploymentTarget> {
    const opts = { parent };
    return pulumi
        .all([aws.getCallerIdentityOutput({}, opts), aws.getRegionOutput({}, opts), aws.getPartitionOutput({}, opts)])
        .apply(([identity, region, partition]) => {
            const problem = callerProblem(identity.arn, settings.administratorPrincipals);
            if (problem !== undefined) throw new CallerNotAdministratorError(problem);
            const accountProblems = deployingAccountProblems(settings, {
                accountId: identity.accountId,
                region: region.region,
                source: "the caller's account",
            });
            if (accountProblems.length > 0) throw new StackConfigError(accountProblems);
            return {
                accountId: identity.accountId,
                region: region.region,
                partition: partition.partition,
                dnsSuffix: partition.dnsSuffix,
            };
        });
}

// The component accepts what the stack config accepts, checked by the same schema; a secret external id
// (an Output) is checked by the program, which reads it.
function checkArgs(args: CustomerIngestArgs) {
    const { uploaderExternalId, processorExternalId, ...rest } = args;
    const values: Record<string, unknown> = { ...rest };
    if (typeof uploaderExternalId === "string") values.uploaderExternalId = uploaderExternalId;
    if (typeof processorExternalId === "string") values.processorExternalId = processorExternalId;
    for (const key of Object.keys(values)) if (values[key] === undefined) delete values[key];
    const result = validateStackConfig(values);
    if (!result.ok) throw new StackConfigError(result.problems);
    return result.config;
}
