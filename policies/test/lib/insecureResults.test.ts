// The insecure results and the false positive of issue 18, in process: controls of buckets outside the stack, unknown
// narrowing conditions, the engine's unknown marker written as text, and one random suffix naming a bucket and its
// controls. test/policies/insecureResults.test.ts drives the same deployments over the Analyzer gRPC API.
import * as assert from "assert";

import { analyzeStack, Diagnostic } from "../support/inProcess";
import {
    arnOf,
    compliantBucket,
    Deployment,
    denyInsecureTransport,
    denyOutdatedTls,
    FULL_BLOCK,
    policyDocument,
    sharedSuffixDeployment,
    T,
    UNKNOWN,
} from "../support/fixtures";

const levels = (diags: Diagnostic[]) => diags.map((d) => `${d.policy} ${d.enforcementLevel} ${d.urn?.split("::").pop()}`);

describe("controls of a bucket outside the stack are judged on their own", () => {
    it("a BucketPolicy of an existing bucket without the TLS deny is a mandatory violation on the policy", () => {
        const d = new Deployment();
        d.add(T.bucketPolicy, "legacy-policy", { bucket: "legacy-masters", policy: policyDocument(denyOutdatedTls("legacy-masters")) });
        const diags = analyzeStack(d.resources);
        assert.deepStrictEqual(levels(diags), ["s3-bucket-enforce-tls mandatory legacy-policy"]);
        assert.match(
            diags[0].message,
            /^BucketPolicy "legacy-policy" of S3 bucket "legacy-masters" \(outside this stack\) does not deny plain-HTTP access to the bucket and its objects: .*"Resource": \["arn:aws:s3:::legacy-masters", "arn:aws:s3:::legacy-masters\/\*"\]/,
        );
    });

    it("a BucketPolicy of an existing bucket with both denies passes, and nothing else is asked of that bucket", () => {
        const d = new Deployment();
        d.add(T.bucketPolicy, "legacy-policy", {
            bucket: "legacy-masters",
            policy: policyDocument(denyInsecureTransport("legacy-masters"), denyOutdatedTls("legacy-masters")),
        });
        assert.deepStrictEqual(analyzeStack(d.resources), []);
    });

    it("a public access block of an existing bucket that is not fully on is a mandatory violation; fully on, it passes", () => {
        const d = new Deployment();
        d.add(T.publicAccessBlock, "legacy-block", { bucket: "legacy-masters", ...FULL_BLOCK, restrictPublicBuckets: false });
        const diags = analyzeStack(d.resources);
        assert.deepStrictEqual(levels(diags), ["s3-bucket-enforce-public-access-block mandatory legacy-block"]);
        assert.match(diags[0].message, /S3 bucket "legacy-masters" \(outside this stack\)/);
        assert.match(diags[0].message, /restrictPublicBuckets/);
        d.patch("legacy-block", FULL_BLOCK);
        assert.deepStrictEqual(analyzeStack(d.resources), []);
    });

    it("a BucketPolicy whose bucket comes from a resource that is not a bucket (a bucket read with .get()) is judged, name unknown", () => {
        const d = new Deployment();
        const lookup = d.add("pulumi:providers:aws", "other-account", {});
        d.add(T.bucketPolicy, "read-policy", { bucket: UNKNOWN, policy: policyDocument() }, { bucket: [lookup.urn] });
        const diags = analyzeStack(d.resources);
        assert.deepStrictEqual(levels(diags), ["s3-bucket-enforce-tls mandatory read-policy", "s3-bucket-enforce-minimum-tls-version advisory read-policy"]);
        assert.match(diags[0].message, /S3 bucket outside this stack \(name unknown\) does not deny plain-HTTP access/);
    });

    it("a bucket policy naming another bucket than the one its value was derived from is judged for the bucket it names", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket");
        d.add(
            T.bucketPolicy,
            "stray-policy",
            { bucket: "someone-elses-bucket", policy: policyDocument(denyInsecureTransport("media-bucket")) },
            { bucket: [bucket.urn] },
        );
        assert.deepStrictEqual(levels(analyzeStack(d.resources)), [
            "s3-bucket-enforce-tls mandatory stray-policy",
            "s3-bucket-enforce-minimum-tls-version advisory stray-policy",
        ]);
    });

    it("a deployment of compliant buckets gets no finding about buckets outside it", () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket");
        compliantBucket(d, "renditions", "renditions-bucket", { algorithm: "aws:kms" });
        assert.deepStrictEqual(analyzeStack(d.resources), []);
    });
});

