// The pack as the CLI runs it: spawned through @pulumi/pulumi/cmd/run-policy-pack and driven over the Analyzer API.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { PolicyPackClient } from "../../offline/policyPackClient";
import { runUnderMocks } from "../../offline/runUnderMocks";
import { compliantBucket, compliantKey, Deployment, T, UNKNOWN } from "../../policies/test/support/fixtures";
import { asAnalyzed, detail, judge, PACK_DIR, startPack } from "./support/pack";

const NAMES_AND_LEVELS = [
    ["s3-bucket-enforce-encryption", "mandatory"],
    ["s3-bucket-enforce-tls", "mandatory"],
    ["s3-bucket-enforce-public-access-block", "mandatory"],
    ["kms-key-enable-rotation", "mandatory"],
    ["kms-key-configure-deletion-window", "mandatory"],
    ["kms-key-disallow-public-principal", "mandatory"],
    ["s3-bucket-enforce-minimum-tls-version", "advisory"],
    ["s3-bucket-enable-bucket-key", "advisory"],
    ["s3-bucket-configure-blocked-encryption-types", "advisory"],
    ["s3-bucket-disallow-conflicting-inline-arguments", "mandatory"],
    ["s3-bucket-disallow-public-policy-with-public-access-block", "advisory"],
    ["s3-bucket-enable-access-logging", "advisory"],
    ["cloudformation-stack-inline-template", "advisory"],
];

