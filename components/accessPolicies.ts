// Who may assume the ingest roles, what each role may do, and who may use the KMS key.
// Uploaders write and never read; processors (transcode, DRM) read and never write; nobody here deletes.
import { DeploymentTarget } from "../config/names";
import { processorServiceOf, ProcessorServicePin } from "../config/processorServices";
import { isAccountId, isServicePrincipal, S3Location } from "../config/stackConfig";
import { policyDocument, PolicyDocument, Statement } from "./policyDocument";

export const UPLOADER_S3_OBJECT_ACTIONS = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"];
export const UPLOADER_S3_BUCKET_ACTIONS = ["s3:ListBucketMultipartUploads"];
export const PROCESSOR_S3_OBJECT_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion"];
export const PROCESSOR_S3_BUCKET_ACTIONS = ["s3:ListBucket"];
/**
 * What the processor does in `processorOutputLocations`: write renditions, in one PUT or in parts, and set their ACL
 * (a MediaConvert output with "Access control" set, such as bucket-owner-full-control for another account's bucket,
 * sends s3:PutObjectAcl: MediaConvert User Guide, "Writing your outputs to another account's Amazon S3 bucket").
 */
export const PROCESSOR_OUTPUT_ACTIONS = ["s3:PutObject", "s3:PutObjectAcl", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"];
/**
 * What the processor may never do outside its output locations, whatever policy is attached to it later: write,
 * tag, change the ACL or retention of, delete, replicate, restore or re-encrypt objects (by their verbs, so that the
 * object actions AWS adds are covered).
 */
export const PROCESSOR_DENIED_OUTSIDE_OUTPUTS = [
    "s3:PutObject*",
    "s3:DeleteObject*",
    "s3:Replicate*",
    "s3:RestoreObject",
    "s3:UpdateObjectEncryption",
    "s3:BypassGovernanceRetention",
];
/**
 * KMS use for outputs that are encrypted with SSE-KMS (the output bucket's default, or the job's S3EncryptionSettings):
 * MediaConvert's guide asks for kms:GenerateDataKey and kms:Encrypt ("Implementing server-side encryption"); S3 asks
 * for kms:Decrypt too to complete a multipart upload.
 */
export const PROCESSOR_OUTPUT_KMS_ACTIONS = ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt"];
// Multipart uploads need Decrypt as well as GenerateDataKey: S3 decrypts the data key to finish the upload.
export const UPLOADER_KMS_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"];
export const PROCESSOR_KMS_ACTIONS = ["kms:Decrypt"];
// Managing the key without being able to use it, nor letting anyone else use it: no kms:CreateGrant, no
// encrypt/decrypt. kms:Put* (PutKeyPolicy) stays: an administrator can rewrite the policy, which CloudTrail records.
export const KEY_ADMINISTRATION_ACTIONS = [
    "kms:CreateAlias",
    "kms:DeleteAlias",
    "kms:UpdateAlias",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
    "kms:RotateKeyOnDemand",
];
export const SSE_C_KEY_SECRET_ACTIONS = ["secretsmanager:GetSecretValue"];
// Reading the key's metadata, which AWS Config, Security Hub and auditors need; none of it uses or changes the key.
export const KEY_METADATA_READ_ACTIONS = [
    "kms:DescribeKey",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListKeyPolicies",
    "kms:ListKeyRotations",
    "kms:ListResourceTags",
    "kms:ListGrants",
];

/** An account id becomes that account's root ARN; ARNs pass unchanged. */
export function iamPrincipalArn(principal: string, partition: string): string {
    return isAccountId(principal) ? `arn:${partition}:iam::${principal}:root` : principal;
}

/** The condition that limits KMS use to requests S3 makes on the caller's behalf in this region. */
export function viaS3(target: DeploymentTarget) {
    return { "kms:ViaService": `s3.${target.region}.${target.dnsSuffix}` };
}

/** The condition that limits KMS use to requests S3 makes for this bucket (objects' encryption context). */
export function forThisBucket(bucketArn: string) {
    // With S3 Bucket Keys the context is the bucket's ARN; without them (DSSE-KMS), the object's.
    return { "kms:EncryptionContext:aws:s3:arn": [bucketArn, `${bucketArn}/*`] };
}

function viaS3ForThisBucket(bucketArn: string, target: DeploymentTarget) {
    return { StringEquals: viaS3(target), StringLike: forThisBucket(bucketArn) };
}

/** The condition that keeps an identity policy's S3 grants in our account: a same-named bucket elsewhere gets nothing. */
function inThisAccount(target: DeploymentTarget) {
    return { StringEquals: { "aws:ResourceAccount": target.accountId } };
}

/** Trust policy of the uploader role: the listed principals, with the external id when one is set. */
export function uploaderTrustPolicy(principals: readonly string[], externalId: string | undefined, target: DeploymentTarget): PolicyDocument {
    return policyDocument({
        Sid: "AssumeByUploaders",
        Effect: "Allow",
        Principal: { AWS: principals.map((p) => iamPrincipalArn(p, target.partition)) },
        Action: "sts:AssumeRole",
        ...(externalId !== undefined ? { Condition: { StringEquals: { "sts:ExternalId": externalId } } } : {}),
    });
}

/**
 * Trust policy of the processor role. Each AWS service is held to this customer's work by the keys it sends
 * (config/processorServices.ts): MediaConvert to the customer's queue, ECS tasks to this account and region, Lambda to
 * this account (against the confused deputy). IAM principals get a statement of their own, since those conditions
 * would never match for them. `mediaConvertQueueArn` is required when the principals list MediaConvert.
 */
export function processorTrustPolicy(
    principals: readonly string[],
    externalId: string | undefined,
    target: DeploymentTarget,
    mediaConvertQueueArn?: string,
): PolicyDocument {
    const identities = principals.filter((p) => !isServicePrincipal(p)).map((p) => iamPrincipalArn(p, target.partition));
    const statements: Statement[] = [];
    const byPin = (pin: ProcessorServicePin) => principals.filter((p) => processorServiceOf(p)?.pin === pin);
    const unpinned = principals.filter((p) => isServicePrincipal(p) && processorServiceOf(p) === undefined);
    if (unpinned.length > 0) throw new Error(`no way to hold ${unpinned.join(", ")} to this customer's work: the stack config refuses them`);
    for (const service of byPin("queue")) {
        if (mediaConvertQueueArn === undefined) throw new Error(`the processor trust policy needs the MediaConvert queue's ARN for ${service}`);
        statements.push({
            Sid: "AssumeByMediaConvertForThisQueue",
            Effect: "Allow",
            Principal: { Service: service },
            Action: "sts:AssumeRole",
            // MediaConvert presents the job's queue as aws:SourceArn: only jobs of this customer's queue run as the role.
            Condition: { StringEquals: { "aws:SourceAccount": target.accountId }, ArnEquals: { "aws:SourceArn": mediaConvertQueueArn } },
        });
    }
    for (const service of byPin("account-and-region")) {
        const arnService = processorServiceOf(service)!.arnService;
        statements.push({
            Sid: "AssumeByEcsTasksOfThisAccountAndRegion",
            Effect: "Allow",
            Principal: { Service: service },
            Action: "sts:AssumeRole",
            Condition: {
                StringEquals: { "aws:SourceAccount": target.accountId },
                ArnLike: { "aws:SourceArn": `arn:${target.partition}:${arnService}:${target.region}:${target.accountId}:*` },
            },
        });
    }
    const accountOnly = byPin("account");
    if (accountOnly.length > 0) {
        statements.push({
            Sid: "AssumeByServicesForThisAccount",
            Effect: "Allow",
            Principal: { Service: accountOnly },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": target.accountId } },
        });
    }
    if (identities.length > 0) {
        statements.push({
            Sid: "AssumeByProcessors",
            Effect: "Allow",
            Principal: { AWS: identities },
            Action: "sts:AssumeRole",
            // A vendor serving many customers must be told whose job it runs (the confused deputy).
            ...(externalId !== undefined ? { Condition: { StringEquals: { "sts:ExternalId": externalId } } } : {}),
        });
    }
    return policyDocument(...statements);
}

/** The uploader role's permissions: write objects and manage its multipart uploads; never read or delete. */
export function uploaderPermissions(bucketArn: string, customerKeyArn: string | undefined, target: DeploymentTarget): PolicyDocument {
    const statements: Statement[] = [
        { Sid: "UploadObjects", Effect: "Allow", Action: UPLOADER_S3_OBJECT_ACTIONS, Resource: `${bucketArn}/*`, Condition: inThisAccount(target) },
        { Sid: "ListOwnMultipartUploads", Effect: "Allow", Action: UPLOADER_S3_BUCKET_ACTIONS, Resource: bucketArn, Condition: inThisAccount(target) },
    ];
    if (customerKeyArn !== undefined) {
        statements.push(customerKeyUse("EncryptWithCustomerKeyViaS3", UPLOADER_KMS_ACTIONS, customerKeyArn, bucketArn, target));
    }
    return policyDocument(...statements);
}

/** The objects of an output location as an ARN pattern: `arn:aws:s3:::bucket/prefix/*`. */
export function outputObjectsArn(location: S3Location, target: DeploymentTarget): string {
    return `arn:${target.partition}:s3:::${location.bucket}/${location.prefix}*`;
}

/**
 * The processor's writes: renditions into `outputs` only (put and multipart), SSE-KMS output buckets' keys used only
 * through S3 for those buckets, and an explicit Deny of every other object write, tag, ACL change or delete, anywhere.
 */
export function processorOutputStatements(outputs: readonly S3Location[], target: DeploymentTarget): Statement[] {
    const objects = outputs.map((o) => outputObjectsArn(o, target));
    const statements: Statement[] = [];
    if (objects.length > 0) {
        statements.push(
            { Sid: "WriteRenditions", Effect: "Allow", Action: PROCESSOR_OUTPUT_ACTIONS, Resource: objects },
            {
                Sid: "EncryptRenditionsViaS3",
                Effect: "Allow",
                Action: PROCESSOR_OUTPUT_KMS_ACTIONS,
                // The output buckets' keys are theirs to choose: any key, only as S3 encrypts objects of these locations
                // (the bucket's ARN with S3 Bucket Keys, the object's without). The key's own policy must admit the role.
                Resource: `arn:${target.partition}:kms:*:*:key/*`,
                Condition: {
                    StringLike: {
                        "kms:ViaService": `s3.*.${target.dnsSuffix}`,
                        "kms:EncryptionContext:aws:s3:arn": [
                            ...new Set(outputs.flatMap((o) => [`arn:${target.partition}:s3:::${o.bucket}`, outputObjectsArn(o, target)])),
                        ],
                    },
                },
            },
        );
    }
    statements.push({
        Sid: "DenyObjectWritesOutsideOutputLocations",
        Effect: "Deny",
        Action: PROCESSOR_DENIED_OUTSIDE_OUTPUTS,
        ...(objects.length > 0 ? { NotResource: objects } : { Resource: "*" }),
    });
    return statements;
}

export interface ProcessorKeys {
    /** KMS modes with `kmsKeyArn`: the customer's key, used via S3. */
    readonly customerKeyArn?: string;
    /** sse-c: the secret that holds the customer's SSE-C key. */
    readonly sseCKeySecretArn?: string;
}

/**
 * The processor role's permissions: read objects and their versions, list the bucket; never write or delete.
 * In sse-c, also read the customer's key from its secret (and decrypt that secret, only through Secrets Manager).
 */
export function processorPermissions(bucketArn: string, keys: ProcessorKeys, target: DeploymentTarget, outputs: readonly S3Location[] = []): PolicyDocument {
    const statements: Statement[] = [
        { Sid: "ReadObjects", Effect: "Allow", Action: PROCESSOR_S3_OBJECT_ACTIONS, Resource: `${bucketArn}/*`, Condition: inThisAccount(target) },
        { Sid: "ListBucket", Effect: "Allow", Action: PROCESSOR_S3_BUCKET_ACTIONS, Resource: bucketArn, Condition: inThisAccount(target) },
    ];
    if (keys.customerKeyArn !== undefined) {
        statements.push(customerKeyUse("DecryptWithCustomerKeyViaS3", PROCESSOR_KMS_ACTIONS, keys.customerKeyArn, bucketArn, target));
    }
    if (keys.sseCKeySecretArn !== undefined) {
        const secret = parseArn(keys.sseCKeySecretArn);
        statements.push(
            { Sid: "ReadSseCKeySecret", Effect: "Allow", Action: SSE_C_KEY_SECRET_ACTIONS, Resource: keys.sseCKeySecretArn },
            {
                Sid: "DecryptSseCKeySecretViaSecretsManager",
                Effect: "Allow",
                Action: "kms:Decrypt",
                // The secret's key is the customer's and its ARN is not ours to know: any key of the secret's account and
                // region, only as Secrets Manager decrypts this one secret.
                Resource: `arn:${secret.partition}:kms:${secret.region}:${secret.accountId}:key/*`,
                Condition: viaSecretsManagerForSecret(keys.sseCKeySecretArn, target),
            },
        );
    }
    return policyDocument(...statements, ...processorOutputStatements(outputs, target));
}

function customerKeyUse(sid: string, actions: string[], keyArn: string, bucketArn: string, target: DeploymentTarget): Statement {
    return { Sid: sid, Effect: "Allow", Action: actions, Resource: keyArn, Condition: viaS3ForThisBucket(bucketArn, target) };
}

interface ArnParts {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
}

function parseArn(arn: string): ArnParts {
    const [, partition, , region, accountId] = arn.split(":");
    return { partition, region, accountId };
}

/** KMS use only as Secrets Manager (in the secret's region) decrypts the one secret. */
function viaSecretsManagerForSecret(secretArn: string, target: DeploymentTarget) {
    return {
        StringEquals: {
            "kms:ViaService": `secretsmanager.${parseArn(secretArn).region}.${target.dnsSuffix}`,
            "kms:EncryptionContext:SecretARN": secretArn,
        },
    };
}

export interface IngestRoleArns {
    readonly uploaderRoleArn: string;
    readonly processorRoleArn: string;
}

/** A key-policy statement letting one role use the key, only through S3 in this region, for this bucket. */
function keyUseByRole(sid: string, roleArn: string, actions: string[], bucketArn: string, target: DeploymentTarget): Statement {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { AWS: roleArn },
        Action: actions,
        Resource: "*",
        Condition: viaS3ForThisBucket(bucketArn, target),
    };
}

