import * as assert from "assert";

import { analyzeDeployment, analyzeStack, Diagnostic } from "./support/inProcess";
import { compliantBucket, Deployment, denyInsecureTransport, denyOutdatedTls, policyDocument, UNKNOWN } from "./support/fixtures";

const only = (policy: string) => (diags: Diagnostic[]) => diags.filter((d) => d.policy === policy).map(({ enforcementLevel, urn, message }) => ({ enforcementLevel, urn, message }));

describe("s3-bucket-enforce-minimum-tls-version (advisory)", () => {
    const of = only("s3-bucket-enforce-minimum-tls-version");
    const statement = (v: string) =>
        `{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["<bucket ARN>", "<bucket ARN>/*"], "Condition": {"NumericLessThan": {"s3:TlsVersion": "${v}"}}}`;

    it("passes a bucket whose policy denies TLS older than 1.2", () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket");
        assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
    });

    it("passes a deny below 1.3 against the default minimum of 1.2 (stricter is fine)", () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket");
        d.patch("media-policy", { policy: policyDocument(denyInsecureTransport("media-bucket"), denyOutdatedTls("media-bucket", "1.3")) });
        assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
    });

    it("reports, at advisory level, a bucket whose policy has no TLS-version deny", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket");
        d.patch("media-policy", { policy: policyDocument(denyInsecureTransport("media-bucket")) });
        assert.deepStrictEqual(of(analyzeStack(d.resources)), [
            {
                enforcementLevel: "advisory",
                urn: bucket.urn,
                message: `BucketPolicy "media-policy" of S3 bucket "media" (media-bucket) does not deny TLS older than 1.2 on the bucket and its objects: no Deny statement for every principal and s3:* with the sole condition NumericLessThan s3:TlsVersion 1.2 covers it. Add ${statement("1.2")}.`,
            },
        ]);
    });

    it("takes minimumVersion from config: a deny below 1.2 does not satisfy 1.3", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket");
        const reported = of(analyzeStack(d.resources, { "s3-bucket-enforce-minimum-tls-version": { minimumVersion: "1.3" } }));
        assert.deepStrictEqual(reported.map((v) => v.urn), [bucket.urn]);
        assert.match(reported[0].message, /does not deny TLS older than 1\.3 on the bucket and its objects/);
    });

    it("reports a bucket without a policy", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket");
        d.remove("media-policy");
        assert.deepStrictEqual(of(analyzeStack(d.resources)), [
            { enforcementLevel: "advisory", urn: bucket.urn, message: `S3 bucket "media" (media-bucket) has no BucketPolicy targeting it: add one with the statement ${statement("1.2")}.` },
        ]);
    });

    it("names the bucket's real ARN in the statement to add once it is known (after creation)", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket");
        d.patch("media", { arn: "arn:aws-cn:s3:::media-bucket" }).patch("media-policy", { policy: policyDocument(denyInsecureTransport("media-bucket")) });
        assert.deepStrictEqual(of(analyzeStack(d.resources)), [
            {
                enforcementLevel: "advisory",
                urn: bucket.urn,
                message:
                    'BucketPolicy "media-policy" of S3 bucket "media" (media-bucket) does not deny TLS older than 1.2 on the bucket and its objects: no Deny statement for every principal and s3:* with the sole condition NumericLessThan s3:TlsVersion 1.2 covers it. ' +
                    'Add {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws-cn:s3:::media-bucket", "arn:aws-cn:s3:::media-bucket/*"], "Condition": {"NumericLessThan": {"s3:TlsVersion": "1.2"}}}.',
            },
        ]);
    });

    it("says the bucket's inline policy argument was found and ignored, when its inputs have one", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket");
        d.remove("media-policy").patch("media", { policy: policyDocument(denyOutdatedTls("media-bucket")) });
        assert.deepStrictEqual(of(analyzeDeployment(d.resources)), [
            {
                enforcementLevel: "advisory",
                urn: bucket.urn,
                message:
                    `S3 bucket "media" (media-bucket) has no BucketPolicy targeting it: add one with the statement ${statement("1.2")}. ` +
                    "Its inline policy argument was found and ignored: move it to an aws.s3.BucketPolicy with bucket: <bucket>.bucket and remove the inline argument.",
            },
        ]);
    });

    it("can be made mandatory", () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket");
        d.remove("media-policy");
        assert.deepStrictEqual(of(analyzeStack(d.resources, { "s3-bucket-enforce-minimum-tls-version": "mandatory" })).map((v) => v.enforcementLevel), ["mandatory"]);
    });
});

