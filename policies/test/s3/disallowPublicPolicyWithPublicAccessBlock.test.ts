import * as assert from "assert";

import { analyzeStack, Diagnostic } from "../support/inProcess";
import { arnOf, compliantBucket, Deployment, denyInsecureTransport, denyOutdatedTls, policyDocument, UNKNOWN } from "../support/fixtures";

describe("s3-bucket-disallow-public-policy-with-public-access-block (advisory)", () => {
    const of = (diags: Diagnostic[]) =>
        diags
            .filter((d) => d.policy === "s3-bucket-disallow-public-policy-with-public-access-block")
            .map(({ enforcementLevel, urn, message }) => ({ enforcementLevel, urn, message }));
    // The public-read statement of a static website, next to the deny statements the other policies ask for.
    const PUBLIC_READ = { Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${arnOf("media-bucket")}/*` };
    const withStatements = (...statements: unknown[]) => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket");
        d.patch("media-policy", { policy: policyDocument(denyInsecureTransport("media-bucket"), denyOutdatedTls("media-bucket"), ...statements) });
        return { d, urn: bucket.urn };
    };
    const refused = (statements: string) =>
        `BucketPolicy "media-policy" of S3 bucket "media" (media-bucket) allows every principal (*) without a condition in ${statements}, while ` +
        'BucketPublicAccessBlock "media-public-access-block" sets blockPublicPolicy to true: S3 refuses to set such a policy while the block is in place ' +
        "(PutBucketPolicy returns AccessDenied), so pulumi up fails whenever the policy is created or changed after the block. " +
        "Name the principals or add a condition (such as aws:SourceArn for a CloudFront distribution), or drop the statement.";

    it("passes a policy whose only statements for every principal are Denies", () => {
        assert.deepStrictEqual(of(analyzeStack(withStatements().d.resources)), []);
    });

    it('reports a public-read Allow to "*" next to blockPublicPolicy: true, on the bucket, naming the statement', () => {
        const { d, urn } = withStatements(PUBLIC_READ);
        assert.deepStrictEqual(of(analyzeStack(d.resources)), [{ enforcementLevel: "advisory", urn, message: refused('statement "PublicRead"') }]);
    });

    it('reports {"AWS": "*"} and a statement without a Sid by its 0-based path', () => {
        const { Sid: _, ...unnamed } = PUBLIC_READ;
        const { d, urn } = withStatements({ ...unnamed, Principal: { AWS: "*" } });
        assert.deepStrictEqual(of(analyzeStack(d.resources)), [{ enforcementLevel: "advisory", urn, message: refused("Statement[2]") }]);
    });

    it("leaves a public statement narrowed by a condition alone", () => {
        const { d } = withStatements({
            ...PUBLIC_READ,
            Condition: { StringEquals: { "aws:SourceArn": "arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE" } },
        });
        assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
    });

    it("leaves a bucket whose block allows public policies to s3-bucket-enforce-public-access-block", () => {
        const { d } = withStatements(PUBLIC_READ);
        d.patch("media-public-access-block", { blockPublicPolicy: false });
        assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
        assert.deepStrictEqual(
            analyzeStack(d.resources).map((v) => [v.policy, v.enforcementLevel]),
            [["s3-bucket-enforce-public-access-block", "mandatory"]],
        );
    });

    it("does not forecast from unknowns at preview: S3 itself refuses the policy during the update", () => {
        const { d } = withStatements(PUBLIC_READ);
        d.patch("media-public-access-block", { blockPublicPolicy: UNKNOWN });
        assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
        d.patch("media-public-access-block", { blockPublicPolicy: true }).patch("media-policy", {
            policy: policyDocument({ ...PUBLIC_READ, Principal: UNKNOWN }),
        });
        assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
    });

    it("does not count another bucket's public access block", () => {
        const { d } = withStatements(PUBLIC_READ);
        d.remove("media-public-access-block");
        compliantBucket(d, "logs", "logs-bucket");
        assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
    });
});
