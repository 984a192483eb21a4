import * as assert from "assert";

import { analyzeStack, Diagnostic } from "./support/inProcess";
import { arnOf, compliantBucket, Deployment, denyInsecureTransport, denyOutdatedTls, policyDocument, T, UNKNOWN } from "./support/fixtures";

const POLICY = "s3-bucket-enforce-public-access-block";
const of = (diags: Diagnostic[]) => diags.filter((d) => d.policy === POLICY).map(({ enforcementLevel, urn, message }) => ({ enforcementLevel, urn, message }));
const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

describe("s3-bucket-enforce-public-access-block", () => {
    it("passes a bucket with its own public access block, all four flags true", () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket");
        assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
    });

    it("blocks a bucket without a public access block", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket");
        d.remove("media-public-access-block");
        assert.deepStrictEqual(of(analyzeStack(d.resources)), [
            {
                enforcementLevel: "mandatory",
                urn: bucket.urn,
                message:
                    'S3 bucket "media" (media-bucket) has no BucketPublicAccessBlock targeting it: add one whose bucket is this bucket, with blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets all true.',
            },
        ]);
    });

    for (const flag of FLAGS) {
        it(`blocks a public access block with ${flag} false, naming the flag`, () => {
            const d = new Deployment();
            const bucket = compliantBucket(d, "media", "media-bucket");
            d.patch("media-public-access-block", { [flag]: false });
            assert.deepStrictEqual(of(analyzeStack(d.resources)), [
                {
                    enforcementLevel: "mandatory",
                    urn: bucket.urn,
                    message: `BucketPublicAccessBlock "media-public-access-block" of S3 bucket "media" (media-bucket) does not block all public access: ${flag} is false; set blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets all to true.`,
                },
            ]);
        });
    }

    it("treats an unset flag as false", () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket");
        d.patch("media-public-access-block", { restrictPublicBuckets: undefined });
        assert.match(of(analyzeStack(d.resources))[0].message, /restrictPublicBuckets is not set;/);
    });

    it("does not let another bucket's public access block count", () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket");
        const logs = compliantBucket(d, "logs", "logs-bucket");
        d.remove("logs-public-access-block");
        d.control(T.publicAccessBlock, "logs-public-access-block", d.find("media"), { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
        assert.deepStrictEqual(of(analyzeStack(d.resources)).map((v) => v.urn), [logs.urn]);
    });

    it("reports an advisory naming the flag when it is unknown at preview", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket");
        d.patch("media-public-access-block", { blockPublicPolicy: UNKNOWN });
        assert.deepStrictEqual(of(analyzeStack(d.resources)), [
            {
                enforcementLevel: "advisory",
                urn: bucket.urn,
                message:
                    'Could not verify BucketPublicAccessBlock "media-public-access-block" of S3 bucket "media" (media-bucket): blockPublicPolicy is unknown. It is judged again with real values when the resources are created (pulumi up).',
            },
        ]);
    });

    it("blocks a known false flag even when another flag is unknown", () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket");
        d.patch("media-public-access-block", { blockPublicPolicy: UNKNOWN, blockPublicAcls: false });
        assert.deepStrictEqual(of(analyzeStack(d.resources)).map((v) => v.enforcementLevel), ["mandatory"]);
    });
});

describe("s3-bucket-disallow-public-policy-with-public-access-block (advisory)", () => {
    const of = (diags: Diagnostic[]) =>
        diags.filter((d) => d.policy === "s3-bucket-disallow-public-policy-with-public-access-block").map(({ enforcementLevel, urn, message }) => ({ enforcementLevel, urn, message }));
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
        const { d } = withStatements({ ...PUBLIC_READ, Condition: { StringEquals: { "aws:SourceArn": "arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE" } } });
        assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
    });

    it("leaves a bucket whose block allows public policies to s3-bucket-enforce-public-access-block", () => {
        const { d } = withStatements(PUBLIC_READ);
        d.patch("media-public-access-block", { blockPublicPolicy: false });
        assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
        assert.deepStrictEqual(analyzeStack(d.resources).map((v) => [v.policy, v.enforcementLevel]), [["s3-bucket-enforce-public-access-block", "mandatory"]]);
    });

    it("does not forecast from unknowns at preview: S3 itself refuses the policy during the update", () => {
        const { d } = withStatements(PUBLIC_READ);
        d.patch("media-public-access-block", { blockPublicPolicy: UNKNOWN });
        assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
        d.patch("media-public-access-block", { blockPublicPolicy: true }).patch("media-policy", { policy: policyDocument({ ...PUBLIC_READ, Principal: UNKNOWN }) });
        assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
    });

    it("does not count another bucket's public access block", () => {
        const { d } = withStatements(PUBLIC_READ);
        d.remove("media-public-access-block");
        compliantBucket(d, "logs", "logs-bucket");
        assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
    });
});
