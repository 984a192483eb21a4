// Who may assume the ingest roles, what each role may do, and who may use the keys (components/accessPolicies.ts),
// built directly for a target in the aws partition and, where ARNs and endpoints depend on it, one in China.
import * as assert from "assert";

import {
    customerKeyPolicyStatements,
    iamPrincipalArn,
    ingestKeyPolicy,
    IngestRoleArns,
    processorOutputStatements,
    processorPermissions,
    processorTrustPolicy,
    sseCKeySecretKmsKeyPolicyStatements,
    sseCKeySecretPolicyStatements,
    uploaderPermissions,
    uploaderTrustPolicy,
} from "../../components/accessPolicies";
import { Statement } from "../../components/policyDocument";
import { DeploymentTarget } from "../../config/names";
import { S3Location } from "../../config/stackConfig";

const TARGET: DeploymentTarget = { partition: "aws", accountId: "123456789012", region: "eu-west-1", dnsSuffix: "amazonaws.com" };
const CHINA: DeploymentTarget = { partition: "aws-cn", accountId: "123456789012", region: "cn-north-1", dnsSuffix: "amazonaws.com.cn" };

const BUCKET_ARN = "arn:aws:s3:::acme-123456789012-eu-west-1";
const OBJECTS = `${BUCKET_ARN}/*`;
const CHINA_BUCKET_ARN = "arn:aws-cn:s3:::acme-123456789012-cn-north-1";
const CUSTOMER_KEY = "arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const SECRET = "arn:aws:secretsmanager:eu-central-1:210987654321:secret:acme/sse-c-key-AbC123";
const CHINA_SECRET = "arn:aws-cn:secretsmanager:cn-northwest-1:210987654321:secret:acme/sse-c-key-AbC123";
const QUEUE = "arn:aws:mediaconvert:eu-west-1:123456789012:queues/mezzanine-ingest-acme";
const VENDOR_ROLE = "arn:aws:iam::210987654321:role/vendor-transcoder";
const ROLES: IngestRoleArns = {
    uploaderRoleArn: "arn:aws:iam::123456789012:role/acme-uploader-1a2b3c4",
    processorRoleArn: "arn:aws:iam::123456789012:role/acme-processor-5d6e7f8",
};
const ADMINISTRATORS = ["arn:aws:iam::123456789012:role/platform-deployer", "arn:aws:iam::123456789012:user/break-glass"];

const inThisAccount = { StringEquals: { "aws:ResourceAccount": "123456789012" } };
/** KMS use only through S3 in eu-west-1, only for the ingest bucket's objects. */
const viaS3ForTheBucket = {
    StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
    StringLike: { "kms:EncryptionContext:aws:s3:arn": [BUCKET_ARN, OBJECTS] },
};

describe("iamPrincipalArn", () => {
    it("turns an account id into that account's root", () => {
        assert.strictEqual(iamPrincipalArn("210987654321", "aws"), "arn:aws:iam::210987654321:root");
    });

    it("turns an account id into its root in the given partition", () => {
        assert.strictEqual(iamPrincipalArn("210987654321", "aws-cn"), "arn:aws-cn:iam::210987654321:root");
    });

    it("passes ARNs unchanged", () => {
        assert.strictEqual(iamPrincipalArn(VENDOR_ROLE, "aws"), VENDOR_ROLE);
        assert.strictEqual(iamPrincipalArn("arn:aws:iam::210987654321:root", "aws-cn"), "arn:aws:iam::210987654321:root");
    });
});

