import * as assert from "assert";

import { ADMINISTRATOR, baseConfig, runStack, sseCConfig, StackRun, T } from "../support/customerStack";

const NS = "mezzanine-ingest";
const BUCKET_ARN = "arn:aws:s3:::acme-123456789012-eu-west-1";
const OBJECTS = `${BUCKET_ARN}/*`;
const CUSTOMER_KEY = "arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";

async function bucketPolicy(extra: Record<string, unknown>): Promise<{ run: StackRun; statements: Record<string, any> }> {
    const config = extra.sseMode === "sse-c" ? { ...baseConfig(), ...sseCConfig() } : baseConfig();
    for (const [key, value] of Object.entries(extra)) config[`${NS}:${key}`] = value;
    const run = await runStack(config);
    const policy = run.policyOf(T.bucketPolicy, "acme-policy");
    assert.strictEqual(policy.Version, "2012-10-17");
    const statements: Record<string, any> = {};
    for (const statement of policy.Statement) statements[statement.Sid] = statement;
    assert.strictEqual(Object.keys(statements).length, policy.Statement.length, "Sids are unique");
    return { run, statements };
}

// TLS first, then the data perimeter, then the storage classes, then the mode's upload rules.
const COMMON = [
    "DenyInsecureTransport",
    "DenyOutdatedTls",
    "DenyObjectAccessOutsideIngestRoles",
    "DenyUploaderOutsideItsVerbs",
    "DenyProcessorOutsideItsVerbs",
    "DenyObjectListingOutsideIngestRoles",
    "DenyUploaderListings",
    "DenyProcessorListings",
    "DenyListingOutsideIngestRolesAndAdministrators",
    "DenyConfigurationChangesOutsideAdministrators",
    "DenyUnreadableStorageClasses",
];
const INGEST_ROLES = ["arn:aws:iam::123456789012:role/acme-uploader-???????", "arn:aws:iam::123456789012:role/acme-processor-???????"];

const denyUploads = (Sid: string, Condition: unknown) => ({ Sid, Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: OBJECTS, Condition });

