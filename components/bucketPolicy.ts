// The ingest bucket's policy: one named builder per statement, so each rule can be read and tested alone.
//
// The upload rules pair `StringNotEquals` with a `Null: false` test that the header is present. A missing key makes
// both StringNotEquals and StringNotEqualsIfExists true, so either alone would also refuse uploads that send no
// header and rely on default encryption, which third-party tools and every multipart UploadPart do.
import { SSE_MODE_TABLE } from "../config/sseModes";
import { PROCESSOR_S3_OBJECT_ACTIONS, UPLOADER_S3_OBJECT_ACTIONS } from "./accessPolicies";
import { defaultAlgorithm, EncryptionPlan, SseAlgorithm, usesKms } from "./encryption";
import { policyDocument, PolicyDocument, Statement } from "./policyDocument";

const SSE_HEADER = "s3:x-amz-server-side-encryption";
const KMS_KEY_HEADER = "s3:x-amz-server-side-encryption-aws-kms-key-id";
const SSE_C_HEADER = "s3:x-amz-server-side-encryption-customer-algorithm";

const objectsOf = (bucketArn: string) => `${bucketArn}/*`;

/** Denies every S3 action, to everyone, on the bucket and its objects, over plain HTTP. */
export function denyInsecureTransport(bucketArn: string): Statement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, objectsOf(bucketArn)],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/** Denies every S3 action, to everyone, over TLS older than `minimumVersion`. */
export function denyOutdatedTls(bucketArn: string, minimumVersion: string): Statement {
    return {
        Sid: "DenyOutdatedTls",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, objectsOf(bucketArn)],
        Condition: { NumericLessThan: { "s3:TlsVersion": minimumVersion } },
    };
}

/** Denies uploads whose SSE header asks for any algorithm but `algorithm`; uploads without the header pass. */
export function denyOtherAlgorithms(bucketArn: string, algorithm: SseAlgorithm): Statement {
    return {
        Sid: "DenyOtherEncryptionAlgorithms",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objectsOf(bucketArn),
        Condition: { StringNotEquals: { [SSE_HEADER]: algorithm }, Null: { [SSE_HEADER]: "false" } },
    };
}

/** Denies uploads that name a KMS key other than `keyArn`; uploads that name none pass. */
export function denyOtherKmsKeys(bucketArn: string, keyArn: string): Statement {
    return {
        Sid: "DenyOtherKmsKeys",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objectsOf(bucketArn),
        Condition: { StringNotEquals: { [KMS_KEY_HEADER]: keyArn }, Null: { [KMS_KEY_HEADER]: "false" } },
    };
}

/** Denies uploads that ask for `algorithm` without a key id: S3 would use the AWS-managed `aws/s3` key. */
export function denyKmsWithoutKeyId(bucketArn: string, algorithm: SseAlgorithm): Statement {
    return {
        Sid: "DenyKmsWithoutKeyId",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objectsOf(bucketArn),
        Condition: { StringEquals: { [SSE_HEADER]: algorithm }, Null: { [KMS_KEY_HEADER]: "true" } },
    };
}

/** Denies uploads that carry SSE-C headers (customer-provided keys). */
export function denySseCUploads(bucketArn: string): Statement {
    return {
        Sid: "DenySseCUploads",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objectsOf(bucketArn),
        Condition: { Null: { [SSE_C_HEADER]: "false" } },
    };
}

/** Denies uploads without SSE-C headers. UploadPart carries them too in SSE-C, so multipart keeps working. */
export function requireSseCUploads(bucketArn: string): Statement {
    return {
        Sid: "RequireSseCUploads",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objectsOf(bucketArn),
        Condition: { Null: { [SSE_C_HEADER]: "true" } },
    };
}

/** Denies uploads that ask for S3- or KMS-managed keys in SSE-C mode: every object must carry the customer's key. */
export function denyServerManagedKeys(bucketArn: string): Statement {
    return {
        Sid: "DenyServerManagedKeys",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objectsOf(bucketArn),
        Condition: { Null: { [SSE_HEADER]: "false" } },
    };
}

