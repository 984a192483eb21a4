import * as assert from "assert";

import { analyzeDeployment, analyzeStack, Diagnostic } from "../support/inProcess";
import { arnOf, compliantBucket, Deployment, denyInsecureTransport, denyOutdatedTls, policyDocument, UNKNOWN } from "../support/fixtures";

const POLICY = "s3-bucket-enforce-tls";
const of = (diags: Diagnostic[]) => diags.filter((d) => d.policy === POLICY).map(({ enforcementLevel, urn, message }) => ({ enforcementLevel, urn, message }));

const STATEMENT =
    '{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["<bucket ARN>", "<bucket ARN>/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}';
const notDenied = (missing: string) =>
    `BucketPolicy "media-policy" of S3 bucket "media" (media-bucket) does not deny plain-HTTP access to ${missing}: no Deny ` +
    `statement for every principal and s3:* with the sole condition aws:SecureTransport false covers it. Add ${STATEMENT}.`;

/** A media bucket whose policy holds `statements` (the old-TLS deny is kept so the advisory policy stays quiet). */
function withStatements(...statements: unknown[]): { d: Deployment; urn: string } {
    const d = new Deployment();
    const bucket = compliantBucket(d, "media", "media-bucket");
    d.patch("media-policy", { policy: policyDocument(...statements, denyOutdatedTls("media-bucket")) });
    return { d, urn: bucket.urn };
}
const FOUND_INLINE_POLICY =
    " Its inline policy argument was found and ignored: move it to an aws.s3.BucketPolicy with bucket: <bucket>.bucket and remove the inline argument.";
const tls = denyInsecureTransport("media-bucket");
const BUCKET = arnOf("media-bucket");