/** The statements a customer adds to their own key's policy (`kmsKeyArn`) so that our roles can use it via S3. */
export function customerKeyPolicyStatements(roles: IngestRoleArns, bucketArn: string, target: DeploymentTarget): Statement[] {
    return [
        keyUseByRole("MezzanineIngestUploaderViaS3", roles.uploaderRoleArn, UPLOADER_KMS_ACTIONS, bucketArn, target),
        keyUseByRole("MezzanineIngestProcessorViaS3", roles.processorRoleArn, PROCESSOR_KMS_ACTIONS, bucketArn, target),
    ];
}

/**
 * The policy of the key the stack creates: `administratorPrincipals` administer it (they cannot use it or grant its
 * use), only the ingest roles use it, via S3, for this bucket. The account root is delegated reading the key's
 * metadata only, so IAM policies of the account can let auditing tools describe it, and nothing more.
 */
export function ingestKeyPolicy(roles: IngestRoleArns, administrators: readonly string[], bucketArn: string, target: DeploymentTarget): PolicyDocument {
    return policyDocument(
        {
            Sid: "AdministratorsManageKey",
            Effect: "Allow",
            Principal: { AWS: [...administrators] },
            Action: KEY_ADMINISTRATION_ACTIONS,
            Resource: "*",
        },
        {
            Sid: "AccountReadsKeyMetadata",
            Effect: "Allow",
            Principal: { AWS: `arn:${target.partition}:iam::${target.accountId}:root` },
            Action: KEY_METADATA_READ_ACTIONS,
            Resource: "*",
        },
        ...customerKeyPolicyStatements(roles, bucketArn, target),
    );
}

