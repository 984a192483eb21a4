// The ingest bucket's policy (components/bucketPolicy.ts): each named builder's statement, and which statements the
// whole policy holds, in which order, for every mode, requireEncryptionHeaders and preventOverwrites.
import * as assert from "assert";

import {
    denyConfigurationChangesOutsideAdministrators,
    denyInsecureTransport,
    denyKmsWithoutKeyId,
    denyListingOutsideIngestRolesAndAdministrators,
    denyObjectAccessOutsideIngestRoles,
    denyObjectListingOutsideIngestRoles,
    denyOtherAlgorithms,
    denyOtherKmsKeys,
    denyOutdatedTls,
    denyProcessorListings,
    denyProcessorOutsideItsVerbs,
    denyServerManagedKeys,
    denySseCUploads,
    denyUnreadableStorageClasses,
    denyUploaderListings,
    denyUploaderOutsideItsVerbs,
    denyWritesThatMayOverwrite,
    ingestBucketPolicy,
    IngestBucketPolicyArgs,
    Perimeter,
    perimeterStatements,
    requireEncryptionHeader,
    requireSseCUploads,
    unlessPrincipal,
} from "../../components/bucketPolicy";
import { EncryptionPlan } from "../../components/encryption";
import { SseMode } from "../../config/sseModes";

const BUCKET_ARN = "arn:aws:s3:::acme-123456789012-eu-west-1";
const OBJECTS = `${BUCKET_ARN}/*`;
/** The ARN of a key the stack created, as the component hands it to the policy once KMS has it. */
const CREATED_KEY = "arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const CUSTOMER_KEY = "arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const UPLOADER = "arn:aws:iam::123456789012:role/acme-uploader-???????";
const PROCESSOR = "arn:aws:iam::123456789012:role/acme-processor-???????";
const ADMINISTRATORS = ["arn:aws:iam::123456789012:role/platform-deployer", "arn:aws:iam::123456789012:user/break-glass"];
const PERIMETER: Perimeter = { uploaderRole: UPLOADER, processorRole: PROCESSOR, administrators: ADMINISTRATORS };

const PLANS: Record<SseMode, EncryptionPlan> = {
    "sse-s3": { mode: "sse-s3" },
    "sse-kms": { mode: "sse-kms", key: { source: "created" } },
    "dsse-kms": { mode: "dsse-kms", key: { source: "created" } },
    "sse-c": { mode: "sse-c" },
};

/** The happy fixture: one mode's policy with the defaults; each case changes one thing. */
function policyArgs(mode: SseMode, change: Partial<IngestBucketPolicyArgs> = {}): IngestBucketPolicyArgs {
    return {
        bucketArn: BUCKET_ARN,
        plan: PLANS[mode],
        ...(mode === "sse-kms" || mode === "dsse-kms" ? { keyArn: CREATED_KEY } : {}),
        minimumTlsVersion: "1.2",
        requireEncryptionHeaders: false,
        perimeter: PERIMETER,
        ...change,
    };
}

const sidsOf = (args: IngestBucketPolicyArgs) => ingestBucketPolicy(args).Statement.map((s) => s.Sid);
const statementOf = (args: IngestBucketPolicyArgs, sid: string) => ingestBucketPolicy(args).Statement.find((s) => s.Sid === sid);

/** A Deny of s3:PutObject on the objects, to everyone, under `Condition`. */
const denyUploads = (Sid: string, Condition: unknown) => ({ Sid, Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: OBJECTS, Condition });

// TLS first, then the data perimeter, then the storage classes (then the overwrite rule, then the mode's upload rules).
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
const OVERWRITES = "DenyWritesThatMayOverwrite";

