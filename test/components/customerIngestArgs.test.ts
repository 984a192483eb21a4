// CustomerIngest takes what the stack config says: its args are the schema's keys, no more and no fewer (besides
// roleTrustPolicyQuota, which only the preflight reads). Checked by the compiler (`npm test` type-checks the tests);
// the runtime assertion below names the keys for the reader.
import * as assert from "assert";

import type { CustomerIngestArgs } from "../../components/customerIngest";
import { stackConfigShape, StackConfigInput } from "../../config/stackConfig";

/** True exactly when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** The schema's keys that are not the component's: read by the config check only. */
type PreflightOnlyKeys = "roleTrustPolicyQuota";

const argsAreTheSchemasKeys: Equal<keyof CustomerIngestArgs, Exclude<keyof StackConfigInput, PreflightOnlyKeys>> = true;

describe("CustomerIngestArgs", () => {
    it("has exactly the stack config's keys (but the preflight's own)", () => {
        assert.strictEqual(argsAreTheSchemasKeys, true);
        const preflightOnly: PreflightOnlyKeys[] = ["roleTrustPolicyQuota"];
        assert.ok(preflightOnly.every((key) => key in stackConfigShape));
    });
});
