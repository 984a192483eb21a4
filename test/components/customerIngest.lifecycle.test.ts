// A stack through its whole life: what the engine receives so that no destroy or mode change deletes a master's key
// or strips a bucket that still holds masters of its controls.
import * as assert from "assert";

import { baseConfig, runStack, sseCConfig, StackRun, T } from "../support/customerStack";

const NS = "mezzanine-ingest";
const CUSTOMER_KEY = "arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** Every control of a bucket: the resources that would leave it unprotected if deleted while it still exists. */
const CONTROL_TYPES = [T.versioning, T.publicAccessBlock, T.ownership, T.encryption, T.bucketPolicy, T.lifecycle, "aws:s3/bucketLogging:BucketLogging"];

const VARIANTS: Record<string, Record<string, unknown>> = {
    "sse-s3": {},
    "sse-kms": { [`${NS}:sseMode`]: "sse-kms" },
    "sse-kms with kmsKeyArn": { [`${NS}:sseMode`]: "sse-kms", [`${NS}:kmsKeyArn`]: CUSTOMER_KEY },
    "dsse-kms": { [`${NS}:sseMode`]: "dsse-kms" },
    "sse-c": sseCConfig(),
};

describe("CustomerIngest through the stack's life", () => {
    for (const [variant, extra] of Object.entries(VARIANTS)) {
        for (const protect of [true, false]) {
            it(`${variant}, protect ${protect}: every control of a bucket is deleted only with its bucket`, async () => {
                const run = await runStack({ ...baseConfig(), ...extra, [`${NS}:protect`]: protect });
                const buckets = new Map(run.all(T.bucket).map((b) => [b.inputs.bucket as string, b.urn]));
                const controls = run.registrations.filter((r) => CONTROL_TYPES.includes(r.type));
                assert.ok(controls.length >= 10, `${controls.length} controls`);
                for (const control of controls) {
                    assert.strictEqual(
                        control.deletedWith,
                        buckets.get(control.inputs.bucket as string),
                        `${control.name} is deleted with ${control.inputs.bucket}`,
                    );
                }
                // Nothing else is: a role, a role policy or the queue goes when the stack goes.
                const others = run.registrations.filter((r) => r.custom && !CONTROL_TYPES.includes(r.type));
                assert.deepStrictEqual(
                    others.filter((r) => r.deletedWith !== undefined).map((r) => r.name),
                    [],
                );
                // The buckets themselves are protected as the setting says, and never retained silently.
                for (const bucket of run.all(T.bucket)) {
                    assert.strictEqual(bucket.protect, protect, bucket.name);
                    assert.strictEqual(bucket.retainOnDelete, false, bucket.name);
                }
            });

            it(`${variant}, protect ${protect}: a key the stack created, and its alias, are never deleted by Pulumi`, async () => {
                const run = await runStack({ ...baseConfig(), ...extra, [`${NS}:protect`]: protect });
                const keys = run.all(T.key);
                assert.strictEqual(keys.length, variant === "sse-kms" || variant === "dsse-kms" ? 1 : 0);
                for (const key of keys) {
                    assert.strictEqual(key.retainOnDelete, true);
                    assert.strictEqual(key.protect, protect);
                    assert.strictEqual(run.find(T.alias).retainOnDelete, true);
                }
                const retained = run.registrations.filter((r) => r.retainOnDelete).map((r) => r.type);
                assert.deepStrictEqual(retained.sort(), keys.length > 0 ? [T.alias, T.key].sort() : []);
            });
        }
    }

    it("records what the engine receives: a run with neither option records neither", async () => {
        const run: StackRun = await runStack(baseConfig());
        const role = run.find(T.role, "acme-uploader");
        assert.strictEqual(role.retainOnDelete, false);
        assert.strictEqual(role.deletedWith, undefined);
    });
});
