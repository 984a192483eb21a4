// Deployments written with the aws-native (Cloud Control) provider and with CloudFormation templates through
// aws.cloudformation.Stack: real programs against the real SDKs, run under the SDK's mocks, judged by the pack started as
// the CLI starts it, at preview and after deployment. Each bad one is blocked on the guilty resource; each good one is not.
import * as aws from "@pulumi/aws";
import * as native from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";

import { PolicyPackClient } from "../../offline/policyPackClient";
import { detail, judge, startPack } from "./support/pack";
import { mandatoryPairs, programShapes } from "./support/programs";

const ENC = "s3-bucket-enforce-encryption";
const TLS = "s3-bucket-enforce-tls";
const PAB = "s3-bucket-enforce-public-access-block";
const ROTATION = "kms-key-enable-rotation";
const WINDOW = "kms-key-configure-deletion-window";
const PUBLIC_KEY = "kms-key-disallow-public-principal";
const ALL_BUCKET_CONTROLS = (name: string): Array<[string, string]> => [[ENC, name], [TLS, name], [PAB, name]];

const allFlags = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

/** A TLS-only and TLS 1.2 policy document for a bucket, as an aws-native program writes it (an object with outputs). */
function tlsDocument(arn: pulumi.Output<string>, resources: (arn: pulumi.Output<string>) => unknown[] = (a) => [a, pulumi.interpolate`${a}/*`]) {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: resources(arn), Condition: { Bool: { "aws:SecureTransport": "false" } } },
            { Sid: "DenyOutdatedTls", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: resources(arn), Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } },
        ],
    };
}

interface NativeBucketOptions {
    readonly encryption?: native.types.input.s3.BucketEncryptionArgs;
    readonly publicAccessBlock?: native.types.input.s3.BucketPublicAccessBlockConfigurationArgs;
    readonly logging?: native.types.input.s3.BucketLoggingConfigurationArgs;
    /** Leave out the bucket policy. */
    readonly noPolicy?: boolean;
    readonly bucketName?: string;
}

/** An aws-native bucket with every control (inline encryption, public access block and logging; a BucketPolicy). */
function nativeBucket(name: string, options: NativeBucketOptions = {}): native.s3.Bucket {
    const bucket = new native.s3.Bucket(name, {
        bucketName: options.bucketName,
        bucketEncryption: options.encryption ?? {
            serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: { encryptionType: ["SSE-C"] } }],
        },
        publicAccessBlockConfiguration: options.publicAccessBlock ?? allFlags,
        loggingConfiguration: options.logging ?? { destinationBucketName: "org-access-logs", logFilePrefix: `${name}/` },
    });
    if (!options.noPolicy) new native.s3.BucketPolicy(`${name}-policy`, { bucket: bucket.id, policyDocument: tlsDocument(bucket.arn) });
    return bucket;
}

