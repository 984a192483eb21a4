import * as assert from "assert";

import { analyzeDeployment, Diagnostic } from "../support/inProcess";
import { compliantBucket, Deployment, denyInsecureTransport, policyDocument } from "../support/fixtures";

const only = (policy: string) => (diags: Diagnostic[]) =>
    diags.filter((d) => d.policy === policy).map(({ enforcementLevel, urn, message }) => ({ enforcementLevel, urn, message }));

describe("s3-bucket-disallow-conflicting-inline-arguments (mandatory)", () => {
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
            {
                enforcementLevel: "mandatory",
                urn: bucket.urn,
                message: overwrite("serverSideEncryptionConfiguration", 'BucketServerSideEncryptionConfiguration "media-encryption"'),
            },
            { enforcementLevel: "mandatory", urn: bucket.urn, message: overwrite("policy", 'BucketPolicy "media-policy"') },
        ]);
    });

    it("names the deprecated BucketV2's serverSideEncryptionConfigurations next to its V2 configuration", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket", { v2: true });
        d.patch("media", { serverSideEncryptionConfigurations: [{ rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "AES256" }] }] }] });
        assert.deepStrictEqual(of(analyzeDeployment(d.resources)), [
            {
                enforcementLevel: "mandatory",
                urn: bucket.urn,
                message: overwrite("serverSideEncryptionConfigurations", 'BucketServerSideEncryptionConfigurationV2 "media-encryption"'),
            },
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

    it("is mandatory by default (after a refresh the inline argument wins), and can be made advisory", () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket");
        d.patch("media", INLINE_POLICY);
        assert.deepStrictEqual(
            of(analyzeDeployment(d.resources)).map((v) => v.enforcementLevel),
            ["mandatory"],
        );
        assert.deepStrictEqual(
            of(analyzeDeployment(d.resources, { "s3-bucket-disallow-conflicting-inline-arguments": "advisory" })).map((v) => v.enforcementLevel),
            ["advisory"],
        );
    });
});
