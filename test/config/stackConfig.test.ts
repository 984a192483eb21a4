import * as assert from "assert";

import { validateStackConfig } from "../../config/stackConfig";
import { ProgramError } from "../../offline/runUnderMocks";
import { baseConfig, programFailure } from "../support/customerStack";

const ADMIN = "arn:aws:iam::123456789012:role/platform-deployer";
const ADMIN_RULE =
    'must be an IAM role or user ARN (arn:aws:iam::<account>:role/<name> or :user/<name>) that runs pulumi up for this stack and administers its bucket and key; never "*", an account id or an account root';
const SSE_C_REASON =
    "S3 needs the customer's key on every GET of an sse-c object, and an AWS service cannot send it (MediaConvert's input decryption only accepts client-side encryption with a KMS-wrapped data key)";
const SECRET = "arn:aws:secretsmanager:eu-west-1:210987654321:secret:acme/sse-c-key-AbC123";
const DRM = "arn:aws:iam::345678901234:role/drm-packager";
const valid = { customer: "acme", uploaderPrincipals: ["arn:aws:iam::210987654321:role/acme-transfer"], administratorPrincipals: [ADMIN] };

function problemsOf(values: Record<string, unknown>, secretKeys: string[] = []): string[] {
    const result = validateStackConfig(values, new Set(secretKeys));
    assert.ok(!result.ok, "expected the config to be rejected");
    return result.problems;
}

const failure = programFailure;

const resourcesBesidesTheStack = (error: ProgramError) => error.registrations.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.urn);

