import * as assert from "assert";

import { KEY_ADMINISTRATION_ACTIONS, KEY_METADATA_READ_ACTIONS } from "../../components/accessPolicies";
import { ADMINISTRATOR, baseConfig, DRM_VENDOR_ROLE, runStack, SSE_C_KEY_SECRET, sseCConfig, StackRun, T } from "../support/customerStack";

const NS = "mezzanine-ingest";
const ACCOUNT = "123456789012";
const BUCKET = "acme-123456789012-eu-west-1";
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const CUSTOMER_KEY = "arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const VIA_S3 = {
    StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
    StringLike: { "kms:EncryptionContext:aws:s3:arn": [BUCKET_ARN, `${BUCKET_ARN}/*`] },
};
const IN_THIS_ACCOUNT = { StringEquals: { "aws:ResourceAccount": ACCOUNT } };
const QUEUE_ARN = `arn:aws:mediaconvert:eu-west-1:${ACCOUNT}:queues/mezzanine-ingest-acme`;
const MEDIACONVERT_FOR_THIS_QUEUE = {
    Sid: "AssumeByMediaConvertForThisQueue",
    Effect: "Allow",
    Principal: { Service: "mediaconvert.amazonaws.com" },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnEquals: { "aws:SourceArn": QUEUE_ARN } },
};

function withConfig(extra: Record<string, unknown>): Record<string, unknown> {
    const config = baseConfig();
    for (const [key, value] of Object.entries(extra)) config[`${NS}:${key}`] = value;
    return config;
}

const roleArn = (run: StackRun, name: string) => run.find(T.role, name).outputs.arn as string;

// The key-policy statements that let our roles use a key: in the created key's policy, and for the customer's key.
const keyUseByRoles = (run: StackRun) => [
    {
        Sid: "MezzanineIngestUploaderViaS3",
        Effect: "Allow",
        Principal: { AWS: roleArn(run, "acme-uploader") },
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: "*",
        Condition: VIA_S3,
    },
    {
        Sid: "MezzanineIngestProcessorViaS3",
        Effect: "Allow",
        Principal: { AWS: roleArn(run, "acme-processor") },
        Action: ["kms:Decrypt"],
        Resource: "*",
        Condition: VIA_S3,
    },
];