/**
 * Denies uploads without the SSE header. UploadPart and CompleteMultipartUpload are authorised as s3:PutObject
 * and never carry it, so this refuses multipart uploads: only for strict clients that upload in one PUT.
 */
export function requireEncryptionHeader(bucketArn: string): Statement {
    return {
        Sid: "RequireEncryptionHeader",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objectsOf(bucketArn),
        Condition: { Null: { [SSE_HEADER]: "true" } },
    };
}

// --- The data perimeter: who may touch the masters, and who may change the bucket's configuration. ---
//
// In the bucket's own account an identity policy alone grants S3 access, so a role with ReadOnlyAccess or s3:* would
// read the masters or remove this policy. These statements deny those requests to everyone but the named principals
// (`aws:PrincipalArn` is the role's ARN for an assumed-role session); the identity policies then narrow what each of
// them may do. Reading the bucket's configuration is left alone, so AWS Config, Security Hub and Access Analyzer work.

/**
 * Object-level actions: all of them. Every S3 action on an object reads, writes, deletes, restores, re-encrypts
 * (UpdateObjectEncryption), replicates or annotates a master; a list would miss the next one AWS adds.
 */
export const OBJECT_DATA_ACTIONS = ["s3:*"];
/** Bucket-level actions that reveal the masters' names or uploads in progress. */
export const BUCKET_DATA_ACTIONS = ["s3:ListBucketVersions", "s3:ListBucketMultipartUploads"];
/**
 * Changes to the bucket: every bucket-level action that is not a read (Get*, List*), by its verb. Besides the
 * policy, encryption, versioning, lifecycle, replication, public access block, ownership, logging, ACL and deletion
 * (s3:PutBucket*, s3:Put*Configuration, s3:DeleteBucket*), this covers metadata tables, which list every key
 * (s3:CreateBucketMetadataTableConfiguration, s3:UpdateBucketMetadata*), s3:PauseReplication and tagging through
 * s3:TagResource.
 */
export const CONFIGURATION_ACTIONS = ["s3:Put*", "s3:Delete*", "s3:Create*", "s3:Update*", "s3:Pause*", "s3:Tag*", "s3:Untag*", "s3:Allow*"];

export interface Perimeter {
    /** The uploader role's ARN (or ARN pattern). */
    readonly uploaderRole: string;
    /** The processor role's ARN (or ARN pattern). */
    readonly processorRole: string;
    /** `administratorPrincipals`: they change the configuration and list the bucket, never touch objects. */
    readonly administrators: readonly string[];
}

const ingestRolesOf = (p: Perimeter) => [p.uploaderRole, p.processorRole];

/** The condition that exempts the principals `arns` (ARNs or ARN patterns; a session counts as its role) from a Deny. */
export const unlessPrincipal = (arns: readonly string[]) => ({ ArnNotLike: { "aws:PrincipalArn": [...arns] } });

/** Denies every object-level action to everyone but the ingest roles. */
export function denyObjectAccessOutsideIngestRoles(bucketArn: string, perimeter: Perimeter): Statement {
    return {
        Sid: "DenyObjectAccessOutsideIngestRoles",
        Effect: "Deny",
        Principal: "*",
        Action: OBJECT_DATA_ACTIONS,
        // Objects only: on the bucket, `s3:*` would also refuse the configuration reads (AWS Config, Security Hub).
        Resource: objectsOf(bucketArn),
        Condition: unlessPrincipal(ingestRolesOf(perimeter)),
    };
}

/** Denies listing object versions and multipart uploads to everyone but the ingest roles. */
export function denyObjectListingOutsideIngestRoles(bucketArn: string, perimeter: Perimeter): Statement {
    return {
        Sid: "DenyObjectListingOutsideIngestRoles",
        Effect: "Deny",
        Principal: "*",
        Action: BUCKET_DATA_ACTIONS,
        Resource: bucketArn,
        Condition: unlessPrincipal(ingestRolesOf(perimeter)),
    };
}

