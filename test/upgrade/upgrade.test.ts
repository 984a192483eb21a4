// An upgrade of this project must never replace a customer's bucket or key: today's program, run with each released
// customer's config (and the keys added since), keeps every resource the stack already has under the same URN, with
// the same replace-triggering inputs and the same protection. New resources may be added.
import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";

import { ADMINISTRATOR, DRM_VENDOR_ROLE, runStack, SSE_C_KEY_SECRET } from "../support/customerStack";
import { RELEASED_STACKS, releasedConfig, snapshotOf, SnapshotResource } from "./snapshot";

const SNAPSHOT: Record<string, SnapshotResource[]> = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "upgrade", "v0.1.0.json"), "utf8"));

/** What an existing customer adds to their stack file to upgrade: the keys this version requires. */
function upgradedConfig(mode: string): Record<string, unknown> {
    return {
        ...releasedConfig(mode),
        "mezzanine-ingest:administratorPrincipals": [ADMINISTRATOR],
        ...(mode === "sse-c" ? { "mezzanine-ingest:sseCKeySecretArn": SSE_C_KEY_SECRET, "mezzanine-ingest:processorPrincipals": [DRM_VENDOR_ROLE] } : {}),
    };
}

describe("upgrading a v0.1.0 customer stack", () => {
    it("has a snapshot of every released mode", () => {
        assert.deepStrictEqual(Object.keys(SNAPSHOT).sort(), Object.keys(RELEASED_STACKS).sort());
        for (const resources of Object.values(SNAPSHOT)) {
            assert.ok(
                resources.some((r) => r.urn.endsWith("$aws:s3/bucket:Bucket::acme-bucket") && r.protect),
                "the bucket is in the snapshot",
            );
        }
    });

    for (const mode of Object.keys(RELEASED_STACKS)) {
        it(`${mode}: keeps every resource's URN, replace-triggering inputs and protection`, async () => {
            const today = new Map(snapshotOf((await runStack(upgradedConfig(mode))).registrations).map((r) => [r.urn, r]));
            for (const released of SNAPSHOT[mode]) {
                assert.deepStrictEqual(today.get(released.urn), released, `${released.urn} would be replaced or lost`);
            }
        });
    }
});
