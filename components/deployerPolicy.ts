// The deployer's IAM permissions: the least-privilege identity policy that lets one of a stack's administratorPrincipals
// run `pulumi up`, `pulumi refresh` and `pulumi destroy` of that stack, and nothing on another customer's buckets, key,
// roles or queue. Built from what the stack creates (the resource types the component registers, in its mode) and the
// API calls the AWS provider makes for each (PROVIDER_CALLS). Pure: `npm run deployer-policy` (cli/deployerPolicy.ts)
// reads a stack file; test/iam/ simulates every call against the policies the program generates.
//
// The provider's calls are read from its source (Pulumi's aws provider bridges terraform-provider-aws; the file of each
// type under internal/service/ is named in its row), in the AWS SDK for Go v2 versions of s3/bucket.go and kms/key.go
// and the versions of the other files the code search holds, which may be older than the release @pulumi/aws 7.48
// bridges. A provider release may add a call: `pulumi` then fails with AccessDenied naming the action.
import {
    accessLogBucketName,
    autoNamedRoleArnPattern,
    BucketNamespace,
    ingestBucketName,
    keyAliasName,
    mediaConvertQueueName,
    roleResourceName,
} from "../config/names";
import { isKmsMode } from "../config/sseModes";
import { isMediaConvert, StackConfig } from "../config/stackConfig";
import { policyDocument, PolicyDocument, Statement } from "./policyDocument";

/** A step of a resource's life in which the provider calls AWS: `up` creates, updates and deletes; `refresh` reads. */
export type Step = "create" | "read" | "update" | "delete";

/** What the provider calls for one resource type, as IAM actions, per step; and on what. */
export interface ProviderCalls {
    /** The Pulumi type token the component registers. */
    readonly type: string;
    /** The provider's source file for it (terraform-provider-aws, internal/service/...). */
    readonly source: string;
    /** What the actions are authorised on. */
    readonly on: "bucket" | "role" | "key" | "alias" | "queue";
    readonly calls: Readonly<Record<Step, readonly string[]>>;
}

// The bucket's controls each read one configuration and write it (their delete writes it too: DeleteBucketLifecycle is
// authorised as s3:PutLifecycleConfiguration, DeletePublicAccessBlock as s3:PutBucketPublicAccessBlock, ...).
const bucketControl = (type: string, source: string, get: string, put: string, remove = put): ProviderCalls => ({
    type,
    source,
    on: "bucket",
    calls: { create: [put, get], read: [get], update: [put, get], delete: [remove] },
});