/**
 * Denies ListBucket to everyone but the ingest roles and the administrators: the AWS provider reads the bucket with
 * HeadBucket, which S3 authorises as s3:ListBucket, on every `pulumi up` and refresh.
 */
export function denyListingOutsideIngestRolesAndAdministrators(bucketArn: string, perimeter: Perimeter): Statement {
    return {
        Sid: "DenyListingOutsideIngestRolesAndAdministrators",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:ListBucket",
        Resource: bucketArn,
        Condition: unlessPrincipal([...ingestRolesOf(perimeter), ...perimeter.administrators]),
    };
}

/** Denies changing the bucket's policy, encryption, versioning, lifecycle, replication, ... or deleting it, to all but the administrators. */
export function denyConfigurationChangesOutsideAdministrators(bucketArn: string, administrators: readonly string[]): Statement {
    return {
        Sid: "DenyConfigurationChangesOutsideAdministrators",
        Effect: "Deny",
        Principal: "*",
        Action: CONFIGURATION_ACTIONS,
        Resource: bucketArn,
        Condition: unlessPrincipal(administrators),
    };
}

/**
 * Denies the ingest role `role` every object action but `verbs` (the uploader: uploading, in one PUT or in parts; the
 * processor: reading a master or one of its versions, HeadObject and ranged GETs included), whatever identity policy is attached to it later (an
 * operator's AmazonS3FullAccess would otherwise let the processor overwrite or delete masters).
 */
function denyRoleOutsideItsVerbs(sid: string, bucketArn: string, role: string, verbs: readonly string[]): Statement {
    return {
        Sid: sid,
        Effect: "Deny",
        Principal: "*",
        NotAction: [...verbs],
        Resource: objectsOf(bucketArn),
        Condition: { ArnLike: { "aws:PrincipalArn": role } },
    };
}

export const denyUploaderOutsideItsVerbs = (bucketArn: string, perimeter: Perimeter): Statement =>
    denyRoleOutsideItsVerbs("DenyUploaderOutsideItsVerbs", bucketArn, perimeter.uploaderRole, UPLOADER_S3_OBJECT_ACTIONS);

export const denyProcessorOutsideItsVerbs = (bucketArn: string, perimeter: Perimeter): Statement =>
    denyRoleOutsideItsVerbs("DenyProcessorOutsideItsVerbs", bucketArn, perimeter.processorRole, PROCESSOR_S3_OBJECT_ACTIONS);

/**
 * The bucket-level listings each role has no business with, whatever policy is attached to it later: the uploader
 * never lists the masters (their keys or versions); the processor lists the bucket but not its versions or the
 * uploads in progress.
 */
export const UPLOADER_DENIED_LISTINGS = ["s3:ListBucket", "s3:ListBucketVersions"];
export const PROCESSOR_DENIED_LISTINGS = ["s3:ListBucketVersions", "s3:ListBucketMultipartUploads"];

function denyRoleListings(sid: string, bucketArn: string, role: string, listings: readonly string[]): Statement {
    return { Sid: sid, Effect: "Deny", Principal: "*", Action: [...listings], Resource: bucketArn, Condition: { ArnLike: { "aws:PrincipalArn": role } } };
}

export const denyUploaderListings = (bucketArn: string, perimeter: Perimeter): Statement =>
    denyRoleListings("DenyUploaderListings", bucketArn, perimeter.uploaderRole, UPLOADER_DENIED_LISTINGS);

export const denyProcessorListings = (bucketArn: string, perimeter: Perimeter): Statement =>
    denyRoleListings("DenyProcessorListings", bucketArn, perimeter.processorRole, PROCESSOR_DENIED_LISTINGS);

