// Server access logs of the ingest bucket: who uploaded or read which master, when, over which TLS version and cipher.
// S3's logging service delivers them to a log bucket; these builders write that bucket's policy and the statement a
// shared log bucket needs.
import { denyConfigurationChangesOutsideAdministrators, denyInsecureTransport, denyOutdatedTls, unlessPrincipal } from "./bucketPolicy";
import { accessLogPrefix, DeploymentTarget } from "../config/names";
import { policyDocument, PolicyDocument, Statement } from "./policyDocument";

/** The service principal S3 server access logging delivers as. */
export const LOG_DELIVERY_SERVICE = "logging.s3.amazonaws.com";

/** Reading log objects and their versions. */
export const LOG_READ_ACTIONS = ["s3:GetObject*"];
/** Listing the log bucket: its objects, versions and uploads. */
export const LOG_LIST_ACTIONS = ["s3:ListBucket*"];
/** Deleting logs: nobody may; they leave by the lifecycle rule only. */
export const LOG_DELETE_ACTIONS = ["s3:DeleteObject*"];
/**
 * Every other action on objects, by its verb (S3's object actions are GetObject*, PutObject*, DeleteObject* and these):
 * replicating into the bucket (s3:ReplicateObject writes a log, s3:ReplicateDelete hides one behind a delete marker,
 * which the lifecycle then removes), copying logs out (s3:InitiateReplication), re-encrypting them in place
 * (s3:UpdateObjectEncryption), restoring, multipart parts and uploads, annotations, Object Lock bypass and the
 * owner override. Neither delivery nor the administrators need any of them.
 */
export const LOG_OTHER_OBJECT_ACTIONS = [
    "s3:Abort*",
    "s3:Bypass*",
    "s3:Initiate*",
    "s3:List*",
    "s3:ObjectOwnerOverride*",
    "s3:Replicate*",
    "s3:Restore*",
    "s3:Update*",
];

export { accessLogPrefix };

export interface LogDelivery {
    /** The ARN of the bucket that receives the logs. */
    readonly logBucketArn: string;
    readonly prefix: string;
    /** The ARN of the bucket whose requests are logged. */
    readonly sourceBucketArn: string;
}

/**
 * Lets S3's logging service write the logs of one source bucket, of our account, under its prefix: the statement a log
 * bucket needs (ours, or a shared one given as `accessLogBucket`).
 */
export function allowLogDelivery(delivery: LogDelivery, target: DeploymentTarget): Statement {
    return {
        Sid: "AllowAccessLogDeliveryFromIngestBucket",
        Effect: "Allow",
        Principal: { Service: LOG_DELIVERY_SERVICE },
        Action: "s3:PutObject",
        Resource: `${delivery.logBucketArn}/${delivery.prefix}*`,
        Condition: { ArnEquals: { "aws:SourceArn": delivery.sourceBucketArn }, StringEquals: { "aws:SourceAccount": target.accountId } },
    };
}

/** Denies every write to the log bucket that is not S3 delivering the ingest bucket's logs. */
export function denyWritesButLogDelivery(delivery: LogDelivery): Statement {
    return {
        Sid: "DenyWritesButLogDelivery",
        Effect: "Deny",
        Principal: "*",
        // PutObject* also covers rewriting a log's ACL, tags, retention or legal hold.
        Action: "s3:PutObject*",
        Resource: `${delivery.logBucketArn}/*`,
        // Only a service acting for the ingest bucket carries its ARN as aws:SourceArn; no caller can set it.
        Condition: { ArnNotEquals: { "aws:SourceArn": delivery.sourceBucketArn } },
    };
}

/** Denies reading the logs to everyone but the administrators. */
export function denyLogReadsButAdministrators(logBucketArn: string, administrators: readonly string[]): Statement {
    return {
        Sid: "DenyLogReadsButAdministrators",
        Effect: "Deny",
        Principal: "*",
        Action: LOG_READ_ACTIONS,
        // Objects only: on the bucket, s3:GetObject* would also match GetObjectLockConfiguration, a configuration read.
        Resource: `${logBucketArn}/*`,
        Condition: unlessPrincipal(administrators),
    };
}

/** Denies listing the logs to everyone but the administrators (who also need it for the provider's HeadBucket). */
export function denyLogListingButAdministrators(logBucketArn: string, administrators: readonly string[]): Statement {
    return {
        Sid: "DenyLogListingButAdministrators",
        Effect: "Deny",
        Principal: "*",
        Action: LOG_LIST_ACTIONS,
        Resource: logBucketArn,
        Condition: unlessPrincipal(administrators),
    };
}

/** Denies deleting logs to everyone: they leave only by the lifecycle rule, which S3 applies itself. */
export function denyLogDeletion(logBucketArn: string): Statement {
    return { Sid: "DenyLogDeletion", Effect: "Deny", Principal: "*", Action: LOG_DELETE_ACTIONS, Resource: `${logBucketArn}/*` };
}

/**
 * Denies every other action on log objects to everyone: S3 Replication or Batch Replication would otherwise let any
 * role of the account whose IAM policy allows it write, hide or copy out logs, past the statements above.
 */
export function denyOtherLogObjectActions(logBucketArn: string): Statement {
    return { Sid: "DenyOtherLogObjectActions", Effect: "Deny", Principal: "*", Action: LOG_OTHER_OBJECT_ACTIONS, Resource: `${logBucketArn}/*` };
}

export interface AccessLogBucketPolicyArgs {
    readonly delivery: LogDelivery;
    readonly administrators: readonly string[];
}

/**
 * The oldest TLS the log bucket accepts, whatever the stack's `minimumTlsVersion`: AWS's own floor for its endpoints,
 * so that a customer's stricter setting for their masters can never stop S3's log delivery (whose TLS version cannot
 * be chosen or observed).
 */
export const LOG_BUCKET_MINIMUM_TLS_VERSION = "1.2";

/**
 * The policy of the log bucket the stack creates. The TLS denies are the same plain statements as on the ingest bucket
 * (the pack requires them so), at TLS 1.2 whatever the stack's minimumTlsVersion.
 */
export function accessLogBucketPolicy(args: AccessLogBucketPolicyArgs, target: DeploymentTarget): PolicyDocument {
    const arn = args.delivery.logBucketArn;
    return policyDocument(
        denyInsecureTransport(arn),
        denyOutdatedTls(arn, LOG_BUCKET_MINIMUM_TLS_VERSION),
        allowLogDelivery(args.delivery, target),
        denyWritesButLogDelivery(args.delivery),
        denyLogReadsButAdministrators(arn, args.administrators),
        denyLogListingButAdministrators(arn, args.administrators),
        denyLogDeletion(arn),
        denyOtherLogObjectActions(arn),
        denyConfigurationChangesOutsideAdministrators(arn, args.administrators),
    );
}