/** Every resource type the component may register, and the provider's calls for it. */
export const PROVIDER_CALLS: readonly ProviderCalls[] = [
    {
        type: "aws:s3/bucket:Bucket",
        source: "s3/bucket.go",
        on: "bucket",
        calls: {
            // CreateBucket with the canned ACL "private" (the provider's default, authorised as s3:PutBucketAcl too),
            // then the tags; the read below follows every create and update.
            create: ["s3:CreateBucket", "s3:PutBucketAcl", "s3:PutBucketTagging"],
            // HeadBucket (s3:ListBucket), then each configuration the resource still exposes, its region and its tags.
            read: [
                "s3:ListBucket",
                "s3:GetBucketPolicy",
                "s3:GetBucketAcl",
                "s3:GetBucketCORS",
                "s3:GetBucketWebsite",
                "s3:GetBucketVersioning",
                "s3:GetAccelerateConfiguration",
                "s3:GetBucketRequestPayment",
                "s3:GetBucketLogging",
                "s3:GetLifecycleConfiguration",
                "s3:GetReplicationConfiguration",
                "s3:GetEncryptionConfiguration",
                "s3:GetBucketObjectLockConfiguration",
                "s3:GetBucketTagging",
            ],
            update: ["s3:PutBucketTagging"],
            // forceDestroy is false: an empty bucket only (S3 refuses a bucket with objects or versions).
            delete: ["s3:DeleteBucket"],
        },
    },
    bucketControl("aws:s3/bucketVersioning:BucketVersioning", "s3/bucket_versioning.go", "s3:GetBucketVersioning", "s3:PutBucketVersioning"),
    bucketControl(
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "s3/bucket_public_access_block.go",
        "s3:GetBucketPublicAccessBlock",
        "s3:PutBucketPublicAccessBlock",
    ),
    bucketControl(
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        "s3/bucket_ownership_controls.go",
        "s3:GetBucketOwnershipControls",
        "s3:PutBucketOwnershipControls",
    ),
    bucketControl(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "s3/bucket_server_side_encryption_configuration.go",
        "s3:GetEncryptionConfiguration",
        "s3:PutEncryptionConfiguration",
    ),
    bucketControl(
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "s3/bucket_lifecycle_configuration.go",
        "s3:GetLifecycleConfiguration",
        "s3:PutLifecycleConfiguration",
    ),
    bucketControl("aws:s3/bucketLogging:BucketLogging", "s3/bucket_logging.go", "s3:GetBucketLogging", "s3:PutBucketLogging"),
    bucketControl("aws:s3/bucketPolicy:BucketPolicy", "s3/bucket_policy.go", "s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"),
    {
        type: "aws:iam/role:Role",
        source: "iam/role.go",
        on: "role",
        calls: {
            create: ["iam:CreateRole"],
            // GetRole, then the inline policies (each RolePolicy of the role is one: listed, then read) and the managed ones.
            read: ["iam:GetRole", "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies"],
            update: ["iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy"],
            // The role leaves its instance profiles (it has none), its inline policies, read into its state, are deleted
            // with it; forceDetachPolicies is false and no managed policy is attached.
            delete: ["iam:ListInstanceProfilesForRole", "iam:ListRolePolicies", "iam:DeleteRolePolicy", "iam:DeleteRole"],
        },
    },
    {
        type: "aws:iam/rolePolicy:RolePolicy",
        source: "iam/role_policy.go",
        on: "role",
        calls: {
            create: ["iam:PutRolePolicy", "iam:GetRolePolicy"],
            read: ["iam:GetRolePolicy"],
            update: ["iam:PutRolePolicy"],
            delete: ["iam:DeleteRolePolicy"],
        },
    },
    {
        type: "aws:kms/key:Key",
        source: "kms/key.go",
        on: "key",
        calls: {
            // CreateKey carries the key policy; rotation is enabled after, and the provider waits on each value.
            create: ["kms:CreateKey", "kms:EnableKeyRotation", "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"],
            read: ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"],
            update: ["kms:PutKeyPolicy", "kms:UpdateKeyDescription", "kms:EnableKeyRotation"],
            // retainOnDelete: Pulumi forgets the key and calls nothing (docs/lifecycle.md retires it).
            delete: [],
        },
    },
    {
        type: "aws:kms/alias:Alias",
        source: "kms/alias.go",
        on: "alias",
        calls: { create: ["kms:CreateAlias", "kms:ListAliases"], read: ["kms:ListAliases"], update: ["kms:UpdateAlias"], delete: [] },
    },
    {
        type: "aws:mediaconvert/queue:Queue",
        source: "mediaconvert/queue.go",
        on: "queue",
        calls: {
            // The client first asks for the account's endpoint (DescribeEndpoints).
            create: ["mediaconvert:DescribeEndpoints", "mediaconvert:CreateQueue", "mediaconvert:GetQueue", "mediaconvert:ListTagsForResource"],
            read: ["mediaconvert:DescribeEndpoints", "mediaconvert:GetQueue", "mediaconvert:ListTagsForResource"],
            update: ["mediaconvert:UpdateQueue", "mediaconvert:TagResource", "mediaconvert:UntagResource"],
            delete: ["mediaconvert:DeleteQueue"],
        },
    },
];

/**
 * KMS actions the key's own policy grants the administrators (components/accessPolicies.ts): KMS lets a key policy that
 * names the caller decide alone, so the identity policy names no key. Only CreateKey (a key has no ARN before it
 * exists) and the alias are the identity policy's.
 */
const KEY_POLICY_GRANTS = new Set([
    "kms:EnableKeyRotation",
    "kms:DescribeKey",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:UpdateKeyDescription",
]);

/** Actions that name no resource (IAM's service reference lists none for them): they take `*`, with conditions where IAM has keys for them. */
const UNSCOPED = new Set(["kms:CreateKey", "kms:ListAliases", "mediaconvert:CreateQueue", "mediaconvert:DescribeEndpoints"]);

/** One stack, as far as its deployer's permissions go. */
export interface DeployerStack {
    readonly customer: string;
    readonly accountId: string;
    readonly region: string;
    readonly partition: string;
    readonly bucketNamespace: BucketNamespace;
    /** `administratorPrincipals`: the program reads those of the deploying account from IAM (and the caller among them). */
    readonly administrators: readonly string[];
    readonly creates: StackCreates;
}

/** What a stack creates beside the ingest bucket, its controls and its two roles, which every stack creates. */
export interface StackCreates {
    /** A KMS key and its alias: a KMS mode without `kmsKeyArn`. */
    readonly key: boolean;
    /** The access-log bucket: without `accessLogBucket`. */
    readonly logBucket: boolean;
    /** The customer's MediaConvert queue: with MediaConvert among the processors and no `mediaConvertQueueArn`. */
    readonly queue: boolean;
}

/** What a stack config makes the component create (test/iam/ checks it against what the program registers). */
export function stackCreatesOf(
    config: Pick<StackConfig, "sseMode" | "kmsKeyArn" | "accessLogBucket" | "processorPrincipals" | "mediaConvertQueueArn">,
): StackCreates {
    return {
        key: isKmsMode(config.sseMode) && config.kmsKeyArn === undefined,
        logBucket: config.accessLogBucket === undefined,
        queue: config.processorPrincipals.some(isMediaConvert) && config.mediaConvertQueueArn === undefined,
    };
}