describe("stack config validation", () => {
    it("applies the documented defaults to a minimal config", () => {
        const result = validateStackConfig(valid);
        assert.ok(result.ok);
        assert.deepStrictEqual(result.config, {
            customer: "acme",
            sseMode: "sse-s3",
            requireEncryptionHeaders: false,
            minimumTlsVersion: "1.2",
            uploaderPrincipals: ["arn:aws:iam::210987654321:role/acme-transfer"],
            processorPrincipals: ["mediaconvert.amazonaws.com"],
            administratorPrincipals: [ADMIN],
            noncurrentVersionDays: 30,
            processorOutputLocations: [],
            processorJobSubmitters: [],
            preventOverwrites: false,
            bucketNamespace: "global",
            protect: true,
        });
    });

    it("accepts values as the Pulumi runtime passes them: strings, and JSON for lists", () => {
        const result = validateStackConfig({
            customer: "acme",
            sseMode: "sse-kms",
            uploaderPrincipals: '["123456789012"]',
            administratorPrincipals: `["${ADMIN}"]`,
            processorPrincipals: '["mediaconvert.amazonaws.com","arn:aws:iam::123456789012:role/drm"]',
            requireEncryptionHeaders: "true",
            noncurrentVersionDays: "90",
            kmsKeyRotationDays: "180",
            protect: "false",
            minimumTlsVersion: "1.3",
        });
        assert.ok(result.ok);
        assert.strictEqual(result.config.requireEncryptionHeaders, true);
        assert.strictEqual(result.config.noncurrentVersionDays, 90);
        assert.strictEqual(result.config.kmsKeyRotationDays, 180);
        assert.strictEqual(result.config.protect, false);
        assert.deepStrictEqual(result.config.uploaderPrincipals, ["123456789012"]);
    });

    it("rejects an unknown sseMode, naming the key, the value and the allowed modes", () => {
        assert.deepStrictEqual(problemsOf({ ...valid, sseMode: "aes256" }), [
            'mezzanine-ingest:sseMode must be one of sse-s3, sse-kms, dsse-kms, sse-c (got "aes256")',
        ]);
    });

    for (const mode of ["none", "unencrypted"]) {
        it(`explains why sseMode ${mode} is not an option and what to use instead`, () => {
            assert.deepStrictEqual(problemsOf({ ...valid, sseMode: mode }), [
                "mezzanine-ingest:sseMode is not an option: S3 has encrypted every new object since January 2023, so an unencrypted ingest bucket cannot exist. " +
                    "For a customer whose tools cannot send encryption headers, use sseMode sse-s3 with requireEncryptionHeaders false: " +
                    `default bucket encryption encrypts their uploads without any header; must be one of sse-s3, sse-kms, dsse-kms, sse-c (got "${mode}")`,
            ]);
        });
    }

    it("explains why client-side encryption is not for the ingest area", () => {
        assert.deepStrictEqual(problemsOf({ ...valid, sseMode: "cse" }), [
            "mezzanine-ingest:sseMode is not an option: client-side encryption is DRM's job downstream of ingest: S3 would hold ciphertext that transcode and DRM jobs " +
                'cannot read without the customer\'s keys. Use sse-c if the customer must hold the keys; must be one of sse-s3, sse-kms, dsse-kms, sse-c (got "cse")',
        ]);
    });

    it("reports every problem at once, in key order", () => {
        assert.deepStrictEqual(
            problemsOf({
                customer: "Acme!",
                sseMode: "sse-s3",
                kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                minimumTlsVersion: "1.1",
                uploaderPrincipals: ["*"],
                administratorPrincipals: ["123456789012"],
                noncurrentVersionDays: 0,
                kmsKeyRotationDays: 365,
                protect: "yes",
            }),
            [
                'mezzanine-ingest:customer must be a slug of 3 to 32 characters: lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen (got "Acme!")',
                'mezzanine-ingest:minimumTlsVersion must be "1.2" or "1.3" (got "1.1")',
                'mezzanine-ingest:uploaderPrincipals[0] must be an IAM principal ARN (arn:aws:iam::<account>:root, :role/<name> or :user/<name>) or a 12-digit account id; "*" is never allowed (got "*")',
                `mezzanine-ingest:administratorPrincipals[0] ${ADMIN_RULE} (got "123456789012")`,
                "mezzanine-ingest:noncurrentVersionDays must be a whole number from 1 to 3650 (got 0)",
                'mezzanine-ingest:protect must be true or false (got "yes")',
                'mezzanine-ingest:kmsKeyArn is only allowed with sseMode sse-kms or dsse-kms (sseMode is "sse-s3") (got "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")',
                'mezzanine-ingest:kmsKeyRotationDays only applies where the stack creates a KMS key (sseMode sse-kms or dsse-kms without kmsKeyArn; here sseMode is "sse-s3" with kmsKeyArn) (got 365)',
            ],
        );
    });

    it("names missing required keys", () => {
        assert.deepStrictEqual(problemsOf({}), [
            "mezzanine-ingest:customer is required and must be a slug of 3 to 32 characters: lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen",
            'mezzanine-ingest:uploaderPrincipals is required and must be a list of at least one principal; each must be an IAM principal ARN (arn:aws:iam::<account>:root, :role/<name> or :user/<name>) or a 12-digit account id; "*" is never allowed',
            `mezzanine-ingest:administratorPrincipals is required and must be a list of at least one principal; each ${ADMIN_RULE}`,
        ]);
    });

    it("rejects an empty uploader list", () => {
        assert.deepStrictEqual(problemsOf({ ...valid, uploaderPrincipals: [] }), [
            "mezzanine-ingest:uploaderPrincipals must list at least one principal that may assume the uploader role (got [])",
        ]);
    });

    it("says how to set a list when a single string was given", () => {
        assert.deepStrictEqual(problemsOf({ ...valid, uploaderPrincipals: "arn:aws:iam::210987654321:role/acme-transfer" }), [
            'mezzanine-ingest:uploaderPrincipals must be a list of at least one principal; each must be an IAM principal ARN (arn:aws:iam::<account>:root, :role/<name> or :user/<name>) or a 12-digit account id; "*" is never allowed (got "arn:aws:iam::210987654321:role/acme-transfer")',
        ]);
    });

    it("allows service principals for processors only", () => {
        assert.ok(validateStackConfig({ ...valid, processorPrincipals: ["mediaconvert.amazonaws.com", "123456789012"] }).ok);
        assert.deepStrictEqual(problemsOf({ ...valid, uploaderPrincipals: ["transfer.amazonaws.com"] }), [
            'mezzanine-ingest:uploaderPrincipals[0] must be an IAM principal ARN (arn:aws:iam::<account>:root, :role/<name> or :user/<name>) or a 12-digit account id; "*" is never allowed (got "transfer.amazonaws.com")',
        ]);
        assert.deepStrictEqual(problemsOf({ ...valid, processorPrincipals: ["*"] }), [
            'mezzanine-ingest:processorPrincipals[0] must be an IAM principal ARN (arn:aws:iam::<account>:root, :role/<name> or :user/<name>) or a 12-digit account id, or an AWS service principal (<service>.amazonaws.com); "*" is never allowed (got "*")',
        ]);
    });

    it("refuses a KMS alias where a key ARN is needed", () => {
        assert.deepStrictEqual(problemsOf({ ...valid, sseMode: "sse-kms", kmsKeyArn: "arn:aws:kms:eu-west-1:210987654321:alias/acme" }), [
            'mezzanine-ingest:kmsKeyArn must be a KMS key ARN, not an alias: key policies and bucket policies match the key ARN (arn:aws:kms:<region>:<account>:key/<key id>) (got "arn:aws:kms:eu-west-1:210987654321:alias/acme")',
        ]);
    });

    it("refuses bucket-name prefixes that S3 reserves", () => {
        assert.deepStrictEqual(problemsOf({ ...valid, customer: "xn--acme" }), [
            'mezzanine-ingest:customer must not start with xn--, sthree-, amzn-s3-demo-: S3 reserves those bucket-name prefixes (got "xn--acme")',
        ]);
    });

    it("accepts minimumTlsVersion written as a YAML number, but nothing in between", () => {
        const result = validateStackConfig({ ...valid, minimumTlsVersion: 1.3 });
        assert.ok(result.ok && result.config.minimumTlsVersion === "1.3");
        assert.deepStrictEqual(problemsOf({ ...valid, minimumTlsVersion: 1.25 }), ['mezzanine-ingest:minimumTlsVersion must be "1.2" or "1.3" (got 1.25)']);
    });

    it("accepts multi-Region key ARNs", () => {
        assert.ok(
            validateStackConfig({ ...valid, sseMode: "dsse-kms", kmsKeyArn: "arn:aws:kms:eu-west-1:210987654321:key/mrk-1234abcd12ab34cd56ef1234567890ab" }).ok,
        );
    });

    it("rejects kmsKeyRotationDays with a customer key, and out of range", () => {
        const customerKey = "arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assert.deepStrictEqual(problemsOf({ ...valid, sseMode: "sse-kms", kmsKeyArn: customerKey, kmsKeyRotationDays: 90 }), [
            'mezzanine-ingest:kmsKeyRotationDays only applies where the stack creates a KMS key (sseMode sse-kms or dsse-kms without kmsKeyArn; here sseMode is "sse-kms" with kmsKeyArn) (got 90)',
        ]);
        assert.deepStrictEqual(problemsOf({ ...valid, sseMode: "sse-kms", kmsKeyRotationDays: 30 }), [
            "mezzanine-ingest:kmsKeyRotationDays must be a whole number from 90 to 2560 (got 30)",
        ]);
    });

    it("rejects unknown keys as likely typos, suggesting the key meant", () => {
        assert.deepStrictEqual(problemsOf({ ...valid, ssemode: "sse-kms" }), [
            'mezzanine-ingest:ssemode is not a config key of this project (got "sse-kms"); known keys: customer, sseMode, kmsKeyArn, requireEncryptionHeaders, minimumTlsVersion, uploaderPrincipals, uploaderExternalId, processorPrincipals, processorExternalId, administratorPrincipals, sseCKeySecretArn, noncurrentVersionDays, accessLogRetentionDays, accessLogBucket, kmsKeyRotationDays, processorOutputLocations, mediaConvertQueueArn, processorJobSubmitters, preventOverwrites, bucketNamespace, protect, roleTrustPolicyQuota (did you mean sseMode?)',
        ]);
    });

    it("never prints a secret value", () => {
        assert.deepStrictEqual(problemsOf({ ...valid, uploaderExternalId: "x" }, ["uploaderExternalId"]), [
            "mezzanine-ingest:uploaderExternalId must be 2 to 1224 characters of letters, digits and +=,.@:/-_ (got [secret])",
        ]);
    });
});

