// Every physical name and pattern of a customer stack (config/names.ts), built directly.
import * as assert from "assert";

import {
    accessLogBucketName,
    accessLogPrefix,
    autoNamedRoleArnPattern,
    bucketNameProblem,
    DeploymentTarget,
    ingestBucketName,
    keyAliasName,
    MAX_BUCKET_NAME_LENGTH,
    mediaConvertQueueArn,
    mediaConvertQueueName,
    roleResourceName,
    s3BucketArn,
} from "../../config/names";

const TARGET: DeploymentTarget = { partition: "aws", accountId: "123456789012", region: "eu-west-1", dnsSuffix: "amazonaws.com" };
const CHINA: DeploymentTarget = { partition: "aws-cn", accountId: "123456789012", region: "cn-north-1", dnsSuffix: "amazonaws.com.cn" };

/** What an IAM ARN pattern matches: `?` exactly one character, `*` any run of them. */
const matcherOf = (pattern: string) =>
    new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\?/g, ".")
            .replace(/\*/g, ".*")}$`,
    );

describe("the bucket names", () => {
    it("names the ingest bucket <customer>-<account id>-<region>", () => {
        assert.strictEqual(ingestBucketName("acme", "123456789012", "eu-west-1"), "acme-123456789012-eu-west-1");
    });

    it("names the access-log bucket after the ingest bucket, with -logs", () => {
        assert.strictEqual(accessLogBucketName("acme", "123456789012", "eu-west-1"), "acme-123456789012-eu-west-1-logs");
    });

    it("holds bucket names to S3's 63 characters", () => {
        assert.strictEqual(MAX_BUCKET_NAME_LENGTH, 63);
    });

    it("accepts a log bucket name of exactly 63 characters", () => {
        // A 30-character slug in ap-southeast-2: 30 + 28 + 5.
        const name = accessLogBucketName("a".repeat(30), "123456789012", "ap-southeast-2");
        assert.strictEqual(name.length, 63);
        assert.strictEqual(bucketNameProblem(name), undefined);
    });

    it("refuses a log bucket name of 64 characters, naming it, its length, the limit and the fix", () => {
        const name = accessLogBucketName("a".repeat(31), "123456789012", "ap-southeast-2");
        assert.strictEqual(
            bucketNameProblem(name),
            `makes the bucket name ${"a".repeat(31)}-123456789012-ap-southeast-2-logs 64 characters long; S3 allows 63: use a shorter slug`,
        );
    });

    it("gives a general purpose bucket an ARN without region or account, in the target's partition", () => {
        assert.strictEqual(s3BucketArn("acme-123456789012-eu-west-1", TARGET), "arn:aws:s3:::acme-123456789012-eu-west-1");
        assert.strictEqual(s3BucketArn("acme-123456789012-cn-north-1", CHINA), "arn:aws-cn:s3:::acme-123456789012-cn-north-1");
    });

    it("delivers the access logs under <customer>/", () => {
        assert.strictEqual(accessLogPrefix("acme"), "acme/");
    });
});

describe("the key and queue names", () => {
    it("aliases the created key alias/mezzanine-ingest/<customer>", () => {
        assert.strictEqual(keyAliasName("acme"), "alias/mezzanine-ingest/acme");
    });

    it("names the customer's MediaConvert queue mezzanine-ingest-<customer>", () => {
        assert.strictEqual(mediaConvertQueueName("acme"), "mezzanine-ingest-acme");
    });

    it("builds the queue's ARN as MediaConvert presents it, in the target's partition, region and account", () => {
        assert.strictEqual(mediaConvertQueueArn("mezzanine-ingest-acme", TARGET), "arn:aws:mediaconvert:eu-west-1:123456789012:queues/mezzanine-ingest-acme");
        assert.strictEqual(
            mediaConvertQueueArn("mezzanine-ingest-acme", CHINA),
            "arn:aws-cn:mediaconvert:cn-north-1:123456789012:queues/mezzanine-ingest-acme",
        );
    });
});

describe("the ingest roles' names", () => {
    it("names each role's resource after the component and the role", () => {
        assert.strictEqual(roleResourceName("acme", "uploader"), "acme-uploader");
        assert.strictEqual(roleResourceName("acme", "processor"), "acme-processor");
    });

    it("patterns an auto-named role as its resource name, a hyphen and seven single-character wildcards", () => {
        assert.strictEqual(autoNamedRoleArnPattern("acme-uploader", TARGET), "arn:aws:iam::123456789012:role/acme-uploader-???????");
        assert.strictEqual(autoNamedRoleArnPattern("acme-processor", CHINA), "arn:aws-cn:iam::123456789012:role/acme-processor-???????");
    });

    it("patterns the role in any account when the account is *", () => {
        assert.strictEqual(autoNamedRoleArnPattern("acme-processor", { partition: "aws", accountId: "*" }), "arn:aws:iam::*:role/acme-processor-???????");
    });

    it("matches the role's auto-generated name and no longer one, not even another customer's role of a longer slug", () => {
        const uploader = matcherOf(autoNamedRoleArnPattern("acme-uploader", TARGET));
        assert.match("arn:aws:iam::123456789012:role/acme-uploader-1a2b3c4", uploader);
        assert.doesNotMatch("arn:aws:iam::123456789012:role/acme-uploader-1a2b3c4d", uploader);
        assert.doesNotMatch("arn:aws:iam::123456789012:role/acme-uploader-uploader-1a2b3c4", uploader);
        assert.doesNotMatch("arn:aws:iam::210987654321:role/acme-uploader-1a2b3c4", uploader);
    });
});