/** The resource types a stack registers (its CustomerIngest component aside). */
export function stackResourceTypes(creates: StackCreates): string[] {
    return [
        ...PROVIDER_CALLS.filter((p) => p.on === "bucket" || p.on === "role").map((p) => p.type),
        ...(creates.key ? ["aws:kms/key:Key", "aws:kms/alias:Alias"] : []),
        ...(creates.queue ? ["aws:mediaconvert/queue:Queue"] : []),
    ];
}

const unique = (actions: Iterable<string>) => [...new Set(actions)].sort();

/** Every action the provider calls for `types`, in `steps`. */
export function providerActions(types: readonly string[], steps: readonly Step[] = ["create", "read", "update", "delete"]): string[] {
    const unknown = types.filter((t) => !PROVIDER_CALLS.some((p) => p.type === t));
    if (unknown.length > 0) throw new Error(`no provider calls known for ${unknown.join(", ")}: add them to PROVIDER_CALLS`);
    return unique(PROVIDER_CALLS.filter((p) => types.includes(p.type)).flatMap((p) => steps.flatMap((s) => p.calls[s])));
}

const actionsOn = (on: ProviderCalls["on"], types: readonly string[]) =>
    unique(
        PROVIDER_CALLS.filter((p) => p.on === on && types.includes(p.type))
            .flatMap((p) => Object.values(p.calls).flat())
            .filter((a) => !UNSCOPED.has(a) && !KEY_POLICY_GRANTS.has(a)),
    );

/** The deployer's identity policy for one stack. */
export function deployerPolicy(stack: DeployerStack): PolicyDocument {
    const { partition, accountId, region, customer, creates } = stack;
    const types = stackResourceTypes(creates);
    const bucketArn = (name: string) => `arn:${partition}:s3:::${name}`;
    const otherNamespace: BucketNamespace = stack.bucketNamespace === "global" ? "account-regional" : "global";
    const target = { partition, accountId };
    const statements: Statement[] = [
        {
            // The program checks the caller and every listed administrator of this account in IAM before registering anything.
            Sid: "ReadAdministrators",
            Effect: "Allow",
            Action: ["iam:GetRole", "iam:GetUser"],
            Resource: unique(stack.administrators.filter((a) => a.split(":")[4] === accountId)),
        },
        {
            // The program reads the bucket's name in the other namespace too (a switch would replace the bucket).
            Sid: "ReadTheBucketNameInTheOtherNamespace",
            Effect: "Allow",
            Action: "s3:GetBucketPolicy",
            Resource: bucketArn(ingestBucketName(customer, accountId, region, otherNamespace)),
        },
        {
            Sid: "ManageTheBuckets",
            Effect: "Allow",
            Action: actionsOn("bucket", types),
            Resource: [
                bucketArn(ingestBucketName(customer, accountId, region, stack.bucketNamespace)),
                ...(creates.logBucket ? [bucketArn(accessLogBucketName(customer, accountId, region, stack.bucketNamespace))] : []),
            ],
        },
        {
            Sid: "ManageTheRoles",
            Effect: "Allow",
            Action: actionsOn("role", types),
            Resource: [
                autoNamedRoleArnPattern(roleResourceName(customer, "uploader"), target),
                autoNamedRoleArnPattern(roleResourceName(customer, "processor"), target),
            ],
        },
    ];
    if (creates.key) {
        statements.push(
            {
                // A key has no ARN before it exists; only a symmetric encryption key of KMS's own key material.
                Sid: "CreateTheKey",
                Effect: "Allow",
                Action: "kms:CreateKey",
                Resource: "*",
                Condition: { StringEquals: { "kms:KeySpec": "SYMMETRIC_DEFAULT", "kms:KeyUsage": "ENCRYPT_DECRYPT", "kms:KeyOrigin": "AWS_KMS" } },
            },
            {
                Sid: "ManageTheKeyAlias",
                Effect: "Allow",
                Action: actionsOn("alias", types),
                Resource: `arn:${partition}:kms:${region}:${accountId}:${keyAliasName(customer)}`,
            },
            { Sid: "ListAliases", Effect: "Allow", Action: "kms:ListAliases", Resource: "*" },
        );
    }
    if (creates.queue) {
        const queueArn = `arn:${partition}:mediaconvert:${region}:${accountId}:queues/${mediaConvertQueueName(customer)}`;
        statements.push(
            { Sid: "FindTheMediaConvertEndpoint", Effect: "Allow", Action: "mediaconvert:DescribeEndpoints", Resource: "*" },
            {
                // CreateQueue names no resource; the queue is tagged with its customer.
                Sid: "CreateTheQueue",
                Effect: "Allow",
                Action: "mediaconvert:CreateQueue",
                Resource: "*",
                Condition: { StringEquals: { [`aws:RequestTag/customer`]: customer } },
            },
            { Sid: "ManageTheQueue", Effect: "Allow", Action: actionsOn("queue", types), Resource: queueArn },
        );
    }
    return policyDocument(...statements);
}
