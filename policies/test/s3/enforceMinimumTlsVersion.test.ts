import * as assert from "assert";

import { analyzeDeployment, analyzeStack, Diagnostic } from "../support/inProcess";
import { compliantBucket, Deployment, denyInsecureTransport, denyOutdatedTls, policyDocument } from "../support/fixtures";

const only = (policy: string) => (diags: Diagnostic[]) =>
    diags.filter((d) => d.policy === policy).map(({ enforcementLevel, urn, message }) => ({ enforcementLevel, urn, message }));

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
        assert.deepStrictEqual(
            reported.map((v) => v.urn),
            [bucket.urn],
        );
        assert.match(reported[0].message, /does not deny TLS older than 1\.3 on the bucket and its objects/);
    });

    it("reports a bucket without a policy", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket");
        d.remove("media-policy");
        assert.deepStrictEqual(of(analyzeStack(d.resources)), [
            {
                enforcementLevel: "advisory",
                urn: bucket.urn,
                message: `S3 bucket "media" (media-bucket) has no BucketPolicy targeting it: add one with the statement ${statement("1.2")}.`,
            },
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
        assert.deepStrictEqual(
            of(analyzeStack(d.resources, { "s3-bucket-enforce-minimum-tls-version": "mandatory" })).map((v) => v.enforcementLevel),
            ["mandatory"],
        );
    });
});