const ROOT_ONLY_KEY_POLICY = { Version: "2012-10-17", Statement: [{ Sid: "RootAdministers", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" }] };

/** A compliant template bucket in YAML, with short-form tags: encryption, public access block, logging, TLS policy. */
const YAML_BUCKET = `
  MediaBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: { SSEAlgorithm: aws:kms, KMSMasterKeyID: !GetAtt MediaKey.Arn }
            BucketKeyEnabled: true
            BlockedEncryptionTypes: { EncryptionType: [SSE-C] }
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true }
      LoggingConfiguration: { DestinationBucketName: !Ref LogBucket, LogFilePrefix: media/ }
  LogBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: { SSEAlgorithm: AES256 }
            BlockedEncryptionTypes: { EncryptionType: [SSE-C] }
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true }
  MediaKey:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root" }
            Action: kms:*
            Resource: "*"
`;

/** A TLS policy for `bucket` (a logical id) in YAML, covering the bucket by Fn::GetAtt and its objects by Fn::Sub. */
const yamlTlsPolicy = (id: string, resources = `[!GetAtt ${id}.Arn, !Sub "\${${id}.Arn}/*"]`) => `
  ${id}Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref ${id}
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: DenyInsecureTransport
            Effect: Deny
            Principal: "*"
            Action: s3:*
            Resource: ${resources}
            Condition: { Bool: { aws:SecureTransport: "false" } }
          - Sid: DenyOutdatedTls
            Effect: Deny
            Principal: "*"
            Action: s3:*
            Resource: ${resources}
            Condition: { NumericLessThan: { s3:TlsVersion: "1.2" } }
`;

const COMPLIANT_YAML = `AWSTemplateFormatVersion: "2010-09-09"\nResources:${YAML_BUCKET}${yamlTlsPolicy("MediaBucket")}${yamlTlsPolicy("LogBucket")}`;

/** A JSON template (as `JSON.stringify` of an object) with `resources`. */
const jsonTemplate = (resources: Record<string, unknown>, extra: Record<string, unknown> = {}) => JSON.stringify({ AWSTemplateFormatVersion: "2010-09-09", ...extra, Resources: resources });

/**
 * A JSON template whose bucket is named by the parameter MediaName (default acme-media-archive), with every control;
 * its TLS deny names the bucket as `bucketResource` and the objects by Fn::Sub of the parameter.
 */
const namedBucketTemplate = (bucketResource: unknown) =>
    jsonTemplate(
        {
            Media: {
                Type: "AWS::S3::Bucket",
                Properties: {
                    BucketName: { Ref: "MediaName" },
                    BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BlockedEncryptionTypes: { EncryptionType: ["SSE-C"] } }] },
                    PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
                    LoggingConfiguration: {},
                },
            },
            MediaPolicy: {
                Type: "AWS::S3::BucketPolicy",
                Properties: {
                    Bucket: { Ref: "MediaName" },
                    PolicyDocument: {
                        Statement: [
                            {
                                Effect: "Deny",
                                Principal: { AWS: "*" },
                                Action: "s3:*",
                                Resource: [bucketResource, { "Fn::Sub": "arn:${AWS::Partition}:s3:::${MediaName}/*" }],
                                Condition: { Bool: { "aws:SecureTransport": false } },
                            },
                            {
                                Effect: "Deny",
                                Principal: "*",
                                Action: "*",
                                Resource: "*",
                                Condition: { NumericLessThan: { "s3:TlsVersion": 1.2 } },
                            },
                        ],
                    },
                },
            },
        },
        { Parameters: { MediaName: { Type: "String", Default: "acme-media-archive" } } },
    );

const stack = (templateBody: pulumi.Input<string>, parameters?: Record<string, pulumi.Input<string>>) => new aws.cloudformation.Stack("legacy", { templateBody, parameters });

interface Case {
    readonly name: string;
    readonly program: () => void;
    /** Every mandatory violation expected, as [policy, name of the resource reported on]. */
    readonly blocked: Array<[string, string]>;
    /** Where the preview cannot see it yet (a template built from values known after creation): what it blocks then. */
    readonly blockedAtPreview?: Array<[string, string]>;
    /** Text each mandatory message must hold besides the resource's name (a template's logical id). */
    readonly naming?: string;
    /** For a good deployment: the policies of the advisories it still draws after deployment. */
    readonly advisories?: string[];
}

