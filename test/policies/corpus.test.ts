// Misconfigured deployments, most of them written without our component, each of which the pack must block for the
// right reason and on the right resource; and unrelated resources, which must draw nothing.
import * as aws from "@pulumi/aws";
import * as assert from "assert";

import { PolicyPackClient } from "../../offline/policyPackClient";
import {
    arnOf,
    compliantBucket,
    compliantKey,
    Deployment,
    denyInsecureTransport,
    denyOutdatedTls,
    policyDocument,
    T,
    UNKNOWN,
} from "../../policies/test/support/fixtures";
import { detail, judge, startPack } from "./support/pack";
import { mandatoryPairs, programShapes, Shape } from "./support/programs";

interface Case {
    readonly name: string;
    readonly shapes: () => Promise<Array<Omit<Shape, "label"> & { label: string }>>;
    /** Every mandatory violation expected, as [policy, name of the resource it is reported on]. */
    readonly blocked: Array<[string, string]>;
}

/** A hand-built deployment: the same properties for analyze and analyzeStack. */
const handBuilt = (build: (d: Deployment) => void) => async (): Promise<Array<Omit<Shape, "label"> & { label: string }>> => {
    const d = new Deployment();
    build(d);
    return [{ label: "as built", inputs: d.resources, outputs: d.resources }];
};

/** A real Pulumi program run under the SDK's mocks, judged in its preview shape and its post-deployment shape. */
const program = (body: () => void) => () => programShapes(body);

const ENC = "s3-bucket-enforce-encryption";
const TLS = "s3-bucket-enforce-tls";
const PAB = "s3-bucket-enforce-public-access-block";
const ALL_BUCKET_CONTROLS = (name: string): Array<[string, string]> => [
    [ENC, name],
    [TLS, name],
    [PAB, name],
];
const tls = denyInsecureTransport("media-bucket");
const withTlsStatement = (statement: unknown) => (d: Deployment) => {
    compliantBucket(d, "media", "media-bucket");
    d.patch("media-policy", { policy: policyDocument(statement, denyOutdatedTls("media-bucket")) });
};
const allFlags = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
const tlsPolicyFor = (bucket: aws.s3.Bucket) =>
    bucket.arn.apply((arn) => JSON.stringify({ Version: "2012-10-17", Statement: [{ ...denyInsecureTransport("x"), Resource: [arn, `${arn}/*`] }] }));