describe("the uploader's trust policy", () => {
    it("lets the listed principals assume the role, account ids as their roots", () => {
        assert.deepStrictEqual(uploaderTrustPolicy(["210987654321", "arn:aws:iam::210987654321:role/acme-transfer"], undefined, TARGET), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AssumeByUploaders",
                    Effect: "Allow",
                    Principal: { AWS: ["arn:aws:iam::210987654321:root", "arn:aws:iam::210987654321:role/acme-transfer"] },
                    Action: "sts:AssumeRole",
                },
            ],
        });
    });

    it("requires the external id when one is set", () => {
        assert.deepStrictEqual(uploaderTrustPolicy(["210987654321"], "acme-ingest-2026", TARGET).Statement, [
            {
                Sid: "AssumeByUploaders",
                Effect: "Allow",
                Principal: { AWS: ["arn:aws:iam::210987654321:root"] },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "sts:ExternalId": "acme-ingest-2026" } },
            },
        ]);
    });

    it("in China, makes account ids roots of the aws-cn partition", () => {
        assert.deepStrictEqual(uploaderTrustPolicy(["210987654321"], undefined, CHINA).Statement[0].Principal, { AWS: ["arn:aws-cn:iam::210987654321:root"] });
    });
});

const mediaConvertForThisQueue = (queue: string, service = "mediaconvert.amazonaws.com"): Statement => ({
    Sid: "AssumeByMediaConvertForThisQueue",
    Effect: "Allow",
    Principal: { Service: service },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnEquals: { "aws:SourceArn": queue } },
});
const ecsTasksOfThisAccountAndRegion = (sourceArn: string): Statement => ({
    Sid: "AssumeByEcsTasksOfThisAccountAndRegion",
    Effect: "Allow",
    Principal: { Service: "ecs-tasks.amazonaws.com" },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": sourceArn } },
});
const lambdaOfThisAccount: Statement = {
    Sid: "AssumeByServicesForThisAccount",
    Effect: "Allow",
    Principal: { Service: ["lambda.amazonaws.com"] },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
};
const byProcessors = (arns: string[], externalId?: string): Statement => ({
    Sid: "AssumeByProcessors",
    Effect: "Allow",
    Principal: { AWS: arns },
    Action: "sts:AssumeRole",
    ...(externalId !== undefined ? { Condition: { StringEquals: { "sts:ExternalId": externalId } } } : {}),
});

