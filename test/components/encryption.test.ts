// The encryption plan: resolveEncryption over the truth table of config/sseModes.ts (rejected rows included), and what
// each accepted plan makes of the bucket's default encryption.
import * as assert from "assert";

import { assertNever, defaultAlgorithm, defaultEncryptionRule, EncryptionPlan, resolveEncryption, SseAlgorithm, usesKms } from "../../components/encryption";
import { SSE_MODE_TABLE, SseMode } from "../../config/sseModes";

const CUSTOMER_KEY = "arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";
/** The ARN of a key the stack created, as the component hands it to the builders once KMS has it. */
const CREATED_KEY = "arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

type Resolution = { readonly plan: EncryptionPlan } | { readonly error: string };

/** (mode × kmsKeyArn unset/set): every row of the truth table that resolveEncryption decides. */
const RESOLUTIONS: ReadonlyArray<{ readonly mode: SseMode; readonly kmsKeyArn?: string; readonly expected: Resolution }> = [
    { mode: "sse-s3", expected: { plan: { mode: "sse-s3" } } },
    { mode: "sse-s3", kmsKeyArn: CUSTOMER_KEY, expected: { error: 'kmsKeyArn is only allowed with sseMode sse-kms or dsse-kms (sseMode is "sse-s3")' } },
    { mode: "sse-kms", expected: { plan: { mode: "sse-kms", key: { source: "created" } } } },
    { mode: "sse-kms", kmsKeyArn: CUSTOMER_KEY, expected: { plan: { mode: "sse-kms", key: { source: "customer", arn: CUSTOMER_KEY } } } },
    { mode: "dsse-kms", expected: { plan: { mode: "dsse-kms", key: { source: "created" } } } },
    { mode: "dsse-kms", kmsKeyArn: CUSTOMER_KEY, expected: { plan: { mode: "dsse-kms", key: { source: "customer", arn: CUSTOMER_KEY } } } },
    { mode: "sse-c", expected: { plan: { mode: "sse-c" } } },
    { mode: "sse-c", kmsKeyArn: CUSTOMER_KEY, expected: { error: 'kmsKeyArn is only allowed with sseMode sse-kms or dsse-kms (sseMode is "sse-c")' } },
];

/** Every accepted plan: what the bucket's default encryption becomes, given the key in use. */
const ACCEPTED: ReadonlyArray<{
    readonly name: string;
    readonly plan: EncryptionPlan;
    readonly keyArn?: string;
    readonly algorithm: SseAlgorithm;
    readonly kms: boolean;
    readonly rule: ReturnType<typeof defaultEncryptionRule>;
}> = [
    {
        name: "sse-s3",
        plan: { mode: "sse-s3" },
        algorithm: "AES256",
        kms: false,
        rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false, blockedEncryptionTypes: ["SSE-C"] },
    },
    {
        name: "sse-kms with a created key",
        plan: { mode: "sse-kms", key: { source: "created" } },
        keyArn: CREATED_KEY,
        algorithm: "aws:kms",
        kms: true,
        rule: {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: CREATED_KEY },
            bucketKeyEnabled: true,
            blockedEncryptionTypes: ["SSE-C"],
        },
    },
    {
        name: "sse-kms with the customer's key",
        plan: { mode: "sse-kms", key: { source: "customer", arn: CUSTOMER_KEY } },
        keyArn: CUSTOMER_KEY,
        algorithm: "aws:kms",
        kms: true,
        rule: {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: CUSTOMER_KEY },
            bucketKeyEnabled: true,
            blockedEncryptionTypes: ["SSE-C"],
        },
    },
    {
        name: "dsse-kms with a created key",
        plan: { mode: "dsse-kms", key: { source: "created" } },
        keyArn: CREATED_KEY,
        algorithm: "aws:kms:dsse",
        kms: true,
        rule: {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms:dsse", kmsMasterKeyId: CREATED_KEY },
            bucketKeyEnabled: false,
            blockedEncryptionTypes: ["SSE-C"],
        },
    },
    {
        name: "dsse-kms with the customer's key",
        plan: { mode: "dsse-kms", key: { source: "customer", arn: CUSTOMER_KEY } },
        keyArn: CUSTOMER_KEY,
        algorithm: "aws:kms:dsse",
        kms: true,
        rule: {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms:dsse", kmsMasterKeyId: CUSTOMER_KEY },
            bucketKeyEnabled: false,
            blockedEncryptionTypes: ["SSE-C"],
        },
    },
    {
        name: "sse-c",
        plan: { mode: "sse-c" },
        algorithm: "AES256",
        kms: false,
        rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false, blockedEncryptionTypes: ["NONE"] },
    },
];

describe("resolveEncryption", () => {
    for (const { mode, kmsKeyArn, expected } of RESOLUTIONS) {
        const row = `${mode} ${kmsKeyArn === undefined ? "without" : "with"} kmsKeyArn`;
        if ("plan" in expected) {
            const what =
                "key" in expected.plan
                    ? `a plan with ${expected.plan.key.source === "created" ? "a created key" : "the customer's key"}`
                    : "a plan without a key";
            it(`resolves ${row} to ${what}`, () => {
                assert.deepStrictEqual(resolveEncryption(mode, kmsKeyArn), expected.plan);
            });
        } else {
            it(`refuses ${row}, naming the modes that take a key`, () => {
                assert.throws(() => resolveEncryption(mode, kmsKeyArn), { message: expected.error });
            });
        }
    }
});

describe("what an encryption plan makes of the bucket's default encryption", () => {
    for (const { name, plan, keyArn, algorithm, kms, rule } of ACCEPTED) {
        it(`${name}: applies ${algorithm} by default and ${kms ? "uses" : "does not use"} KMS`, () => {
            assert.strictEqual(defaultAlgorithm(plan), algorithm);
            assert.strictEqual(usesKms(plan), kms);
        });

        it(`${name}: sets the default encryption rule${kms ? " with the key in use" : ""}, Bucket Key and blocked types`, () => {
            assert.deepStrictEqual(defaultEncryptionRule(plan, keyArn), rule);
        });
    }

    for (const plan of [
        { mode: "sse-kms", key: { source: "created" } },
        { mode: "dsse-kms", key: { source: "customer", arn: CUSTOMER_KEY } },
    ] as const) {
        it(`refuses a ${plan.mode} rule (${plan.key.source} key) without the key's ARN`, () => {
            assert.throws(() => defaultEncryptionRule(plan, undefined), { message: `sseMode ${plan.mode} needs a KMS key ARN` });
        });
    }

    it("names no KMS key outside the KMS modes, even when handed one", () => {
        assert.deepStrictEqual(defaultEncryptionRule({ mode: "sse-s3" }, CREATED_KEY).applyServerSideEncryptionByDefault, { sseAlgorithm: "AES256" });
        assert.deepStrictEqual(defaultEncryptionRule({ mode: "sse-c" }, CREATED_KEY).applyServerSideEncryptionByDefault, { sseAlgorithm: "AES256" });
    });

    it("returns its own list of blocked types, so a caller cannot change the mode table", () => {
        const rule = defaultEncryptionRule({ mode: "sse-s3" }, undefined);
        rule.blockedEncryptionTypes.push("NONE");
        assert.deepStrictEqual(SSE_MODE_TABLE["sse-s3"].blockedEncryptionTypes, ["SSE-C"]);
    });
});

describe("assertNever", () => {
    it("throws, naming the value no case handled", () => {
        assert.throws(() => assertNever({ mode: "aes256" } as never), { message: 'unexpected value: {"mode":"aes256"}' });
    });
});