/** Every (mode × requireEncryptionHeaders × preventOverwrites): the policy's Sids, in order. */
const SID_ROWS: ReadonlyArray<readonly [SseMode, boolean, boolean, readonly string[]]> = [
    ["sse-s3", false, false, [...COMMON, "DenyOtherEncryptionAlgorithms", "DenySseCUploads"]],
    ["sse-s3", true, false, [...COMMON, "DenyOtherEncryptionAlgorithms", "DenySseCUploads", "RequireEncryptionHeader"]],
    ["sse-s3", false, true, [...COMMON, OVERWRITES, "DenyOtherEncryptionAlgorithms", "DenySseCUploads"]],
    ["sse-s3", true, true, [...COMMON, OVERWRITES, "DenyOtherEncryptionAlgorithms", "DenySseCUploads", "RequireEncryptionHeader"]],
    ["sse-kms", false, false, [...COMMON, "DenyOtherEncryptionAlgorithms", "DenyOtherKmsKeys", "DenyKmsWithoutKeyId", "DenySseCUploads"]],
    [
        "sse-kms",
        true,
        false,
        [...COMMON, "DenyOtherEncryptionAlgorithms", "DenyOtherKmsKeys", "DenyKmsWithoutKeyId", "DenySseCUploads", "RequireEncryptionHeader"],
    ],
    ["sse-kms", false, true, [...COMMON, OVERWRITES, "DenyOtherEncryptionAlgorithms", "DenyOtherKmsKeys", "DenyKmsWithoutKeyId", "DenySseCUploads"]],
    [
        "sse-kms",
        true,
        true,
        [...COMMON, OVERWRITES, "DenyOtherEncryptionAlgorithms", "DenyOtherKmsKeys", "DenyKmsWithoutKeyId", "DenySseCUploads", "RequireEncryptionHeader"],
    ],
    ["dsse-kms", false, false, [...COMMON, "DenyOtherEncryptionAlgorithms", "DenyOtherKmsKeys", "DenyKmsWithoutKeyId", "DenySseCUploads"]],
    [
        "dsse-kms",
        true,
        false,
        [...COMMON, "DenyOtherEncryptionAlgorithms", "DenyOtherKmsKeys", "DenyKmsWithoutKeyId", "DenySseCUploads", "RequireEncryptionHeader"],
    ],
    ["dsse-kms", false, true, [...COMMON, OVERWRITES, "DenyOtherEncryptionAlgorithms", "DenyOtherKmsKeys", "DenyKmsWithoutKeyId", "DenySseCUploads"]],
    [
        "dsse-kms",
        true,
        true,
        [...COMMON, OVERWRITES, "DenyOtherEncryptionAlgorithms", "DenyOtherKmsKeys", "DenyKmsWithoutKeyId", "DenySseCUploads", "RequireEncryptionHeader"],
    ],
    // SSE-C headers are always required: requireEncryptionHeaders adds nothing.
    ["sse-c", false, false, [...COMMON, "RequireSseCUploads", "DenyServerManagedKeys"]],
    ["sse-c", true, false, [...COMMON, "RequireSseCUploads", "DenyServerManagedKeys"]],
    ["sse-c", false, true, [...COMMON, OVERWRITES, "RequireSseCUploads", "DenyServerManagedKeys"]],
    ["sse-c", true, true, [...COMMON, OVERWRITES, "RequireSseCUploads", "DenyServerManagedKeys"]],
];

describe("the ingest bucket policy's statements, in order", () => {
    for (const [mode, requireEncryptionHeaders, preventOverwrites, sids] of SID_ROWS) {
        it(`${mode}, requireEncryptionHeaders ${requireEncryptionHeaders ? "on" : "off"}, preventOverwrites ${preventOverwrites ? "on" : "off"}`, () => {
            assert.deepStrictEqual(sidsOf(policyArgs(mode, { requireEncryptionHeaders, preventOverwrites })), sids);
        });
    }

    it("is a 2012-10-17 document that only denies, to every principal", () => {
        for (const mode of ["sse-s3", "sse-kms", "dsse-kms", "sse-c"] as const) {
            const policy = ingestBucketPolicy(policyArgs(mode, { requireEncryptionHeaders: true, preventOverwrites: true }));
            assert.strictEqual(policy.Version, "2012-10-17");
            assert.deepStrictEqual(
                policy.Statement.filter((s) => s.Effect !== "Deny" || s.Principal !== "*").map((s) => s.Sid),
                [],
                mode,
            );
        }
    });

    it("leaves overwrites alone when preventOverwrites is not given", () => {
        const { preventOverwrites: _, ...withoutIt } = policyArgs("sse-s3", { preventOverwrites: true });
        assert.deepStrictEqual(sidsOf(withoutIt), [...COMMON, "DenyOtherEncryptionAlgorithms", "DenySseCUploads"]);
    });

    for (const mode of ["sse-kms", "dsse-kms"] as const) {
        it(`refuses ${mode} without the key's ARN`, () => {
            const { keyArn: _, ...withoutKey } = policyArgs(mode);
            assert.throws(() => ingestBucketPolicy(withoutKey), { message: `sseMode ${mode} needs the key ARN for the bucket policy` });
        });
    }
});

