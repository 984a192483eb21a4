// Issue 18's insecure results and its false positive, over the Analyzer gRPC API as the CLI drives it: each insecure
// result is a mandatory violation, the shared-suffix names an advisory at the first preview. The same deployments,
// and their variants, are held in process by policies/test/lib/insecureResults.test.ts.
import * as assert from "assert";

import { PolicyPackClient } from "../../offline/policyPackClient";
import {
    compliantBucket,
    Deployment,
    denyInsecureTransport,
    denyOutdatedTls,
    FULL_BLOCK,
    policyDocument,
    sharedSuffixDeployment,
    T,
    UNKNOWN,
} from "../../policies/test/support/fixtures";
import { judge, startPack } from "./support/pack";

describe("issue 18's insecure results over the Analyzer gRPC API", function () {
    let pack: PolicyPackClient;
    before(async () => (pack = await startPack()));
    after(async () => pack?.close());

    const verdicts = async (d: Deployment, outputs = d.resources) =>
        (await judge(pack, d.resources, outputs)).map((v) => `${v.policy} ${v.enforcementLevel} ${v.urn?.split("::").pop()}`);

    it("a BucketPolicy and a public access block of a bucket outside the stack are judged on their own: mandatory", async () => {
        const d = new Deployment();
        d.add(T.bucketPolicy, "legacy-policy", { bucket: "legacy-masters", policy: policyDocument(denyOutdatedTls("legacy-masters")) });
        d.add(T.publicAccessBlock, "legacy-block", { bucket: "legacy-masters", ...FULL_BLOCK, blockPublicPolicy: false });
        assert.deepStrictEqual(await verdicts(d), [
            "s3-bucket-enforce-tls mandatory legacy-policy",
            "s3-bucket-enforce-public-access-block mandatory legacy-block",
        ]);
    });

    it("a CloudFormation bucket policy under a Condition the template decides is false does not count: mandatory", async () => {
        const templateBody = JSON.stringify({
            Parameters: { Env: { Type: "String", Default: "dev" } },
            Conditions: { IsProd: { "Fn::Equals": [{ Ref: "Env" }, "prod"] } },
            Resources: {
                B: { Type: "AWS::S3::Bucket", Properties: { BucketName: "acme-media" } },
                P: {
                    Type: "AWS::S3::BucketPolicy",
                    Condition: "IsProd",
                    Properties: { Bucket: { Ref: "B" }, PolicyDocument: { Statement: [{ ...denyInsecureTransport("acme-media") }] } },
                },
            },
        });
        const d = new Deployment();
        d.add("aws:cloudformation/stack:Stack", "legacy", { templateBody });
        assert.ok((await verdicts(d)).includes("s3-bucket-enforce-tls mandatory legacy"));
    });

    it("a narrowing condition whose value is unknown, or is the unknown marker as text, leaves the TLS violation mandatory", async () => {
        for (const asObject of [true, false]) {
            const d = new Deployment();
            compliantBucket(d, "media", "media-bucket");
            const narrowed = {
                ...denyInsecureTransport("media-bucket"),
                Condition: { Bool: { "aws:SecureTransport": "false" }, StringNotEquals: { "aws:SourceVpce": UNKNOWN } },
            };
            const statements = [narrowed, denyOutdatedTls("media-bucket")];
            d.patch("media-policy", { policy: asObject ? { Statement: statements } : policyDocument(...statements) });
            assert.deepStrictEqual(await verdicts(d), ["s3-bucket-enforce-tls mandatory media"], asObject ? "unknown value" : "marker as text");
        }
    });

    it("a deprecated inline argument beside a separate resource is mandatory", async () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket");
        bucket.properties = { ...bucket.properties, policy: policyDocument(denyInsecureTransport("media-bucket")) };
        assert.deepStrictEqual(await verdicts(d), ["s3-bucket-disallow-conflicting-inline-arguments mandatory media"]);
    });

    it("an aws-native StackSet's template is judged, and a Serverless Application Repository stack is reported", async () => {
        const d = new Deployment();
        d.add("aws-native:cloudformation:StackSet", "org-media", {
            templateBody: JSON.stringify({ Resources: { Media: { Type: "AWS::S3::Bucket", Properties: { BucketName: "acme-media" } } } }),
        });
        d.add("aws:serverlessrepository/cloudFormationStack:CloudFormationStack", "thumbnails", {
            applicationId: "arn:aws:serverlessrepo:us-east-1:123456789012:applications/x",
        });
        const found = await verdicts(d);
        assert.ok(found.includes("s3-bucket-enforce-encryption mandatory org-media"), found.join("\n"));
        assert.ok(found.includes("cloudformation-stack-inline-template advisory thumbnails"), found.join("\n"));
    });

    it("a bucket and its controls named from one random suffix are advisories at the first preview, and pass once known", async () => {
        const { d } = sharedSuffixDeployment();
        const atPreview = await verdicts(d);
        assert.ok(atPreview.length > 0);
        assert.deepStrictEqual(
            atPreview.filter((v) => !v.includes(" advisory ")),
            [],
        );
        for (const r of d.resources) if (r.properties.bucket === UNKNOWN) r.properties.bucket = "media-1a2b3c";
        d.patch("media-policy", { policy: policyDocument(denyInsecureTransport("media-1a2b3c"), denyOutdatedTls("media-1a2b3c")) });
        assert.deepStrictEqual(await verdicts(d), []);
    });
});
