import * as assert from "assert";

import { validateStackConfig } from "../../config/stackConfig";
import { ProgramError } from "../../offline/runUnderMocks";
import { baseConfig, programFailure } from "../support/customerStack";

const valid = { customer: "acme", uploaderPrincipals: ["arn:aws:iam::210987654321:role/acme-transfer"] };

function problemsOf(values: Record<string, unknown>, secretKeys: string[] = []): string[] {
    const result = validateStackConfig(values, new Set(secretKeys));
    assert.ok(!result.ok, "expected the config to be rejected");
    return result.problems;
}

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
            noncurrentVersionDays: 30,
            protect: true,
        });
    });

    it("accepts values as the Pulumi runtime passes them: strings, and JSON for lists", () => {
        const result = validateStackConfig({
            customer: "acme",
            sseMode: "sse-kms",
            uploaderPrincipals: '["123456789012"]',
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
                noncurrentVersionDays: 0,
                kmsKeyRotationDays: 365,
                protect: "yes",
            }),
            [
                'mezzanine-ingest:customer must be a slug of 3 to 32 characters: lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen (got "Acme!")',
                'mezzanine-ingest:minimumTlsVersion must be "1.2" or "1.3" (got "1.1")',
                'mezzanine-ingest:uploaderPrincipals[0] must be an IAM principal ARN (arn:aws:iam::<account>:root, :role/<name> or :user/<name>) or a 12-digit account id; "*" is never allowed (got "*")',
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
        assert.ok(validateStackConfig({ ...valid, sseMode: "dsse-kms", kmsKeyArn: "arn:aws:kms:eu-west-1:210987654321:key/mrk-1234abcd12ab34cd56ef1234567890ab" }).ok);
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
            'mezzanine-ingest:ssemode is not a config key of this project (got "sse-kms"); known keys: customer, sseMode, kmsKeyArn, requireEncryptionHeaders, minimumTlsVersion, uploaderPrincipals, uploaderExternalId, processorPrincipals, noncurrentVersionDays, kmsKeyRotationDays, protect, roleTrustPolicyQuota (did you mean sseMode?)',
        ]);
    });

    it("never prints a secret value", () => {
        assert.deepStrictEqual(problemsOf({ ...valid, uploaderExternalId: "x" }, ["uploaderExternalId"]), [
            "mezzanine-ingest:uploaderExternalId must be 2 to 1224 characters of letters, digits and +=,.@:/-_ (got [secret])",
        ]);
    });
});

describe("the program with an invalid stack config", () => {
    const failure = programFailure;

    const resourcesBesidesTheStack = (error: ProgramError) =>
        error.registrations.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.urn);

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

describe("aws:region", () => {
    it("must be a region, since it names the bucket", async () => {
        const { checkStackConfig } = await import("../../config/readStackConfig");
        const check = checkStackConfig({ "aws:region": "Ireland", "mezzanine-ingest:customer": "acme", "mezzanine-ingest:uploaderPrincipals": '["123456789012"]' }, () => false);
        assert.deepStrictEqual(check, { ok: false, problems: ['aws:region must be an AWS region such as eu-west-1 (got "Ireland")'] });
    });
});
