// The pack as Pulumi Cloud files its results (issue 20), over the Analyzer gRPC API as the CLI drives it: metadata in
// GetAnalyzerInfo, notApplicable in AnalyzeResponse, exemptions through Configure, and the shapes the engine sends in
// `pulumi policy analyze` and in audit scans of discovered accounts (docs/policy-pack.md, "Audit and pulumi policy analyze").
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import Ajv from "ajv";

import type { AnalyzedResource, PackViolation, PolicyConfig, PolicyPackClient } from "../../offline/policyPackClient";
import { REFERENCE_PAGE, REPOSITORY } from "../../policies/lib/metadata";
import {
    compliantBucket,
    compliantKey,
    Deployment,
    denyInsecureTransport,
    denyOutdatedTls,
    policyDocument,
    T,
    urnOf,
} from "../../policies/test/support/fixtures";
import { detail, judge, PACK_DIR, startPack } from "./support/pack";

const ROTATION = "kms-key-enable-rotation";
const TLS = "s3-bucket-enforce-tls";
const ENCRYPTION = "s3-bucket-enforce-encryption";

/** `YYYY-MM-DD`, `days` from today (UTC). */
function day(days: number): string {
    return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

const of = (policy: string) => (vs: readonly PackViolation[]) => vs.filter((v) => v.policy === policy);

/** A bucket as the aws provider (v7) reads it back from AWS: its outputs, deprecated read-back properties included. */
function readBackBucket(name: string, physicalName: string, overrides: Record<string, unknown> = {}): AnalyzedResource {
    return {
        urn: urnOf(T.bucket, name),
        type: T.bucket,
        name,
        properties: {
            bucket: physicalName,
            arn: `arn:aws:s3:::${physicalName}`,
            bucketDomainName: `${physicalName}.s3.amazonaws.com`,
            bucketRegionalDomainName: `${physicalName}.s3.eu-west-1.amazonaws.com`,
            hostedZoneId: "Z1BKCTXD74EZPE",
            region: "eu-west-1",
            bucketRegion: "eu-west-1",
            forceDestroy: false,
            objectLockEnabled: false,
            requestPayer: "BucketOwner",
            tags: {},
            tagsAll: {},
            versioning: { enabled: true, mfaDelete: false },
            serverSideEncryptionConfiguration: {
                rule: {
                    applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256", kmsMasterKeyId: "" },
                    bucketKeyEnabled: false,
                    blockedEncryptionTypes: ["SSE-C"],
                },
            },
            policy: policyDocument(denyInsecureTransport(physicalName), denyOutdatedTls(physicalName)),
            logging: { targetBucket: "org-access-logs", targetPrefix: `${physicalName}/` },
            ...overrides,
        },
    };
}

describe("the pack's findings over the Analyzer gRPC API", function () {
    let pack: PolicyPackClient;
    before(async () => (pack = await startPack()));
    after(async () => pack?.close());
    afterEach(async () => pack.configure({}));

    describe("GetAnalyzerInfo", () => {
        it("gives every policy a display name, a severity, remediation steps and the URL of its section in the generated reference", async () => {
            const info = await pack.getAnalyzerInfo();
            const reference = fs.readFileSync(path.join(PACK_DIR, "..", "docs", "policy-pack.md"), "utf8");
            assert.deepStrictEqual(
                info.policies.map((p) => [p.name, p.severity]),
                [
                    ["s3-bucket-enforce-encryption", "high"],
                    ["s3-bucket-enforce-tls", "high"],
                    ["s3-bucket-enforce-public-access-block", "critical"],
                    ["kms-key-enable-rotation", "medium"],
                    ["kms-key-configure-deletion-window", "medium"],
                    ["kms-key-disallow-public-principal", "critical"],
                    ["s3-bucket-enforce-minimum-tls-version", "medium"],
                    ["s3-bucket-enable-bucket-key", "low"],
                    ["s3-bucket-configure-blocked-encryption-types", "medium"],
                    ["s3-bucket-disallow-conflicting-inline-arguments", "medium"],
                    ["s3-bucket-disallow-public-policy-with-public-access-block", "medium"],
                    ["s3-bucket-enable-access-logging", "medium"],
                    ["cloudformation-stack-inline-template", "medium"],
                ],
            );
            for (const p of info.policies) {
                assert.ok(p.displayName.length > 0, `${p.name} has a display name`);
                assert.match(p.remediationSteps, /^\S.{40,}\.$/s, `${p.name} says what to change`);
                assert.strictEqual(p.url, `${REFERENCE_PAGE}#${p.name}`);
                assert.ok(reference.includes(`\n### \`${p.name}\`\n`), `docs/policy-pack.md has the section ${p.url} points at`);
            }
        });

        it("names the AWS Security Hub control each policy implements, and the related CIS recommendation, where one exists", async () => {
            const info = await pack.getAnalyzerInfo();
            assert.deepStrictEqual(
                info.policies.filter((p) => p.framework).map((p) => [p.name, p.framework, p.tags.filter((t) => t.startsWith("cis-"))]),
                [
                    [
                        "s3-bucket-enforce-tls",
                        {
                            name: "AWS Foundational Security Best Practices",
                            version: "v1.0.0",
                            reference: "S3.5",
                            specification: "S3 general purpose buckets should require requests to use SSL",
                        },
                        ["cis-aws-foundations-v3.0.0:2.1.1"],
                    ],
                    [
                        "s3-bucket-enforce-public-access-block",
                        {
                            name: "AWS Foundational Security Best Practices",
                            version: "v1.0.0",
                            reference: "S3.8",
                            specification: "S3 general purpose buckets should block public access",
                        },
                        ["cis-aws-foundations-v3.0.0:2.1.4"],
                    ],
                    [
                        "kms-key-enable-rotation",
                        {
                            name: "AWS Foundational Security Best Practices",
                            version: "v1.0.0",
                            reference: "KMS.4",
                            specification: "AWS KMS key rotation should be enabled",
                        },
                        ["cis-aws-foundations-v3.0.0:3.6"],
                    ],
                    [
                        "kms-key-disallow-public-principal",
                        {
                            name: "AWS Foundational Security Best Practices",
                            version: "v1.0.0",
                            reference: "KMS.5",
                            specification: "KMS keys should not be publicly accessible",
                        },
                        [],
                    ],
                    [
                        "s3-bucket-enable-access-logging",
                        {
                            name: "AWS Foundational Security Best Practices",
                            version: "v1.0.0",
                            reference: "S3.9",
                            specification: "S3 general purpose buckets should have server access logging enabled",
                        },
                        [],
                    ],
                ],
            );
        });

        it("describes the pack itself: display name, readme, provider, tags and repository", async () => {
            const info = await pack.getAnalyzerInfo();
            assert.strictEqual(info.provider, "aws");
            assert.strictEqual(info.repository, REPOSITORY);
            assert.deepStrictEqual(info.tags, ["aws", "s3", "kms", "encryption", "media"]);
            assert.ok(info.displayName.length > 0);
            assert.ok(info.readme.includes(REFERENCE_PAGE));
            const manifest = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8"));
            assert.strictEqual(manifest.homepage, REFERENCE_PAGE, "package.json's homepage is the published reference");
        });

        it("gives every policy an exemptions config: a list of {resource, reason, expires}, all three required", async () => {
            const info = await pack.getAnalyzerInfo();
            for (const p of info.policies) {
                const schema = p.configSchema!.properties.exemptions;
                assert.strictEqual(schema.type, "array", p.name);
                assert.deepStrictEqual(schema.items.required, ["resource", "reason", "expires"]);
                assert.deepStrictEqual(schema.default, []);
            }
        });
    });

    describe("notApplicable", () => {
        it("an asymmetric key gets notApplicable from the rotation policy, with the reason, and no finding", async () => {
            const key = compliantKey(new Deployment(), "signing-key", { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY", enableKeyRotation: false });
            const { violations, notApplicable } = await pack.analyzeWithNotApplicable(key);
            assert.deepStrictEqual(of(ROTATION)(violations), []);
            assert.deepStrictEqual(
                notApplicable.filter((n) => n.policy === ROTATION),
                [
                    {
                        policy: ROTATION,
                        reason: 'Key "signing-key" cannot rotate automatically: keyUsage is "SIGN_VERIFY", and AWS KMS rotates only symmetric encryption keys whose key material it generated, outside custom key stores.',
                    },
                ],
            );
        });

        it("a symmetric key without rotation is judged, not passed over", async () => {
            const key = compliantKey(new Deployment(), "media-key-na", { enableKeyRotation: false });
            const { violations, notApplicable } = await pack.analyzeWithNotApplicable(key);
            assert.deepStrictEqual(
                of(ROTATION)(violations).map((v) => v.enforcementLevel),
                ["mandatory"],
            );
            assert.ok(!notApplicable.some((n) => n.policy === ROTATION));
        });

        it("an S3 Tables table bucket and a directory bucket are not applicable to any S3 policy, each with its reason", async () => {
            const d = new Deployment();
            const table = d.add("aws:s3tables/tableBucket:TableBucket", "analytics", { name: "analytics" });
            const directory = d.add("aws:s3/directoryBucket:DirectoryBucket", "scratch", { bucket: "scratch--euw1-az1--x-s3" });
            const info = await pack.getAnalyzerInfo();
            const s3 = info.policies.map((p) => p.name).filter((n) => n.startsWith("s3-"));
            for (const [resource, reason] of [
                [table, /^S3 Tables table buckets are not general purpose buckets/],
                [directory, /^Directory buckets \(S3 Express One Zone\) are not general purpose buckets/],
            ] as const) {
                const { violations, notApplicable } = await pack.analyzeWithNotApplicable(resource);
                assert.deepStrictEqual(violations, []);
                assert.deepStrictEqual(
                    notApplicable.filter((n) => n.policy.startsWith("s3-")).map((n) => n.policy),
                    s3,
                );
                for (const n of notApplicable.filter((n) => n.policy.startsWith("s3-"))) assert.match(n.reason, reason);
            }
        });

        it("a resource outside every policy's service is not applicable to any, and says what each judges", async () => {
            const queue = new Deployment().add(T.queue, "jobs", { name: "jobs" });
            const info = await pack.getAnalyzerInfo();
            const { notApplicable } = await pack.analyzeWithNotApplicable(queue);
            assert.deepStrictEqual(
                notApplicable.map((n) => n.policy),
                info.policies.map((p) => p.name),
            );
            assert.strictEqual(
                notApplicable.find((n) => n.policy === ROTATION)!.reason,
                "Judges KMS keys and key policies only (and CloudFormation stacks that declare them).",
            );
        });
    });

    describe("S3 Vectors", () => {
        const vectorBucket = (name: string, encryption?: Record<string, unknown>) =>
            new Deployment().add("aws:s3/vectorsVectorBucket:VectorsVectorBucket", name, {
                vectorBucketName: name,
                ...(encryption ? { encryptionConfigurations: [encryption] } : {}),
            });

        it("judges a vector bucket's encryption, which S3 Vectors sets to AES256 when unset and never changes", async () => {
            await pack.configure({ [ENCRYPTION]: { allowedAlgorithms: ["aws:kms"] } });
            const plain = vectorBucket("embeddings");
            assert.deepStrictEqual(
                of(ENCRYPTION)(await pack.analyze(plain)).map((v) => [v.enforcementLevel, v.urn, detail(v)]),
                [
                    [
                        "mandatory",
                        plain.urn,
                        'S3 Vectors vector bucket "embeddings" is encrypted with an algorithm that is not allowed (encryptionConfigurations[0].sseType is not set, so S3 Vectors uses AES256 (SSE-S3); allowed: aws:kms). ' +
                            "Its encryption cannot change after creation: create a new one with encryptionConfigurations[0].sseType one of aws:kms, move the vectors, and delete this one.",
                    ],
                ],
            );
            const kms = vectorBucket("embeddings-kms", {
                sseType: "aws:kms",
                kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            });
            assert.deepStrictEqual(of(ENCRYPTION)(await pack.analyze(kms)), []);
        });

        it("passes a vector bucket under the default allowed algorithms, and leaves the other S3 policies not applicable", async () => {
            const { violations, notApplicable } = await pack.analyzeWithNotApplicable(vectorBucket("embeddings-default"));
            assert.deepStrictEqual(violations, []);
            assert.ok(!notApplicable.some((n) => n.policy === ENCRYPTION));
            assert.ok(notApplicable.some((n) => n.policy === TLS && n.reason.startsWith("S3 Vectors resources are not general purpose buckets")));
        });
    });

    describe("exemptions", () => {
        /** Two buckets without a TLS policy: `media` and `legacy-<suffix>` ones. */
        function bucketsWithoutTls(...names: string[]): Deployment {
            const d = new Deployment();
            for (const name of names) compliantBucket(d, name, `${name}-bucket`);
            for (const name of names) d.remove(`${name}-policy`);
            return d;
        }
        /** Each TLS finding as [bucket, level, message]: the whole message, as Pulumi Cloud files it. */
        const tlsOf = (vs: readonly PackViolation[]) => of(TLS)(vs).map((v) => [v.urn!.split("::").pop(), v.enforcementLevel, v.message]);
        const descriptionOf = async (policy: string) => (await pack.getAnalyzerInfo()).policies.find((p) => p.name === policy)!.description;
        const missing = (name: string) =>
            `S3 bucket "${name}" (${name}-bucket) has no BucketPolicy targeting it: add one with the statement {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["<bucket ARN>", "<bucket ARN>/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}.`;

        it("an unexpired exemption of a URN turns that resource's violation into an advisory that says why and until when", async () => {
            const d = bucketsWithoutTls("site", "media");
            const until = day(30);
            await pack.configure({
                [TLS]: { exemptions: [{ resource: d.find("site").urn, reason: "Static website; owner: web team (SEC-123)", expires: until }] },
            });
            const description = await descriptionOf(TLS);
            assert.deepStrictEqual(tlsOf(await judge(pack, d.resources)), [
                ["site", "advisory", `Exempted until ${until}: Static website; owner: web team (SEC-123). ${description}\n${missing("site")}`],
                ["media", "mandatory", `${description}\n${missing("media")}`],
            ]);
        });

        it("a URN pattern with * exempts every resource it matches, and no other", async () => {
            const d = bucketsWithoutTls("legacy-a", "legacy-b", "media");
            const until = day(100);
            await pack.configure({
                [TLS]: {
                    exemptions: [{ resource: "urn:pulumi:dev::corpus::aws:s3/bucket:Bucket::legacy-*", reason: "Vendor bucket, migrating.", expires: until }],
                },
            });
            assert.deepStrictEqual(
                tlsOf(await judge(pack, d.resources)).map(([name, level]) => [name, level]),
                [
                    ["legacy-a", "advisory"],
                    ["legacy-b", "advisory"],
                    ["media", "mandatory"],
                ],
            );
        });

        it("an expired exemption changes nothing but the end of the message", async () => {
            const d = bucketsWithoutTls("site");
            const ended = day(-1);
            await pack.configure({ [TLS]: { exemptions: [{ resource: d.find("site").urn, reason: "Static website", expires: ended }] } });
            assert.deepStrictEqual(tlsOf(await judge(pack, d.resources)), [
                ["site", "mandatory", `${await descriptionOf(TLS)}\n${missing("site")} (exemption expired on ${ended})`],
            ]);
        });

        it("exempts a resource policy's finding too (a key without rotation)", async () => {
            const key = compliantKey(new Deployment(), "vendor-key", { enableKeyRotation: false });
            const until = day(10);
            await pack.configure({ [ROTATION]: { exemptions: [{ resource: key.urn, reason: "Managed by the vendor", expires: until }] } });
            assert.deepStrictEqual(
                of(ROTATION)(await pack.analyze(key)).map((v) => [v.enforcementLevel, v.message]),
                [
                    [
                        "advisory",
                        `Exempted until ${until}: Managed by the vendor. ${await descriptionOf(ROTATION)}\n` +
                            'Key "vendor-key" is a symmetric encryption key without automatic rotation (enableKeyRotation is false): set enableKeyRotation to true.',
                    ],
                ],
            );
        });

        it("a malformed exemption is refused by the schema the CLI validates config against", async () => {
            const info = await pack.getAnalyzerInfo();
            const schema = info.policies.find((p) => p.name === TLS)!.configSchema!;
            // What the CLI does before Configure (pulumi/pulumi pkg/resource/analyzer/config.go, validatePolicyConfig):
            // the policy's properties and required list, as an object schema, checked with a JSON Schema validator.
            const validate = new Ajv({ allErrors: true, strict: false }).compile({ type: "object", properties: schema.properties, required: schema.required });
            const ok = (config: object) => validate(config) === true;
            const good = { resource: "urn:pulumi:dev::corpus::*", reason: "why", expires: "2027-01-31" };
            assert.ok(ok({ exemptions: [good] }));
            const { reason: _, ...withoutReason } = good;
            assert.ok(!ok({ exemptions: [withoutReason] }));
            assert.match(JSON.stringify(validate.errors), /must have required property 'reason'/);
            assert.ok(!ok({ exemptions: [{ ...good, expires: "31/01/2027" }] }));
            assert.ok(!ok({ exemptions: [{ ...good, owner: "web team" }] }));
            assert.ok(!ok({ exemptions: [{ ...good, resource: "" }] }));
        });

        it("the example config (policies/policy-config.example.json) passes every policy's schema, its exemptions included", async () => {
            const info = await pack.getAnalyzerInfo();
            const example = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "policy-config.example.json"), "utf8"));
            const ajv = new Ajv({ allErrors: true, strict: false });
            for (const p of info.policies) {
                const { enforcementLevel: _, ...config } = example[p.name];
                const validate = ajv.compile({ type: "object", properties: p.configSchema!.properties, required: p.configSchema!.required });
                assert.ok(validate(config), `${p.name}: ${JSON.stringify(validate.errors)}`);
            }
            assert.ok(Object.values(example).some((c) => Array.isArray((c as { exemptions?: unknown[] }).exemptions)));
        });

        it("a malformed exemption that reaches the pack anyway exempts nothing and is reported as mandatory", async () => {
            const d = bucketsWithoutTls("site");
            // Keys in alphabetical order, as the config arrives through protobuf's Struct.
            const entry = { expires: day(30), resource: d.find("site").urn };
            await pack.configureUnchecked({ [TLS]: { enforcementLevel: "advisory", exemptions: [entry] } } as PolicyConfig);
            const reported = of(TLS)(await judge(pack, d.resources)).map((v) => [v.enforcementLevel, v.urn?.split("::").pop(), detail(v)]);
            assert.deepStrictEqual(reported, [
                [
                    "mandatory",
                    undefined,
                    `s3-bucket-enforce-tls.exemptions[0] (${JSON.stringify(entry)}) is refused and exempts nothing: reason is required, a non-empty string.`,
                ],
                ["advisory", "site", missing("site")],
            ]);
        });

        it("an exemption ending more than a year ahead, which no schema can refuse, is refused by the pack as mandatory", async () => {
            const key = compliantKey(new Deployment(), "far-key", { enableKeyRotation: false });
            const entry = { resource: key.urn, reason: "Forever", expires: day(400) };
            await pack.configure({ [ROTATION]: { exemptions: [entry] } });
            const reported = of(ROTATION)(await pack.analyze(key)).map((v) => [v.enforcementLevel, detail(v)]);
            assert.strictEqual(reported.length, 2);
            assert.deepStrictEqual(reported[0][0], "mandatory");
            assert.match(
                reported[0][1],
                new RegExp(
                    `^kms-key-enable-rotation\\.exemptions\\[0\\] \\(.*\\) is refused and exempts nothing: expires must be at most a year ahead, on or before \\d{4}-\\d{2}-\\d{2} \\(got ${entry.expires}\\)\\.$`,
                ),
            );
            assert.deepStrictEqual(reported[1][0], "mandatory", "the key's own violation is not exempted");
        });
    });

    describe("audit and pulumi policy analyze", () => {
        it("audit of a discovered account: a bucket read back with AWS's encryption, a TLS-only policy and logging draws only the public access block it cannot see", async () => {
            const bucket = readBackBucket("discovered-media", "discovered-media-bucket");
            const { violations, notApplicable } = await pack.analyzeWithNotApplicable(bucket);
            assert.deepStrictEqual(
                violations.map((v) => [v.policy, v.enforcementLevel, v.urn]),
                [
                    ["s3-bucket-enforce-public-access-block", "advisory", bucket.urn],
                    ["s3-bucket-disallow-public-policy-with-public-access-block", "advisory", bucket.urn],
                ],
            );
            assert.match(detail(violations[0]), /^Could not verify the public access block of S3 bucket "discovered-media": it arrived as read back from AWS/);
            assert.deepStrictEqual(
                notApplicable.filter((n) => n.policy.startsWith("s3-")).map((n) => [n.policy, n.reason]),
                [
                    [
                        "s3-bucket-disallow-conflicting-inline-arguments",
                        "The bucket arrived as read back from AWS, with no inputs: there are no inline arguments to judge.",
                    ],
                ],
                "no inline-argument judgement where no inputs exist",
            );
        });

        it("audit of a discovered account: judges what AWS holds, policy by policy, on the bucket's URN", async () => {
            const bucket = readBackBucket("discovered-open", "discovered-open-bucket", {
                policy: "",
                logging: null,
                serverSideEncryptionConfiguration: {
                    rule: {
                        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "" },
                        bucketKeyEnabled: false,
                        blockedEncryptionTypes: [],
                    },
                },
            });
            await pack.configure({ [ENCRYPTION]: { allowedAlgorithms: ["AES256"] } });
            const reported = (await pack.analyze(bucket)).filter(
                (v) => v.enforcementLevel === "mandatory" || v.policy !== "s3-bucket-enforce-public-access-block",
            );
            assert.deepStrictEqual(
                reported.map((v) => [v.policy, v.enforcementLevel]),
                [
                    ["s3-bucket-enforce-encryption", "mandatory"],
                    ["s3-bucket-enforce-tls", "mandatory"],
                    ["s3-bucket-enforce-minimum-tls-version", "advisory"],
                    ["s3-bucket-enable-bucket-key", "advisory"],
                    ["s3-bucket-configure-blocked-encryption-types", "advisory"],
                    ["s3-bucket-disallow-public-policy-with-public-access-block", "advisory"],
                    ["s3-bucket-enable-access-logging", "advisory"],
                ],
            );
            assert.ok(reported.every((v) => v.urn === bucket.urn));
            assert.strictEqual(
                detail(reported[0]),
                'BucketServerSideEncryptionConfiguration "discovered-open (as read back)" of S3 bucket "discovered-open" (discovered-open-bucket) uses sseAlgorithm "aws:kms" (rules[0]), which is not one of AES256.',
            );
        });

        it("audit of a stack whose outputs reach Analyze: a bucket judged on AWS's state is not judged again by the stack check", async () => {
            const bucket = readBackBucket("audited-media", "audited-media-bucket");
            await pack.analyze(bucket);
            // The stack holds the bucket alone: from its resources, every control would be missing.
            assert.deepStrictEqual(
                (await pack.analyzeStack([bucket])).filter((v) => v.urn === bucket.urn).map((v) => [v.policy, v.enforcementLevel]),
                [["s3-bucket-enforce-public-access-block", "mandatory"]],
            );
        });

        it("pulumi policy analyze: state inputs to Analyze, outputs read back to AnalyzeStack, judged as the deployment was, with no inline-argument note", async () => {
            const inputs = new Deployment();
            compliantBucket(inputs, "state-media", "state-media-bucket");
            compliantKey(inputs, "state-key");
            // The state's outputs: the bucket as the provider read it back (AWS's encryption, policy and logging in its
            // deprecated properties), every other resource as its inputs.
            const outputs = inputs.resources.map((r) => (r.type === T.bucket ? { ...readBackBucket("state-media", "state-media-bucket"), urn: r.urn } : r));
            assert.deepStrictEqual(await judge(pack, inputs.resources, outputs), []);
            // The same state without its TLS policy: the verdict a deployment gives, on the bucket's URN.
            inputs.remove("state-media-policy");
            const withoutPolicy = outputs
                .filter((r) => r.name !== "state-media-policy")
                .map((r) => (r.name === "state-media" ? { ...r, properties: { ...r.properties, policy: "" } } : r));
            const reported = (await judge(pack, inputs.resources, withoutPolicy)).filter((v) => v.enforcementLevel === "mandatory");
            assert.deepStrictEqual(
                reported.map((v) => [v.policy, v.urn!.split("::").pop()]),
                [[TLS, "state-media"]],
            );
            assert.ok(!detail(reported[0]).includes("inline"), detail(reported[0]));
        });
    });
});