describe("CustomerIngest resources in every mode", () => {
    const runs: Record<string, StackRun> = {};
    before(async () => {
        runs["sse-s3"] = await runStack(withConfig({}));
        runs["sse-kms"] = await runStack(withConfig({ sseMode: "sse-kms" }));
        runs["dsse-kms"] = await runStack(withConfig({ sseMode: "dsse-kms", kmsKeyRotationDays: 730 }));
        runs["sse-c"] = await runStack({ ...baseConfig(), ...sseCConfig() });
        runs["sse-kms customer key"] = await runStack(withConfig({ sseMode: "sse-kms", kmsKeyArn: CUSTOMER_KEY }));
        runs["dsse-kms customer key"] = await runStack(withConfig({ sseMode: "dsse-kms", kmsKeyArn: CUSTOMER_KEY }));
    });

    it("gives the bucket the same inputs in every mode, so a mode change never replaces it", () => {
        const inputs = Object.values(runs).map((run) => run.find(T.bucket, "acme-bucket").inputs);
        for (const other of inputs.slice(1)) assert.deepStrictEqual(other, inputs[0]);
        assert.deepStrictEqual(inputs[0], {
            bucket: BUCKET,
            forceDestroy: false,
            tags: { customer: "acme", "managed-by": "mezzanine-ingest" },
        });
    });

    it("protects the bucket, the access-log bucket and any created key, and nothing else", () => {
        for (const run of Object.values(runs)) {
            const protectedNames = run.registrations
                .filter((r) => r.protect)
                .map((r) => r.name)
                .sort();
            const expected = run.all(T.key).length === 1 ? ["acme-access-logs", "acme-bucket", "acme-key"] : ["acme-access-logs", "acme-bucket"];
            assert.deepStrictEqual(protectedNames, expected);
        }
    });

    it("turns on versioning, Block Public Access, BucketOwnerEnforced and the lifecycle rules", () => {
        const run = runs["sse-s3"];
        assert.deepStrictEqual(run.find(T.versioning, "acme-versioning").inputs, { bucket: BUCKET, versioningConfiguration: { status: "Enabled" } });
        assert.deepStrictEqual(run.find(T.publicAccessBlock, "acme-public-access-block").inputs, {
            bucket: BUCKET,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        assert.deepStrictEqual(run.find(T.ownership, "acme-ownership").inputs, { bucket: BUCKET, rule: { objectOwnership: "BucketOwnerEnforced" } });
        assert.deepStrictEqual(run.find(T.lifecycle, "acme-lifecycle").inputs.rules, [
            { id: "abort-incomplete-multipart-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
            { id: "expire-noncurrent-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 30 } },
        ]);
        const lifecycle = run.find(T.lifecycle, "acme-lifecycle");
        assert.ok(lifecycle.dependencies.includes(run.find(T.versioning, "acme-versioning").urn), "lifecycle waits for versioning");
    });

    it("keeps noncurrent versions for noncurrentVersionDays", async () => {
        const run = await runStack(withConfig({ noncurrentVersionDays: 400 }));
        assert.deepStrictEqual((run.find(T.lifecycle, "acme-lifecycle").inputs.rules as any[])[1].noncurrentVersionExpiration, { noncurrentDays: 400 });
    });

    const expectedEncryption: Record<string, (run: StackRun) => unknown> = {
        "sse-s3": () => ({ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false, blockedEncryptionTypes: ["SSE-C"] }),
        "sse-kms": (run) => ({
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: run.find(T.key).outputs.arn },
            bucketKeyEnabled: true,
            blockedEncryptionTypes: ["SSE-C"],
        }),
        "dsse-kms": (run) => ({
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms:dsse", kmsMasterKeyId: run.find(T.key).outputs.arn },
            bucketKeyEnabled: false,
            blockedEncryptionTypes: ["SSE-C"],
        }),
        "sse-c": () => ({ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false, blockedEncryptionTypes: ["NONE"] }),
        "sse-kms customer key": () => ({
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: CUSTOMER_KEY },
            bucketKeyEnabled: true,
            blockedEncryptionTypes: ["SSE-C"],
        }),
        "dsse-kms customer key": () => ({
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms:dsse", kmsMasterKeyId: CUSTOMER_KEY },
            bucketKeyEnabled: false,
            blockedEncryptionTypes: ["SSE-C"],
        }),
    };
    for (const [variant, expected] of Object.entries(expectedEncryption)) {
        it(`sets explicit default encryption for ${variant}`, () => {
            const run = runs[variant];
            assert.deepStrictEqual(run.find(T.encryption, "acme-encryption").inputs, { bucket: BUCKET, rules: [expected(run)] });
        });
    }

    it("creates a key only in KMS modes without kmsKeyArn", () => {
        const keys = Object.fromEntries(Object.entries(runs).map(([variant, run]) => [variant, run.all(T.key).length]));
        assert.deepStrictEqual(keys, {
            "sse-s3": 0,
            "sse-kms": 1,
            "dsse-kms": 1,
            "sse-c": 0,
            "sse-kms customer key": 0,
            "dsse-kms customer key": 0,
        });
    });

    it("creates a rotating symmetric key with a 30-day deletion window and the customer's alias", () => {
        assert.strictEqual(runs["sse-kms"].find(T.key).inputs.rotationPeriodInDays, 365);
        const key = runs["dsse-kms"].find(T.key);
        assert.deepStrictEqual(
            { ...key.inputs, policy: undefined, description: undefined },
            {
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                enableKeyRotation: true,
                rotationPeriodInDays: 730,
                deletionWindowInDays: 30,
                policy: undefined,
                description: undefined,
            },
        );
        const alias = runs["dsse-kms"].find(T.alias);
        assert.deepStrictEqual(alias.inputs, { name: "alias/mezzanine-ingest/acme", targetKeyId: key.outputs.keyId });
    });

    it("lets administratorPrincipals administer the created key without using it, and the roles use it only via S3 for this bucket", () => {
        const run = runs["sse-kms"];
        const policy = run.policyOf(T.key);
        assert.deepStrictEqual(policy.Statement, [
            {
                Sid: "AdministratorsManageKey",
                Effect: "Allow",
                Principal: { AWS: [ADMINISTRATOR] },
                Action: KEY_ADMINISTRATION_ACTIONS,
                Resource: "*",
            },
            {
                Sid: "AccountReadsKeyMetadata",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                Action: KEY_METADATA_READ_ACTIONS,
                Resource: "*",
            },
            ...keyUseByRoles(run),
        ]);
        // The account root may only read the key's metadata, and administration neither uses the key nor grants its use.
        for (const action of KEY_METADATA_READ_ACTIONS) assert.match(action, /^kms:(Describe|Get|List)/);
        for (const action of KEY_ADMINISTRATION_ACTIONS) {
            assert.ok(!/^kms:(Encrypt|Decrypt|ReEncrypt|GenerateDataKey|CreateGrant|Create\*|\*)/.test(action), `${action} uses the key or grants its use`);
        }
    });

    it("grants the roles KMS use on a customer key in their own policies, and outputs the key-policy statements", () => {
        for (const variant of ["sse-kms customer key", "dsse-kms customer key"]) {
            const run = runs[variant];
            const uploader = run.policyOf(T.rolePolicy, "acme-uploader-access");
            assert.deepStrictEqual(uploader.Statement[2], {
                Sid: "EncryptWithCustomerKeyViaS3",
                Effect: "Allow",
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: CUSTOMER_KEY,
                Condition: VIA_S3,
            });
            const processor = run.policyOf(T.rolePolicy, "acme-processor-access");
            assert.deepStrictEqual(processor.Statement[2], {
                Sid: "DecryptWithCustomerKeyViaS3",
                Effect: "Allow",
                Action: ["kms:Decrypt"],
                Resource: CUSTOMER_KEY,
                Condition: VIA_S3,
            });
            assert.deepStrictEqual(run.stackOutputs.customerKeyPolicyStatements, keyUseByRoles(run));
            assert.strictEqual(run.stackOutputs.kmsKeyArn, CUSTOMER_KEY);
        }
    });

    it("gives the roles no KMS statement when the stack's own key policy grants them", () => {
        for (const variant of ["sse-s3", "sse-kms", "dsse-kms"]) {
            for (const name of ["acme-uploader-access", "acme-processor-access"]) {
                const actions = runs[variant].policyOf(T.rolePolicy, name).Statement.flatMap((s: any) => s.Action);
                assert.ok(!actions.some((a: string) => a.startsWith("kms:")), `${variant} ${name}: ${actions}`);
            }
        }
    });

    it("lets the uploader write and manage multipart uploads, never read or delete", () => {
        const policy = runs["sse-s3"].policyOf(T.rolePolicy, "acme-uploader-access");
        assert.deepStrictEqual(policy.Statement, [
            {
                Sid: "UploadObjects",
                Effect: "Allow",
                Action: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
                Resource: `${BUCKET_ARN}/*`,
                Condition: IN_THIS_ACCOUNT,
            },
            { Sid: "ListOwnMultipartUploads", Effect: "Allow", Action: ["s3:ListBucketMultipartUploads"], Resource: BUCKET_ARN, Condition: IN_THIS_ACCOUNT },
        ]);
    });

    const processorReads = [
        { Sid: "ReadObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: `${BUCKET_ARN}/*`, Condition: IN_THIS_ACCOUNT },
        { Sid: "ListBucket", Effect: "Allow", Action: ["s3:ListBucket"], Resource: BUCKET_ARN, Condition: IN_THIS_ACCOUNT },
    ];
    // Without processorOutputLocations: no object write anywhere, even under a policy attached later.
    const writesNowhere = {
        Sid: "DenyObjectWritesOutsideOutputLocations",
        Effect: "Deny",
        Action: ["s3:PutObject*", "s3:DeleteObject*", "s3:Replicate*", "s3:RestoreObject", "s3:UpdateObjectEncryption", "s3:BypassGovernanceRetention"],
        Resource: "*",
    };

    it("lets the processor read objects and versions and list the bucket in our account, never write or delete", () => {
        assert.deepStrictEqual(runs["sse-s3"].policyOf(T.rolePolicy, "acme-processor-access").Statement, [...processorReads, writesNowhere]);
    });

    it("lets the processor write renditions only into processorOutputLocations, using output keys only via S3 for them", async () => {
        const run = await runStack(withConfig({ processorOutputLocations: ["s3://acme-renditions/hls/", "s3://acme-proxies/"] }));
        const outputs = ["arn:aws:s3:::acme-renditions/hls/*", "arn:aws:s3:::acme-proxies/*"];
        assert.deepStrictEqual(
            run.policyOf(T.rolePolicy, "acme-processor-access").Statement.slice(2),
            [
                {
                    Sid: "WriteRenditions",
                    Effect: "Allow",
                    Action: ["s3:PutObject", "s3:PutObjectAcl", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
                    Resource: outputs,
                },
                {
                    Sid: "EncryptRenditionsViaS3",
                    Effect: "Allow",
                    Action: ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt"],
                    Resource: "arn:aws:kms:*:*:key/*",
                    Condition: {
                        StringLike: {
                            "kms:ViaService": "s3.*.amazonaws.com",
                            "kms:EncryptionContext:aws:s3:arn": ["arn:aws:s3:::acme-renditions", outputs[0], "arn:aws:s3:::acme-proxies", outputs[1]],
                        },
                    },
                },
                { ...writesNowhere, Resource: undefined, NotResource: outputs },
            ].map((st) => JSON.parse(JSON.stringify(st))),
        );
        assert.deepStrictEqual(run.stackOutputs.processorOutputLocations, ["s3://acme-renditions/hls/", "s3://acme-proxies/"]);
    });

    it("in sse-c, lets the processor read the customer's key from its secret, decrypting it only through Secrets Manager", () => {
        assert.deepStrictEqual(runs["sse-c"].policyOf(T.rolePolicy, "acme-processor-access").Statement, [
            ...processorReads,
            { Sid: "ReadSseCKeySecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: SSE_C_KEY_SECRET },
            {
                Sid: "DecryptSseCKeySecretViaSecretsManager",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: "arn:aws:kms:eu-west-1:210987654321:key/*",
                Condition: {
                    StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com", "kms:EncryptionContext:SecretARN": SSE_C_KEY_SECRET },
                },
            },
            writesNowhere,
        ]);
        // The uploader never reads the key: customers upload with the key they hold.
        assert.ok(!JSON.stringify(runs["sse-c"].policyOf(T.rolePolicy, "acme-uploader-access")).includes("secretsmanager"));
    });

    it("in sse-c, outputs the statements the customer adds to the key's secret and to that secret's KMS key", () => {
        const run = runs["sse-c"];
        const processor = roleArn(run, "acme-processor");
        assert.deepStrictEqual(run.stackOutputs.sseCKeySecretPolicyStatements, [
            {
                Sid: "MezzanineIngestProcessorReadsKey",
                Effect: "Allow",
                Principal: { AWS: processor },
                Action: ["secretsmanager:GetSecretValue"],
                Resource: "*",
            },
            {
                Sid: "MezzanineIngestNobodyElseOfOurAccountReadsKey",
                Effect: "Deny",
                Principal: "*",
                Action: ["secretsmanager:GetSecretValue"],
                Resource: "*",
                Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT }, ArnNotEquals: { "aws:PrincipalArn": processor } },
            },
        ]);
        assert.deepStrictEqual(run.stackOutputs.sseCKeySecretKmsKeyPolicyStatements, [
            {
                Sid: "MezzanineIngestProcessorDecryptsKeySecret",
                Effect: "Allow",
                Principal: { AWS: processor },
                Action: "kms:Decrypt",
                Resource: "*",
                Condition: {
                    StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com", "kms:EncryptionContext:SecretARN": SSE_C_KEY_SECRET },
                },
            },
        ]);
    });

    it("attaches each role policy to its own role", () => {
        const run = runs["sse-s3"];
        assert.strictEqual(run.find(T.rolePolicy, "acme-uploader-access").inputs.role, run.find(T.role, "acme-uploader").id);
        assert.strictEqual(run.find(T.rolePolicy, "acme-processor-access").inputs.role, run.find(T.role, "acme-processor").id);
    });

    it("exports the documented outputs, and only those that apply to the mode", () => {
        const always = [
            "accessLogBucketName",
            "accessLogPrefix",
            "bucketArn",
            "bucketName",
            "customer",
            "processorOutputLocations",
            "processorRoleArn",
            "sseMode",
            "uploadInstructions",
            "uploaderRoleArn",
        ];
        const outputsOf = (variant: string) => Object.keys(runs[variant].stackOutputs).sort();
        // MediaConvert, the default processor outside sse-c, brings its queue.
        assert.deepStrictEqual(outputsOf("sse-s3"), [...always, "mediaConvertQueueArn"].sort());
        assert.deepStrictEqual(outputsOf("sse-kms"), [...always, "kmsKeyArn", "mediaConvertQueueArn"].sort());
        assert.deepStrictEqual(outputsOf("sse-kms customer key"), [...always, "customerKeyPolicyStatements", "kmsKeyArn", "mediaConvertQueueArn"].sort());
        assert.deepStrictEqual(outputsOf("sse-c"), [...always, "sseCKeySecretKmsKeyPolicyStatements", "sseCKeySecretPolicyStatements"].sort());
        assert.deepStrictEqual(runs["sse-s3"].stackOutputs.processorOutputLocations, []);
        const out = runs["dsse-kms"].stackOutputs;
        assert.strictEqual(out.bucketName, BUCKET);
        assert.strictEqual(out.bucketArn, BUCKET_ARN);
        assert.strictEqual(out.sseMode, "dsse-kms");
        assert.strictEqual(out.kmsKeyArn, runs["dsse-kms"].find(T.key).outputs.arn);
        assert.strictEqual(out.uploaderRoleArn, roleArn(runs["dsse-kms"], "acme-uploader"));
        assert.strictEqual(out.processorRoleArn, roleArn(runs["dsse-kms"], "acme-processor"));
    });

    it("gives each mode's exact upload command", () => {
        const command = (variant: string) => (runs[variant].stackOutputs.uploadInstructions as string).split("\n")[1].trim();
        const keyArn = runs["sse-kms"].find(T.key).outputs.arn;
        const dsseKeyArn = runs["dsse-kms"].find(T.key).outputs.arn;
        assert.strictEqual(command("sse-s3"), `aws s3 cp ./master.mov s3://${BUCKET}/master.mov --sse AES256`);
        assert.strictEqual(command("sse-kms"), `aws s3 cp ./master.mov s3://${BUCKET}/master.mov --sse aws:kms --sse-kms-key-id ${keyArn}`);
        assert.strictEqual(
            command("dsse-kms"),
            `aws s3api put-object --bucket ${BUCKET} --key master.mov --body ./master.mov --server-side-encryption aws:kms:dsse --ssekms-key-id ${dsseKeyArn}`,
        );
        assert.strictEqual(command("sse-c"), `aws s3 cp ./master.mov s3://${BUCKET}/master.mov --sse-c AES256 --sse-c-key fileb://customer-key.bin`);
        assert.strictEqual(command("sse-kms customer key"), `aws s3 cp ./master.mov s3://${BUCKET}/master.mov --sse aws:kms --sse-kms-key-id ${CUSTOMER_KEY}`);
        assert.match(runs["sse-s3"].stackOutputs.uploadInstructions as string, new RegExp(`^Assume ${roleArn(runs["sse-s3"], "acme-uploader")}, then run:`));
    });

    it("in sse-c, tells processors how to fetch the key and send it on the GET", () => {
        const lines = (runs["sse-c"].stackOutputs.uploadInstructions as string).split("\n");
        assert.deepStrictEqual(lines.slice(3), [
            "Uploads in parts send the SSE-C headers on CreateMultipartUpload, every UploadPart and CompleteMultipartUpload (AWS CLI v2 does).",
            `Processors assume ${roleArn(runs["sse-c"], "acme-processor")}, read the key from ${SSE_C_KEY_SECRET} (stored as SecretBinary) and send it on every GET:`,
            `  aws secretsmanager get-secret-value --secret-id ${SSE_C_KEY_SECRET} --query SecretBinary --output text | base64 -d > customer-key.bin`,
            `  aws s3 cp s3://${BUCKET}/master.mov ./master.mov --sse-c AES256 --sse-c-key fileb://customer-key.bin`,
        ]);
    });
});

describe("CustomerIngest roles' trust", () => {
    it("lets only the listed uploader principals assume the uploader role, account ids as their root", async () => {
        const run = await runStack(withConfig({ uploaderPrincipals: ["210987654321", "arn:aws:iam::210987654321:user/ops"] }));
        assert.deepStrictEqual(run.policyOf(T.role, "acme-uploader", "assumeRolePolicy"), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AssumeByUploaders",
                    Effect: "Allow",
                    Principal: { AWS: ["arn:aws:iam::210987654321:root", "arn:aws:iam::210987654321:user/ops"] },
                    Action: "sts:AssumeRole",
                },
            ],
        });
    });

    it("requires the external id when one is set, and keeps a secret one secret", async () => {
        const run = await runStack(withConfig({ uploaderExternalId: "acme-2026-ingest" }), { secretKeys: [`${NS}:uploaderExternalId`] });
        const trust = run.find(T.role, "acme-uploader").inputs.assumeRolePolicy as any;
        // The SDK sends secret inputs wrapped in its secret envelope.
        assert.strictEqual(trust["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270");
        assert.deepStrictEqual(JSON.parse(trust.value).Statement[0].Condition, { StringEquals: { "sts:ExternalId": "acme-2026-ingest" } });

        const plain = await runStack(withConfig({ uploaderExternalId: "acme-2026-ingest" }));
        assert.deepStrictEqual(plain.policyOf(T.role, "acme-uploader", "assumeRolePolicy").Statement[0].Condition, {
            StringEquals: { "sts:ExternalId": "acme-2026-ingest" },
        });
    });

    it("requires processorExternalId of IAM processor principals, while services keep their source conditions", async () => {
        const run = await runStack(withConfig({ processorPrincipals: ["mediaconvert.amazonaws.com", DRM_VENDOR_ROLE], processorExternalId: "acme-drm-7c1f" }));
        const [services, identities] = run.policyOf(T.role, "acme-processor", "assumeRolePolicy").Statement;
        assert.deepStrictEqual(services.Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnEquals: { "aws:SourceArn": QUEUE_ARN } });
        assert.deepStrictEqual(identities, {
            Sid: "AssumeByProcessors",
            Effect: "Allow",
            Principal: { AWS: [DRM_VENDOR_ROLE] },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "sts:ExternalId": "acme-drm-7c1f" } },
        });
    });

    it("lets MediaConvert assume the processor role by default, only for jobs of the customer's own queue in this account", async () => {
        const run = await runStack(withConfig({}));
        assert.deepStrictEqual(run.policyOf(T.role, "acme-processor", "assumeRolePolicy").Statement, [MEDIACONVERT_FOR_THIS_QUEUE]);
        const queue = run.find(T.queue, "acme-mediaconvert-queue");
        assert.deepStrictEqual(queue.inputs.name, "mezzanine-ingest-acme");
        assert.strictEqual(queue.inputs.pricingPlan, "ON_DEMAND");
        assert.strictEqual(queue.outputs.arn, QUEUE_ARN);
        assert.strictEqual(run.stackOutputs.mediaConvertQueueArn, QUEUE_ARN);
    });

    it("knows the processor's trust policy at preview: the queue's ARN is derived from its name", async () => {
        const preview = await runStack(withConfig({}), { preview: true });
        assert.deepStrictEqual(preview.policyOf(T.role, "acme-processor", "assumeRolePolicy").Statement, [MEDIACONVERT_FOR_THIS_QUEUE]);
    });

    it("with mediaConvertQueueArn, trusts that existing queue and creates none", async () => {
        const existing = `arn:aws:mediaconvert:eu-west-1:${ACCOUNT}:queues/studio-transcode`;
        const run = await runStack(withConfig({ mediaConvertQueueArn: existing }));
        assert.deepStrictEqual(run.all(T.queue), []);
        assert.deepStrictEqual(run.policyOf(T.role, "acme-processor", "assumeRolePolicy").Statement[0].Condition.ArnEquals, { "aws:SourceArn": existing });
        assert.strictEqual(run.stackOutputs.mediaConvertQueueArn, existing);
    });

    it("holds ECS tasks to this account and region, and Lambda to this account", async () => {
        const run = await runStack(withConfig({ processorPrincipals: ["ecs-tasks.amazonaws.com", "lambda.amazonaws.com"] }));
        assert.deepStrictEqual(run.all(T.queue), []);
        assert.deepStrictEqual(run.policyOf(T.role, "acme-processor", "assumeRolePolicy").Statement, [
            {
                Sid: "AssumeByEcsTasksOfThisAccountAndRegion",
                Effect: "Allow",
                Principal: { Service: "ecs-tasks.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:ecs:eu-west-1:${ACCOUNT}:*` } },
            },
            {
                Sid: "AssumeByServicesForThisAccount",
                Effect: "Allow",
                Principal: { Service: ["lambda.amazonaws.com"] },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
            },
        ]);
    });

    it("gives IAM processor principals a statement of their own, without the service's source-account condition", async () => {
        const run = await runStack(
            withConfig({ processorPrincipals: ["mediaconvert.amazonaws.com", "arn:aws:iam::123456789012:role/drm-packager", "210987654321"] }),
        );
        assert.deepStrictEqual(run.policyOf(T.role, "acme-processor", "assumeRolePolicy").Statement, [
            MEDIACONVERT_FOR_THIS_QUEUE,
            {
                Sid: "AssumeByProcessors",
                Effect: "Allow",
                Principal: { AWS: ["arn:aws:iam::123456789012:role/drm-packager", "arn:aws:iam::210987654321:root"] },
                Action: "sts:AssumeRole",
            },
        ]);
    });
});

