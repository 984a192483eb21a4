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
const ALL_BUCKET_CONTROLS = (name: string): Array<[string, string]> => [
    [ENC, name],
    [TLS, name],
    [PAB, name],
];

const allFlags = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

/** A TLS-only and TLS 1.2 policy document for a bucket, as an aws-native program writes it (an object with outputs). */
function tlsDocument(arn: pulumi.Output<string>, resources: (arn: pulumi.Output<string>) => unknown[] = (a) => [a, pulumi.interpolate`${a}/*`]) {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: resources(arn),
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            {
                Sid: "DenyOutdatedTls",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: resources(arn),
                Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
            },
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
            serverSideEncryptionConfiguration: [
                { serverSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: { encryptionType: ["SSE-C"] } },
            ],
        },
        publicAccessBlockConfiguration: options.publicAccessBlock ?? allFlags,
        loggingConfiguration: options.logging ?? { destinationBucketName: "org-access-logs", logFilePrefix: `${name}/` },
    });
    if (!options.noPolicy) new native.s3.BucketPolicy(`${name}-policy`, { bucket: bucket.id, policyDocument: tlsDocument(bucket.arn) });
    return bucket;
}

const ROOT_ONLY_KEY_POLICY = {
    Version: "2012-10-17",
    Statement: [{ Sid: "RootAdministers", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" }],
};

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
const jsonTemplate = (resources: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ AWSTemplateFormatVersion: "2010-09-09", ...extra, Resources: resources });

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
                    BucketEncryption: {
                        ServerSideEncryptionConfiguration: [
                            { ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BlockedEncryptionTypes: { EncryptionType: ["SSE-C"] } },
                        ],
                    },
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

const stack = (templateBody: pulumi.Input<string>, parameters?: Record<string, pulumi.Input<string>>) =>
    new aws.cloudformation.Stack("legacy", { templateBody, parameters });

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
    {
        name: "aws-native: a bare bucket (no encryption, no bucket policy, no public access block)",
        program: () => void new native.s3.Bucket("media"),
        blocked: ALL_BUCKET_CONTROLS("media"),
    },
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
    {
        name: "aws-native: bucketEncryption with no rule",
        program: () => void nativeBucket("media", { encryption: { serverSideEncryptionConfiguration: [] } }),
        blocked: [[ENC, "media"]],
    },
    {
        name: "aws-native: a named bucket whose TLS deny covers its objects only",
        program: () => {
            const bucket = nativeBucket("media", { noPolicy: true, bucketName: "acme-media" });
            new native.s3.BucketPolicy("media-policy", {
                bucket: bucket.id,
                policyDocument: tlsDocument(pulumi.output("arn:aws:s3:::acme-media"), (a) => [pulumi.interpolate`${a}/*`]),
            });
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
                    JSON.stringify({
                        Statement: [
                            {
                                Effect: "Allow",
                                Principal: "*",
                                Action: "s3:GetObject",
                                Resource: `${arn}/*`,
                                Condition: { Bool: { "aws:SecureTransport": "true" } },
                            },
                        ],
                    }),
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
        blocked: [
            [ROTATION, "media-key"],
            [WINDOW, "media-key"],
            [PUBLIC_KEY, "media-key"],
        ],
    },
    {
        name: 'aws-native: a key whose keyPolicy, a JSON string, allows {AWS: "*"}',
        program: () =>
            void new native.kms.Key("media-key", {
                enableKeyRotation: true,
                keyPolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }] }),
            }),
        blocked: [[PUBLIC_KEY, "media-key"]],
    },
    {
        name: "aws-native: a key with the provider's defaults (no rotation)",
        program: () => void new native.kms.Key("media-key", { description: "defaults" }),
        blocked: [[ROTATION, "media-key"]],
    },
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
        program: () =>
            void new native.kms.ReplicaKey("media-replica", {
                primaryKeyArn: "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
                pendingWindowInDays: 7,
                keyPolicy: ROOT_ONLY_KEY_POLICY,
            }),
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
        name: 'CloudFormation: a public access block given as strings, one of them "false"',
        program: () =>
            void stack(COMPLIANT_YAML.replace("BlockPublicAcls: true, BlockPublicPolicy: true", 'BlockPublicAcls: "true", BlockPublicPolicy: "false"')),
        blocked: [[PAB, "legacy"]],
        naming: "PublicAccessBlockConfiguration.BlockPublicPolicy is false",
    },
    {
        name: "CloudFormation: a key with rotation off and a 7-day deletion window",
        program: () => void stack(COMPLIANT_YAML.replace("      EnableKeyRotation: true\n", "      EnableKeyRotation: false\n      PendingWindowInDays: 7\n")),
        blocked: [
            [ROTATION, "legacy"],
            [WINDOW, "legacy"],
        ],
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
            new aws.s3.BucketServerSideEncryptionConfiguration("source-sse", {
                bucket: source.bucket,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] }],
            });
            new aws.s3.BucketPolicy("source-policy", { bucket: source.bucket, policy: pulumi.jsonStringify(tlsDocument(source.arn)) });
            new aws.s3.BucketPublicAccessBlock("source-pab", { bucket: source.bucket, ...allFlags });
            new aws.s3.BucketLogging("source-logging", { bucket: source.bucket, targetBucket: "org-access-logs", targetPrefix: "source/" });
            stack(source.bucket.apply((name) => jsonTemplate({ Copy: { Type: "AWS::S3::Bucket", Properties: { BucketName: `${name}-copy` } } })));
        },
        blockedAtPreview: [],
        blocked: ALL_BUCKET_CONTROLS("legacy"),
        naming: 'AWS::S3::Bucket "Copy" (source-',
    },
    {
        name: "CloudFormation: two stacks with the same logical ids, the bucket policy only in the first",
        program: () => {
            stack(COMPLIANT_YAML);
            new aws.cloudformation.Stack("copy", { templateBody: COMPLIANT_YAML.replace(yamlTlsPolicy("MediaBucket"), "") });
        },
        blocked: [[TLS, "copy"]],
        naming: 'AWS::S3::Bucket "MediaBucket" (name generated by CloudFormation) in CloudFormation stack "copy" has no AWS::S3::BucketPolicy',
    },
    {
        name: "CloudFormation: an aws-native Stack whose templateBody is an object with a bare bucket",
        program: () => void new native.cloudformation.Stack("native-stack", { templateBody: { Resources: { Uploads: { Type: "AWS::S3::Bucket" } } } }),
        blocked: ALL_BUCKET_CONTROLS("native-stack"),
        naming: 'AWS::S3::Bucket "Uploads" (name generated by CloudFormation) in CloudFormation stack "native-stack"',
    },
    {
        name: "CloudFormation: a StackSet whose template's key does not rotate",
        program: () =>
            void new aws.cloudformation.StackSet("org-keys", {
                permissionModel: "SERVICE_MANAGED",
                templateBody: jsonTemplate({ OrgKey: { Type: "AWS::KMS::Key", Properties: { EnableKeyRotation: "false" } } }),
            }),
        blocked: [[ROTATION, "org-keys"]],
        naming: 'AWS::KMS::Key "OrgKey" in CloudFormation stack set "org-keys" is a symmetric encryption key without automatic rotation (EnableKeyRotation is false): set EnableKeyRotation to true.',
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
                assert.deepStrictEqual(
                    mandatoryPairs(reported),
                    [...expected].sort(),
                    `${shape.label}: mandatory violations\n${reported.map((v) => `${v.policy}: ${detail(v)}`).join("\n")}`,
                );
                if (c.blocked.length === 0 && shape.label === "after deployment") {
                    assert.deepStrictEqual(
                        reported.map((v) => v.policy),
                        c.advisories ?? [],
                        `after deployment, a good deployment draws only the expected advisories`,
                    );
                }
                for (const v of reported.filter((r) => r.enforcementLevel === "mandatory")) {
                    assert.ok(detail(v).includes(`"${v.urn!.split("::").pop()}"`), `${shape.label}: message names the resource: ${detail(v)}`);
                    if (c.naming)
                        assert.ok(
                            reported.some((r) => r.enforcementLevel === "mandatory" && detail(r).includes(c.naming!)),
                            `${shape.label}: a message names ${c.naming}`,
                        );
                }
            }
        });
    }
});

