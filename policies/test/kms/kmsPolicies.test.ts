import * as assert from "assert";

import { analyze } from "../support/inProcess";
import { compliantKey, Deployment, T } from "../support/fixtures";

const keyWith = (extra: Record<string, unknown>) => compliantKey(new Deployment(), "media-key", extra);

describe("kms policies", () => {
    it("pass a symmetric key with rotation, a 30-day window and a policy naming the account root", () => {
        assert.deepStrictEqual(analyze(keyWith({})), []);
    });

    it("leave unrelated resources alone", () => {
        const d = new Deployment();
        const unrelated = [
            d.add(T.alias, "media-key-alias", { name: "alias/media", targetKeyId: "1234" }),
            d.add(T.queue, "jobs", { name: "jobs" }),
            d.add(T.role, "worker", {
                assumeRolePolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] }),
            }),
        ];
        assert.deepStrictEqual(
            unrelated.flatMap((r) => analyze(r)),
            [],
        );
    });
});
