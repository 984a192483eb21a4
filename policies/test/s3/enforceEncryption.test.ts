import * as assert from "assert";

import { analyzeDeployment, analyzeStack, Diagnostic } from "../support/inProcess";
import { compliantBucket, Deployment, T, UNKNOWN } from "../support/fixtures";

const POLICY = "s3-bucket-enforce-encryption";
const of = (diags: Diagnostic[]) => diags.filter((d) => d.policy === POLICY).map(({ enforcementLevel, urn, message }) => ({ enforcementLevel, urn, message }));

const found = (property: string, rules: string) =>
    ` Its inline ${property} argument was found and ignored: after deployment the provider reports AWS's default AES256 in ` +
    "every bucket's outputs, so it cannot be told apart from none. Move it to an aws.s3.BucketServerSideEncryptionConfiguration " +
    `with bucket: <bucket>.bucket and ${rules}, and remove the inline argument.`;
const missing = (bucket: string, physical: string, note = "") =>
    `S3 bucket "${bucket}" (${physical}) has no BucketServerSideEncryptionConfiguration targeting it: add one whose bucket is ` +
    `this bucket and whose sseAlgorithm is one of AES256, aws:kms, aws:kms:dsse.${note}`;
/** What the provider reports in every bucket's outputs after deployment, inline argument or not. */
const AWS_DEFAULT = {
    serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false } },
};

