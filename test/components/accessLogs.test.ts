// The access-log bucket's policy and the statement a shared log bucket needs (components/accessLogs.ts), built directly.
import * as assert from "assert";

import { accessLogBucketPolicy, allowLogDelivery, LOG_BUCKET_MINIMUM_TLS_VERSION, LogDelivery } from "../../components/accessLogs";
import { DeploymentTarget } from "../../config/names";

const TARGET: DeploymentTarget = { partition: "aws", accountId: "123456789012", region: "eu-west-1", dnsSuffix: "amazonaws.com" };
const INGEST_BUCKET_ARN = "arn:aws:s3:::acme-123456789012-eu-west-1";
const LOG_BUCKET_ARN = "arn:aws:s3:::acme-123456789012-eu-west-1-logs";
const LOGS = `${LOG_BUCKET_ARN}/*`;
const DELIVERY: LogDelivery = { logBucketArn: LOG_BUCKET_ARN, prefix: "acme/", sourceBucketArn: INGEST_BUCKET_ARN };
const ADMINISTRATORS = ["arn:aws:iam::123456789012:role/platform-deployer", "arn:aws:iam::123456789012:user/break-glass"];
const unlessAdministrators = { ArnNotLike: { "aws:PrincipalArn": ADMINISTRATORS } };

describe("the access-log bucket", () => {
    it("accepts nothing older than TLS 1.2, AWS's own floor", () => {
        assert.strictEqual(LOG_BUCKET_MINIMUM_TLS_VERSION, "1.2");
    });

    it("lets S3's logging service put the ingest bucket's logs under the customer's prefix, for this account only", () => {
        assert.deepStrictEqual(allowLogDelivery(DELIVERY, TARGET), {
            Sid: "AllowAccessLogDeliveryFromIngestBucket",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${LOG_BUCKET_ARN}/acme/*`,
            Condition: { ArnEquals: { "aws:SourceArn": INGEST_BUCKET_ARN }, StringEquals: { "aws:SourceAccount": "123456789012" } },
        });
    });

    it("lets a shared log bucket take the delivery under the customer's prefix", () => {
        const shared = "arn:aws:s3:::access-logs-123456789012-eu-west-1";
        assert.deepStrictEqual(allowLogDelivery({ ...DELIVERY, logBucketArn: shared }, TARGET).Resource, `${shared}/acme/*`);
    });

    it("has a policy that denies old TLS, admits only the delivery, and lets only administrators read, list or configure", () => {
        assert.deepStrictEqual(accessLogBucketPolicy({ delivery: DELIVERY, administrators: ADMINISTRATORS }, TARGET), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [LOG_BUCKET_ARN, LOGS],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
                {
                    Sid: "DenyOutdatedTls",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [LOG_BUCKET_ARN, LOGS],
                    Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
                },
                {
                    Sid: "AllowAccessLogDeliveryFromIngestBucket",
                    Effect: "Allow",
                    Principal: { Service: "logging.s3.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${LOG_BUCKET_ARN}/acme/*`,
                    Condition: { ArnEquals: { "aws:SourceArn": INGEST_BUCKET_ARN }, StringEquals: { "aws:SourceAccount": "123456789012" } },
                },
                {
                    Sid: "DenyWritesButLogDelivery",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:PutObject*",
                    Resource: LOGS,
                    Condition: { ArnNotEquals: { "aws:SourceArn": INGEST_BUCKET_ARN } },
                },
                {
                    Sid: "DenyLogReadsButAdministrators",
                    Effect: "Deny",
                    Principal: "*",
                    Action: ["s3:GetObject*"],
                    Resource: LOGS,
                    Condition: unlessAdministrators,
                },
                {
                    Sid: "DenyLogListingButAdministrators",
                    Effect: "Deny",
                    Principal: "*",
                    Action: ["s3:ListBucket*"],
                    Resource: LOG_BUCKET_ARN,
                    Condition: unlessAdministrators,
                },
                { Sid: "DenyLogDeletion", Effect: "Deny", Principal: "*", Action: ["s3:DeleteObject*"], Resource: LOGS },
                {
                    Sid: "DenyOtherLogObjectActions",
                    Effect: "Deny",
                    Principal: "*",
                    Action: ["s3:Abort*", "s3:Bypass*", "s3:Initiate*", "s3:List*", "s3:ObjectOwnerOverride*", "s3:Replicate*", "s3:Restore*", "s3:Update*"],
                    Resource: LOGS,
                },
                {
                    Sid: "DenyConfigurationChangesOutsideAdministrators",
                    Effect: "Deny",
                    Principal: "*",
                    Action: ["s3:Put*", "s3:Delete*", "s3:Create*", "s3:Update*", "s3:Pause*", "s3:Tag*", "s3:Untag*", "s3:Allow*"],
                    Resource: LOG_BUCKET_ARN,
                    Condition: unlessAdministrators,
                },
            ],
        });
    });
});