describe("the ingest bucket policy's mode rules", () => {
    for (const [mode, algorithm] of [
        ["sse-s3", "AES256"],
        ["sse-kms", "aws:kms"],
        ["dsse-kms", "aws:kms:dsse"],
    ] as const) {
        it(`in ${mode}, denies uploads that ask for any algorithm but ${algorithm}`, () => {
            assert.deepStrictEqual(
                statementOf(policyArgs(mode), "DenyOtherEncryptionAlgorithms"),
                denyUploads("DenyOtherEncryptionAlgorithms", {
                    StringNotEquals: { "s3:x-amz-server-side-encryption": algorithm },
                    Null: { "s3:x-amz-server-side-encryption": "false" },
                }),
            );
        });
    }

    for (const [mode, algorithm] of [
        ["sse-kms", "aws:kms"],
        ["dsse-kms", "aws:kms:dsse"],
    ] as const) {
        it(`in ${mode}, denies uploads naming another key than the created one, and ${algorithm} without a key id`, () => {
            const args = policyArgs(mode);
            assert.deepStrictEqual(
                statementOf(args, "DenyOtherKmsKeys"),
                denyUploads("DenyOtherKmsKeys", {
                    StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": CREATED_KEY },
                    Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
                }),
            );
            assert.deepStrictEqual(
                statementOf(args, "DenyKmsWithoutKeyId"),
                denyUploads("DenyKmsWithoutKeyId", {
                    StringEquals: { "s3:x-amz-server-side-encryption": algorithm },
                    Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "true" },
                }),
            );
        });
    }

    it("with the customer's key, lets uploads name only that key", () => {
        const args = policyArgs("sse-kms", { plan: { mode: "sse-kms", key: { source: "customer", arn: CUSTOMER_KEY } }, keyArn: CUSTOMER_KEY });
        assert.deepStrictEqual(statementOf(args, "DenyOtherKmsKeys")?.Condition, {
            StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": CUSTOMER_KEY },
            Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
        });
    });

    for (const version of ["1.2", "1.3"]) {
        it(`denies every S3 action over TLS older than minimumTlsVersion ${version}`, () => {
            assert.deepStrictEqual(statementOf(policyArgs("sse-s3", { minimumTlsVersion: version }), "DenyOutdatedTls")?.Condition, {
                NumericLessThan: { "s3:TlsVersion": version },
            });
        });
    }
});

