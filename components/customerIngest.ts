import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { bucketNameProblem, ingestBucketName, SseMode, StackConfigError, validateStackConfig } from "../config/stackConfig";
import {
    customerKeyPolicyStatements,
    DeploymentTarget,
    ingestKeyPolicy,
    processorPermissions,
    processorTrustPolicy,
    uploaderPermissions,
    uploaderTrustPolicy,
} from "./accessPolicies";
import { ingestBucketPolicy } from "./bucketPolicy";
import { defaultEncryptionRule, EncryptionPlan, resolveEncryption, usesKms } from "./encryption";
import { Statement } from "./policyDocument";
import { uploadInstructions } from "./uploadInstructions";

export interface CustomerIngestArgs {
    /** The customer's slug (`^[a-z][a-z0-9-]{1,30}[a-z0-9]$`); it names the bucket, the key alias and the roles. */
    readonly customer: string;
    /**
     * How S3 encrypts stored assets: `sse-s3`, `sse-kms`, `dsse-kms` or `sse-c`.
     * Changing it on a live stack updates the bucket's encryption and policy in place; the bucket is never replaced.
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
     * Service principals may only assume it on behalf of this account.
     * @default ["mediaconvert.amazonaws.com"]
     */
    readonly processorPrincipals?: readonly string[];
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
     * Whether Pulumi refuses to delete or replace the bucket and the key (`protect`).
     * @default true
     */
    readonly protect?: boolean;
}