describe("an unknown narrowing condition does not make a TLS violation an advisory", () => {
    function withTlsStatement(statement: unknown, asObject = false) {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket");
        const statements = [statement, denyOutdatedTls("media-bucket")];
        d.patch("media-policy", { policy: asObject ? { Version: "2012-10-17", Statement: statements } : policyDocument(...statements) });
        return { d, bucket };
    }
    const tls = denyInsecureTransport("media-bucket");
    const narrowed = (value: unknown) => ({ ...tls, Condition: { Bool: { "aws:SecureTransport": "false" }, StringNotEquals: { "aws:SourceVpce": value } } });

    it("a narrowing condition whose value the engine does not know yet: still a mandatory violation", () => {
        const { d } = withTlsStatement(narrowed(UNKNOWN), true);
        assert.deepStrictEqual(levels(analyzeStack(d.resources)), ["s3-bucket-enforce-tls mandatory media"]);
    });

    it("a narrowing operator whose whole key block is unknown: still a mandatory violation", () => {
        const { d } = withTlsStatement({ ...tls, Condition: { Bool: { "aws:SecureTransport": "false" }, StringNotEquals: UNKNOWN } }, true);
        assert.deepStrictEqual(levels(analyzeStack(d.resources)), ["s3-bucket-enforce-tls mandatory media"]);
    });

    it("the engine's unknown marker written literally in a JSON document is text: a mandatory violation, at preview and after", () => {
        const { d } = withTlsStatement(narrowed(UNKNOWN));
        assert.deepStrictEqual(levels(analyzeStack(d.resources)), ["s3-bucket-enforce-tls mandatory media"]);
    });

    it("the marker written literally as the SecureTransport value of a JSON document is a value that does not count", () => {
        const { d } = withTlsStatement({ ...tls, Condition: { Bool: { "aws:SecureTransport": UNKNOWN } } });
        assert.deepStrictEqual(levels(analyzeStack(d.resources)), ["s3-bucket-enforce-tls mandatory media"]);
    });

    it("the required condition's own value unknown (the engine's, in an object document) stays an advisory", () => {
        const { d } = withTlsStatement({ ...tls, Condition: { Bool: { "aws:SecureTransport": UNKNOWN } } }, true);
        const diags = analyzeStack(d.resources);
        assert.deepStrictEqual(levels(diags), ["s3-bucket-enforce-tls advisory media"]);
        assert.match(diags[0].message, /Condition\.Bool\.aws:SecureTransport of statement "DenyInsecureTransport" is unknown/);
    });

    it("the required condition with its value known passes whatever else is unknown in the document", () => {
        const { d } = withTlsStatement({ ...tls, Sid: UNKNOWN }, true);
        assert.deepStrictEqual(analyzeStack(d.resources), []);
    });

    it("still says so of an arn check: a literal marker in a Resource is not the bucket", () => {
        const { d } = withTlsStatement({ ...tls, Resource: [UNKNOWN, `${arnOf("media-bucket")}/*`] });
        assert.deepStrictEqual(levels(analyzeStack(d.resources)), ["s3-bucket-enforce-tls mandatory media"]);
    });
});

describe("one random suffix naming a bucket and its controls", () => {
    const sharedSuffix = sharedSuffixDeployment;

    it("is advisory at the first preview, never a mandatory violation", () => {
        const { d } = sharedSuffix();
        const diags = analyzeStack(d.resources);
        assert.ok(diags.length > 0, "what is not known yet is said");
        assert.deepStrictEqual(
            diags.filter((d) => d.enforcementLevel !== "advisory"),
            [],
        );
        assert.ok(diags.every((d) => d.urn?.endsWith("::media")));
        assert.match(diags.find((d) => d.policy === "s3-bucket-enforce-tls")!.message, /BucketPolicy "media-policy" may target it/);
    });

    it("a bucket named from the suffix with no control at all is still a mandatory violation", () => {
        const { d } = sharedSuffix();
        for (const name of ["media-encryption", "media-policy", "media-public-access-block", "media-logging"]) d.remove(name);
        assert.deepStrictEqual(
            levels(analyzeStack(d.resources)).filter((l) => l.includes("mandatory")),
            ["s3-bucket-enforce-encryption mandatory media", "s3-bucket-enforce-tls mandatory media", "s3-bucket-enforce-public-access-block mandatory media"],
        );
    });

    it("once the names are known, the controls are the bucket's and it passes", () => {
        const { d } = sharedSuffix();
        for (const r of d.resources) if (r.properties.bucket === UNKNOWN) r.properties.bucket = "media-1a2b3c";
        d.patch("media-policy", { policy: policyDocument(denyInsecureTransport("media-1a2b3c"), denyOutdatedTls("media-1a2b3c")) });
        assert.deepStrictEqual(analyzeStack(d.resources), []);
    });
});

describe("a CloudFormation control under a Condition", () => {
    function stackWithPolicyUnder(condition: string, parameters: Record<string, unknown> = {}) {
        const tlsDeny = {
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [{ "Fn::GetAtt": ["B", "Arn"] }, { "Fn::Sub": "${B.Arn}/*" }],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        };
        const templateBody = JSON.stringify({
            Parameters: { Env: { Type: "String", Default: "prod" }, Stage: { Type: "String" } },
            Conditions: { IsProd: { "Fn::Equals": [{ Ref: "Env" }, "prod"] }, IsStage: { "Fn::Equals": [{ Ref: "Stage" }, "stage"] } },
            Resources: {
                B: {
                    Type: "AWS::S3::Bucket",
                    Properties: {
                        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
                        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
                        LoggingConfiguration: { DestinationBucketName: "org-access-logs" },
                    },
                },
                P: { Type: "AWS::S3::BucketPolicy", Condition: condition, Properties: { Bucket: { Ref: "B" }, PolicyDocument: { Statement: [tlsDeny] } } },
            },
        });
        const d = new Deployment();
        d.add("aws:cloudformation/stack:Stack", "legacy", { templateBody, parameters });
        return analyzeStack(d.resources).filter((diag) => diag.policy === "s3-bucket-enforce-tls");
    }

    it("counts the control when the condition holds", () => assert.deepStrictEqual(stackWithPolicyUnder("IsProd"), []));

    it("does not count it when the template decides the condition is false: a mandatory violation", () => {
        assert.deepStrictEqual(levels(stackWithPolicyUnder("IsProd", { Env: "dev" })), ["s3-bucket-enforce-tls mandatory legacy"]);
    });

    it("counts it as unverified when only CloudFormation decides the condition: an advisory saying why", () => {
        const [diag, ...rest] = stackWithPolicyUnder("IsStage");
        assert.deepStrictEqual(rest, []);
        assert.strictEqual(diag.enforcementLevel, "advisory");
        assert.match(
            diag.message,
            /the policy document is unknown\. Inside the template, the parameter Stage, which has no Default .* is resolved by CloudFormation alone/,
        );
    });
});