describe("the ingest bucket policy", () => {
    it("denies every S3 action to every principal on the bucket and its objects over plain HTTP", async () => {
        const { statements } = await bucketPolicy({});
        assert.deepStrictEqual(statements.DenyInsecureTransport, {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [BUCKET_ARN, OBJECTS],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        });
    });

    for (const version of ["1.2", "1.3"]) {
        it(`denies every S3 action over TLS older than ${version}`, async () => {
            const { statements } = await bucketPolicy({ minimumTlsVersion: version });
            assert.deepStrictEqual(statements.DenyOutdatedTls, {
                Sid: "DenyOutdatedTls",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [BUCKET_ARN, OBJECTS],
                Condition: { NumericLessThan: { "s3:TlsVersion": version } },
            });
        });
    }

    it("denies every object action, on objects only, to everyone but the two ingest roles", async () => {
        const { statements } = await bucketPolicy({});
        assert.deepStrictEqual(statements.DenyObjectAccessOutsideIngestRoles, {
            Sid: "DenyObjectAccessOutsideIngestRoles",
            Effect: "Deny",
            Principal: "*",
            // Every object action: S3 keeps adding them (UpdateObjectEncryption, annotations).
            Action: ["s3:*"],
            // Not the bucket: s3:* there would also refuse the configuration reads.
            Resource: OBJECTS,
            Condition: { ArnNotLike: { "aws:PrincipalArn": INGEST_ROLES } },
        });
        assert.deepStrictEqual(statements.DenyObjectListingOutsideIngestRoles, {
            Sid: "DenyObjectListingOutsideIngestRoles",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:ListBucketVersions", "s3:ListBucketMultipartUploads"],
            Resource: BUCKET_ARN,
            Condition: { ArnNotLike: { "aws:PrincipalArn": INGEST_ROLES } },
        });
    });

    it("keeps each ingest role to its own object verbs, whatever policy is attached to it later", async () => {
        const { statements } = await bucketPolicy({});
        assert.deepStrictEqual(statements.DenyUploaderOutsideItsVerbs, {
            Sid: "DenyUploaderOutsideItsVerbs",
            Effect: "Deny",
            Principal: "*",
            NotAction: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
            Resource: OBJECTS,
            Condition: { ArnLike: { "aws:PrincipalArn": INGEST_ROLES[0] } },
        });
        assert.deepStrictEqual(statements.DenyProcessorOutsideItsVerbs, {
            Sid: "DenyProcessorOutsideItsVerbs",
            Effect: "Deny",
            Principal: "*",
            NotAction: ["s3:GetObject", "s3:GetObjectVersion"],
            Resource: OBJECTS,
            Condition: { ArnLike: { "aws:PrincipalArn": INGEST_ROLES[1] } },
        });
        // On the bucket: the uploader lists no masters; the processor lists the bucket, not its versions or uploads.
        assert.deepStrictEqual(statements.DenyUploaderListings, {
            Sid: "DenyUploaderListings",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:ListBucket", "s3:ListBucketVersions"],
            Resource: BUCKET_ARN,
            Condition: { ArnLike: { "aws:PrincipalArn": INGEST_ROLES[0] } },
        });
        assert.deepStrictEqual(statements.DenyProcessorListings, {
            Sid: "DenyProcessorListings",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:ListBucketVersions", "s3:ListBucketMultipartUploads"],
            Resource: BUCKET_ARN,
            Condition: { ArnLike: { "aws:PrincipalArn": INGEST_ROLES[1] } },
        });
    });

    it("denies uploads into storage classes the processor cannot read without a restore, in every mode", async () => {
        for (const sseMode of ["sse-s3", "sse-kms", "dsse-kms", "sse-c"]) {
            const { statements } = await bucketPolicy({ sseMode });
            assert.deepStrictEqual(
                statements.DenyUnreadableStorageClasses,
                denyUploads("DenyUnreadableStorageClasses", { StringEquals: { "s3:x-amz-storage-class": ["GLACIER", "DEEP_ARCHIVE"] } }),
                sseMode,
            );
        }
    });

    it("with preventOverwrites, denies object-creating writes without If-None-Match, and not UploadPart; without it, says nothing", async () => {
        const on = await bucketPolicy({ preventOverwrites: true });
        assert.deepStrictEqual(
            on.statements.DenyWritesThatMayOverwrite,
            denyUploads("DenyWritesThatMayOverwrite", { Null: { "s3:if-none-match": "true" }, Bool: { "s3:ObjectCreationOperation": "true" } }),
        );
        assert.deepStrictEqual(Object.keys(on.statements).slice(0, COMMON.length + 1), [...COMMON, "DenyWritesThatMayOverwrite"]);
        const off = await bucketPolicy({});
        assert.strictEqual(off.statements.DenyWritesThatMayOverwrite, undefined);
    });

    it("lets administratorPrincipals list the bucket (the provider's HeadBucket) and change its configuration, nobody else", async () => {
        const { statements } = await bucketPolicy({ administratorPrincipals: [ADMINISTRATOR, "arn:aws:iam::123456789012:user/break-glass"] });
        const administrators = [ADMINISTRATOR, "arn:aws:iam::123456789012:user/break-glass"];
        assert.deepStrictEqual(statements.DenyListingOutsideIngestRolesAndAdministrators, {
            Sid: "DenyListingOutsideIngestRolesAndAdministrators",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:ListBucket",
            Resource: BUCKET_ARN,
            Condition: { ArnNotLike: { "aws:PrincipalArn": [...INGEST_ROLES, ...administrators] } },
        });
        assert.deepStrictEqual(statements.DenyConfigurationChangesOutsideAdministrators, {
            Sid: "DenyConfigurationChangesOutsideAdministrators",
            Effect: "Deny",
            Principal: "*",
            // Every bucket-level action but reads (Get*, List*), by verb: metadata tables, PauseReplication and TagResource too.
            Action: ["s3:Put*", "s3:Delete*", "s3:Create*", "s3:Update*", "s3:Pause*", "s3:Tag*", "s3:Untag*", "s3:Allow*"],
            Resource: BUCKET_ARN,
            Condition: { ArnNotLike: { "aws:PrincipalArn": administrators } },
        });
    });

    it("names the ingest roles by a pattern that matches exactly their auto-generated names", async () => {
        const { run } = await bucketPolicy({});
        const pattern = (arn: string) => new RegExp(`^${arn.replace(/[.*+^${}()|[\]\\]/g, "\\$&").replace(/\?/g, ".")}$`);
        const [uploader, processor] = INGEST_ROLES.map(pattern);
        assert.match(run.find(T.role, "acme-uploader").outputs.arn as string, uploader);
        assert.match(run.find(T.role, "acme-processor").outputs.arn as string, processor);
        // Not another customer's roles, even one whose slug extends this one's.
        assert.doesNotMatch("arn:aws:iam::123456789012:role/acme-uploader-uploader-1a2b3c4", uploader);
        assert.doesNotMatch("arn:aws:iam::123456789012:role/acme-uploader-1a2b3c4d", uploader);
    });

    it("is attached to the bucket after its public access block", async () => {
        const { run } = await bucketPolicy({});
        const policy = run.find(T.bucketPolicy, "acme-policy");
        assert.strictEqual(policy.inputs.bucket, "acme-123456789012-eu-west-1");
        assert.ok(policy.dependencies.includes(run.find(T.publicAccessBlock, "acme-public-access-block").urn));
    });

    it("in sse-s3, denies other algorithms and SSE-C headers but lets header-less uploads through", async () => {
        const { statements } = await bucketPolicy({});
        assert.deepStrictEqual(Object.keys(statements), [...COMMON, "DenyOtherEncryptionAlgorithms", "DenySseCUploads"]);
        assert.deepStrictEqual(
            statements.DenyOtherEncryptionAlgorithms,
            denyUploads("DenyOtherEncryptionAlgorithms", {
                StringNotEquals: { "s3:x-amz-server-side-encryption": "AES256" },
                // Without this, a request with no header would match StringNotEquals and be denied.
                Null: { "s3:x-amz-server-side-encryption": "false" },
            }),
        );
        assert.deepStrictEqual(
            statements.DenySseCUploads,
            denyUploads("DenySseCUploads", { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" } }),
        );
    });

    for (const [mode, algorithm] of [
        ["sse-kms", "aws:kms"],
        ["dsse-kms", "aws:kms:dsse"],
    ] as const) {
        it(`in ${mode}, denies other algorithms, other keys and the KMS algorithm without a key id`, async () => {
            const { run, statements } = await bucketPolicy({ sseMode: mode });
            const keyArn = run.find(T.key).outputs.arn;
            assert.deepStrictEqual(Object.keys(statements), [
                ...COMMON,
                "DenyOtherEncryptionAlgorithms",
                "DenyOtherKmsKeys",
                "DenyKmsWithoutKeyId",
                "DenySseCUploads",
            ]);
            assert.deepStrictEqual(statements.DenyOtherEncryptionAlgorithms.Condition, {
                StringNotEquals: { "s3:x-amz-server-side-encryption": algorithm },
                Null: { "s3:x-amz-server-side-encryption": "false" },
            });
            assert.deepStrictEqual(
                statements.DenyOtherKmsKeys,
                denyUploads("DenyOtherKmsKeys", {
                    StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn },
                    Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
                }),
            );
            assert.deepStrictEqual(
                statements.DenyKmsWithoutKeyId,
                denyUploads("DenyKmsWithoutKeyId", {
                    StringEquals: { "s3:x-amz-server-side-encryption": algorithm },
                    Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "true" },
                }),
            );
        });
    }

    it("with a customer key, only that key may be named", async () => {
        const { statements } = await bucketPolicy({ sseMode: "sse-kms", kmsKeyArn: CUSTOMER_KEY });
        assert.deepStrictEqual(statements.DenyOtherKmsKeys.Condition.StringNotEquals, { "s3:x-amz-server-side-encryption-aws-kms-key-id": CUSTOMER_KEY });
    });

    it("in sse-c, denies uploads without SSE-C headers and uploads asking for server-managed keys", async () => {
        const { statements } = await bucketPolicy({ sseMode: "sse-c" });
        assert.deepStrictEqual(Object.keys(statements), [...COMMON, "RequireSseCUploads", "DenyServerManagedKeys"]);
        assert.deepStrictEqual(
            statements.RequireSseCUploads,
            denyUploads("RequireSseCUploads", { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "true" } }),
        );
        assert.deepStrictEqual(
            statements.DenyServerManagedKeys,
            denyUploads("DenyServerManagedKeys", { Null: { "s3:x-amz-server-side-encryption": "false" } }),
        );
    });

    it("with requireEncryptionHeaders, also denies uploads that send no SSE header", async () => {
        for (const mode of ["sse-s3", "sse-kms", "dsse-kms"]) {
            const { statements } = await bucketPolicy({ sseMode: mode, requireEncryptionHeaders: true });
            assert.deepStrictEqual(
                statements.RequireEncryptionHeader,
                denyUploads("RequireEncryptionHeader", { Null: { "s3:x-amz-server-side-encryption": "true" } }),
                mode,
            );
        }
    });

    it("adds nothing for requireEncryptionHeaders in sse-c, where SSE-C headers are always required", async () => {
        const strict = await bucketPolicy({ sseMode: "sse-c", requireEncryptionHeaders: true });
        const lax = await bucketPolicy({ sseMode: "sse-c" });
        assert.deepStrictEqual(strict.statements, lax.statements);
    });

    it("never grants anything: every statement is a Deny to every principal", async () => {
        for (const mode of ["sse-s3", "sse-kms", "dsse-kms", "sse-c"]) {
            const { statements } = await bucketPolicy({ sseMode: mode, requireEncryptionHeaders: true });
            for (const statement of Object.values(statements)) {
                assert.strictEqual(statement.Effect, "Deny", `${mode} ${statement.Sid}`);
                assert.strictEqual(statement.Principal, "*", `${mode} ${statement.Sid}`);
            }
        }
    });
});