describe("s3-bucket-enforce-tls", () => {
    describe("counts a Deny of s3:* to every principal on the bucket and its objects when aws:SecureTransport is false", () => {
        const variants: Record<string, unknown[]> = {
            "the canonical statement": [tls],
            'Principal {"AWS": "*"}': [{ ...tls, Principal: { AWS: "*" } }],
            'Principal {"AWS": ["*"]}': [{ ...tls, Principal: { AWS: ["*"] } }],
            'Action "*"': [{ ...tls, Action: "*" }],
            "Action as a list holding s3:*": [{ ...tls, Action: ["s3:GetObject", "s3:*"] }],
            'Resource "*"': [{ ...tls, Resource: "*" }],
            "a bucket-name wildcard covering both": [{ ...tls, Resource: "arn:aws:s3:::media-bucket*" }],
            BoolIfExists: [{ ...tls, Condition: { BoolIfExists: { "aws:SecureTransport": "false" } } }],
            "the boolean false": [{ ...tls, Condition: { Bool: { "aws:SecureTransport": false } } }],
            'the list ["false"]': [{ ...tls, Condition: { Bool: { "aws:SecureTransport": ["false"] } } }],
            "a condition key in another case": [{ ...tls, Condition: { Bool: { "AWS:SecureTransport": "false" } } }],
            "two statements, one for the bucket and one for its objects": [
                { ...tls, Sid: "Bucket", Resource: BUCKET },
                { ...tls, Sid: "Objects", Resource: `${BUCKET}/*` },
            ],
        };
        for (const [label, statements] of Object.entries(variants)) {
            it(`with ${label}`, () => assert.deepStrictEqual(of(analyzeStack(withStatements(...statements).d.resources)), []));
        }

        it("with the document given as an object rather than a JSON string", () => {
            const { d } = withStatements();
            d.patch("media-policy", { policy: { Version: "2012-10-17", Statement: [tls] } });
            assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
        });

        it("with a single statement object instead of a list", () => {
            const { d } = withStatements();
            d.patch("media-policy", { policy: JSON.stringify({ Version: "2012-10-17", Statement: tls }) });
            assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
        });
    });

    describe("does not count", () => {
        const mutations: Record<string, unknown> = {
            "an Allow": { ...tls, Effect: "Allow" },
            "a narrower principal": { ...tls, Principal: { AWS: "arn:aws:iam::123456789012:root" } },
            "a service principal": { ...tls, Principal: { Service: "s3.amazonaws.com" } },
            NotPrincipal: { ...tls, Principal: undefined, NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" } },
            "an action list without s3:* or *": { ...tls, Action: ["s3:GetObject", "s3:PutObject"] },
            "s3:Get*": { ...tls, Action: "s3:Get*" },
            NotAction: { ...tls, Action: undefined, NotAction: "s3:GetObject" },
            "another condition next to SecureTransport": {
                ...tls,
                Condition: { Bool: { "aws:SecureTransport": "false" }, StringNotEquals: { "aws:PrincipalAccount": "123456789012" } },
            },
            "a second key under Bool": { ...tls, Condition: { Bool: { "aws:SecureTransport": "false", "aws:ViaAWSService": "false" } } },
            "SecureTransport true": { ...tls, Condition: { Bool: { "aws:SecureTransport": "true" } } },
            "another operator": { ...tls, Condition: { StringEquals: { "aws:SecureTransport": "false" } } },
            "no condition at all (that is a deny of everything, not a TLS rule)": { ...tls, Condition: undefined },
            NotResource: { ...tls, Resource: undefined, NotResource: "arn:aws:s3:::other" },
            "another bucket's ARN": { ...tls, Resource: [arnOf("other-bucket"), `${arnOf("other-bucket")}/*`] },
        };
        for (const [label, statement] of Object.entries(mutations)) {
            it(label, () => {
                const { d, urn } = withStatements(JSON.parse(JSON.stringify(statement)));
                assert.deepStrictEqual(of(analyzeStack(d.resources)), [
                    { enforcementLevel: "mandatory", urn, message: notDenied("the bucket and its objects") },
                ]);
            });
        }

        it("a deny that covers only the bucket, naming its objects as uncovered", () => {
            const { d, urn } = withStatements({ ...tls, Resource: BUCKET });
            assert.deepStrictEqual(of(analyzeStack(d.resources)), [{ enforcementLevel: "mandatory", urn, message: notDenied("its objects") }]);
        });

        it("a deny that covers only one prefix of the objects", () => {
            const { d, urn } = withStatements({ ...tls, Resource: [BUCKET, `${BUCKET}/masters/*`] });
            assert.deepStrictEqual(of(analyzeStack(d.resources)), [{ enforcementLevel: "mandatory", urn, message: notDenied("its objects") }]);
        });

        it("a deny that covers only the objects", () => {
            const { d, urn } = withStatements({ ...tls, Resource: `${BUCKET}/*` });
            assert.deepStrictEqual(of(analyzeStack(d.resources)), [{ enforcementLevel: "mandatory", urn, message: notDenied("the bucket") }]);
        });

        it("the deprecated inline policy argument, and says, from the bucket's inputs, that it was found and ignored", () => {
            const d = new Deployment();
            const bucket = compliantBucket(d, "media", "media-bucket");
            d.remove("media-policy").patch("media", { policy: policyDocument(tls) });
            // After deployment the bucket's policy output is whatever policy the bucket has: only the inputs tell.
            const outputs = d.resources.map((r) => (r === bucket ? { ...r, properties: { ...r.properties, policy: "" } } : r));
            assert.deepStrictEqual(of(analyzeDeployment(d.resources, {}, outputs)), [
                {
                    enforcementLevel: "mandatory",
                    urn: bucket.urn,
                    message: `S3 bucket "media" (media-bucket) has no BucketPolicy targeting it: add one with the statement ${STATEMENT}.${FOUND_INLINE_POLICY}`,
                },
            ]);
        });

        it("a missing BucketPolicy, saying nothing of inline arguments to a bucket whose inputs have none", () => {
            const d = new Deployment();
            const bucket = compliantBucket(d, "media", "media-bucket");
            d.remove("media-policy");
            const outputs = d.resources.map((r) => (r === bucket ? { ...r, properties: { ...r.properties, policy: policyDocument(tls) } } : r));
            assert.deepStrictEqual(of(analyzeDeployment(d.resources, {}, outputs)), [
                {
                    enforcementLevel: "mandatory",
                    urn: bucket.urn,
                    message: `S3 bucket "media" (media-bucket) has no BucketPolicy targeting it: add one with the statement ${STATEMENT}.`,
                },
            ]);
        });

        it("a document that is not JSON", () => {
            const { d, urn } = withStatements();
            d.patch("media-policy", { policy: "{not json" });
            const [v] = of(analyzeStack(d.resources));
            assert.strictEqual(v.urn, urn);
            assert.match(v.message, /^The policy of BucketPolicy "media-policy" of S3 bucket "media" \(media-bucket\) is not valid JSON \(/);
        });
    });

    describe("fix hints name the bucket's real ARN once it is known (after creation)", () => {
        // A China-region ARN: the hint takes the bucket's arn output, it does not build one from the name.
        const ARN = "arn:aws-cn:s3:::media-bucket";
        const known = `{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["${ARN}", "${ARN}/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`;

        it("in the statement to add when no BucketPolicy targets the bucket", () => {
            const d = new Deployment();
            const bucket = compliantBucket(d, "media", "media-bucket");
            d.remove("media-policy").patch("media", { arn: ARN });
            assert.deepStrictEqual(of(analyzeStack(d.resources)), [
                {
                    enforcementLevel: "mandatory",
                    urn: bucket.urn,
                    message: `S3 bucket "media" (media-bucket) has no BucketPolicy targeting it: add one with the statement ${known}.`,
                },
            ]);
        });

        it("in the statement to add when the BucketPolicy does not deny plain HTTP", () => {
            const { d, urn } = withStatements();
            d.patch("media", { arn: ARN });
            assert.deepStrictEqual(of(analyzeStack(d.resources)), [
                { enforcementLevel: "mandatory", urn, message: notDenied("the bucket and its objects").replace(STATEMENT, known) },
            ]);
        });
    });

    it("judges every bucket against its own policy", () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket");
        const logs = compliantBucket(d, "logs", "logs-bucket");
        // The logs policy denies plain HTTP on the media bucket only.
        d.patch("logs-policy", { policy: policyDocument(denyInsecureTransport("media-bucket")) });
        assert.deepStrictEqual(
            of(analyzeStack(d.resources)).map((v) => v.urn),
            [logs.urn],
        );
    });

    describe("at preview", () => {
        it("reports an advisory naming the bucket and its policy when the document is unknown", () => {
            const { d, urn } = withStatements();
            d.patch("media-policy", { policy: UNKNOWN });
            assert.deepStrictEqual(of(analyzeStack(d.resources)), [
                {
                    enforcementLevel: "advisory",
                    urn,
                    message:
                        'Could not verify that BucketPolicy "media-policy" of S3 bucket "media" (media-bucket) denies plain-HTTP access to the bucket and its objects: ' +
                        "the policy document is unknown. It is judged again with real values when the resources are created (pulumi up).",
                },
            ]);
        });

        it("reports an advisory when an unknown statement value may be what covers the objects", () => {
            const { d, urn } = withStatements({ ...tls, Sid: "Bucket", Resource: BUCKET }, { ...tls, Sid: "Objects", Resource: UNKNOWN });
            d.patch("media-policy", {
                policy: {
                    Statement: [
                        { ...tls, Sid: "Bucket", Resource: BUCKET },
                        { ...tls, Sid: "Objects", Resource: UNKNOWN },
                    ],
                },
            });
            assert.deepStrictEqual(of(analyzeStack(d.resources)), [
                {
                    enforcementLevel: "advisory",
                    urn,
                    message:
                        'Could not verify that BucketPolicy "media-policy" of S3 bucket "media" (media-bucket) denies plain-HTTP access to its objects: ' +
                        'Resource of statement "Objects" is unknown. It is judged again with real values when the resources are created (pulumi up).',
                },
            ]);
        });

        it("passes when known statements already cover everything, whatever the unknown ones say", () => {
            const { d } = withStatements();
            d.patch("media-policy", {
                policy: { Statement: [tls, { Sid: "Other", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: UNKNOWN }] },
            });
            assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
        });

        it("does not let an unknown in a statement that cannot count (an Allow) hide a certain violation", () => {
            const { d, urn } = withStatements();
            d.patch("media-policy", { policy: { Statement: [{ Effect: "Allow", Principal: UNKNOWN, Action: "s3:GetObject", Resource: `${BUCKET}/*` }] } });
            assert.deepStrictEqual(of(analyzeStack(d.resources)), [{ enforcementLevel: "mandatory", urn, message: notDenied("the bucket and its objects") }]);
        });

        it("reports an advisory when the bucket's name is unknown and the policy names a bucket ARN", () => {
            const d = new Deployment();
            const bucket = compliantBucket(d, "media", UNKNOWN);
            d.patch("media-policy", { policy: policyDocument(denyInsecureTransport("media-bucket")) });
            assert.deepStrictEqual(
                of(analyzeStack(d.resources)).map((v) => [v.enforcementLevel, v.urn]),
                [["advisory", bucket.urn]],
            );
        });

        it("blocks a certainly non-compliant bucket and still reports an advisory for another bucket in the same stack", () => {
            const d = new Deployment();
            compliantBucket(d, "media", "media-bucket");
            const logs = compliantBucket(d, "logs", "logs-bucket");
            d.patch("media-policy", { policy: UNKNOWN }).remove("logs-policy");
            assert.deepStrictEqual(
                of(analyzeStack(d.resources)).map((v) => [v.enforcementLevel, v.urn]),
                [
                    ["mandatory", logs.urn],
                    ["advisory", d.find("media").urn],
                ],
            );
        });
    });
});