describe("CustomerIngest in another AWS partition", () => {
    it("builds every ARN, condition and endpoint of a China stack in aws-cn, as the provider reports the partition there", async () => {
        const china = {
            "aws:region": "cn-north-1",
            [`${NS}:customer`]: "acme",
            [`${NS}:sseMode`]: "sse-kms",
            [`${NS}:uploaderPrincipals`]: ["arn:aws-cn:iam::210987654321:role/acme-transfer"],
            [`${NS}:administratorPrincipals`]: ["arn:aws-cn:iam::123456789012:role/platform-deployer"],
        };
        const run = await runStack(china);
        const bucket = "acme-123456789012-cn-north-1";
        const sent = JSON.stringify(run.registrations.map((r) => [r.inputs, r.outputs]));
        assert.ok(!sent.includes("arn:aws:"), "an arn:aws: ARN in a China stack");
        assert.ok(!/s3\.cn-north-1\.amazonaws\.com(?!\.cn)/.test(sent), "a global-partition endpoint in a China stack");
        assert.strictEqual(run.find(T.bucket, "acme-bucket").outputs.arn, `arn:aws-cn:s3:::${bucket}`);

        const perimeter = run.policyOf(T.bucketPolicy, "acme-policy").Statement.find((st: any) => st.Sid === "DenyObjectAccessOutsideIngestRoles");
        assert.deepStrictEqual(perimeter.Resource, `arn:aws-cn:s3:::${bucket}/*`);
        assert.ok(JSON.stringify(perimeter.Condition).includes("arn:aws-cn:iam::123456789012:role/acme-uploader-???????"), JSON.stringify(perimeter.Condition));
        const keyUse = run.policyOf(T.key, "acme-key").Statement.find((st: any) => JSON.stringify(st.Condition ?? {}).includes("kms:ViaService"));
        assert.strictEqual(keyUse.Condition.StringEquals["kms:ViaService"], "s3.cn-north-1.amazonaws.com.cn");
    });
});