describe("policy pack over the Analyzer gRPC API", function () {
    let pack: PolicyPackClient;
    before(async () => (pack = await startPack()));
    after(async () => pack?.close());
    // Configure replaces the whole config, as each CLI run does; start every test from the defaults.
    afterEach(async () => pack.configure({}));

    it("describes itself: name, version, and every policy with its default level", async () => {
        const info = await pack.getAnalyzerInfo();
        assert.strictEqual(info.name, "mezzanine-ingest-policies");
        assert.strictEqual(info.version, "0.1.0");
        assert.deepStrictEqual(
            info.policies.map((p) => [p.name, p.enforcementLevel]),
            NAMES_AND_LEVELS,
        );
        // Every policy's own config; `exemptions`, which every policy takes, is pinned in findings.test.ts.
        const own = (p: (typeof info.policies)[number]) =>
            Object.fromEntries(Object.entries(p.configSchema?.properties ?? {}).filter(([k]) => k !== "exemptions"));
        assert.deepStrictEqual(
            info.policies.filter((p) => Object.keys(own(p)).length > 0).map((p) => [p.name, own(p)]),
            [
                [
                    "s3-bucket-enforce-encryption",
                    {
                        allowedAlgorithms: {
                            type: "array",
                            items: { type: "string", enum: ["AES256", "aws:kms", "aws:kms:dsse"] },
                            minItems: 1,
                            default: ["AES256", "aws:kms", "aws:kms:dsse"],
                            description: "The default-encryption algorithms (sseAlgorithm) a bucket may use.",
                        },
                    },
                ],
                [
                    "kms-key-configure-deletion-window",
                    {
                        minimumDays: {
                            type: "integer",
                            minimum: 7,
                            maximum: 30,
                            default: 30,
                            description: "The shortest deletion window allowed, in days (AWS allows 7 to 30).",
                        },
                    },
                ],
                [
                    "s3-bucket-enforce-minimum-tls-version",
                    { minimumVersion: { type: "string", enum: ["1.2", "1.3"], default: "1.2", description: "The oldest TLS version a bucket may accept." } },
                ],
                [
                    "s3-bucket-configure-blocked-encryption-types",
                    {
                        sseCIntendedTag: {
                            type: "string",
                            minLength: 1,
                            default: "sse-c-intended",
                            description: 'The bucket tag that, with the value "true", declares SSE-C intended.',
                        },
                    },
                ],
            ],
        );
    });

    it("policies/policy-config.example.json lists every policy with its default level", async () => {
        const example = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "policy-config.example.json"), "utf8"));
        assert.deepStrictEqual(
            Object.entries(example).map(([name, config]) => [name, (config as { enforcementLevel: string }).enforcementLevel]),
            NAMES_AND_LEVELS,
        );
    });

    it("analyze: judges a key's inputs and reports on its URN with the description first", async () => {
        const key = compliantKey(new Deployment(), "media-key", { deletionWindowInDays: 7 });
        assert.deepStrictEqual(await pack.analyze(key), [
            {
                policy: "kms-key-configure-deletion-window",
                enforcementLevel: "mandatory",
                urn: key.urn,
                message:
                    "Checks that KMS keys have a deletion window of at least the minimum number of days, so a key scheduled for deletion by mistake can be recovered.\n" +
                    'Key "media-key" has a deletion window of 7 days, shorter than the required 30: set deletionWindowInDays to at least 30.',
            },
        ]);
    });

    it("analyze: S3 resources alone draw nothing (their controls are judged across the stack)", async () => {
        const d = new Deployment();
        d.bucket("media", "media-bucket");
        assert.deepStrictEqual(await pack.analyze(d.resources[0]), []);
    });

    it("analyzeStack: a compliant bucket and key draw nothing", async () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket", { algorithm: "aws:kms" });
        compliantKey(d, "media-key");
        assert.deepStrictEqual(await judge(pack, d.resources), []);
    });

    it("analyzeStack: reports each missing control on the bucket's URN", async () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket");
        const logs = d.bucket("logs", "logs-bucket");
        const reported = await pack.analyzeStack(d.resources);
        assert.deepStrictEqual(
            reported.map((v) => [v.policy, v.enforcementLevel, v.urn]),
            [
                ["s3-bucket-enforce-encryption", "mandatory", logs.urn],
                ["s3-bucket-enforce-tls", "mandatory", logs.urn],
                ["s3-bucket-enforce-public-access-block", "mandatory", logs.urn],
                ["s3-bucket-enforce-minimum-tls-version", "advisory", logs.urn],
                ["s3-bucket-enable-access-logging", "advisory", logs.urn],
            ],
        );
        assert.match(
            reported[0].message,
            /^Checks that every S3 bucket has default encryption with an allowed algorithm: a BucketServerSideEncryptionConfiguration resource that targets it \(aws\), its bucketEncryption \(aws-native\) or its BucketEncryption \(CloudFormation\)\.\nS3 bucket "logs" \(logs-bucket\) has no BucketServerSideEncryptionConfiguration/,
        );
    });

    it("preview: judges stacks with unknowns itself instead of letting the SDK skip the policy", async () => {
        // One bucket's policy is unknown, the other bucket has none: the SDK's own handling would report one
        // "can't run during preview" note without a URN and miss the certain violation.
        const d = new Deployment();
        const media = compliantBucket(d, "media", "media-bucket");
        const logs = compliantBucket(d, "logs", "logs-bucket");
        d.patch("media-policy", { policy: UNKNOWN }).remove("logs-policy");
        const reported = (await pack.analyzeStack(d.resources)).filter((v) => v.policy === "s3-bucket-enforce-tls");
        assert.deepStrictEqual(
            reported.map((v) => [v.enforcementLevel, v.urn]),
            [
                ["mandatory", logs.urn],
                ["advisory", media.urn],
            ],
        );
        assert.ok(!reported.some((v) => v.message.includes("can't run")), "the SDK's skip note must not appear");
        assert.strictEqual(
            detail(reported[1]),
            'Could not verify that BucketPolicy "media-policy" of S3 bucket "media" (media-bucket) denies plain-HTTP access to the bucket and its objects: the policy document is unknown. It is judged again with real values when the resources are created (pulumi up).',
        );
    });

    it("preview: a rule naming the key the stack creates is an advisory at preview, and passes with the real ARN", async () => {
        const shapes = [];
        for (const preview of [true, false]) {
            const run = await runUnderMocks({ project: "corpus", stack: "dev", config: { "aws:region": "eu-west-1" }, preview }, () => {
                const key = new aws.kms.Key("media-key", { enableKeyRotation: true });
                const bucket = new aws.s3.Bucket("media");
                new aws.s3.BucketServerSideEncryptionConfiguration("media-sse", {
                    bucket: bucket.bucket,
                    rules: [
                        {
                            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn },
                            bucketKeyEnabled: true,
                            blockedEncryptionTypes: ["SSE-C"],
                        },
                    ],
                });
            });
            shapes.push(
                await judge(
                    pack,
                    run.registrations.map((r) => asAnalyzed(r, "inputs")),
                    run.registrations.map((r) => asAnalyzed(r, "outputs")),
                ),
            );
        }
        const [atPreview, atUpdate] = shapes.map((reported) =>
            reported.filter((v) => v.policy === "s3-bucket-enforce-encryption").map((v) => [v.enforcementLevel, detail(v)]),
        );
        assert.deepStrictEqual(atPreview, [
            [
                "advisory",
                'Could not verify the KMS key of S3 bucket "media" (name unknown until created): the kmsMasterKeyId of BucketServerSideEncryptionConfiguration "media-sse" (rules[0]) is unknown. It is judged again with real values when the resources are created (pulumi up).',
            ],
        ]);
        assert.deepStrictEqual(atUpdate, []);
    });

    describe("inline arguments: told from the inputs analyze gets, since analyzeStack gets outputs", () => {
        // pulumi-aws reports AWS's default encryption in every bucket's serverSideEncryptionConfiguration output after
        // deployment (the argument is optional and computed), whatever the program wrote; the mocks do not.
        const AWS_DEFAULT = { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false } };
        const deployed = async (body: () => void) => {
            const run = await runUnderMocks({ project: "corpus", stack: "dev", config: { "aws:region": "eu-west-1" }, preview: false }, body);
            const inputs = run.registrations.map((r) => asAnalyzed(r, "inputs"));
            const outputs = run.registrations.map((r) => {
                const analyzed = asAnalyzed(r, "outputs");
                return r.type === T.bucket ? { ...analyzed, properties: { ...analyzed.properties, serverSideEncryptionConfiguration: AWS_DEFAULT } } : analyzed;
            });
            const nameOf = (name: string) => run.registrations.find((r) => r.name === name)!.outputs.bucket as string;
            return { inputs, outputs, nameOf };
        };
        const noEncryption = (name: string, physical: string) =>
            `S3 bucket "${name}" (${physical}) has no BucketServerSideEncryptionConfiguration targeting it: add one whose bucket is this bucket and whose sseAlgorithm is one of AES256, aws:kms, aws:kms:dsse.`;
        const noPolicy = (name: string, physical: string) =>
            `S3 bucket "${name}" (${physical}) has no BucketPolicy targeting it: add one with the statement {"Effect": "Deny", "Principal": "*", "Action": "s3:*", ` +
            `"Resource": ["arn:aws:s3:::${physical}", "arn:aws:s3:::${physical}/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}.`;
        const FOUND_ENCRYPTION =
            " Its inline serverSideEncryptionConfiguration argument was found and ignored: after deployment the provider reports AWS's default AES256 in every bucket's outputs, " +
            "so it cannot be told apart from none. Move it to an aws.s3.BucketServerSideEncryptionConfiguration with bucket: <bucket>.bucket and rules: [<its rule>], and remove the inline argument.";
        const FOUND_POLICY =
            " Its inline policy argument was found and ignored: move it to an aws.s3.BucketPolicy with bucket: <bucket>.bucket and remove the inline argument.";
        const messages = (reported: Awaited<ReturnType<typeof judge>>): string[][] =>
            reported
                .filter((v) => v.policy === "s3-bucket-enforce-encryption" || v.policy === "s3-bucket-enforce-tls")
                .map((v) => [v.policy, v.urn!.split("::").pop()!, detail(v)])
                .sort((a, b) => `${a[0]} ${a[1]}`.localeCompare(`${b[0]} ${b[1]}`));
        const withInline = () => {
            new aws.s3.Bucket("legacy", {
                serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } } },
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }],
                }),
            });
            new aws.s3.Bucket("bare");
        };

        it("says the inline argument was found and ignored only to the bucket whose inputs set it", async () => {
            const { inputs, outputs, nameOf } = await deployed(withInline);
            assert.deepStrictEqual(messages(await judge(pack, inputs, outputs)), [
                ["s3-bucket-enforce-encryption", "bare", noEncryption("bare", nameOf("bare"))],
                ["s3-bucket-enforce-encryption", "legacy", noEncryption("legacy", nameOf("legacy")) + FOUND_ENCRYPTION],
                ["s3-bucket-enforce-tls", "bare", noPolicy("bare", nameOf("bare"))],
                ["s3-bucket-enforce-tls", "legacy", noPolicy("legacy", nameOf("legacy")) + FOUND_POLICY],
            ]);
        });

        it("still says it when the other policy that records inputs is disabled", async () => {
            const { inputs, outputs, nameOf } = await deployed(withInline);
            await pack.configure({ "s3-bucket-enforce-tls": "disabled", "s3-bucket-enforce-minimum-tls-version": "disabled" });
            assert.deepStrictEqual(messages(await judge(pack, inputs, outputs)), [
                ["s3-bucket-enforce-encryption", "bare", noEncryption("bare", nameOf("bare"))],
                ["s3-bucket-enforce-encryption", "legacy", noEncryption("legacy", nameOf("legacy")) + FOUND_ENCRYPTION],
            ]);
        });

        it("reports an inline argument kept next to the separate resource that replaces it (mandatory: after a refresh the inline argument wins)", async () => {
            const { inputs, outputs, nameOf } = await deployed(() => {
                const bucket = new aws.s3.Bucket("half-migrated", {
                    serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } },
                });
                new aws.s3.BucketServerSideEncryptionConfiguration("half-migrated-sse", {
                    bucket: bucket.bucket,
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
                });
            });
            const reported = (await judge(pack, inputs, outputs)).filter((v) => v.policy === "s3-bucket-disallow-conflicting-inline-arguments");
            assert.deepStrictEqual(
                reported.map((v) => [v.enforcementLevel, v.urn!.split("::").pop(), detail(v)]),
                [
                    [
                        "mandatory",
                        "half-migrated",
                        `S3 bucket "half-migrated" (${nameOf("half-migrated")}) sets the inline serverSideEncryptionConfiguration argument, and BucketServerSideEncryptionConfiguration "half-migrated-sse" targets it too: ` +
                            "the two overwrite each other on every update. Remove the inline argument; the pack judges only the separate resource.",
                    ],
                ],
            );
        });

        it("cannot tell from outputs alone: analyzeStack without analyze says nothing of inline arguments", async () => {
            // Names not analyzed before in this pack process, as every resource analyzeStack gets is in a real run.
            const { outputs, nameOf } = await deployed(() => {
                new aws.s3.Bucket("unseen", {
                    serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } } },
                });
            });
            assert.deepStrictEqual(messages(await pack.analyzeStack(outputs)), [
                ["s3-bucket-enforce-encryption", "unseen", noEncryption("unseen", nameOf("unseen"))],
                ["s3-bucket-enforce-tls", "unseen", noPolicy("unseen", nameOf("unseen"))],
            ]);
        });
    });

    it("reports a public-read bucket policy that the bucket's own public access block makes S3 refuse (advisory, on the bucket)", async () => {
        const run = await runUnderMocks({ project: "corpus", stack: "dev", config: { "aws:region": "eu-west-1" }, preview: false }, () => {
            const site = new aws.s3.Bucket("site");
            new aws.s3.BucketPublicAccessBlock("site-pab", {
                bucket: site.id,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            new aws.s3.BucketPolicy("site-policy", {
                bucket: site.id,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: pulumi.interpolate`${site.arn}/*` }],
                }),
            });
        });
        const reported = await judge(
            pack,
            run.registrations.map((r) => asAnalyzed(r, "inputs")),
            run.registrations.map((r) => asAnalyzed(r, "outputs")),
        );
        const name = run.registrations.find((r) => r.name === "site")!.outputs.bucket;
        assert.deepStrictEqual(
            reported
                .filter((v) => v.policy === "s3-bucket-disallow-public-policy-with-public-access-block")
                .map((v) => [v.enforcementLevel, v.urn!.split("::").pop(), detail(v)]),
            [
                [
                    "advisory",
                    "site",
                    `BucketPolicy "site-policy" of S3 bucket "site" (${name}) allows every principal (*) without a condition in Statement[0], while BucketPublicAccessBlock "site-pab" sets blockPublicPolicy to true: ` +
                        "S3 refuses to set such a policy while the block is in place (PutBucketPolicy returns AccessDenied), so pulumi up fails whenever the policy is created or changed after the block. " +
                        "Name the principals or add a condition (such as aws:SourceArn for a CloudFront distribution), or drop the statement.",
                ],
            ],
        );
    });

    it("preview: an unknown key policy in analyze is an advisory on the key, not a pass", async () => {
        const key = compliantKey(new Deployment(), "media-key", { policy: UNKNOWN });
        assert.deepStrictEqual(
            (await pack.analyze(key)).map((v) => [v.policy, v.enforcementLevel, v.urn]),
            [["kms-key-disallow-public-principal", "advisory", key.urn]],
        );
    });

    it("sees through secrets: a public key policy sent as a secret is still blocked", async () => {
        const policy = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" }] });
        const key = compliantKey(new Deployment(), "media-key", {
            policy: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: policy },
        });
        assert.deepStrictEqual(
            (await pack.analyze(key)).map((v) => [v.policy, v.enforcementLevel]),
            [["kms-key-disallow-public-principal", "mandatory"]],
        );
    });

    describe("configure", () => {
        it("lowers a policy's level", async () => {
            const d = new Deployment();
            compliantBucket(d, "media", "media-bucket");
            d.remove("media-policy");
            await pack.configure({ "s3-bucket-enforce-tls": { enforcementLevel: "advisory" } });
            const tls = (await pack.analyzeStack(d.resources)).filter((v) => v.policy === "s3-bucket-enforce-tls");
            assert.deepStrictEqual(
                tls.map((v) => v.enforcementLevel),
                ["advisory"],
            );
        });

        it("disables a policy", async () => {
            const key = compliantKey(new Deployment(), "media-key", { enableKeyRotation: false });
            await pack.configure({ "kms-key-enable-rotation": "disabled" });
            assert.deepStrictEqual(await pack.analyze(key), []);
        });

        it("raises an advisory policy to mandatory, and `all` sets every level", async () => {
            const d = new Deployment();
            compliantBucket(d, "media", "media-bucket", { algorithm: "aws:kms" });
            const rule = (d.find("media-encryption").properties.rules as any[])[0];
            d.patch("media-encryption", { rules: [{ ...rule, bucketKeyEnabled: false }] });
            await pack.configure({ "s3-bucket-enable-bucket-key": { enforcementLevel: "mandatory" } });
            assert.deepStrictEqual(
                (await pack.analyzeStack(d.resources)).map((v) => [v.policy, v.enforcementLevel]),
                [["s3-bucket-enable-bucket-key", "mandatory"]],
            );
            await pack.configure({ all: "advisory" });
            assert.deepStrictEqual(
                (await pack.analyzeStack(d.resources)).map((v) => [v.policy, v.enforcementLevel]),
                [["s3-bucket-enable-bucket-key", "advisory"]],
            );
        });

        it("passes config values: minimumDays, allowedAlgorithms, minimumVersion", async () => {
            const d = new Deployment();
            const bucket = compliantBucket(d, "media", "media-bucket");
            const key = compliantKey(d, "media-key", { deletionWindowInDays: 7 });
            await pack.configure({
                "kms-key-configure-deletion-window": { minimumDays: 7 },
                "s3-bucket-enforce-encryption": { allowedAlgorithms: ["aws:kms"] },
                "s3-bucket-enforce-minimum-tls-version": { minimumVersion: "1.3" },
            });
            const reported = await judge(pack, d.resources);
            assert.deepStrictEqual(
                reported.map((v) => [v.policy, v.enforcementLevel, v.urn]),
                [
                    ["s3-bucket-enforce-encryption", "mandatory", bucket.urn],
                    ["s3-bucket-enforce-minimum-tls-version", "advisory", bucket.urn],
                ],
            );
            assert.ok(!reported.some((v) => v.urn === key.urn));
            assert.match(detail(reported[0]), /uses sseAlgorithm "AES256" \(rules\[0\]\), which is not one of aws:kms\.$/);
        });

        it("refuses config for a policy the pack does not have", async () => {
            await assert.rejects(
                pack.configure({ "s3-bucket-enforce-tls-typo": "mandatory" }),
                /^Error: the policy pack config is invalid:\n {2}- s3-bucket-enforce-tls-typo is not a policy of mezzanine-ingest-policies: did you mean s3-bucket-enforce-tls\?/,
            );
        });
    });

    it("leaves unrelated resources alone: queues, aliases, roles", async () => {
        const d = new Deployment();
        d.add(T.queue, "jobs", { name: "jobs", sqsManagedSseEnabled: true });
        d.add(T.alias, "media-key-alias", { name: "alias/media", targetKeyId: UNKNOWN });
        d.add(T.role, "worker", { assumeRolePolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] }) });
        assert.deepStrictEqual(await judge(pack, d.resources), []);
    });
});