/** One row per kind of processor, and their mixes: the trust policy's statements. */
const PROCESSOR_TRUST_ROWS: ReadonlyArray<{
    readonly name: string;
    readonly principals: readonly string[];
    readonly externalId?: string;
    readonly target: DeploymentTarget;
    readonly queue?: string;
    readonly statements: Statement[];
}> = [
    {
        name: "holds MediaConvert to jobs of the customer's queue in this account",
        principals: ["mediaconvert.amazonaws.com"],
        target: TARGET,
        queue: QUEUE,
        statements: [mediaConvertForThisQueue(QUEUE)],
    },
    {
        name: "holds ECS tasks to this account and region",
        principals: ["ecs-tasks.amazonaws.com"],
        target: TARGET,
        statements: [ecsTasksOfThisAccountAndRegion("arn:aws:ecs:eu-west-1:123456789012:*")],
    },
    {
        name: "holds Lambda to this account",
        principals: ["lambda.amazonaws.com"],
        target: TARGET,
        statements: [lambdaOfThisAccount],
    },
    {
        name: "lets IAM roles and accounts (as roots) assume the role without an external id when none is set",
        principals: [VENDOR_ROLE, "210987654321"],
        target: TARGET,
        statements: [byProcessors([VENDOR_ROLE, "arn:aws:iam::210987654321:root"])],
    },
    {
        name: "requires the external id of IAM principals when one is set",
        principals: [VENDOR_ROLE],
        externalId: "acme-vendor-2026",
        target: TARGET,
        statements: [byProcessors([VENDOR_ROLE], "acme-vendor-2026")],
    },
    {
        name: "gives every kind its own statement, services first, and the external id to IAM principals only",
        principals: [VENDOR_ROLE, "lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "mediaconvert.amazonaws.com"],
        externalId: "acme-vendor-2026",
        target: TARGET,
        queue: QUEUE,
        statements: [
            mediaConvertForThisQueue(QUEUE),
            ecsTasksOfThisAccountAndRegion("arn:aws:ecs:eu-west-1:123456789012:*"),
            lambdaOfThisAccount,
            byProcessors([VENDOR_ROLE], "acme-vendor-2026"),
        ],
    },
    {
        name: "in China, pins ECS tasks and MediaConvert by aws-cn ARNs and makes account ids aws-cn roots",
        principals: ["mediaconvert.amazonaws.com.cn", "ecs-tasks.amazonaws.com", "210987654321"],
        target: CHINA,
        queue: "arn:aws-cn:mediaconvert:cn-north-1:123456789012:queues/mezzanine-ingest-acme",
        statements: [
            mediaConvertForThisQueue("arn:aws-cn:mediaconvert:cn-north-1:123456789012:queues/mezzanine-ingest-acme", "mediaconvert.amazonaws.com.cn"),
            ecsTasksOfThisAccountAndRegion("arn:aws-cn:ecs:cn-north-1:123456789012:*"),
            byProcessors(["arn:aws-cn:iam::210987654321:root"]),
        ],
    },
];

describe("the processor's trust policy", () => {
    for (const row of PROCESSOR_TRUST_ROWS) {
        it(row.name, () => {
            assert.deepStrictEqual(processorTrustPolicy(row.principals, row.externalId, row.target, row.queue), {
                Version: "2012-10-17",
                Statement: row.statements,
            });
        });
    }

    it("refuses MediaConvert without the queue's ARN", () => {
        assert.throws(() => processorTrustPolicy(["mediaconvert.amazonaws.com"], undefined, TARGET), {
            message: "the processor trust policy needs the MediaConvert queue's ARN for mediaconvert.amazonaws.com",
        });
    });

    it("refuses a service it cannot hold to this customer's work", () => {
        assert.throws(() => processorTrustPolicy(["ec2.amazonaws.com"], undefined, TARGET), {
            message: "no way to hold ec2.amazonaws.com to this customer's work: the stack config refuses them",
        });
    });

    it("refuses services it cannot hold to this customer's work among supported ones, naming all of them", () => {
        assert.throws(() => processorTrustPolicy(["ec2.amazonaws.com", VENDOR_ROLE, "lambda.amazonaws.com", "glue.amazonaws.com"], undefined, TARGET), {
            message: "no way to hold ec2.amazonaws.com, glue.amazonaws.com to this customer's work: the stack config refuses them",
        });
    });
});

describe("the uploader's permissions", () => {
    const uploadGrants: Statement[] = [
        {
            Sid: "UploadObjects",
            Effect: "Allow",
            Action: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
            Resource: OBJECTS,
            Condition: inThisAccount,
        },
        { Sid: "ListOwnMultipartUploads", Effect: "Allow", Action: ["s3:ListBucketMultipartUploads"], Resource: BUCKET_ARN, Condition: inThisAccount },
    ];

    it("uploads objects and manages its multipart uploads, in this account only; never reads or deletes", () => {
        assert.deepStrictEqual(uploaderPermissions(BUCKET_ARN, undefined, TARGET), { Version: "2012-10-17", Statement: uploadGrants });
    });

    it("with the customer's key, also encrypts with it, only through S3 for this bucket", () => {
        assert.deepStrictEqual(uploaderPermissions(BUCKET_ARN, CUSTOMER_KEY, TARGET).Statement, [
            ...uploadGrants,
            {
                Sid: "EncryptWithCustomerKeyViaS3",
                Effect: "Allow",
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: CUSTOMER_KEY,
                Condition: viaS3ForTheBucket,
            },
        ]);
    });

    it("in China, uses the key only through S3's aws-cn endpoint", () => {
        const chinaKey = "arn:aws-cn:kms:cn-north-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assert.deepStrictEqual(uploaderPermissions(CHINA_BUCKET_ARN, chinaKey, CHINA).Statement[2].Condition, {
            StringEquals: { "kms:ViaService": "s3.cn-north-1.amazonaws.com.cn" },
            StringLike: { "kms:EncryptionContext:aws:s3:arn": [CHINA_BUCKET_ARN, `${CHINA_BUCKET_ARN}/*`] },
        });
    });
});