describe("aws-native and CloudFormation: what the messages say", function () {
    let pack: PolicyPackClient;
    before(async () => (pack = await startPack()));
    after(async () => pack?.close());
    afterEach(async () => pack.configure({}));

    /** Every violation after deployment, as [policy, level, name reported on, message]. */
    async function afterDeployment(program: () => void): Promise<Array<[string, string, string, string]>> {
        const shape = (await programShapes(program))[1];
        return (await judge(pack, shape.inputs, shape.outputs)).map((v) => [v.policy, v.enforcementLevel, v.urn!.split("::").pop()!, detail(v)]);
    }

    it("names the aws-native property that is missing and how to set it", async () => {
        const reported = await afterDeployment(() => void new native.s3.Bucket("media", { bucketName: "acme-media" }));
        const bucket = 'aws-native:s3:Bucket "media" (acme-media)';
        assert.deepStrictEqual(
            reported.filter(([policy]) => [ENC, PAB, "s3-bucket-enable-access-logging"].includes(policy)),
            [
                [
                    ENC,
                    "mandatory",
                    "media",
                    `${bucket} sets no bucketEncryption: set bucketEncryption.serverSideEncryptionConfiguration[0].serverSideEncryptionByDefault.sseAlgorithm to one of AES256, aws:kms, aws:kms:dsse.`,
                ],
                [
                    PAB,
                    "mandatory",
                    "media",
                    `${bucket} sets no publicAccessBlockConfiguration: set it with blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets all true.`,
                ],
                [
                    "s3-bucket-enable-access-logging",
                    "advisory",
                    "media",
                    `${bucket} sets no loggingConfiguration: set loggingConfiguration.destinationBucketName to the bucket that receives its logs.`,
                ],
            ],
        );
        assert.deepStrictEqual(
            reported.find(([policy]) => policy === TLS),
            [
                TLS,
                "mandatory",
                "media",
                `${bucket} has no BucketPolicy targeting it: add an aws-native.s3.BucketPolicy whose bucket is this bucket (bucket: <bucket>.id) and whose policyDocument holds the statement ` +
                    '{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::acme-media", "arn:aws:s3:::acme-media/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}.',
            ],
        );
    });

    it("handles unknowns as for the aws provider: a rule naming a key created in the same run is an advisory at preview, judged after", async () => {
        const program = () => {
            const key = new native.kms.Key("media-key", { enableKeyRotation: true, keyPolicy: ROOT_ONLY_KEY_POLICY });
            nativeBucket("media", {
                bucketName: "acme-media",
                encryption: {
                    serverSideEncryptionConfiguration: [
                        {
                            serverSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn },
                            bucketKeyEnabled: true,
                            blockedEncryptionTypes: { encryptionType: ["SSE-C"] },
                        },
                    ],
                },
            });
        };
        const [preview, deployed] = await programShapes(program);
        const atPreview = (await judge(pack, preview.inputs, preview.outputs)).filter((v) => v.policy === ENC);
        assert.deepStrictEqual(
            atPreview.map((v) => [v.enforcementLevel, detail(v)]),
            [
                [
                    "advisory",
                    'Could not verify the KMS key of aws-native:s3:Bucket "media" (acme-media): the kmsMasterKeyId of the bucketEncryption (bucketEncryption.serverSideEncryptionConfiguration[0]) is unknown. It is judged again with real values when the resources are created (pulumi up).',
                ],
            ],
        );
        assert.deepStrictEqual(
            (await judge(pack, deployed.inputs, deployed.outputs)).filter((v) => v.policy === ENC),
            [],
        );
    });

    it("names an aws-native rule's property path and an aws-native key's properties", async () => {
        const reported = await afterDeployment(() => {
            nativeBucket("media", {
                bucketName: "acme-media",
                encryption: {
                    serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/media" } }],
                },
            });
            new native.kms.Key("media-key", { enableKeyRotation: false, pendingWindowInDays: 7, keyPolicy: ROOT_ONLY_KEY_POLICY });
        });
        assert.deepStrictEqual(
            reported.filter(([, , name]) => name === "media-key"),
            [
                [
                    ROTATION,
                    "mandatory",
                    "media-key",
                    'aws-native:kms:Key "media-key" is a symmetric encryption key without automatic rotation (enableKeyRotation is false): set enableKeyRotation to true.',
                ],
                [
                    WINDOW,
                    "mandatory",
                    "media-key",
                    'aws-native:kms:Key "media-key" has a deletion window of 7 days, shorter than the required 30: set pendingWindowInDays to at least 30.',
                ],
            ],
        );
        const of = 'the bucketEncryption of aws-native:s3:Bucket "media" (acme-media)';
        assert.deepStrictEqual(
            reported.filter(([, , name]) => name === "media"),
            [
                [
                    "s3-bucket-enable-bucket-key",
                    "advisory",
                    "media",
                    `${of} encrypts with aws:kms without an S3 Bucket Key: set bucketEncryption.serverSideEncryptionConfiguration[0].bucketKeyEnabled to true.`,
                ],
                [
                    "s3-bucket-configure-blocked-encryption-types",
                    "advisory",
                    "media",
                    `${of} does not set bucketEncryption.serverSideEncryptionConfiguration[0].blockedEncryptionTypes.encryptionType: set it explicitly, e.g. ["SSE-C"], so it does not drift with AWS's defaults.`,
                ],
            ],
        );
    });

    it("says what a template leaves to CloudFormation (Fn::If, a parameter without a default) and promises no second look", async () => {
        const template = `
Parameters:
  AdminArn: { Type: String }
Conditions:
  Strict: !Equals [!Ref AWS::Region, eu-west-1]
Resources:${YAML_BUCKET}${yamlTlsPolicy("LogBucket")}
  MediaBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref MediaBucket
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: "*"
            Action: s3:*
            Resource: !If [Strict, "*", !GetAtt MediaBucket.Arn]
            Condition: { Bool: { aws:SecureTransport: "false" } }
`.replace('Principal: { AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }', "Principal: { AWS: !Ref AdminArn }");
        const reported = await afterDeployment(() => void stack(template));
        assert.deepStrictEqual(
            reported.filter(([, level]) => level === "mandatory"),
            [],
        );
        const never =
            "Pulumi passes the template through unresolved, so the pack cannot verify this, at preview or at pulumi up. Write the value into the template, or pass it through the stack's parameters.";
        assert.deepStrictEqual(
            // analyze (the key) comes before analyzeStack (the bucket policy).
            reported.filter(([policy]) => policy === TLS || policy === PUBLIC_KEY),
            [
                [
                    PUBLIC_KEY,
                    "advisory",
                    "legacy",
                    'Could not verify the key policy of AWS::KMS::Key "MediaKey" in CloudFormation stack "legacy": Principal.AWS of Statement[0] is unknown. Inside the template, ' +
                        `the parameter AdminArn, which has no Default and no value in the stack's parameters (in KeyPolicy.Statement[0].Principal.AWS) is resolved by CloudFormation alone: ${never}`,
                ],
                [
                    TLS,
                    "advisory",
                    "legacy",
                    'Could not verify that AWS::S3::BucketPolicy "MediaBucketPolicy" of AWS::S3::Bucket "MediaBucket" (name generated by CloudFormation) in CloudFormation stack "legacy" ' +
                        `denies plain-HTTP access to the bucket and its objects: Resource of Statement[0] is unknown. Inside the template, Fn::If (in PolicyDocument.Statement[0].Resource) is resolved by CloudFormation alone: ${never}`,
                ],
            ],
        );
        assert.ok(!reported.some(([, , , message]) => message.includes("judged again")), "no promise of a second look");
    });

    it("a value given in the stack's parameters resolves the parameter: the key policy is judged", async () => {
        const template = `Parameters:\n  AdminArn: { Type: String }\nResources:${YAML_BUCKET}`.replace(
            'Principal: { AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }',
            "Principal: { AWS: !Ref AdminArn }",
        );
        const reported = await afterDeployment(() => void stack(template, { AdminArn: "*" }));
        assert.deepStrictEqual(
            reported.filter(([policy]) => policy === PUBLIC_KEY),
            [
                [
                    PUBLIC_KEY,
                    "mandatory",
                    "legacy",
                    'The key policy of AWS::KMS::Key "MediaKey" in CloudFormation stack "legacy" allows every principal (*) without a condition in Statement[0]: name the principals, or add a condition such as aws:PrincipalOrgID or kms:CallerAccount.',
                ],
            ],
        );
    });

    it("cloudformation-stack-inline-template: a stack with only a templateUrl, an invalid template, a nested stack", async () => {
        const reported = await afterDeployment(() => {
            new aws.cloudformation.Stack("remote", { templateUrl: "https://example-bucket.s3.amazonaws.com/media.yaml" });
            new aws.cloudformation.Stack("broken", { templateBody: "Resources:\n  Media: [unclosed" });
            new aws.cloudformation.Stack("nested", {
                templateBody: jsonTemplate({
                    Child: { Type: "AWS::CloudFormation::Stack", Properties: { TemplateURL: "https://example-bucket.s3.amazonaws.com/child.yaml" } },
                }),
            });
            new aws.cloudformation.Stack("serverless", { templateBody: jsonTemplate({}, { Transform: "AWS::Serverless-2016-10-31" }) });
        });
        assert.deepStrictEqual(reported, [
            [
                "cloudformation-stack-inline-template",
                "advisory",
                "remote",
                'CloudFormation stack "remote" has only a templateUrl (https://example-bucket.s3.amazonaws.com/media.yaml): the pack cannot read a template it is not given, so none of its buckets and keys is judged. ' +
                    "Pass the template as templateBody (e.g. fs.readFileSync of the file the URL serves) instead of templateUrl.",
            ],
            ["cloudformation-stack-inline-template", "advisory", "broken", reported.find(([, , name]) => name === "broken")![3]],
            [
                "cloudformation-stack-inline-template",
                "advisory",
                "nested",
                'CloudFormation stack "nested" declares the nested stack "Child" (AWS::CloudFormation::Stack), whose template (TemplateURL) the pack cannot read: declare its resources in this template, or as a stack of its own with a templateBody.',
            ],
            [
                "cloudformation-stack-inline-template",
                "advisory",
                "serverless",
                'CloudFormation stack "serverless" uses the transform AWS::Serverless-2016-10-31: CloudFormation expands it when it deploys the template, so the resources it adds are not judged. Declare the buckets and keys as plain AWS::S3::Bucket and AWS::KMS::Key resources.',
            ],
        ]);
        assert.match(
            reported[1][3],
            /^The templateBody of CloudFormation stack "broken" is not valid YAML \(.+\): the pack cannot judge its buckets and keys\.$/,
        );
    });
});

