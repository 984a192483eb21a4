import * as assert from "assert";

import { analyze, Diagnostic } from "../support/inProcess";
import { compliantKey, Deployment, UNKNOWN } from "../support/fixtures";

const only = (policy: string) => (diags: Diagnostic[]) =>
    diags.filter((d) => d.policy === policy).map(({ enforcementLevel, urn, message }) => ({ enforcementLevel, urn, message }));
const keyWith = (extra: Record<string, unknown>) => compliantKey(new Deployment(), "media-key", extra);

describe("kms policies", () => {
    describe("kms-key-configure-deletion-window", () => {
        const of = only("kms-key-configure-deletion-window");

        it("accepts an unset window (AWS's 30 days)", () => assert.deepStrictEqual(of(analyze(keyWith({ deletionWindowInDays: undefined }))), []));

        it("blocks a window shorter than 30 days, naming the key and the value", () => {
            const key = keyWith({ deletionWindowInDays: 7 });
            assert.deepStrictEqual(of(analyze(key)), [
                {
                    enforcementLevel: "mandatory",
                    urn: key.urn,
                    message: 'Key "media-key" has a deletion window of 7 days, shorter than the required 30: set deletionWindowInDays to at least 30.',
                },
            ]);
        });

        it("takes minimumDays from config", () => {
            const config = { "kms-key-configure-deletion-window": { minimumDays: 7 } };
            assert.deepStrictEqual(of(analyze(keyWith({ deletionWindowInDays: 7 }), config)), []);
            assert.strictEqual(of(analyze(keyWith({ deletionWindowInDays: 6 }), config)).length, 1);
        });

        it("applies to replica keys too", () => {
            const replica = new Deployment().add("aws:kms/replicaKey:ReplicaKey", "media-key-replica", {
                primaryKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/x",
                deletionWindowInDays: 10,
            });
            assert.deepStrictEqual(
                of(analyze(replica)).map((v) => v.urn),
                [replica.urn],
            );
        });

        it("reports an advisory when the window is unknown at preview", () => {
            assert.deepStrictEqual(
                of(analyze(keyWith({ deletionWindowInDays: UNKNOWN }))).map((v) => v.enforcementLevel),
                ["advisory"],
            );
        });
    });
});