describe("the ingest bucket policy's builders", () => {
    it("denyInsecureTransport denies every S3 action on the bucket and its objects over plain HTTP", () => {
        assert.deepStrictEqual(denyInsecureTransport(BUCKET_ARN), {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [BUCKET_ARN, OBJECTS],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        });
    });

    it("denyOutdatedTls denies every S3 action on the bucket and its objects over TLS older than the minimum", () => {
        assert.deepStrictEqual(denyOutdatedTls(BUCKET_ARN, "1.3"), {
            Sid: "DenyOutdatedTls",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [BUCKET_ARN, OBJECTS],
            Condition: { NumericLessThan: { "s3:TlsVersion": "1.3" } },
        });
    });

    it("denyOtherAlgorithms denies uploads asking for another algorithm, and lets uploads without the header pass", () => {
        assert.deepStrictEqual(
            denyOtherAlgorithms(BUCKET_ARN, "aws:kms"),
            denyUploads("DenyOtherEncryptionAlgorithms", {
                StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
                Null: { "s3:x-amz-server-side-encryption": "false" },
            }),
        );
    });

    it("denyOtherKmsKeys denies uploads naming another key, and lets uploads naming none pass", () => {
        assert.deepStrictEqual(
            denyOtherKmsKeys(BUCKET_ARN, CUSTOMER_KEY),
            denyUploads("DenyOtherKmsKeys", {
                StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": CUSTOMER_KEY },
                Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
            }),
        );
    });

    it("denyKmsWithoutKeyId denies uploads asking for the KMS algorithm without a key id (the aws/s3 key)", () => {
        assert.deepStrictEqual(
            denyKmsWithoutKeyId(BUCKET_ARN, "aws:kms:dsse"),
            denyUploads("DenyKmsWithoutKeyId", {
                StringEquals: { "s3:x-amz-server-side-encryption": "aws:kms:dsse" },
                Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "true" },
            }),
        );
    });

    it("denySseCUploads denies uploads that carry SSE-C headers", () => {
        assert.deepStrictEqual(
            denySseCUploads(BUCKET_ARN),
            denyUploads("DenySseCUploads", { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" } }),
        );
    });

    it("requireSseCUploads denies uploads without SSE-C headers", () => {
        assert.deepStrictEqual(
            requireSseCUploads(BUCKET_ARN),
            denyUploads("RequireSseCUploads", { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "true" } }),
        );
    });

    it("denyServerManagedKeys denies uploads asking for S3- or KMS-managed keys", () => {
        assert.deepStrictEqual(
            denyServerManagedKeys(BUCKET_ARN),
            denyUploads("DenyServerManagedKeys", { Null: { "s3:x-amz-server-side-encryption": "false" } }),
        );
    });

    it("requireEncryptionHeader denies uploads without the SSE header", () => {
        assert.deepStrictEqual(
            requireEncryptionHeader(BUCKET_ARN),
            denyUploads("RequireEncryptionHeader", { Null: { "s3:x-amz-server-side-encryption": "true" } }),
        );
    });

    it("denyUnreadableStorageClasses denies uploads into GLACIER and DEEP_ARCHIVE", () => {
        assert.deepStrictEqual(
            denyUnreadableStorageClasses(BUCKET_ARN),
            denyUploads("DenyUnreadableStorageClasses", { StringEquals: { "s3:x-amz-storage-class": ["GLACIER", "DEEP_ARCHIVE"] } }),
        );
    });

    it("denyWritesThatMayOverwrite denies object-creating writes without If-None-Match, and not multipart parts", () => {
        assert.deepStrictEqual(
            denyWritesThatMayOverwrite(BUCKET_ARN),
            denyUploads("DenyWritesThatMayOverwrite", { Null: { "s3:if-none-match": "true" }, Bool: { "s3:ObjectCreationOperation": "true" } }),
        );
    });
});

