import * as assert from "assert";

import type { AnalyzerInfo, PolicyPackClient } from "../../offline/policyPackClient";
import { allowed, PolicyConfigError, resolvePolicyConfig } from "../../offline/policyConfig";
import { startPack } from "../policies/support/pack";

// The pack's own description of its policies (GetAnalyzerInfo over gRPC), as the CLI reads it before configuring.
describe("--policy-pack-config, checked against what the pack reports of its policies", function () {
    this.timeout(120000);
    let pack: PolicyPackClient;
    let info: AnalyzerInfo;
    before(async () => {
        pack = await startPack();
        info = await pack.getAnalyzerInfo();
    });
    after(async () => pack?.close());

    const problemsOf = (config: unknown) => {
        const resolution = resolvePolicyConfig(info, config);
        return resolution.ok ? [] : resolution.problems;
    };

    it("fills in every policy's defaults, then all's level, then each policy's own level and properties", () => {
        const resolution = resolvePolicyConfig(info, {
            all: "advisory",
            "kms-key-configure-deletion-window": { enforcementLevel: "mandatory", minimumDays: 10 },
            "s3-bucket-enforce-tls": "disabled",
        });
        assert.ok(resolution.ok);
        assert.deepStrictEqual(resolution.policies["kms-key-configure-deletion-window"], {
            enforcementLevel: "mandatory",
            properties: { exemptions: [], minimumDays: 10 },
        });
        assert.deepStrictEqual(resolution.policies["s3-bucket-enforce-tls"], { enforcementLevel: "disabled", properties: { exemptions: [] } });
        const schema = info.policies.find((p) => p.name === "s3-bucket-enforce-minimum-tls-version")!.configSchema!;
        assert.deepStrictEqual(resolution.policies["s3-bucket-enforce-minimum-tls-version"], {
            enforcementLevel: "advisory",
            properties: { exemptions: [], minimumVersion: schema.properties.minimumVersion.default },
        });
        assert.deepStrictEqual(resolution.notes, []);
    });

    it("refuses an unknown enforcement level, naming the policy, the value and the levels", () => {
        assert.deepStrictEqual(problemsOf({ "s3-bucket-enforce-tls": "mandatroy" }), [
            's3-bucket-enforce-tls: the enforcement level must be one of advisory, mandatory, remediate, disabled (did you mean mandatory?) (got "mandatroy")',
        ]);
        assert.deepStrictEqual(problemsOf({ "s3-bucket-enforce-tls": { enforcementLevel: 2 } }), [
            "s3-bucket-enforce-tls: enforcementLevel must be one of advisory, mandatory, remediate, disabled (got 2)",
        ]);
        assert.deepStrictEqual(problemsOf({ all: 7 }), [
            "all must be an enforcement level (advisory, mandatory, remediate, disabled) or an object of enforcementLevel and config properties (got 7)",
        ]);
    });

    it("refuses a name that is no policy of the pack, with the nearest and every policy", () => {
        const names = info.policies.map((p) => p.name).join(", ");
        assert.deepStrictEqual(problemsOf({ "s3-bucket-enforce-tsl": "mandatory" }), [
            `s3-bucket-enforce-tsl is not a policy of mezzanine-ingest-policies: did you mean s3-bucket-enforce-tls? its policies are ${names}, and all sets the level of every policy (got "mandatory")`,
        ]);
    });

    it("refuses a value outside the policy's config schema, naming the policy, the key, the value and what is allowed", () => {
        assert.deepStrictEqual(problemsOf({ "kms-key-configure-deletion-window": { minimumDays: 3 } }), [
            "kms-key-configure-deletion-window: minimumDays must be an integer from 7 to 30 (got 3)",
        ]);
        assert.deepStrictEqual(problemsOf({ "kms-key-configure-deletion-window": { minimumDays: "10" } }), [
            'kms-key-configure-deletion-window: minimumDays must be an integer from 7 to 30 (got "10")',
        ]);
        assert.deepStrictEqual(problemsOf({ "s3-bucket-enforce-minimum-tls-version": { minimumVersion: "1.1" } }), [
            's3-bucket-enforce-minimum-tls-version: minimumVersion must be one of 1.2, 1.3 (got "1.1")',
        ]);
        assert.deepStrictEqual(problemsOf({ "s3-bucket-enforce-encryption": { allowedAlgorithms: ["aws:kms", "aes"] } }), [
            's3-bucket-enforce-encryption: allowedAlgorithms[1] must be one of AES256, aws:kms, aws:kms:dsse (got "aes")',
        ]);
        assert.deepStrictEqual(problemsOf({ "s3-bucket-enforce-encryption": { allowedAlgorithms: [] } }), [
            "s3-bucket-enforce-encryption: allowedAlgorithms must be a list of at least 1 item, each one of AES256, aws:kms, aws:kms:dsse (got [])",
        ]);
    });

    it("reports every problem at once", () => {
        assert.strictEqual(problemsOf({ "s3-bucket-enforce-tls": "x", nope: "advisory", "kms-key-configure-deletion-window": { minimumDays: 31 } }).length, 3);
    });

    it("accepts, with a note, a property the policy's schema does not name (the CLI passes it on; the policy ignores it)", () => {
        const resolution = resolvePolicyConfig(info, { "kms-key-configure-deletion-window": { minimumDay: 9 } });
        assert.ok(resolution.ok);
        assert.deepStrictEqual(resolution.notes, [
            "kms-key-configure-deletion-window: minimumDay is not a config property of the policy, which ignores it (as `pulumi up` does); it takes exemptions, minimumDays (did you mean minimumDays for minimumDay?)",
        ]);
    });

    it("refuses config properties given to all, which belong to one policy", () => {
        assert.deepStrictEqual(problemsOf({ all: { enforcementLevel: "advisory", minimumDays: 9 } }), [
            'all takes only an enforcementLevel: config properties belong to one policy (got minimumDays in {"enforcementLevel":"advisory","minimumDays":9})',
        ]);
    });

    it("has the pack refuse to be configured with an invalid config, and configures nothing", async () => {
        await assert.rejects(pack.configure({ "kms-key-configure-deletion-window": { minimumDays: 3 } }), (error: unknown) => {
            assert.ok(error instanceof PolicyConfigError);
            assert.deepStrictEqual(error.problems, ["kms-key-configure-deletion-window: minimumDays must be an integer from 7 to 30 (got 3)"]);
            return true;
        });
    });

    it("says what a schema allows in words", () => {
        assert.strictEqual(allowed({ type: "integer", minimum: 7 }), "an integer of at least 7");
        assert.strictEqual(allowed({ type: "string", minLength: 1 }), "a non-empty string");
        assert.strictEqual(allowed({ type: "boolean" }), "true or false");
        assert.strictEqual(allowed({ type: "array", minItems: 2, items: { type: "string" } }), "a list of at least 2 items, each a string");
    });
});