describe("s3-bucket-enforce-encryption", () => {
    for (const algorithm of ["AES256", "aws:kms", "aws:kms:dsse"] as const) {
        it(`passes a bucket whose encryption configuration uses ${algorithm} (DSSE is not refused)`, () => {
            const d = new Deployment();
            compliantBucket(d, "media", "media-bucket", { algorithm });
            assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
        });
    }

    it("passes the deprecated BucketV2 with a BucketServerSideEncryptionConfigurationV2", () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket", { v2: true });
        assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
    });

    it("blocks a bucket that no encryption configuration targets, on the bucket's URN", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket");
        d.remove("media-encryption");
        assert.deepStrictEqual(of(analyzeStack(d.resources)), [{ enforcementLevel: "mandatory", urn: bucket.urn, message: missing("media", "media-bucket") }]);
    });

    describe("the deprecated inline argument, told from the bucket's inputs (analyze), never from its outputs", () => {
        /** A bucket without an encryption configuration, its inputs holding `inline`, its outputs what the provider reports. */
        const deployed = (inline: Record<string, unknown>, type: string = T.bucket) => {
            const d = new Deployment();
            const bucket = compliantBucket(d, "media", "media-bucket", { v2: type === T.bucketV2 });
            d.remove("media-encryption");
            const outputs = d.resources.map((r) => (r === bucket ? { ...r, properties: { ...r.properties, ...AWS_DEFAULT } } : r));
            d.patch("media", inline);
            return { inputs: d.resources, outputs, urn: bucket.urn };
        };

        it("does not count it, and says it was found and ignored and how to move it", () => {
            const { inputs, outputs, urn } = deployed({
                serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } } },
            });
            assert.deepStrictEqual(of(analyzeDeployment(inputs, {}, outputs)), [
                {
                    enforcementLevel: "mandatory",
                    urn,
                    message: missing("media", "media-bucket", found("serverSideEncryptionConfiguration", "rules: [<its rule>]")),
                },
            ]);
        });

        it("says nothing of inline arguments to a bucket that has none, though its outputs report AWS's default encryption", () => {
            const { inputs, outputs, urn } = deployed({});
            assert.deepStrictEqual(of(analyzeDeployment(inputs, {}, outputs)), [
                { enforcementLevel: "mandatory", urn, message: missing("media", "media-bucket") },
            ]);
        });

        it("names the deprecated BucketV2's plural serverSideEncryptionConfigurations", () => {
            const { inputs, outputs, urn } = deployed(
                { serverSideEncryptionConfigurations: [{ rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "AES256" }] }] }] },
                T.bucketV2,
            );
            assert.deepStrictEqual(of(analyzeDeployment(inputs, {}, outputs)), [
                {
                    enforcementLevel: "mandatory",
                    urn,
                    message: missing("media", "media-bucket", found("serverSideEncryptionConfigurations", "rules: <its rules>")),
                },
            ]);
        });

        it("counts an inline argument that is unknown at preview as set", () => {
            const { inputs, urn } = deployed({ serverSideEncryptionConfiguration: UNKNOWN });
            assert.deepStrictEqual(of(analyzeDeployment(inputs)), [
                {
                    enforcementLevel: "mandatory",
                    urn,
                    message: missing("media", "media-bucket", found("serverSideEncryptionConfiguration", "rules: [<its rule>]")),
                },
            ]);
        });
    });

    it("blocks an algorithm outside allowedAlgorithms, naming the configuration and the value", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket");
        assert.deepStrictEqual(of(analyzeStack(d.resources, { [POLICY]: { allowedAlgorithms: ["aws:kms", "aws:kms:dsse"] } })), [
            {
                enforcementLevel: "mandatory",
                urn: bucket.urn,
                message:
                    'BucketServerSideEncryptionConfiguration "media-encryption" of S3 bucket "media" (media-bucket) uses sseAlgorithm "AES256" (rules[0]), which is not one of aws:kms, aws:kms:dsse.',
            },
        ]);
    });

    it("blocks a configuration whose rule sets no default algorithm", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket");
        d.patch("media-encryption", { rules: [{ bucketKeyEnabled: true }] });
        assert.deepStrictEqual(of(analyzeStack(d.resources)), [
            {
                enforcementLevel: "mandatory",
                urn: bucket.urn,
                message:
                    'BucketServerSideEncryptionConfiguration "media-encryption" of S3 bucket "media" (media-bucket) sets no rules[0].applyServerSideEncryptionByDefault.sseAlgorithm: set it to one of AES256, aws:kms, aws:kms:dsse.',
            },
        ]);
    });

    describe("the KMS key a rule names (kmsMasterKeyId)", () => {
        const withKey = (kmsMasterKeyId: unknown, sseAlgorithm = "aws:kms") => {
            const d = new Deployment();
            const bucket = compliantBucket(d, "media", "media-bucket", { algorithm: "aws:kms" });
            const rule = (d.find("media-encryption").properties.rules as any[])[0];
            d.patch("media-encryption", { rules: [{ ...rule, applyServerSideEncryptionByDefault: { sseAlgorithm, kmsMasterKeyId } }] });
            return { d, urn: bucket.urn };
        };
        const references: Record<string, unknown> = {
            "unset (the AWS managed key aws/s3)": undefined,
            "a key ID": "1234abcd-12ab-34cd-56ef-1234567890ab",
            "a multi-Region key ID": "mrk-1234abcd12ab34cd56ef1234567890ab",
            "a key ARN": "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "a key ARN in another partition": "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
            "an alias name": "alias/aws/s3",
            "an alias ARN": "arn:aws:kms:eu-west-1:123456789012:alias/media",
        };
        for (const [label, keyId] of Object.entries(references)) {
            it(`passes ${label}`, () => assert.deepStrictEqual(of(analyzeStack(withKey(keyId).d.resources)), []));
        }

        it("reports an advisory at preview when the key is unknown (a key the stack creates), as README says", () => {
            const { d, urn } = withKey(UNKNOWN);
            assert.deepStrictEqual(of(analyzeStack(d.resources)), [
                {
                    enforcementLevel: "advisory",
                    urn,
                    message:
                        'Could not verify the KMS key of S3 bucket "media" (media-bucket): the kmsMasterKeyId of BucketServerSideEncryptionConfiguration "media-encryption" (rules[0]) is unknown. It is judged again with real values when the resources are created (pulumi up).',
                },
            ]);
        });

        it("judges the real value: one that names no KMS key is an advisory, since S3 accepts it and uploads then fail", () => {
            const { d, urn } = withKey("aws/s3", "aws:kms:dsse");
            assert.deepStrictEqual(of(analyzeStack(d.resources)), [
                {
                    enforcementLevel: "advisory",
                    urn,
                    message:
                        'BucketServerSideEncryptionConfiguration "media-encryption" of S3 bucket "media" (media-bucket) names no KMS key in rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId ("aws/s3"): ' +
                        "S3 does not check it when the configuration is set, and uploads that rely on the default encryption then fail. Set a key ID, key ARN, alias name (alias/...) or alias ARN, e.g. <key>.arn.",
                },
            ]);
        });

        it("leaves the key of an AES256 rule alone", () => assert.deepStrictEqual(of(analyzeStack(withKey(UNKNOWN, "AES256").d.resources)), []));
    });

    it("judges two buckets separately: only the one without encryption is reported", () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket");
        const logs = compliantBucket(d, "logs", "logs-bucket");
        d.remove("logs-encryption");
        assert.deepStrictEqual(
            of(analyzeStack(d.resources)).map((v) => v.urn),
            [logs.urn],
        );
    });

    it("joins by the physical bucket name, never by resource-name prefixes", () => {
        const d = new Deployment();
        const media = compliantBucket(d, "media", "media-bucket");
        compliantBucket(d, "mediaarchive", "archive-bucket");
        // "media-encryption" is named after the media bucket but targets the archive bucket by name, without a dependency.
        d.patch("media-encryption", { bucket: "archive-bucket" });
        d.find("media-encryption").propertyDependencies = {};
        assert.deepStrictEqual(of(analyzeStack(d.resources)), [{ enforcementLevel: "mandatory", urn: media.urn, message: missing("media", "media-bucket") }]);
    });

    it("lets a known value win over a property dependency: a name derived from the bucket but naming another does not count", () => {
        const d = new Deployment();
        const media = compliantBucket(d, "media", "media-bucket");
        d.patch("media-encryption", { bucket: "media-bucket-replica" });
        assert.deepStrictEqual(
            of(analyzeStack(d.resources)).map((v) => v.urn),
            [media.urn],
        );
    });

    it("joins by value alone after deployment: the bucket's id matches when its bucket output is absent", () => {
        const d = new Deployment();
        const media = compliantBucket(d, "media", "media-bucket");
        d.patch("media", { bucket: undefined, id: "media-bucket" });
        d.find("media-encryption").propertyDependencies = {};
        assert.deepStrictEqual(of(analyzeStack([media, ...d.resources.filter((r) => r !== media)])), []);
    });

    describe("at preview", () => {
        it("joins by property dependency when the bucket's name is unknown", () => {
            const d = new Deployment();
            compliantBucket(d, "media", UNKNOWN);
            assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
        });

        it("blocks a bucket nothing targets even though another configuration's bucket is unknown", () => {
            const d = new Deployment();
            const media = compliantBucket(d, "media", "media-bucket");
            d.find("media-encryption").propertyDependencies = {};
            d.patch("media-encryption", { bucket: UNKNOWN });
            assert.deepStrictEqual(of(analyzeStack(d.resources)), [
                { enforcementLevel: "mandatory", urn: media.urn, message: missing("media", "media-bucket") },
            ]);
        });

        it("reports an advisory naming the bucket and the configuration when the algorithm is unknown", () => {
            const d = new Deployment();
            const media = compliantBucket(d, "media", "media-bucket");
            d.patch("media-encryption", { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: UNKNOWN } }] });
            assert.deepStrictEqual(of(analyzeStack(d.resources)), [
                {
                    enforcementLevel: "advisory",
                    urn: media.urn,
                    message:
                        'Could not verify the default encryption of S3 bucket "media" (media-bucket): the sseAlgorithm of BucketServerSideEncryptionConfiguration "media-encryption" (rules[0]) is unknown. It is judged again with real values when the resources are created (pulumi up).',
                },
            ]);
        });

        it("reports an advisory, not a pass, when a configuration's unknown bucket depends on several buckets", () => {
            const d = new Deployment();
            const a = compliantBucket(d, "a", "a-bucket");
            const b = compliantBucket(d, "b", "b-bucket");
            d.remove("b-encryption").patch("a-encryption", { bucket: UNKNOWN });
            d.find("a-encryption").propertyDependencies = { bucket: [a.urn, b.urn] };
            const reported = of(analyzeStack(d.resources));
            assert.deepStrictEqual(
                reported.map((v) => [v.enforcementLevel, v.urn]),
                [
                    ["advisory", a.urn],
                    ["advisory", b.urn],
                ],
            );
            assert.match(
                reported[1].message,
                /^Could not verify the default encryption of S3 bucket "b" \(b-bucket\): BucketServerSideEncryptionConfiguration "a-encryption" may target it/,
            );
        });

        it("reports every certain violation before any advisory", () => {
            const d = new Deployment();
            compliantBucket(d, "a", "a-bucket");
            const b = compliantBucket(d, "b", "b-bucket");
            d.patch("a-encryption", { rules: UNKNOWN }).remove("b-encryption");
            assert.deepStrictEqual(
                of(analyzeStack(d.resources)).map((v) => [v.enforcementLevel, v.urn]),
                [
                    ["mandatory", b.urn],
                    ["advisory", d.find("a").urn],
                ],
            );
        });
    });

    it("leaves resources that are not buckets alone", () => {
        const d = new Deployment();
        d.add(T.queue, "jobs", { name: "jobs", sqsManagedSseEnabled: true });
        assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
    });
});