const CASES: Case[] = [
    // aws-native (Cloud Control)
    { name: "aws-native: a bare bucket (no encryption, no bucket policy, no public access block)", program: () => void new native.s3.Bucket("media"), blocked: ALL_BUCKET_CONTROLS("media") },
    { name: "aws-native: a bucket with every control", program: () => void nativeBucket("media"), blocked: [] },
    { name: "aws-native: a bucket without a bucket policy", program: () => void nativeBucket("media", { noPolicy: true }), blocked: [[TLS, "media"]] },
    {
        name: "aws-native: a public access block that allows public policies",
        program: () => void nativeBucket("media", { publicAccessBlock: { ...allFlags, blockPublicPolicy: false } }),
        blocked: [[PAB, "media"]],
    },
    {
        name: "aws-native: a public access block that leaves restrictPublicBuckets unset",
        program: () => void nativeBucket("media", { publicAccessBlock: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true } }),
        blocked: [[PAB, "media"]],
    },
    { name: "aws-native: bucketEncryption with no rule", program: () => void nativeBucket("media", { encryption: { serverSideEncryptionConfiguration: [] } }), blocked: [[ENC, "media"]] },
    {
        name: "aws-native: a named bucket whose TLS deny covers its objects only",
        program: () => {
            const bucket = nativeBucket("media", { noPolicy: true, bucketName: "acme-media" });
            new native.s3.BucketPolicy("media-policy", { bucket: bucket.id, policyDocument: tlsDocument(pulumi.output("arn:aws:s3:::acme-media"), (a) => [pulumi.interpolate`${a}/*`]) });
        },
        blocked: [[TLS, "media"]],
    },
    {
        name: "aws-native: a policyDocument as a JSON string that allows TLS instead of denying plain HTTP",
        program: () => {
            const bucket = nativeBucket("media", { noPolicy: true });
            new native.s3.BucketPolicy("media-policy", {
                bucket: bucket.bucketName.apply((n) => n!),
                policyDocument: bucket.arn.apply((arn) =>
                    JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${arn}/*`, Condition: { Bool: { "aws:SecureTransport": "true" } } }] }),
                ),
            });
        },
        // At preview the document waits for the bucket's ARN: advisories, judged again at update.
        blockedAtPreview: [],
        blocked: [[TLS, "media"]],
    },
    {
        name: "aws-native: two buckets, the bucket policy only on the first",
        program: () => {
            nativeBucket("ingest");
            nativeBucket("outbox", { noPolicy: true });
        },
        blocked: [[TLS, "outbox"]],
    },
    {
        name: "aws-native: an aws.s3.BucketPolicy (aws provider) on an aws-native bucket counts",
        program: () => {
            const bucket = nativeBucket("media", { noPolicy: true });
            new aws.s3.BucketPolicy("media-policy", { bucket: bucket.id, policy: pulumi.jsonStringify(tlsDocument(bucket.arn)) });
        },
        blocked: [],
    },
    {
        name: "aws-native: a key with rotation off, a 7-day deletion window and an Allow for Principal *",
        program: () =>
            void new native.kms.Key("media-key", {
                enableKeyRotation: false,
                pendingWindowInDays: 7,
                keyPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" }] },
            }),
        blocked: [[ROTATION, "media-key"], [WINDOW, "media-key"], [PUBLIC_KEY, "media-key"]],
    },
    {
        name: "aws-native: a key whose keyPolicy, a JSON string, allows {AWS: \"*\"}",
        program: () =>
            void new native.kms.Key("media-key", {
                enableKeyRotation: true,
                keyPolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }] }),
            }),
        blocked: [[PUBLIC_KEY, "media-key"]],
    },
    { name: "aws-native: a key with the provider's defaults (no rotation)", program: () => void new native.kms.Key("media-key", { description: "defaults" }), blocked: [[ROTATION, "media-key"]] },
    {
        name: "aws-native: an asymmetric signing key and a key with imported material need no rotation",
        program: () => {
            new native.kms.Key("signing-key", { keySpec: "RSA_2048", keyUsage: "SIGN_VERIFY", keyPolicy: ROOT_ONLY_KEY_POLICY });
            new native.kms.Key("imported-key", { origin: "EXTERNAL", keyPolicy: ROOT_ONLY_KEY_POLICY });
        },
        blocked: [],
    },
    {
        name: "aws-native: a replica key with a 7-day deletion window",
        program: () => void new native.kms.ReplicaKey("media-replica", { primaryKeyArn: "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab", pendingWindowInDays: 7, keyPolicy: ROOT_ONLY_KEY_POLICY }),
        blocked: [[WINDOW, "media-replica"]],
    },
    // CloudFormation through aws.cloudformation.Stack
    {
        name: "CloudFormation: a JSON template with a bare AWS::S3::Bucket",
        program: () => void stack(jsonTemplate({ Uploads: { Type: "AWS::S3::Bucket" } })),
        blocked: ALL_BUCKET_CONTROLS("legacy"),
        naming: 'AWS::S3::Bucket "Uploads" (name generated by CloudFormation) in CloudFormation stack "legacy"',
    },
    { name: "CloudFormation: a YAML template with short-form tags and every control", program: () => void stack(COMPLIANT_YAML), blocked: [] },
    {
        name: "CloudFormation: a bucket policy that covers the bucket (Fn::GetAtt) but not its objects",
        program: () => void stack(COMPLIANT_YAML.replace(yamlTlsPolicy("MediaBucket"), yamlTlsPolicy("MediaBucket", "!GetAtt MediaBucket.Arn"))),
        blocked: [[TLS, "legacy"]],
        naming: 'AWS::S3::BucketPolicy "MediaBucketPolicy" of AWS::S3::Bucket "MediaBucket"',
    },
    {
        name: "CloudFormation: two buckets, the policy targeting only one (Bucket: !Ref)",
        program: () => void stack(COMPLIANT_YAML.replace(yamlTlsPolicy("LogBucket"), "")),
        blocked: [[TLS, "legacy"]],
        naming: 'AWS::S3::Bucket "LogBucket"',
    },
    {
        name: "CloudFormation: a public access block given as strings, one of them \"false\"",
        program: () => void stack(COMPLIANT_YAML.replace("BlockPublicAcls: true, BlockPublicPolicy: true", 'BlockPublicAcls: "true", BlockPublicPolicy: "false"')),
        blocked: [[PAB, "legacy"]],
        naming: "PublicAccessBlockConfiguration.BlockPublicPolicy is false",
    },
    {
        name: "CloudFormation: a key with rotation off and a 7-day deletion window",
        program: () => void stack(COMPLIANT_YAML.replace("      EnableKeyRotation: true\n", "      EnableKeyRotation: false\n      PendingWindowInDays: 7\n")),
        blocked: [[ROTATION, "legacy"], [WINDOW, "legacy"]],
        naming: 'AWS::KMS::Key "MediaKey" in CloudFormation stack "legacy"',
    },
    {
        name: "CloudFormation: a key policy that allows every principal",
        program: () => void stack(COMPLIANT_YAML.replace('Principal: { AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }', 'Principal: "*"')),
        blocked: [[PUBLIC_KEY, "legacy"]],
        naming: 'AWS::KMS::Key "MediaKey"',
    },
    {
        name: "CloudFormation: names from parameter defaults, joined by Fn::Sub and Fn::Join",
        program: () => void stack(namedBucketTemplate({ "Fn::Join": ["", ["arn:aws:s3:::", { Ref: "MediaName" }]] })),
        blocked: [],
    },
    {
        name: "CloudFormation: the stack's parameters override a default, so the policy's literal ARN names another bucket",
        program: () => void stack(namedBucketTemplate("arn:aws:s3:::acme-media-archive"), { MediaName: "acme-media-restored" }),
        blocked: [[TLS, "legacy"]],
        naming: 'AWS::S3::Bucket "Media" (acme-media-restored)',
    },
    {
        name: "CloudFormation: a template built from a Pulumi bucket's name, judged once the name is known",
        program: () => {
            const source = new aws.s3.Bucket("source");
            new aws.s3.BucketServerSideEncryptionConfiguration("source-sse", { bucket: source.bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] }] });
            new aws.s3.BucketPolicy("source-policy", { bucket: source.bucket, policy: pulumi.jsonStringify(tlsDocument(source.arn)) });
            new aws.s3.BucketPublicAccessBlock("source-pab", { bucket: source.bucket, ...allFlags });
            new aws.s3.BucketLogging("source-logging", { bucket: source.bucket, targetBucket: "org-access-logs", targetPrefix: "source/" });
            stack(source.bucket.apply((name) => jsonTemplate({ Copy: { Type: "AWS::S3::Bucket", Properties: { BucketName: `${name}-copy` } } })));
        },
        blockedAtPreview: [],
        blocked: ALL_BUCKET_CONTROLS("legacy"),
        naming: 'AWS::S3::Bucket "Copy" (source-',
    },
];

describe("corpus: aws-native and CloudFormation deployments", function () {
    let pack: PolicyPackClient;
    before(async () => (pack = await startPack()));
    after(async () => pack?.close());

    it("holds at least 25 deployments, bad and good", () => {
        assert.ok(CASES.length >= 25, `${CASES.length} cases`);
        assert.ok(CASES.some((c) => c.blocked.length === 0) && CASES.some((c) => c.blocked.length > 0));
    });

    for (const c of CASES) {
        it(`${c.blocked.length > 0 ? "blocks" : "admits"} ${c.name}`, async () => {
            for (const shape of await programShapes(c.program)) {
                const reported = await judge(pack, shape.inputs, shape.outputs);
                const expected = shape.label === "at preview" && c.blockedAtPreview ? c.blockedAtPreview : c.blocked;
                assert.deepStrictEqual(mandatoryPairs(reported), [...expected].sort(), `${shape.label}: mandatory violations\n${reported.map((v) => `${v.policy}: ${detail(v)}`).join("\n")}`);
                if (c.blocked.length === 0 && shape.label === "after deployment") {
                    assert.deepStrictEqual(reported.map((v) => v.policy), c.advisories ?? [], `after deployment, a good deployment draws only the expected advisories`);
                }
                for (const v of reported.filter((r) => r.enforcementLevel === "mandatory")) {
                    assert.ok(detail(v).includes(`"${v.urn!.split("::").pop()}"`), `${shape.label}: message names the resource: ${detail(v)}`);
                    if (c.naming) assert.ok(reported.some((r) => r.enforcementLevel === "mandatory" && detail(r).includes(c.naming!)), `${shape.label}: a message names ${c.naming}`);
                }
            }
        });
    }
});