describe("the program with an invalid stack config", () => {
    it("registers no resource and names every problem", async () => {
        const error = await failure({ ...baseConfig(), "mezzanine-ingest:sseMode": "none", "mezzanine-ingest:noncurrentVersionDays": "forever" });
        assert.deepStrictEqual(resourcesBesidesTheStack(error), [], "nothing may be registered when the config is invalid");
        assert.match(error.message, /^invalid stack config \(2 problems\):\n {2}- mezzanine-ingest:sseMode is not an option: /);
        assert.match(error.message, /\n {2}- mezzanine-ingest:noncurrentVersionDays must be a whole number from 1 to 3650 \(got "forever"\)$/);
    });

    it("refuses a customer key from another region than the stack's", async () => {
        const error = await failure({
            ...baseConfig(),
            "mezzanine-ingest:sseMode": "sse-kms",
            "mezzanine-ingest:kmsKeyArn": "arn:aws:kms:us-east-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        });
        assert.strictEqual(
            error.message,
            "invalid stack config (1 problem):\n  - mezzanine-ingest:kmsKeyArn must be a key in the stack's region eu-west-1 (aws:region): " +
                'S3 cannot use a key from another region (got "arn:aws:kms:us-east-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab")',
        );
        assert.deepStrictEqual(resourcesBesidesTheStack(error), []);
    });

    it("reports unparseable list config the way it reports any other problem", async () => {
        const error = await failure({ ...baseConfig(), "mezzanine-ingest:uploaderPrincipals": "[not json" });
        assert.match(error.message, /mezzanine-ingest:uploaderPrincipals must be a list of at least one principal; .* \(got "\[not json"\)$/);
    });
});

describe("stack config: administrators, third-party processors and sse-c", () => {
    for (const [what, value] of [
        ["*", "*"],
        ["an account id", "123456789012"],
        ["an account root", "arn:aws:iam::123456789012:root"],
        ["a service principal", "cloudformation.amazonaws.com"],
        ["an assumed-role session", "arn:aws:sts::123456789012:assumed-role/platform-deployer/alice"],
    ]) {
        it(`refuses ${what} as an administrator: only a role or user runs pulumi up and administers`, () => {
            assert.deepStrictEqual(problemsOf({ ...valid, administratorPrincipals: [ADMIN, value] }), [
                `mezzanine-ingest:administratorPrincipals[1] ${ADMIN_RULE} (got ${JSON.stringify(value)})`,
            ]);
        });
    }

    it("refuses an empty administrator list", () => {
        assert.deepStrictEqual(problemsOf({ ...valid, administratorPrincipals: [] }), [
            "mezzanine-ingest:administratorPrincipals must list at least one IAM role or user ARN that runs pulumi up for this stack and administers its bucket and key (got [])",
        ]);
    });

    it("accepts roles and users with paths, in every partition", () => {
        const administratorPrincipals = ["arn:aws:iam::123456789012:role/ops/deployer", "arn:aws:iam::123456789012:user/break-glass"];
        const result = validateStackConfig({ ...valid, administratorPrincipals });
        assert.ok(result.ok);
        assert.deepStrictEqual(result.config.administratorPrincipals, administratorPrincipals);
    });

    it("checks processorExternalId as an external id, never printing a secret one", () => {
        const processors = { processorPrincipals: [DRM] };
        assert.deepStrictEqual(problemsOf({ ...valid, ...processors, processorExternalId: "x" }), [
            'mezzanine-ingest:processorExternalId must be 2 to 1224 characters of letters, digits and +=,.@:/-_ (got "x")',
        ]);
        assert.deepStrictEqual(problemsOf({ ...valid, ...processors, processorExternalId: "x" }, ["processorExternalId"]), [
            "mezzanine-ingest:processorExternalId must be 2 to 1224 characters of letters, digits and +=,.@:/-_ (got [secret])",
        ]);
        const result = validateStackConfig({ ...valid, ...processors, processorExternalId: "acme-drm-7c1f" });
        assert.ok(result.ok);
        assert.strictEqual(result.config.processorExternalId, "acme-drm-7c1f");
    });

    it("refuses processorExternalId when no IAM principal would have to present it", () => {
        assert.deepStrictEqual(problemsOf({ ...valid, processorExternalId: "acme-drm-7c1f" }), [
            "mezzanine-ingest:processorExternalId only applies to IAM principals in processorPrincipals, and it lists none " +
                '(AWS service principals are held to this account by aws:SourceAccount instead) (got "acme-drm-7c1f")',
        ]);
    });

    it("in sse-c, requires the key's secret and explicit IAM processors, refusing the MediaConvert default with the reason", () => {
        assert.deepStrictEqual(problemsOf({ ...valid, sseMode: "sse-c" }), [
            "mezzanine-ingest:sseCKeySecretArn is required in sseMode sse-c: S3 needs the customer's key on every GET, and the processor role reads it " +
                "from this AWS Secrets Manager secret; it must be the full ARN of an AWS Secrets Manager secret (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>)",
            `mezzanine-ingest:processorPrincipals is required in sseMode sse-c: the default (mediaconvert.amazonaws.com) is refused there because ${SSE_C_REASON}; ` +
                "list the IAM roles of the processors that fetch the key from sseCKeySecretArn",
        ]);
    });

    it("in sse-c, refuses every AWS service principal among the processors, naming each", () => {
        assert.deepStrictEqual(
            problemsOf({
                ...valid,
                sseMode: "sse-c",
                sseCKeySecretArn: SECRET,
                processorPrincipals: ["mediaconvert.amazonaws.com", DRM, "elastictranscoder.amazonaws.com"],
            }),
            [0, 2].map(
                (i) =>
                    `mezzanine-ingest:processorPrincipals[${i}] must not be an AWS service principal in sseMode sse-c: ${SSE_C_REASON}; ` +
                    `list IAM roles that fetch the key from sseCKeySecretArn (got ${JSON.stringify(i === 0 ? "mediaconvert.amazonaws.com" : "elastictranscoder.amazonaws.com")})`,
            ),
        );
    });

    it("accepts sse-c with the secret and IAM processors", () => {
        const result = validateStackConfig({ ...valid, sseMode: "sse-c", sseCKeySecretArn: SECRET, processorPrincipals: [DRM] });
        assert.ok(result.ok);
        assert.strictEqual(result.config.sseCKeySecretArn, SECRET);
        assert.deepStrictEqual(result.config.processorPrincipals, [DRM]);
    });

    it("refuses sseCKeySecretArn outside sse-c", () => {
        for (const mode of ["sse-s3", "sse-kms", "dsse-kms"]) {
            assert.deepStrictEqual(problemsOf({ ...valid, sseMode: mode, sseCKeySecretArn: SECRET }), [
                `mezzanine-ingest:sseCKeySecretArn is only allowed with sseMode sse-c (sseMode is "${mode}") (got "${SECRET}")`,
            ]);
        }
    });

    for (const [what, value] of [
        ["a secret ARN without its six-character suffix", "arn:aws:secretsmanager:eu-west-1:210987654321:secret:acme/sse-c-key"],
        ["a secret name", "acme/sse-c-key-AbC123"],
        ["a KMS key ARN", "arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
    ]) {
        it(`refuses ${what} as sseCKeySecretArn`, () => {
            assert.deepStrictEqual(problemsOf({ ...valid, sseMode: "sse-c", sseCKeySecretArn: value, processorPrincipals: [DRM] }), [
                "mezzanine-ingest:sseCKeySecretArn must be the full ARN of an AWS Secrets Manager secret " +
                    `(arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>) (got ${JSON.stringify(value)})`,
            ]);
        });
    }

    it("registers nothing when the sse-c rules are broken", async () => {
        const error = await failure({ ...baseConfig(), "mezzanine-ingest:sseMode": "sse-c" });
        assert.match(error.message, /^invalid stack config \(2 problems\)/);
        assert.deepStrictEqual(resourcesBesidesTheStack(error), []);
    });
});

describe("pulumi:autonaming", () => {
    it("is refused: the bucket policy names the ingest roles by Pulumi's default auto-names", async () => {
        const { checkStackConfig } = await import("../../checks/readStackConfig");
        const check = checkStackConfig(
            {
                "mezzanine-ingest:customer": "acme",
                "mezzanine-ingest:uploaderPrincipals": '["210987654321"]',
                "mezzanine-ingest:administratorPrincipals": `["${ADMIN}"]`,
                "pulumi:autonaming": '{"pattern":"${name}-${hex(8)}"}',
            },
            () => false,
        );
        assert.deepStrictEqual(check, {
            ok: false,
            problems: [
                'pulumi:autonaming must not be set for a customer stack (got "{\\"pattern\\":\\"${name}-${hex(8)}\\"}"): the bucket policy names the ingest roles ' +
                    "by Pulumi's default auto-names (<customer>-uploader- and seven characters), so another naming scheme would lock them out of the masters; remove it",
            ],
        });
    });
});

describe("aws:region", () => {
    it("must be a region, since it names the bucket", async () => {
        const { checkStackConfig } = await import("../../checks/readStackConfig");
        const check = checkStackConfig(
            {
                "aws:region": "Ireland",
                "mezzanine-ingest:customer": "acme",
                "mezzanine-ingest:uploaderPrincipals": '["123456789012"]',
                "mezzanine-ingest:administratorPrincipals": `["${ADMIN}"]`,
            },
            () => false,
        );
        assert.deepStrictEqual(check, { ok: false, problems: ['aws:region must be an AWS region such as eu-west-1 (got "Ireland")'] });
    });
});