/** The perimeter statements. */
export function perimeterStatements(bucketArn: string, perimeter: Perimeter): Statement[] {
    return [
        denyObjectAccessOutsideIngestRoles(bucketArn, perimeter),
        denyUploaderOutsideItsVerbs(bucketArn, perimeter),
        denyProcessorOutsideItsVerbs(bucketArn, perimeter),
        denyObjectListingOutsideIngestRoles(bucketArn, perimeter),
        denyUploaderListings(bucketArn, perimeter),
        denyProcessorListings(bucketArn, perimeter),
        denyListingOutsideIngestRolesAndAdministrators(bucketArn, perimeter),
        denyConfigurationChangesOutsideAdministrators(bucketArn, perimeter.administrators),
    ];
}

/**
 * Storage classes whose objects S3 serves only after a restore (RestoreObject, hours to days): a master uploaded
 * there could not be read by the processor. GLACIER_IR is read at once; Intelligent-Tiering's archive tiers are
 * opt-in, by a bucket configuration only the administrators may set.
 */
export const UNREADABLE_STORAGE_CLASSES = ["GLACIER", "DEEP_ARCHIVE"];

/** Denies uploads into a storage class the processor cannot read without a restore. */
export function denyUnreadableStorageClasses(bucketArn: string): Statement {
    return {
        Sid: "DenyUnreadableStorageClasses",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objectsOf(bucketArn),
        Condition: { StringEquals: { "s3:x-amz-storage-class": UNREADABLE_STORAGE_CLASSES } },
    };
}

/**
 * `preventOverwrites`: denies every object-creating write (PutObject, CopyObject, CompleteMultipartUpload) that does
 * not send `If-None-Match: *`, so that S3 refuses to replace an existing master (412 Precondition Failed).
 * CreateMultipartUpload and UploadPart accept no conditional header; `s3:ObjectCreationOperation` is false for them.
 */
export function denyWritesThatMayOverwrite(bucketArn: string): Statement {
    return {
        Sid: "DenyWritesThatMayOverwrite",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objectsOf(bucketArn),
        Condition: { Null: { "s3:if-none-match": "true" }, Bool: { "s3:ObjectCreationOperation": "true" } },
    };
}

export interface IngestBucketPolicyArgs {
    readonly bucketArn: string;
    readonly plan: EncryptionPlan;
    /** The ARN of the key in use; required in KMS modes. */
    readonly keyArn?: string;
    readonly minimumTlsVersion: string;
    readonly requireEncryptionHeaders: boolean;
    /** Whether object-creating writes must send `If-None-Match: *`. @default false */
    readonly preventOverwrites?: boolean;
    readonly perimeter: Perimeter;
}

/** The whole bucket policy for a plan. */
export function ingestBucketPolicy(args: IngestBucketPolicyArgs): PolicyDocument {
    const { bucketArn, plan } = args;
    const statements = [
        denyInsecureTransport(bucketArn),
        denyOutdatedTls(bucketArn, args.minimumTlsVersion),
        ...perimeterStatements(bucketArn, args.perimeter),
        denyUnreadableStorageClasses(bucketArn),
        ...(args.preventOverwrites ? [denyWritesThatMayOverwrite(bucketArn)] : []),
    ];
    if (SSE_MODE_TABLE[plan.mode].customerProvidedKey) {
        // SSE-C headers are always required here, so requireEncryptionHeaders adds nothing.
        statements.push(requireSseCUploads(bucketArn), denyServerManagedKeys(bucketArn));
        return policyDocument(...statements);
    }
    const algorithm = defaultAlgorithm(plan);
    statements.push(denyOtherAlgorithms(bucketArn, algorithm));
    if (usesKms(plan)) {
        if (args.keyArn === undefined) throw new Error(`sseMode ${plan.mode} needs the key ARN for the bucket policy`);
        statements.push(denyOtherKmsKeys(bucketArn, args.keyArn), denyKmsWithoutKeyId(bucketArn, algorithm));
    }
    statements.push(denySseCUploads(bucketArn));
    if (args.requireEncryptionHeaders) statements.push(requireEncryptionHeader(bucketArn));
    return policyDocument(...statements);
}