describe("CustomerIngest options", () => {
    it("leaves the bucket and key unprotected only when protect is false", async () => {
        const run = await runStack(withConfig({ sseMode: "sse-kms", protect: false }));
        assert.deepStrictEqual(
            run.registrations.filter((r) => r.protect),
            [],
        );
    });

    it("knows the bucket name and, without a created key, the whole bucket policy (perimeter included) at preview", async () => {
        const withoutCreatedKey: Record<string, Record<string, unknown>> = {
            "sse-s3": withConfig({}),
            "sse-c": { ...baseConfig(), ...sseCConfig() },
            "sse-kms with kmsKeyArn": withConfig({ sseMode: "sse-kms", kmsKeyArn: CUSTOMER_KEY }),
            "dsse-kms with kmsKeyArn": withConfig({ sseMode: "dsse-kms", kmsKeyArn: CUSTOMER_KEY }),
        };
        for (const [variant, config] of Object.entries(withoutCreatedKey)) {
            const preview = await runStack(config, { preview: true });
            const update = await runStack(config);
            assert.strictEqual(preview.find(T.bucket, "acme-bucket").inputs.bucket, BUCKET, variant);
            // The same document the update sends: nothing in it waits for a resource to exist.
            assert.deepStrictEqual(preview.policyOf(T.bucketPolicy, "acme-policy"), update.policyOf(T.bucketPolicy, "acme-policy"), variant);
            const sids = preview.policyOf(T.bucketPolicy, "acme-policy").Statement.map((st: any) => st.Sid);
            assert.ok(sids.includes("DenyObjectAccessOutsideIngestRoles") && sids.includes("DenyConfigurationChangesOutsideAdministrators"), variant);
        }
    });
});