const DEFAULT_KEY_ROTATION_DAYS = 365;
const KEY_DELETION_WINDOW_DAYS = 30;
const ABORT_INCOMPLETE_UPLOADS_DAYS = 7;

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

    constructor(name: string, args: CustomerIngestArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate with the same schema as the stack config, before anything is registered.
        const settings = checkArgs(args);
        super(CustomerIngest.TYPE, name, {}, opts);

        const plan = resolveEncryption(settings.sseMode, settings.kmsKeyArn);
        this.sseMode = plan.mode;
        const target = deploymentTarget(this);
        const dataProtection = { parent: this, protect: settings.protect };

        const bucket = new aws.s3.Bucket(
            `${name}-bucket`,
            {
                // An explicit name: its ARN, and with it the bucket policy, is known at preview.
                // Nothing here depends on sseMode, so changing the mode never replaces the bucket.
                bucket: target.apply((t) => bucketName(settings.customer, t)),
                forceDestroy: false,
                tags: { customer: settings.customer, "managed-by": "mezzanine-ingest" },
            },
            dataProtection,
        );

        // Derived rather than read back from the bucket: known at preview, so the policies below are too.
        const bucketArn = pulumi.all([bucket.bucket, target]).apply(([b, t]) => `arn:${t.partition}:s3:::${b}`);

        const versioning = new aws.s3.BucketVersioning(
            `${name}-versioning`,
            { bucket: bucket.bucket, versioningConfiguration: { status: "Enabled" } },
            { parent: this },
        );
        const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access-block`,
            {
                bucket: bucket.bucket,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            { parent: this },
        );
        new aws.s3.BucketOwnershipControls(
            `${name}-ownership`,
            { bucket: bucket.bucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
            { parent: this },
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket: bucket.bucket,
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
            { parent: this, dependsOn: [versioning] },
        );

        const customerKeyArn = usesKms(plan) && plan.key.source === "customer" ? plan.key.arn : undefined;
        const uploaderRole = new aws.iam.Role(
            `${name}-uploader`,
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
                role: uploaderRole.id,
                policy: pulumi
                    .all([bucketArn, target])
                    .apply(([arn, t]) => JSON.stringify(uploaderPermissions(arn, customerKeyArn, t))),
            },
            { parent: this },
        );
        const processorRole = new aws.iam.Role(
            `${name}-processor`,
            {
                description: `Reads ${settings.customer}'s mezzanine assets for transcode and DRM jobs, over TLS.`,
                assumeRolePolicy: target.apply((t) => JSON.stringify(processorTrustPolicy(settings.processorPrincipals, t))),
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-processor-access`,
            {
                role: processorRole.id,
                policy: pulumi
                    .all([bucketArn, target])
                    .apply(([arn, t]) => JSON.stringify(processorPermissions(arn, customerKeyArn, t))),
            },
            { parent: this },
        );
        const roles = pulumi
            .all([uploaderRole.arn, processorRole.arn])
            .apply(([uploaderRoleArn, processorRoleArn]) => ({ uploaderRoleArn, processorRoleArn }));

        const keyArn = this.encryptionKey(name, plan, settings, target, roles, dataProtection);

        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket: bucket.bucket,
                rules: [pulumi.output(keyArn).apply((arn) => defaultEncryptionRule(plan, arn))],
            },
            { parent: this },
        );
        new aws.s3.BucketPolicy(
            `${name}-policy`,
            {
                bucket: bucket.bucket,
                policy: pulumi.all([bucketArn, keyArn]).apply(([bucketArn, arn]) =>
                    JSON.stringify(
                        ingestBucketPolicy({
                            bucketArn,
                            plan,
                            keyArn: arn,
                            minimumTlsVersion: settings.minimumTlsVersion,
                            requireEncryptionHeaders: settings.requireEncryptionHeaders,
                        }),
                    ),
                ),
            },
            // S3 refuses concurrent changes to a bucket's policy and its public access block.
            { parent: this, dependsOn: [publicAccessBlock] },
        );

        this.bucketName = bucket.bucket;
        this.bucketArn = bucketArn;
        this.kmsKeyArn = keyArn;
        this.uploaderRoleArn = uploaderRole.arn;
        this.processorRoleArn = processorRole.arn;
        this.uploadInstructions = pulumi.all([bucket.bucket, keyArn, uploaderRole.arn]).apply(([bucketName, arn, uploaderRoleArn]) =>
            uploadInstructions({
                plan,
                bucketName,
                keyArn: arn,
                uploaderRoleArn,
                externalIdRequired: args.uploaderExternalId !== undefined,
                requireEncryptionHeaders: settings.requireEncryptionHeaders,
            }),
        );
        if (customerKeyArn !== undefined) {
            this.customerKeyPolicyStatements = pulumi.all([roles, target]).apply(([r, t]) => customerKeyPolicyStatements(r, t));
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
        });
    }

    /** The key S3 encrypts with: created (with its alias) in KMS modes without `kmsKeyArn`, else the customer's, else none. */
    private encryptionKey(
        name: string,
        plan: EncryptionPlan,
        settings: ReturnType<typeof checkArgs>,
        target: pulumi.Output<DeploymentTarget>,
        roles: pulumi.Output<{ uploaderRoleArn: string; processorRoleArn: string }>,
        dataProtection: pulumi.CustomResourceOptions,
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
                policy: pulumi.all([roles, target]).apply(([r, t]) => JSON.stringify(ingestKeyPolicy(r, t))),
            },
            dataProtection,
        );
        new aws.kms.Alias(
            `${name}-key-alias`,
            { name: `alias/mezzanine-ingest/${settings.customer}`, targetKeyId: key.keyId },
            { parent: this },
        );
        return key.arn;
    }
}

/** The bucket's name; the stack config check has already refused a customer and region that make it too long. */
export function bucketName(customer: string, target: DeploymentTarget): string {
    const name = ingestBucketName(customer, target.accountId, target.region);
    const problem = bucketNameProblem(name);
    if (problem) throw new Error(`customer ${customer} ${problem}`);
    return name;
}

function deploymentTarget(parent: pulumi.Resource): pulumi.Output<DeploymentTarget> {
    const opts = { parent };
    return pulumi
        .all([aws.getCallerIdentityOutput({}, opts), aws.getRegionOutput({}, opts), aws.getPartitionOutput({}, opts)])
        .apply(([identity, region, partition]) => ({
            accountId: identity.accountId,
            region: region.region,
            partition: partition.partition,
            dnsSuffix: partition.dnsSuffix,
        }));
}

// The component accepts what the stack config accepts, checked by the same schema; a secret external id
// (an Output) is checked by the program, which reads it.
function checkArgs(args: CustomerIngestArgs) {
    const { uploaderExternalId, ...rest } = args;
    const values: Record<string, unknown> = { ...rest };
    if (typeof uploaderExternalId === "string") values.uploaderExternalId = uploaderExternalId;
    for (const key of Object.keys(values)) if (values[key] === undefined) delete values[key];
    const result = validateStackConfig(values);
    if (!result.ok) throw new StackConfigError(result.problems);
    return result.config;
}