/**
 * sse-c: the statements the customer adds to the resource policy of the secret that holds their key. Only our processor
 * role reads it; every other principal of our account is refused even if the secret lives here. Removing these
 * statements revokes our ability to read their masters.
 */
export function sseCKeySecretPolicyStatements(processorRoleArn: string, target: DeploymentTarget): Statement[] {
    return [
        { Sid: "MezzanineIngestProcessorReadsKey", Effect: "Allow", Principal: { AWS: processorRoleArn }, Action: SSE_C_KEY_SECRET_ACTIONS, Resource: "*" },
        {
            Sid: "MezzanineIngestNobodyElseOfOurAccountReadsKey",
            Effect: "Deny",
            Principal: "*",
            Action: SSE_C_KEY_SECRET_ACTIONS,
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalAccount": target.accountId }, ArnNotEquals: { "aws:PrincipalArn": processorRoleArn } },
        },
    ];
}

/** sse-c: the statement the customer adds to the policy of the KMS key their secret is encrypted with. */
export function sseCKeySecretKmsKeyPolicyStatements(processorRoleArn: string, secretArn: string, target: DeploymentTarget): Statement[] {
    return [
        {
            Sid: "MezzanineIngestProcessorDecryptsKeySecret",
            Effect: "Allow",
            Principal: { AWS: processorRoleArn },
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: viaSecretsManagerForSecret(secretArn, target),
        },
    ];
}
