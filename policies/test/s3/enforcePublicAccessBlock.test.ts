import * as assert from "assert";

import { analyzeStack, Diagnostic } from "../support/inProcess";
import { compliantBucket, Deployment, T, UNKNOWN } from "../support/fixtures";

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
        d.control(T.publicAccessBlock, "logs-public-access-block", d.find("media"), {
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        assert.deepStrictEqual(
            of(analyzeStack(d.resources)).map((v) => v.urn),
            [logs.urn],
        );
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
        assert.deepStrictEqual(
            of(analyzeStack(d.resources)).map((v) => v.enforcementLevel),
            ["mandatory"],
        );
    });
});