const CASES: Case[] = [
    { name: "a bare bucket", shapes: handBuilt((d) => d.bucket("media", "media-bucket")), blocked: ALL_BUCKET_CONTROLS("media") },
    {
        name: "a bucket configured only with the deprecated inline encryption and policy arguments",
        shapes: handBuilt((d) =>
            d.bucket("media", "media-bucket", {
                serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } },
                policy: policyDocument(tls),
            }),
        ),
        blocked: ALL_BUCKET_CONTROLS("media"),
    },
    {
        name: "a deprecated BucketV2 with inline arguments",
        shapes: handBuilt((d) =>
            d.bucket(
                "media",
                "media-bucket",
                { serverSideEncryptionConfigurations: [{ rules: [{ applyServerSideEncryptionByDefault: [{ sseAlgorithm: "aws:kms" }] }] }] },
                T.bucketV2,
            ),
        ),
        blocked: ALL_BUCKET_CONTROLS("media"),
    },
    {
        name: "a BucketV2 with its V2 encryption but no bucket policy",
        shapes: handBuilt((d) => {
            compliantBucket(d, "media", "media-bucket", { v2: true });
            d.remove("media-policy");
        }),
        blocked: [[TLS, "media"]],
    },
    {
        name: "an encryption configuration whose rule sets no default algorithm",
        shapes: handBuilt((d) => {
            compliantBucket(d, "media", "media-bucket");
            d.patch("media-encryption", { rules: [{ bucketKeyEnabled: true, blockedEncryptionTypes: ["SSE-C"] }] });
        }),
        blocked: [[ENC, "media"]],
    },
    {
        name: "a TLS deny for one account only",
        shapes: handBuilt(withTlsStatement({ ...tls, Principal: { AWS: "arn:aws:iam::123456789012:root" } })),
        blocked: [[TLS, "media"]],
    },
    {
        name: "a TLS deny with NotPrincipal",
        shapes: handBuilt(
            withTlsStatement({
                Effect: "Deny",
                NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" },
                Action: "s3:*",
                Resource: tls.Resource,
                Condition: tls.Condition,
            }),
        ),
        blocked: [[TLS, "media"]],
    },
    {
        name: "a TLS deny for some actions only",
        shapes: handBuilt(withTlsStatement({ ...tls, Action: ["s3:GetObject", "s3:PutObject"] })),
        blocked: [[TLS, "media"]],
    },
    {
        name: "a TLS deny narrowed by another condition",
        shapes: handBuilt(
            withTlsStatement({ ...tls, Condition: { Bool: { "aws:SecureTransport": "false" }, StringNotEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } } }),
        ),
        blocked: [[TLS, "media"]],
    },
    {
        name: "a TLS deny on the bucket but not its objects",
        shapes: handBuilt(withTlsStatement({ ...tls, Resource: arnOf("media-bucket") })),
        blocked: [[TLS, "media"]],
    },
    {
        name: "an Allow over TLS instead of a Deny over plain HTTP",
        shapes: handBuilt(withTlsStatement({ ...tls, Effect: "Allow", Condition: { Bool: { "aws:SecureTransport": "true" } } })),
        blocked: [[TLS, "media"]],
    },
    {
        name: "a TLS deny under a string operator",
        shapes: handBuilt(withTlsStatement({ ...tls, Condition: { StringEquals: { "aws:SecureTransport": "false" } } })),
        blocked: [[TLS, "media"]],
    },
    {
        name: "a bucket policy that is not JSON",
        shapes: handBuilt((d) => {
            compliantBucket(d, "media", "media-bucket");
            d.patch("media-policy", { policy: "Version: 2012-10-17" });
        }),
        blocked: [[TLS, "media"]],
    },
    {
        name: "a public access block that allows public policies",
        shapes: handBuilt((d) => {
            compliantBucket(d, "media", "media-bucket");
            d.patch("media-public-access-block", { blockPublicPolicy: false });
        }),
        blocked: [[PAB, "media"]],
    },
    {
        name: "two buckets, the second one's controls all pointing at the first",
        shapes: handBuilt((d) => {
            const media = compliantBucket(d, "media", "media-bucket");
            d.bucket("logs", "logs-bucket");
            d.control(T.encryption, "logs-encryption", media, { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
            d.control(T.publicAccessBlock, "logs-public-access-block", media, allFlags);
        }),
        blocked: ALL_BUCKET_CONTROLS("logs"),
    },
    {
        name: "controls named after a bucket but targeting another (no name-prefix joins)",
        shapes: handBuilt((d) => {
            compliantBucket(d, "media", "media-bucket");
            d.bucket("media-archive", "archive-bucket");
        }),
        blocked: ALL_BUCKET_CONTROLS("media-archive"),
    },
    {
        name: "a KMS key without rotation",
        shapes: handBuilt((d) => compliantKey(d, "media-key", { enableKeyRotation: false })),
        blocked: [["kms-key-enable-rotation", "media-key"]],
    },
    {
        name: "a KMS key with a 7-day deletion window",
        shapes: handBuilt((d) => compliantKey(d, "media-key", { deletionWindowInDays: 7 })),
        blocked: [["kms-key-configure-deletion-window", "media-key"]],
    },
    {
        name: "a KMS key whose policy lets everyone decrypt",
        shapes: handBuilt((d) =>
            compliantKey(d, "media-key", {
                policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" }] }),
            }),
        ),
        blocked: [["kms-key-disallow-public-principal", "media-key"]],
    },
    {
        name: 'a KeyPolicy resource for {AWS: ["*"]}',
        shapes: handBuilt((d) =>
            d.add(T.keyPolicy, "media-key-policy", {
                keyId: "1234",
                policy: { Statement: [{ Effect: "Allow", Principal: { AWS: ["*"] }, Action: "kms:*", Resource: "*" }] },
            }),
        ),
        blocked: [["kms-key-disallow-public-principal", "media-key-policy"]],
    },
    {
        name: "at preview: an auto-named bucket (name unknown) that nothing targets",
        shapes: handBuilt((d) => {
            compliantBucket(d, "media", "media-bucket");
            d.bucket("scratch", UNKNOWN);
        }),
        blocked: ALL_BUCKET_CONTROLS("scratch"),
    },
    {
        name: "at preview: an encryption configuration with an unknown bucket that depends on no bucket",
        shapes: handBuilt((d) => {
            compliantBucket(d, "media", "media-bucket");
            d.patch("media-encryption", { bucket: UNKNOWN });
            d.find("media-encryption").propertyDependencies = {};
        }),
        blocked: [[ENC, "media"]],
    },
    {
        name: "at preview: one bucket's policy unknown, another bucket without a public access block",
        shapes: handBuilt((d) => {
            compliantBucket(d, "media", "media-bucket");
            compliantBucket(d, "logs", "logs-bucket");
            d.patch("media-policy", { policy: UNKNOWN }).remove("logs-public-access-block");
        }),
        blocked: [[PAB, "logs"]],
    },
    {
        name: "program: an auto-named aws.s3.Bucket and nothing else",
        shapes: program(() => {
            new aws.s3.Bucket("uploads");
        }),
        blocked: ALL_BUCKET_CONTROLS("uploads"),
    },
    {
        name: "program: encryption and TLS policy by bucket.id, but no public access block",
        shapes: program(() => {
            const bucket = new aws.s3.Bucket("uploads");
            new aws.s3.BucketServerSideEncryptionConfiguration("uploads-sse", {
                bucket: bucket.id,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true }],
            });
            new aws.s3.BucketPolicy("uploads-policy", { bucket: bucket.id, policy: tlsPolicyFor(bucket) });
        }),
        blocked: [[PAB, "uploads"]],
    },
    {
        name: "program: a BucketV2 with inline encryption (deprecated)",
        shapes: program(() => {
            const bucket = new aws.s3.BucketV2("legacy", {
                serverSideEncryptionConfigurations: [{ rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "AES256" }] }] }],
            });
            new aws.s3.BucketPublicAccessBlock("legacy-pab", { bucket: bucket.id, ...allFlags });
            new aws.s3.BucketPolicy("legacy-policy", {
                bucket: bucket.id,
                policy: bucket.arn.apply((arn) => JSON.stringify({ Statement: [{ ...tls, Resource: [arn, `${arn}/*`] }] })),
            });
        }),
        blocked: [[ENC, "legacy"]],
    },
    {
        name: "program: two buckets, the public access block only on the first",
        shapes: program(() => {
            for (const name of ["in", "out"]) {
                const bucket = new aws.s3.Bucket(name);
                new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-sse`, {
                    bucket: bucket.bucket,
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
                });
                new aws.s3.BucketPolicy(`${name}-policy`, { bucket: bucket.bucket, policy: tlsPolicyFor(bucket) });
                if (name === "in") new aws.s3.BucketPublicAccessBlock(`${name}-pab`, { bucket: bucket.bucket, ...allFlags });
            }
        }),
        blocked: [[PAB, "out"]],
    },
    {
        name: "program: a KMS key with the provider's defaults (no rotation)",
        shapes: program(() => {
            new aws.kms.Key("media-key", { description: "defaults" });
        }),
        blocked: [["kms-key-enable-rotation", "media-key"]],
    },
    {
        name: "program: our component next to a hand-made bucket, which alone is blocked",
        shapes: program(() => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const { CustomerIngest } = require("../../components/customerIngest");
            new CustomerIngest("acme", {
                customer: "acme",
                uploaderPrincipals: ["arn:aws:iam::210987654321:role/acme-transfer"],
                administratorPrincipals: ["arn:aws:iam::123456789012:user/ci"],
            });
            new aws.s3.Bucket("side-bucket", { bucket: "acme-side-bucket" });
        }),
        blocked: ALL_BUCKET_CONTROLS("side-bucket"),
    },
];

describe("corpus: misconfigured deployments are blocked", function () {
    let pack: PolicyPackClient;
    before(async () => (pack = await startPack()));
    after(async () => pack?.close());

    it("holds at least 25 deployments", () => assert.ok(CASES.length >= 25, `${CASES.length} cases`));

    for (const c of CASES) {
        it(`blocks ${c.name}`, async () => {
            for (const shape of await c.shapes()) {
                const reported = await judge(pack, shape.inputs, shape.outputs);
                assert.deepStrictEqual(mandatoryPairs(reported), [...c.blocked].sort(), `${shape.label}: mandatory violations`);
                // Each violation names the resource it is reported on.
                for (const v of reported.filter((r) => r.enforcementLevel === "mandatory")) {
                    assert.ok(detail(v).includes(`"${v.urn!.split("::").pop()}"`), `${shape.label}: message names the resource: ${detail(v)}`);
                }
            }
        });
    }

    it("draws nothing from unrelated resources: a queue, a key alias, a role", async () => {
        const shapes = await program(() => {
            new aws.sqs.Queue("jobs", { sqsManagedSseEnabled: true });
            new aws.kms.Alias("media-key-alias", { name: "alias/media", targetKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" });
            new aws.iam.Role("worker", {
                assumeRolePolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
            });
        })();
        for (const shape of shapes) assert.deepStrictEqual(await judge(pack, shape.inputs, shape.outputs), [], shape.label);
    });
});
