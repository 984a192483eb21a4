import * as assert from "assert";

import { analyzeStack, Diagnostic } from "../support/inProcess";
import { compliantBucket, Deployment, UNKNOWN } from "../support/fixtures";

const only = (policy: string) => (diags: Diagnostic[]) =>
    diags.filter((d) => d.policy === policy).map(({ enforcementLevel, urn, message }) => ({ enforcementLevel, urn, message }));

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
        assert.deepStrictEqual(
            of(analyzeStack(d.resources)).map((v) => [v.enforcementLevel, v.urn]),
            [["advisory", bucket.urn]],
        );
    });
});
