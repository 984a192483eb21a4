// The provider adapters: one list, each type read by exactly one adapter, and a stack read in resource order.
import * as assert from "assert";

import { awsAdapter } from "../../lib/providers/aws";
import { ADAPTERS, adaptersByType, keysOf, readStack, StackResource } from "../../lib/providers";

const resource = (type: string, name: string, props: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}): StackResource => ({
    urn: `urn:pulumi:dev::corpus::${type}::${name}`,
    type,
    name,
    props,
    propertyDependencies,
});

const TEMPLATE = JSON.stringify({
    Resources: {
        Uploads: { Type: "AWS::S3::Bucket", Properties: { BucketName: "acme-uploads" } },
        UploadsPolicy: { Type: "AWS::S3::BucketPolicy", Properties: { Bucket: { Ref: "Uploads" }, PolicyDocument: { Statement: [] } } },
        UploadsKey: { Type: "AWS::KMS::Key", Properties: { EnableKeyRotation: true } },
    },
});

describe("provider adapters", () => {
    it("claim every type once: aws, aws-native and CloudFormation, in that order", () => {
        assert.deepStrictEqual(
            ADAPTERS.map((a) => a.provider),
            ["aws", "aws-native", "cloudformation"],
        );
        assert.strictEqual(adaptersByType(ADAPTERS).size, ADAPTERS.flatMap((a) => a.types).length);
        assert.throws(() => adaptersByType([awsAdapter, awsAdapter]), /^Error: aws:s3\/bucket:Bucket is claimed by the aws and the aws adapters$/);
    });

    it("read a stack's buckets and separate controls in resource order, whichever adapter claims each", () => {
        const media = resource("aws:s3/bucket:Bucket", "media", { bucket: "acme-media" });
        const stack = [
            media,
            resource("aws:sqs/queue:Queue", "jobs", { name: "jobs" }),
            resource("aws:s3/bucketPolicy:BucketPolicy", "media-policy", { bucket: "acme-media", policy: "{}" }, { bucket: [media.urn] }),
            resource("aws-native:s3:Bucket", "native", { bucketName: "acme-native", bucketEncryption: { serverSideEncryptionConfiguration: [] } }),
            resource("aws:cloudformation/stack:Stack", "legacy", { templateBody: TEMPLATE }),
            resource("aws-native:s3:BucketPolicy", "native-policy", { bucket: "acme-native", policyDocument: {} }),
        ];
        const { buckets, controls } = readStack(stack);
        assert.deepStrictEqual(
            buckets.map((b) => [b.provider, b.label, b.inline.map((c) => c.kind)]),
            [
                ["aws", 'S3 bucket "media" (acme-media)', []],
                ["aws-native", 'aws-native:s3:Bucket "native" (acme-native)', ["encryption"]],
                ["cloudformation", 'AWS::S3::Bucket "Uploads" (acme-uploads) in CloudFormation stack "legacy"', []],
            ],
        );
        assert.deepStrictEqual(
            controls.map((c) => [c.kind, c.label, c.target.value]),
            [
                ["policy", 'BucketPolicy "media-policy"', "acme-media"],
                ["policy", 'AWS::S3::BucketPolicy "UploadsPolicy"', "acme-uploads"],
                ["policy", 'aws-native:s3:BucketPolicy "native-policy"', "acme-native"],
            ],
        );
    });

    it("read the keys a resource declares: none, one, or a template's", () => {
        const labels = (r: StackResource) => keysOf(r).map((k) => k.label);
        assert.deepStrictEqual(labels(resource("aws:kms/key:Key", "media-key", {})), ['Key "media-key"']);
        assert.deepStrictEqual(labels(resource("aws-native:kms:Key", "native-key", {})), ['aws-native:kms:Key "native-key"']);
        assert.deepStrictEqual(labels(resource("aws:cloudformation/stack:Stack", "legacy", { templateBody: TEMPLATE })), [
            'AWS::KMS::Key "UploadsKey" in CloudFormation stack "legacy"',
        ]);
        assert.deepStrictEqual(labels(resource("aws:s3/bucket:Bucket", "media", { bucket: "acme-media" })), []);
        assert.deepStrictEqual(labels(resource("aws:kms/alias:Alias", "media-alias", {})), []);
    });
});