describe("s3-bucket-enable-bucket-key (advisory)", () => {
    const of = only("s3-bucket-enable-bucket-key");

    for (const algorithm of ["aws:kms", "aws:kms:dsse", "AES256"] as const) {
        it(`passes ${algorithm} as configured by the fixture`, () => {
            const d = new Deployment();
            compliantBucket(d, "media", "media-bucket", { algorithm });
            assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
        });
    }

    it("reports aws:kms without a Bucket Key", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket", { algorithm: "aws:kms" });
        const rule = (d.find("media-encryption").properties.rules as any[])[0];
        d.patch("media-encryption", { rules: [{ ...rule, bucketKeyEnabled: false }] });
        assert.deepStrictEqual(of(analyzeStack(d.resources)), [
            {
                enforcementLevel: "advisory",
                urn: bucket.urn,
                message:
                    'BucketServerSideEncryptionConfiguration "media-encryption" of S3 bucket "media" (media-bucket) encrypts with aws:kms without an S3 Bucket Key: set rules[0].bucketKeyEnabled to true.',
            },
        ]);
    });

    it("does not ask DSSE-KMS for a Bucket Key, which S3 does not support with it", () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket", { algorithm: "aws:kms:dsse" });
        const rule = (d.find("media-encryption").properties.rules as any[])[0];
        d.patch("media-encryption", { rules: [{ ...rule, bucketKeyEnabled: false }] });
        assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
    });

    it("reports an advisory when the rule is unknown at preview", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket", { algorithm: "aws:kms" });
        d.patch("media-encryption", { rules: [UNKNOWN] });
        assert.deepStrictEqual(of(analyzeStack(d.resources)).map((v) => [v.enforcementLevel, v.urn]), [["advisory", bucket.urn]]);
    });
});

describe("s3-bucket-configure-blocked-encryption-types (advisory)", () => {
    const of = only("s3-bucket-configure-blocked-encryption-types");
    const withBlocked = (blocked: unknown, tags?: Record<string, string>) => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket", { tags });
        const rule = (d.find("media-encryption").properties.rules as any[])[0];
        d.patch("media-encryption", { rules: [{ ...rule, blockedEncryptionTypes: blocked }] });
        return { d, urn: bucket.urn };
    };

    it('passes ["SSE-C"]', () => assert.deepStrictEqual(of(analyzeStack(withBlocked(["SSE-C"]).d.resources)), []));

    it("reports a rule that leaves blockedEncryptionTypes unset", () => {
        const { d, urn } = withBlocked(undefined);
        assert.deepStrictEqual(of(analyzeStack(d.resources)), [
            {
                enforcementLevel: "advisory",
                urn,
                message:
                    'BucketServerSideEncryptionConfiguration "media-encryption" of S3 bucket "media" (media-bucket) does not set rules[0].blockedEncryptionTypes: set it explicitly, e.g. ["SSE-C"], so it does not drift with AWS\'s defaults.',
            },
        ]);
    });

    it("reports SSE-C left unblocked when the bucket's tags do not declare it intended", () => {
        const { d, urn } = withBlocked(["NONE"]);
        assert.deepStrictEqual(of(analyzeStack(d.resources)), [
            {
                enforcementLevel: "advisory",
                urn,
                message:
                    'BucketServerSideEncryptionConfiguration "media-encryption" of S3 bucket "media" (media-bucket) does not block SSE-C (blockedEncryptionTypes is ["NONE"]): add "SSE-C", or tag the bucket sse-c-intended: "true" if customer-provided keys are intended.',
            },
        ]);
    });

    it('accepts SSE-C unblocked on a bucket tagged sse-c-intended: "true"', () => {
        assert.deepStrictEqual(of(analyzeStack(withBlocked(["NONE"], { "sse-c-intended": "true" }).d.resources)), []);
    });

    it("reads the tag from tagsAll after deployment", () => {
        const { d } = withBlocked(["NONE"]);
        d.patch("media", { tagsAll: { "sse-c-intended": "true" } });
        assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
    });

    it("takes the tag's key from config", () => {
        const { d } = withBlocked(["NONE"], { "security:sse-c": "true" });
        const config = { "s3-bucket-configure-blocked-encryption-types": { sseCIntendedTag: "security:sse-c" } };
        assert.deepStrictEqual(of(analyzeStack(d.resources, config)), []);
        assert.strictEqual(of(analyzeStack(d.resources)).length, 1);
    });

    it("reports an advisory when the tags are unknown at preview", () => {
        const { d, urn } = withBlocked(["NONE"]);
        d.patch("media", { tags: UNKNOWN });
        const [v] = of(analyzeStack(d.resources));
        assert.deepStrictEqual([v.enforcementLevel, v.urn], ["advisory", urn]);
        assert.match(v.message, /^Could not verify whether S3 bucket "media" \(media-bucket\) intends SSE-C, which BucketServerSideEncryptionConfiguration "media-encryption" leaves unblocked: its tags are unknown\./);
    });
});