const DENIED_OUTSIDE_OUTPUTS = [
    "s3:PutObject*",
    "s3:DeleteObject*",
    "s3:Replicate*",
    "s3:RestoreObject",
    "s3:UpdateObjectEncryption",
    "s3:BypassGovernanceRetention",
];
const OUTPUTS: S3Location[] = [
    { bucket: "acme-renditions-123456789012-eu-west-1", prefix: "hls/" },
    { bucket: "acme-renditions-123456789012-eu-west-1", prefix: "dash/" },
    { bucket: "partner-drm", prefix: "" },
];

describe("the processor's output statements", () => {
    it("without output locations, denies every object write anywhere", () => {
        assert.deepStrictEqual(processorOutputStatements([], TARGET), [
            { Sid: "DenyObjectWritesOutsideOutputLocations", Effect: "Deny", Action: DENIED_OUTSIDE_OUTPUTS, Resource: "*" },
        ]);
    });

    it("writes renditions into the output locations, uses their keys through S3 only, and denies object writes elsewhere", () => {
        const renditions = [
            "arn:aws:s3:::acme-renditions-123456789012-eu-west-1/hls/*",
            "arn:aws:s3:::acme-renditions-123456789012-eu-west-1/dash/*",
            "arn:aws:s3:::partner-drm/*",
        ];
        assert.deepStrictEqual(processorOutputStatements(OUTPUTS, TARGET), [
            {
                Sid: "WriteRenditions",
                Effect: "Allow",
                Action: ["s3:PutObject", "s3:PutObjectAcl", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
                Resource: renditions,
            },
            {
                Sid: "EncryptRenditionsViaS3",
                Effect: "Allow",
                Action: ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt"],
                Resource: "arn:aws:kms:*:*:key/*",
                Condition: {
                    StringLike: {
                        "kms:ViaService": "s3.*.amazonaws.com",
                        // Each output bucket once (with Bucket Keys), each location's objects (without).
                        "kms:EncryptionContext:aws:s3:arn": [
                            "arn:aws:s3:::acme-renditions-123456789012-eu-west-1",
                            "arn:aws:s3:::acme-renditions-123456789012-eu-west-1/hls/*",
                            "arn:aws:s3:::acme-renditions-123456789012-eu-west-1/dash/*",
                            "arn:aws:s3:::partner-drm",
                            "arn:aws:s3:::partner-drm/*",
                        ],
                    },
                },
            },
            { Sid: "DenyObjectWritesOutsideOutputLocations", Effect: "Deny", Action: DENIED_OUTSIDE_OUTPUTS, NotResource: renditions },
        ]);
    });

    it("in China, names aws-cn buckets and keys and S3's aws-cn endpoints", () => {
        const [write, encrypt, deny] = processorOutputStatements([{ bucket: "acme-renditions", prefix: "hls/" }], CHINA);
        assert.deepStrictEqual(write.Resource, ["arn:aws-cn:s3:::acme-renditions/hls/*"]);
        assert.deepStrictEqual(encrypt.Resource, "arn:aws-cn:kms:*:*:key/*");
        assert.deepStrictEqual(encrypt.Condition, {
            StringLike: {
                "kms:ViaService": "s3.*.amazonaws.com.cn",
                "kms:EncryptionContext:aws:s3:arn": ["arn:aws-cn:s3:::acme-renditions", "arn:aws-cn:s3:::acme-renditions/hls/*"],
            },
        });
        assert.deepStrictEqual(deny.NotResource, ["arn:aws-cn:s3:::acme-renditions/hls/*"]);
    });
});

describe("the processor's permissions", () => {
    const readGrants: Statement[] = [
        { Sid: "ReadObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: OBJECTS, Condition: inThisAccount },
        { Sid: "ListBucket", Effect: "Allow", Action: ["s3:ListBucket"], Resource: BUCKET_ARN, Condition: inThisAccount },
    ];
    const writesNowhere: Statement = { Sid: "DenyObjectWritesOutsideOutputLocations", Effect: "Deny", Action: DENIED_OUTSIDE_OUTPUTS, Resource: "*" };

    it("reads objects and versions and lists the bucket, in this account only, and writes nowhere", () => {
        assert.deepStrictEqual(processorPermissions(BUCKET_ARN, {}, TARGET), { Version: "2012-10-17", Statement: [...readGrants, writesNowhere] });
    });

    it("with output locations, ends with the output statements", () => {
        assert.deepStrictEqual(processorPermissions(BUCKET_ARN, {}, TARGET, OUTPUTS).Statement, [...readGrants, ...processorOutputStatements(OUTPUTS, TARGET)]);
    });

    it("with the customer's key, also decrypts with it, only through S3 for this bucket", () => {
        assert.deepStrictEqual(processorPermissions(BUCKET_ARN, { customerKeyArn: CUSTOMER_KEY }, TARGET).Statement, [
            ...readGrants,
            { Sid: "DecryptWithCustomerKeyViaS3", Effect: "Allow", Action: ["kms:Decrypt"], Resource: CUSTOMER_KEY, Condition: viaS3ForTheBucket },
            writesNowhere,
        ]);
    });

    it("in sse-c, reads the key's secret and decrypts it only as Secrets Manager reads that secret, in its region", () => {
        assert.deepStrictEqual(processorPermissions(BUCKET_ARN, { sseCKeySecretArn: SECRET }, TARGET).Statement, [
            ...readGrants,
            { Sid: "ReadSseCKeySecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: SECRET },
            {
                Sid: "DecryptSseCKeySecretViaSecretsManager",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: "arn:aws:kms:eu-central-1:210987654321:key/*",
                Condition: {
                    StringEquals: { "kms:ViaService": "secretsmanager.eu-central-1.amazonaws.com", "kms:EncryptionContext:SecretARN": SECRET },
                },
            },
            writesNowhere,
        ]);
    });

    it("in China, decrypts the secret through Secrets Manager's aws-cn endpoint, with a key of the secret's partition", () => {
        const decrypt = processorPermissions(CHINA_BUCKET_ARN, { sseCKeySecretArn: CHINA_SECRET }, CHINA).Statement[3];
        assert.deepStrictEqual(decrypt.Resource, "arn:aws-cn:kms:cn-northwest-1:210987654321:key/*");
        assert.deepStrictEqual(decrypt.Condition, {
            StringEquals: { "kms:ViaService": "secretsmanager.cn-northwest-1.amazonaws.com.cn", "kms:EncryptionContext:SecretARN": CHINA_SECRET },
        });
    });
});

describe("the key policies", () => {
    const roleUsesKey = (Sid: string, roleArn: string, Action: string[]): Statement => ({
        Sid,
        Effect: "Allow",
        Principal: { AWS: roleArn },
        Action,
        Resource: "*",
        Condition: viaS3ForTheBucket,
    });
    const customerKeyStatements = [
        roleUsesKey("MezzanineIngestUploaderViaS3", ROLES.uploaderRoleArn, ["kms:GenerateDataKey", "kms:Decrypt"]),
        roleUsesKey("MezzanineIngestProcessorViaS3", ROLES.processorRoleArn, ["kms:Decrypt"]),
    ];

    it("the customer's key lets the uploader encrypt and the processor decrypt, only through S3 for this bucket", () => {
        assert.deepStrictEqual(customerKeyPolicyStatements(ROLES, BUCKET_ARN, TARGET), customerKeyStatements);
    });

    it("the created key is administered by the administrators, described by the account and used by the two roles only", () => {
        assert.deepStrictEqual(ingestKeyPolicy(ROLES, ADMINISTRATORS, BUCKET_ARN, TARGET), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AdministratorsManageKey",
                    Effect: "Allow",
                    Principal: { AWS: ADMINISTRATORS },
                    // No kms:CreateGrant, no Encrypt or Decrypt.
                    Action: [
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
                    ],
                    Resource: "*",
                },
                {
                    Sid: "AccountReadsKeyMetadata",
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::123456789012:root" },
                    Action: [
                        "kms:DescribeKey",
                        "kms:GetKeyPolicy",
                        "kms:GetKeyRotationStatus",
                        "kms:ListKeyPolicies",
                        "kms:ListKeyRotations",
                        "kms:ListResourceTags",
                        "kms:ListGrants",
                    ],
                    Resource: "*",
                },
                ...customerKeyStatements,
            ],
        });
    });

    it("in China, the created key's metadata is read by the aws-cn account root, and used through S3's aws-cn endpoint", () => {
        const [, account, uploader] = ingestKeyPolicy(ROLES, ADMINISTRATORS, CHINA_BUCKET_ARN, CHINA).Statement;
        assert.deepStrictEqual(account.Principal, { AWS: "arn:aws-cn:iam::123456789012:root" });
        assert.deepStrictEqual(uploader.Condition, {
            StringEquals: { "kms:ViaService": "s3.cn-north-1.amazonaws.com.cn" },
            StringLike: { "kms:EncryptionContext:aws:s3:arn": [CHINA_BUCKET_ARN, `${CHINA_BUCKET_ARN}/*`] },
        });
    });
});