describe("s3-bucket-disallow-public-policy-with-public-access-block, for aws-native and CloudFormation", function () {
    let pack: PolicyPackClient;
    before(async () => (pack = await startPack()));
    after(async () => pack?.close());

    it("reports a public-read policy next to an inline block with blockPublicPolicy, on the bucket or the stack", async () => {
        const reported: Array<[string, string, string]> = [];
        const shape = (
            await programShapes(() => {
                const bucket = nativeBucket("site", { bucketName: "acme-site" });
                new native.s3.BucketPolicy("site-public-read", {
                    bucket: bucket.id,
                    policyDocument: {
                        Statement: [{ Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-site/*" }],
                    },
                });
                stack(
                    COMPLIANT_YAML.replace(
                        yamlTlsPolicy("LogBucket"),
                        yamlTlsPolicy("LogBucket").replace(
                            "          - Sid: DenyOutdatedTls",
                            '          - { Effect: Allow, Principal: { AWS: "*" }, Action: s3:GetObject, Resource: "*" }\n          - Sid: DenyOutdatedTls',
                        ),
                    ),
                );
            })
        )[1];
        for (const v of await judge(pack, shape.inputs, shape.outputs)) {
            if (v.policy === "s3-bucket-disallow-public-policy-with-public-access-block")
                reported.push([v.enforcementLevel, v.urn!.split("::").pop()!, detail(v)]);
        }
        const refused =
            "S3 refuses to set such a policy while the block is in place (PutBucketPolicy returns AccessDenied), so pulumi up fails whenever the policy is created or changed after the block. " +
            "Name the principals or add a condition (such as aws:SourceArn for a CloudFront distribution), or drop the statement.";
        assert.deepStrictEqual(reported.sort(), [
            [
                "advisory",
                "legacy",
                'AWS::S3::BucketPolicy "LogBucketPolicy" of AWS::S3::Bucket "LogBucket" (name generated by CloudFormation) in CloudFormation stack "legacy" allows every principal (*) without a condition in Statement[1], ' +
                    `while the PublicAccessBlockConfiguration sets PublicAccessBlockConfiguration.BlockPublicPolicy to true: ${refused}`,
            ],
            [
                "advisory",
                "site",
                'aws-native:s3:BucketPolicy "site-public-read" of aws-native:s3:Bucket "site" (acme-site) allows every principal (*) without a condition in statement "PublicRead", ' +
                    `while the publicAccessBlockConfiguration sets publicAccessBlockConfiguration.blockPublicPolicy to true: ${refused}`,
            ],
        ]);
    });
});

describe("s3-bucket-enable-access-logging", function () {
    let pack: PolicyPackClient;
    before(async () => (pack = await startPack()));
    after(async () => pack?.close());
    afterEach(async () => pack.configure({}));

    const logging = async (program: () => void) => {
        const out: Array<[string, string, string]> = [];
        for (const shape of await programShapes(program)) {
            for (const v of await judge(pack, shape.inputs, shape.outputs))
                if (v.policy === "s3-bucket-enable-access-logging") out.push([shape.label, v.urn!.split("::").pop()!, v.enforcementLevel]);
        }
        return out;
    };

    it("passes a bucket logged by aws.s3.BucketLogging or BucketLoggingV2, and exempts the bucket that receives the logs", async () => {
        assert.deepStrictEqual(
            await logging(() => {
                const logs = new aws.s3.Bucket("logs");
                for (const name of ["media", "archive"]) {
                    const bucket = new aws.s3.Bucket(name);
                    const args = { bucket: bucket.id, targetBucket: logs.id, targetPrefix: `${name}/` };
                    if (name === "media") new aws.s3.BucketLogging(`${name}-logging`, args);
                    else new aws.s3.BucketLoggingV2(`${name}-logging`, args);
                }
                new aws.s3.Bucket("scratch");
            }),
            [
                ["at preview", "scratch", "advisory"],
                ["after deployment", "scratch", "advisory"],
            ],
        );
    });

    it("passes aws-native loggingConfiguration (to another bucket or, without a destination, to itself) and CloudFormation's, and exempts their targets", async () => {
        assert.deepStrictEqual(
            await logging(() => {
                const logs = new native.s3.Bucket("native-logs");
                new native.s3.Bucket("native-media", { loggingConfiguration: { destinationBucketName: logs.id } });
                new native.s3.Bucket("native-self", { loggingConfiguration: {} });
                new native.s3.Bucket("native-unlogged");
                stack(COMPLIANT_YAML);
            }),
            [
                ["at preview", "native-unlogged", "advisory"],
                ["after deployment", "native-unlogged", "advisory"],
            ],
        );
    });

    it("says an aws bucket's inline logging argument was found and ignored, only when it is set", async () => {
        const shape = (
            await programShapes(() => {
                new aws.s3.Bucket("inline", { bucket: "acme-inline", logging: { targetBucket: "org-access-logs", targetPrefix: "inline/" } });
                new aws.s3.Bucket("plain", { bucket: "acme-plain" });
            })
        )[1];
        const messages = (await judge(pack, shape.inputs, shape.outputs))
            .filter((v) => v.policy === "s3-bucket-enable-access-logging")
            .map(detail)
            .sort();
        const missing =
            "has no BucketLogging targeting it: add an aws.s3.BucketLogging whose bucket is this bucket and whose targetBucket is the bucket that receives its logs.";
        assert.deepStrictEqual(messages, [
            `S3 bucket "inline" (acme-inline) ${missing} Its inline logging argument was found and ignored: move it to an aws.s3.BucketLogging with bucket: <bucket>.bucket and remove the inline argument.`,
            `S3 bucket "plain" (acme-plain) ${missing}`,
        ]);
    });

    it("an inline logging argument next to a BucketLogging is the conflicting-inline-arguments violation (mandatory), not a missing log", async () => {
        const shape = (
            await programShapes(() => {
                const bucket = new aws.s3.Bucket("both", { bucket: "acme-both", logging: { targetBucket: "org-access-logs", targetPrefix: "both/" } });
                new aws.s3.BucketLogging("both-logging", { bucket: bucket.bucket, targetBucket: "org-access-logs", targetPrefix: "both/" });
            })
        )[1];
        const reported = (await judge(pack, shape.inputs, shape.outputs)).filter(
            (v) => v.policy === "s3-bucket-enable-access-logging" || v.policy === "s3-bucket-disallow-conflicting-inline-arguments",
        );
        assert.deepStrictEqual(
            reported.map((v) => [v.policy, v.enforcementLevel, detail(v)]),
            [
                [
                    "s3-bucket-disallow-conflicting-inline-arguments",
                    "mandatory",
                    'S3 bucket "both" (acme-both) sets the inline logging argument, and BucketLogging "both-logging" targets it too: the two overwrite each other on every update. Remove the inline argument; the pack judges only the separate resource.',
                ],
            ],
        );
    });

    it("is configurable like the others: mandatory blocks the unlogged bucket", async () => {
        await pack.configure({ "s3-bucket-enable-access-logging": { enforcementLevel: "mandatory" } });
        assert.deepStrictEqual(await logging(() => void new native.s3.Bucket("native-unlogged")), [
            ["at preview", "native-unlogged", "mandatory"],
            ["after deployment", "native-unlogged", "mandatory"],
        ]);
    });
});
