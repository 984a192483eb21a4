import * as assert from "assert";
import { baseConfig, runStack, T } from "./support/customerStack";

describe("customer stack (smoke)", () => {
    it("creates one protected bucket named <customer>-<account>-<region>", async () => {
        const run = await runStack(baseConfig());
        const bucket = run.find(T.bucket);
        assert.strictEqual(bucket.inputs.bucket, "acme-123456789012-eu-west-1");
        assert.strictEqual(bucket.protect, true);
    });
});