describe("the SSE-C key's secret and its KMS key", () => {
    it("the secret lets our processor role read it, and denies every other principal of our account", () => {
        assert.deepStrictEqual(sseCKeySecretPolicyStatements(ROLES.processorRoleArn, TARGET), [
            {
                Sid: "MezzanineIngestProcessorReadsKey",
                Effect: "Allow",
                Principal: { AWS: ROLES.processorRoleArn },
                Action: ["secretsmanager:GetSecretValue"],
                Resource: "*",
            },
            {
                Sid: "MezzanineIngestNobodyElseOfOurAccountReadsKey",
                Effect: "Deny",
                Principal: "*",
                Action: ["secretsmanager:GetSecretValue"],
                Resource: "*",
                Condition: { StringEquals: { "aws:PrincipalAccount": "123456789012" }, ArnNotEquals: { "aws:PrincipalArn": ROLES.processorRoleArn } },
            },
        ]);
    });

    it("the secret's KMS key lets our processor role decrypt only as Secrets Manager reads that secret, in its region", () => {
        assert.deepStrictEqual(sseCKeySecretKmsKeyPolicyStatements(ROLES.processorRoleArn, SECRET, TARGET), [
            {
                Sid: "MezzanineIngestProcessorDecryptsKeySecret",
                Effect: "Allow",
                Principal: { AWS: ROLES.processorRoleArn },
                Action: "kms:Decrypt",
                Resource: "*",
                Condition: {
                    StringEquals: { "kms:ViaService": "secretsmanager.eu-central-1.amazonaws.com", "kms:EncryptionContext:SecretARN": SECRET },
                },
            },
        ]);
    });

    it("in China, names Secrets Manager's aws-cn endpoint", () => {
        assert.deepStrictEqual(sseCKeySecretKmsKeyPolicyStatements(ROLES.processorRoleArn, CHINA_SECRET, CHINA)[0].Condition, {
            StringEquals: { "kms:ViaService": "secretsmanager.cn-northwest-1.amazonaws.com.cn", "kms:EncryptionContext:SecretARN": CHINA_SECRET },
        });
    });
});