describe("s3-bucket-disallow-conflicting-inline-arguments (advisory)", () => {
    const of = only("s3-bucket-disallow-conflicting-inline-arguments");
    const INLINE_ENCRYPTION = { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } } };
    const INLINE_POLICY = { policy: policyDocument(denyInsecureTransport("media-bucket")) };
    const overwrite = (property: string, resource: string) =>
        `S3 bucket "media" (media-bucket) sets the inline ${property} argument, and ${resource} targets it too: the two overwrite each other on every update. ` +
        "Remove the inline argument; the pack judges only the separate resource.";

    it("passes a bucket without inline arguments, whose controls are separate resources", () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket");
        assert.deepStrictEqual(of(analyzeDeployment(d.resources)), []);
    });

    it("reports an inline encryption argument next to a BucketServerSideEncryptionConfiguration, and an inline policy next to a BucketPolicy", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket");
        d.patch("media", { ...INLINE_ENCRYPTION, ...INLINE_POLICY });
        assert.deepStrictEqual(of(analyzeDeployment(d.resources)), [
            { enforcementLevel: "advisory", urn: bucket.urn, message: overwrite("serverSideEncryptionConfiguration", 'BucketServerSideEncryptionConfiguration "media-encryption"') },
            { enforcementLevel: "advisory", urn: bucket.urn, message: overwrite("policy", 'BucketPolicy "media-policy"') },
        ]);
    });

    it("names the deprecated BucketV2's serverSideEncryptionConfigurations next to its V2 configuration", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket", { v2: true });
        d.patch("media", { serverSideEncryptionConfigurations: [{ rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "AES256" }] }] }] });
        assert.deepStrictEqual(of(analyzeDeployment(d.resources)), [
            { enforcementLevel: "advisory", urn: bucket.urn, message: overwrite("serverSideEncryptionConfigurations", 'BucketServerSideEncryptionConfigurationV2 "media-encryption"') },
        ]);
    });

    it("leaves an inline argument without a separate resource to the policies that ignore it (they say so)", () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket");
        d.remove("media-encryption").patch("media", INLINE_ENCRYPTION);
        assert.deepStrictEqual(of(analyzeDeployment(d.resources)), []);
    });

    it("tells from the inputs: AWS's default encryption in the bucket's outputs is no inline argument", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket");
        const outputs = d.resources.map((r) => (r === bucket ? { ...r, properties: { ...r.properties, ...INLINE_ENCRYPTION, ...INLINE_POLICY } } : r));
        assert.deepStrictEqual(of(analyzeDeployment(d.resources, {}, outputs)), []);
    });

    it("does not count another bucket's encryption configuration", () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket");
        compliantBucket(d, "logs", "logs-bucket");
        d.remove("media-encryption").patch("media", INLINE_ENCRYPTION);
        assert.deepStrictEqual(of(analyzeDeployment(d.resources)), []);
    });

    it("can be made mandatory", () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket");
        d.patch("media", INLINE_POLICY);
        assert.deepStrictEqual(of(analyzeDeployment(d.resources, { "s3-bucket-disallow-conflicting-inline-arguments": "mandatory" })).map((v) => v.enforcementLevel), ["mandatory"]);
    });
});