describe("the data perimeter's builders", () => {
    it("unlessPrincipal exempts the principals it names, by ARN pattern", () => {
        assert.deepStrictEqual(unlessPrincipal([UPLOADER, PROCESSOR]), { ArnNotLike: { "aws:PrincipalArn": [UPLOADER, PROCESSOR] } });
    });

    it("denyObjectAccessOutsideIngestRoles denies every object action, on objects only, to all but the two roles", () => {
        assert.deepStrictEqual(denyObjectAccessOutsideIngestRoles(BUCKET_ARN, PERIMETER), {
            Sid: "DenyObjectAccessOutsideIngestRoles",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:*"],
            Resource: OBJECTS,
            Condition: { ArnNotLike: { "aws:PrincipalArn": [UPLOADER, PROCESSOR] } },
        });
    });

    it("denyUploaderOutsideItsVerbs denies the uploader every object action but uploading and its multipart calls", () => {
        assert.deepStrictEqual(denyUploaderOutsideItsVerbs(BUCKET_ARN, PERIMETER), {
            Sid: "DenyUploaderOutsideItsVerbs",
            Effect: "Deny",
            Principal: "*",
            NotAction: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
            Resource: OBJECTS,
            Condition: { ArnLike: { "aws:PrincipalArn": UPLOADER } },
        });
    });

    it("denyProcessorOutsideItsVerbs denies the processor every object action but reading objects and versions", () => {
        assert.deepStrictEqual(denyProcessorOutsideItsVerbs(BUCKET_ARN, PERIMETER), {
            Sid: "DenyProcessorOutsideItsVerbs",
            Effect: "Deny",
            Principal: "*",
            NotAction: ["s3:GetObject", "s3:GetObjectVersion"],
            Resource: OBJECTS,
            Condition: { ArnLike: { "aws:PrincipalArn": PROCESSOR } },
        });
    });

    it("denyObjectListingOutsideIngestRoles denies listing versions and multipart uploads to all but the two roles", () => {
        assert.deepStrictEqual(denyObjectListingOutsideIngestRoles(BUCKET_ARN, PERIMETER), {
            Sid: "DenyObjectListingOutsideIngestRoles",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:ListBucketVersions", "s3:ListBucketMultipartUploads"],
            Resource: BUCKET_ARN,
            Condition: { ArnNotLike: { "aws:PrincipalArn": [UPLOADER, PROCESSOR] } },
        });
    });

    it("denyUploaderListings denies the uploader listing the bucket and its versions", () => {
        assert.deepStrictEqual(denyUploaderListings(BUCKET_ARN, PERIMETER), {
            Sid: "DenyUploaderListings",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:ListBucket", "s3:ListBucketVersions"],
            Resource: BUCKET_ARN,
            Condition: { ArnLike: { "aws:PrincipalArn": UPLOADER } },
        });
    });

    it("denyProcessorListings denies the processor listing versions and multipart uploads", () => {
        assert.deepStrictEqual(denyProcessorListings(BUCKET_ARN, PERIMETER), {
            Sid: "DenyProcessorListings",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:ListBucketVersions", "s3:ListBucketMultipartUploads"],
            Resource: BUCKET_ARN,
            Condition: { ArnLike: { "aws:PrincipalArn": PROCESSOR } },
        });
    });

    it("denyListingOutsideIngestRolesAndAdministrators denies ListBucket to all but the two roles and the administrators", () => {
        assert.deepStrictEqual(denyListingOutsideIngestRolesAndAdministrators(BUCKET_ARN, PERIMETER), {
            Sid: "DenyListingOutsideIngestRolesAndAdministrators",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:ListBucket",
            Resource: BUCKET_ARN,
            Condition: { ArnNotLike: { "aws:PrincipalArn": [UPLOADER, PROCESSOR, ...ADMINISTRATORS] } },
        });
    });

    it("denyConfigurationChangesOutsideAdministrators denies every bucket change, by verb, to all but the administrators", () => {
        assert.deepStrictEqual(denyConfigurationChangesOutsideAdministrators(BUCKET_ARN, ADMINISTRATORS), {
            Sid: "DenyConfigurationChangesOutsideAdministrators",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:Put*", "s3:Delete*", "s3:Create*", "s3:Update*", "s3:Pause*", "s3:Tag*", "s3:Untag*", "s3:Allow*"],
            Resource: BUCKET_ARN,
            Condition: { ArnNotLike: { "aws:PrincipalArn": ADMINISTRATORS } },
        });
    });

    it("perimeterStatements holds the eight perimeter statements, objects first", () => {
        assert.deepStrictEqual(
            perimeterStatements(BUCKET_ARN, PERIMETER).map((s) => s.Sid),
            [
                "DenyObjectAccessOutsideIngestRoles",
                "DenyUploaderOutsideItsVerbs",
                "DenyProcessorOutsideItsVerbs",
                "DenyObjectListingOutsideIngestRoles",
                "DenyUploaderListings",
                "DenyProcessorListings",
                "DenyListingOutsideIngestRolesAndAdministrators",
                "DenyConfigurationChangesOutsideAdministrators",
            ],
        );
    });

    it("hands back its own principal lists, so editing a statement never changes the caller's administrators", () => {
        const administrators = [...ADMINISTRATORS];
        for (const statement of [
            denyConfigurationChangesOutsideAdministrators(BUCKET_ARN, administrators),
            denyListingOutsideIngestRolesAndAdministrators(BUCKET_ARN, { ...PERIMETER, administrators }),
        ]) {
            (statement.Condition!.ArnNotLike["aws:PrincipalArn"] as string[]).push("arn:aws:iam::123456789012:role/intruder");
        }
        assert.deepStrictEqual(administrators, ADMINISTRATORS);
    });
});
