import * as assert from "assert";

import { checkStackConfig } from "../../checks/readStackConfig";
import { validateStackConfig } from "../../config/stackConfig";
import { ADMINISTRATOR, baseConfig, runStack, sseCConfig, StackRun, T } from "../support/customerStack";

const NS = "mezzanine-ingest";
const ACCOUNT = "123456789012";
const INGEST = "acme-123456789012-eu-west-1";
const INGEST_ARN = `arn:aws:s3:::${INGEST}`;
const LOGS = `${INGEST}-logs`;
const LOGS_ARN = `arn:aws:s3:::${LOGS}`;
const LOGGING = "aws:s3/bucketLogging:BucketLogging";

const withConfig = (extra: Record<string, unknown>) => {
    const config = baseConfig();
    for (const [key, value] of Object.entries(extra)) config[`${NS}:${key}`] = value;
    return config;
};

const statementsOf = (run: StackRun) => {
    const policy = run.policyOf(T.bucketPolicy, "acme-access-logs-policy");
    return Object.fromEntries(policy.Statement.map((s: any) => [s.Sid, s]));
};

describe("access logging: the log bucket the stack creates", () => {
    let run: StackRun;
    before(async () => (run = await runStack(baseConfig())));

    it("is named after the ingest bucket, known at preview, and the same in every mode", async () => {
        const preview = await runStack(baseConfig(), { preview: true });
        assert.strictEqual(preview.find(T.bucket, "acme-access-logs").inputs.bucket, LOGS);
        const modes = [
            withConfig({ sseMode: "sse-kms" }),
            withConfig({ sseMode: "dsse-kms" }),
            { ...baseConfig(), ...sseCConfig() },
            withConfig({ sseMode: "sse-kms", kmsKeyArn: "arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab" }),
        ];
        for (const config of modes) {
            assert.deepStrictEqual((await runStack(config)).find(T.bucket, "acme-access-logs").inputs, run.find(T.bucket, "acme-access-logs").inputs);
        }
        assert.deepStrictEqual(run.find(T.bucket, "acme-access-logs").inputs, {
            bucket: LOGS,
            forceDestroy: false,
            tags: { customer: "acme", "managed-by": "mezzanine-ingest", purpose: "access-logs" },
        });
        assert.strictEqual(run.find(T.bucket, "acme-access-logs").protect, true);
    });

    it("encrypts logs with SSE-S3, which log delivery supports, and blocks SSE-C", () => {
        assert.deepStrictEqual(run.find(T.encryption, "acme-access-logs-encryption").inputs, {
            bucket: LOGS,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false, blockedEncryptionTypes: ["SSE-C"] }],
        });
    });

    it("blocks all public access, turns ACLs off and versions every log", () => {
        assert.deepStrictEqual(run.find(T.publicAccessBlock, "acme-access-logs-public-access-block").inputs, {
            bucket: LOGS,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        assert.deepStrictEqual(run.find(T.ownership, "acme-access-logs-ownership").inputs, { bucket: LOGS, rule: { objectOwnership: "BucketOwnerEnforced" } });
        assert.deepStrictEqual(run.find(T.versioning, "acme-access-logs-versioning").inputs, { bucket: LOGS, versioningConfiguration: { status: "Enabled" } });
    });

    it("expires logs after accessLogRetentionDays (365 by default), and their noncurrent versions a day later", async () => {
        const rule = (r: StackRun) => (r.find(T.lifecycle, "acme-access-logs-lifecycle").inputs.rules as any[])[0];
        assert.deepStrictEqual(rule(run), {
            id: "expire-access-logs",
            status: "Enabled",
            filter: {},
            expiration: { days: 365 },
            noncurrentVersionExpiration: { noncurrentDays: 1 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        });
        assert.deepStrictEqual(rule(await runStack(withConfig({ accessLogRetentionDays: 2555 }))).expiration, { days: 2555 });
        const lifecycle = run.find(T.lifecycle, "acme-access-logs-lifecycle");
        assert.ok(lifecycle.dependencies.includes(run.find(T.versioning, "acme-access-logs-versioning").urn));
    });

    it("delivers the ingest bucket's server access logs under <customer>/, once the log bucket lets S3 write", () => {
        const logging = run.find(LOGGING, "acme-access-logging");
        assert.deepStrictEqual(logging.inputs, { bucket: INGEST, targetBucket: LOGS, targetPrefix: "acme/" });
        assert.ok(logging.dependencies.includes(run.find(T.bucketPolicy, "acme-access-logs-policy").urn));
        assert.strictEqual(run.stackOutputs.accessLogBucketName, LOGS);
        assert.strictEqual(run.stackOutputs.accessLogPrefix, "acme/");
        assert.strictEqual(run.stackOutputs.accessLogBucketPolicyStatements, undefined);
    });

    it("denies plain HTTP and old TLS with the same plain statements as the ingest bucket", () => {
        const s = statementsOf(run);
        assert.deepStrictEqual(s.DenyInsecureTransport, {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [LOGS_ARN, `${LOGS_ARN}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        });
        assert.deepStrictEqual(s.DenyOutdatedTls.Condition, { NumericLessThan: { "s3:TlsVersion": "1.2" } });
    });

    it("keeps TLS 1.2 as the log bucket's floor with minimumTlsVersion 1.3, which is for the masters", async () => {
        const strict = await runStack(withConfig({ minimumTlsVersion: "1.3" }));
        assert.deepStrictEqual(statementsOf(strict).DenyOutdatedTls.Condition, { NumericLessThan: { "s3:TlsVersion": "1.2" } });
        assert.deepStrictEqual(strict.policyOf(T.bucketPolicy, "acme-policy").Statement.find((st: any) => st.Sid === "DenyOutdatedTls").Condition, {
            NumericLessThan: { "s3:TlsVersion": "1.3" },
        });
    });

    it("lets only S3's logging service write, only for this ingest bucket of this account, only under its prefix", () => {
        const s = statementsOf(run);
        assert.deepStrictEqual(s.AllowAccessLogDeliveryFromIngestBucket, {
            Sid: "AllowAccessLogDeliveryFromIngestBucket",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${LOGS_ARN}/acme/*`,
            Condition: { ArnEquals: { "aws:SourceArn": INGEST_ARN }, StringEquals: { "aws:SourceAccount": ACCOUNT } },
        });
        assert.deepStrictEqual(s.DenyWritesButLogDelivery, {
            Sid: "DenyWritesButLogDelivery",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject*",
            Resource: `${LOGS_ARN}/*`,
            Condition: { ArnNotEquals: { "aws:SourceArn": INGEST_ARN } },
        });
    });

    it("lets only administratorPrincipals read and list the logs, and nobody delete them", () => {
        const s = statementsOf(run);
        const unlessAdministrator = { ArnNotLike: { "aws:PrincipalArn": [ADMINISTRATOR] } };
        assert.deepStrictEqual(s.DenyLogReadsButAdministrators, {
            Sid: "DenyLogReadsButAdministrators",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:GetObject*"],
            Resource: `${LOGS_ARN}/*`,
            Condition: unlessAdministrator,
        });
        assert.deepStrictEqual(s.DenyLogListingButAdministrators, {
            Sid: "DenyLogListingButAdministrators",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:ListBucket*"],
            Resource: LOGS_ARN,
            Condition: unlessAdministrator,
        });
        assert.deepStrictEqual(s.DenyLogDeletion, {
            Sid: "DenyLogDeletion",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:DeleteObject*"],
            Resource: `${LOGS_ARN}/*`,
        });
        assert.deepStrictEqual(s.DenyConfigurationChangesOutsideAdministrators.Condition, unlessAdministrator);
        assert.strictEqual(s.DenyConfigurationChangesOutsideAdministrators.Resource, LOGS_ARN);
        // Nothing else is granted: the only Allow is the delivery.
        assert.deepStrictEqual(
            Object.values(s)
                .filter((x: any) => x.Effect === "Allow")
                .map((x: any) => x.Sid),
            ["AllowAccessLogDeliveryFromIngestBucket"],
        );
    });

    it("is attached after the log bucket's public access block, and known at preview", async () => {
        const policy = run.find(T.bucketPolicy, "acme-access-logs-policy");
        assert.ok(policy.dependencies.includes(run.find(T.publicAccessBlock, "acme-access-logs-public-access-block").urn));
        const preview = await runStack(baseConfig(), { preview: true });
        assert.deepStrictEqual(statementsOf(preview), statementsOf(run));
    });
});

describe("access logging to an existing bucket (accessLogBucket)", () => {
    const SHARED = "media-account-access-logs";
    let run: StackRun;
    before(async () => (run = await runStack(withConfig({ accessLogBucket: SHARED }))));

    it("creates no log bucket and delivers to the given one under <customer>/", () => {
        assert.deepStrictEqual(
            run.all(T.bucket).map((r) => r.name),
            ["acme-bucket"],
        );
        assert.deepStrictEqual(run.find(LOGGING, "acme-access-logging").inputs, { bucket: INGEST, targetBucket: SHARED, targetPrefix: "acme/" });
        assert.strictEqual(run.stackOutputs.accessLogBucketName, SHARED);
        assert.strictEqual(run.stackOutputs.accessLogPrefix, "acme/");
    });

    it("outputs the statement the shared bucket's policy needs: delivery for this bucket, under this prefix", () => {
        assert.deepStrictEqual(run.stackOutputs.accessLogBucketPolicyStatements, [
            {
                Sid: "AllowAccessLogDeliveryFromIngestBucket",
                Effect: "Allow",
                Principal: { Service: "logging.s3.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `arn:aws:s3:::${SHARED}/acme/*`,
                Condition: { ArnEquals: { "aws:SourceArn": INGEST_ARN }, StringEquals: { "aws:SourceAccount": ACCOUNT } },
            },
        ]);
    });
});

describe("access logging config", () => {
    const valid = { customer: "acme", uploaderPrincipals: ["210987654321"], administratorPrincipals: [ADMINISTRATOR] };
    const problemsOf = (values: Record<string, unknown>) => {
        const result = validateStackConfig(values);
        assert.ok(!result.ok, "expected the config to be rejected");
        return result.problems;
    };

    it("keeps accessLogRetentionDays within 1 to 3650", () => {
        for (const days of [0, 3651, "a year"]) {
            assert.deepStrictEqual(problemsOf({ ...valid, accessLogRetentionDays: days }), [
                `mezzanine-ingest:accessLogRetentionDays must be a whole number from 1 to 3650 (got ${JSON.stringify(days)})`,
            ]);
        }
    });

    it("refuses accessLogRetentionDays with accessLogBucket, whose own lifecycle decides", () => {
        assert.deepStrictEqual(problemsOf({ ...valid, accessLogBucket: "media-logs", accessLogRetentionDays: 90 }), [
            "mezzanine-ingest:accessLogRetentionDays only applies where the stack creates the access-log bucket; with accessLogBucket, " +
                'that bucket\'s own lifecycle decides how long logs are kept (accessLogBucket is "media-logs") (got 90)',
        ]);
    });

    for (const name of ["Media_Logs", "ab", "arn:aws:s3:::media-logs", "xn--media", "media-logs-s3alias", "192.168.1.1"]) {
        it(`refuses ${JSON.stringify(name)} as accessLogBucket`, () => {
            assert.deepStrictEqual(problemsOf({ ...valid, accessLogBucket: name }), [
                "mezzanine-ingest:accessLogBucket must be the name of an existing S3 bucket in this stack's account and region " +
                    `(3 to 63 lower-case letters, digits, dots and hyphens) (got ${JSON.stringify(name)})`,
            ]);
        });
    }

    it("refuses the ingest bucket itself as accessLogBucket", () => {
        const check = checkStackConfig(
            {
                "aws:region": "eu-west-1",
                [`${NS}:customer`]: "acme",
                [`${NS}:uploaderPrincipals`]: '["210987654321"]',
                [`${NS}:administratorPrincipals`]: `["${ADMINISTRATOR}"]`,
                [`${NS}:accessLogBucket`]: "acme-444455556666-eu-west-1",
            },
            () => false,
        );
        assert.deepStrictEqual(check, {
            ok: false,
            problems: [
                "mezzanine-ingest:accessLogBucket must not be the ingest bucket itself: S3 would log the delivery of its own logs, " +
                    'and the ingest bucket lets no one but the ingest roles write (got "acme-444455556666-eu-west-1")',
            ],
        });
    });

    it("refuses a customer and region whose log bucket name would not fit S3's 63 characters, offering accessLogBucket", () => {
        // acme-corporation-media-services-x: 33 characters is too many for a slug, so 32 with a long region.
        const config = {
            "aws:region": "ap-southeast-1",
            [`${NS}:customer`]: "acme-corporation-media-services",
            [`${NS}:uploaderPrincipals`]: '["210987654321"]',
            [`${NS}:administratorPrincipals`]: `["${ADMINISTRATOR}"]`,
        };
        assert.deepStrictEqual(
            checkStackConfig(config, () => false),
            {
                ok: false,
                problems: [
                    "mezzanine-ingest:customer makes the bucket name acme-corporation-media-services-123456789012-ap-southeast-1-logs 64 characters long; " +
                        "S3 allows 63: use a shorter slug, or set mezzanine-ingest:accessLogBucket to an existing log bucket " +
                        '(this is the access-log bucket the stack would create; got "acme-corporation-media-services" with aws:region "ap-southeast-1")',
                ],
            },
        );
        const shared = checkStackConfig({ ...config, [`${NS}:accessLogBucket`]: "media-logs" }, () => false);
        assert.ok(shared.ok, JSON.stringify(shared));
    });
});
