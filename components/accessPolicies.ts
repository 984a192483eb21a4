// Who may assume the ingest roles, what each role may do, and who may use the KMS key.
// Uploaders write and never read; processors (transcode, DRM) read and never write; nobody here deletes.
import { isAccountId, isServicePrincipal } from "../config/stackConfig";
import { policyDocument, PolicyDocument, Statement } from "./policyDocument";

/** Where the stack is deployed: the values every ARN and service name is built from. */
export interface DeploymentTarget {
    readonly partition: string;
    readonly accountId: string;
    readonly region: string;
    /** `amazonaws.com`, or `amazonaws.com.cn` in China. */
    readonly dnsSuffix: string;
}

export const UPLOADER_S3_OBJECT_ACTIONS = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"];
export const UPLOADER_S3_BUCKET_ACTIONS = ["s3:ListBucketMultipartUploads"];
export const PROCESSOR_S3_OBJECT_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion"];
export const PROCESSOR_S3_BUCKET_ACTIONS = ["s3:ListBucket"];
// Multipart uploads need Decrypt as well as GenerateDataKey: S3 decrypts the data key to finish the upload.
export const UPLOADER_KMS_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"];
export const PROCESSOR_KMS_ACTIONS = ["kms:Decrypt"];
// Managing the key without being able to use it: encryption and decryption stay with the ingest roles.
export const KEY_ADMINISTRATION_ACTIONS = [
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
    "kms:RotateKeyOnDemand",
];

/** An account id becomes that account's root ARN; ARNs pass unchanged. */
export function iamPrincipalArn(principal: string, partition: string): string {
    return isAccountId(principal) ? `arn:${partition}:iam::${principal}:root` : principal;
}

export function accountRootArn(target: DeploymentTarget): string {
    return `arn:${target.partition}:iam::${target.accountId}:root`;
}

/** The condition that limits KMS use to requests S3 makes on the caller's behalf in this region. */
export function viaS3(target: DeploymentTarget) {
    return { "kms:ViaService": `s3.${target.region}.${target.dnsSuffix}` };
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
 * Trust policy of the processor role. Service principals must act for our account (`aws:SourceAccount`, against the
 * confused deputy); IAM principals get a statement of their own, since that condition would never match for them.
 */
export function processorTrustPolicy(principals: readonly string[], target: DeploymentTarget): PolicyDocument {
    const services = principals.filter(isServicePrincipal);
    const identities = principals.filter((p) => !isServicePrincipal(p)).map((p) => iamPrincipalArn(p, target.partition));
    const statements: Statement[] = [];
    if (services.length > 0) {
        statements.push({
            Sid: "AssumeByServicesForThisAccount",
            Effect: "Allow",
            Principal: { Service: services },
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
        });
    }
    return policyDocument(...statements);
}

/** The uploader role's permissions: write objects and manage its multipart uploads; never read or delete. */
export function uploaderPermissions(bucketArn: string, customerKeyArn: string | undefined, target: DeploymentTarget): PolicyDocument {
    const statements: Statement[] = [
        { Sid: "UploadObjects", Effect: "Allow", Action: UPLOADER_S3_OBJECT_ACTIONS, Resource: `${bucketArn}/*` },
        { Sid: "ListOwnMultipartUploads", Effect: "Allow", Action: UPLOADER_S3_BUCKET_ACTIONS, Resource: bucketArn },
    ];
    if (customerKeyArn !== undefined) {
        statements.push(customerKeyUse("EncryptWithCustomerKeyViaS3", UPLOADER_KMS_ACTIONS, customerKeyArn, target));
    }
    return policyDocument(...statements);
}

/** The processor role's permissions: read objects and their versions, list the bucket; never write or delete. */
export function processorPermissions(bucketArn: string, customerKeyArn: string | undefined, target: DeploymentTarget): PolicyDocument {
    const statements: Statement[] = [
        { Sid: "ReadObjects", Effect: "Allow", Action: PROCESSOR_S3_OBJECT_ACTIONS, Resource: `${bucketArn}/*` },
        { Sid: "ListBucket", Effect: "Allow", Action: PROCESSOR_S3_BUCKET_ACTIONS, Resource: bucketArn },
    ];
    if (customerKeyArn !== undefined) {
        statements.push(customerKeyUse("DecryptWithCustomerKeyViaS3", PROCESSOR_KMS_ACTIONS, customerKeyArn, target));
    }
    return policyDocument(...statements);
}

function customerKeyUse(sid: string, actions: string[], keyArn: string, target: DeploymentTarget): Statement {
    return { Sid: sid, Effect: "Allow", Action: actions, Resource: keyArn, Condition: { StringEquals: viaS3(target) } };
}

export interface IngestRoleArns {
    readonly uploaderRoleArn: string;
    readonly processorRoleArn: string;
}

/** A key-policy statement letting one role use the key, only through S3 in this region. */
function keyUseByRole(sid: string, roleArn: string, actions: string[], target: DeploymentTarget): Statement {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { AWS: roleArn },
        Action: actions,
        Resource: "*",
        Condition: { StringEquals: viaS3(target) },
    };
}

/** The statements a customer adds to their own key's policy (`kmsKeyArn`) so that our roles can use it via S3. */
export function customerKeyPolicyStatements(roles: IngestRoleArns, target: DeploymentTarget): Statement[] {
    return [
        keyUseByRole("MezzanineIngestUploaderViaS3", roles.uploaderRoleArn, UPLOADER_KMS_ACTIONS, target),
        keyUseByRole("MezzanineIngestProcessorViaS3", roles.processorRoleArn, PROCESSOR_KMS_ACTIONS, target),
    ];
}

/** The policy of the key the stack creates: the account root administers it, only the ingest roles use it, via S3. */
export function ingestKeyPolicy(roles: IngestRoleArns, target: DeploymentTarget): PolicyDocument {
    return policyDocument(
        {
            Sid: "AccountRootAdministersKey",
            Effect: "Allow",
            Principal: { AWS: accountRootArn(target) },
            Action: KEY_ADMINISTRATION_ACTIONS,
            Resource: "*",
        },
        ...customerKeyPolicyStatements(roles, target),
    );
}
