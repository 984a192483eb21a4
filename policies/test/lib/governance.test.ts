// What `governed` (lib/governance.ts) adds to every policy, run in-process as the SDK's server runs the pack. The same
// behaviours over the Analyzer gRPC API: test/policies/findings.test.ts at the repository's root.
import * as assert from "assert";

import { policies } from "../../pack";
import { analyzeDeployment, analyzeResource } from "../support/inProcess";
import { arnOf, compliantBucket, compliantKey, Deployment, denyInsecureTransport, policyDocument, T } from "../support/fixtures";

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe("governed policies", () => {
    it("every policy carries its metadata and the exemptions config", () => {
        for (const p of policies) {
            assert.ok(p.displayName && p.severity && p.remediationSteps && p.url?.endsWith(`#${p.name}`), p.name);
            assert.deepStrictEqual((p.configSchema!.properties.exemptions as { items: { required: string[] } }).items.required, [
                "resource",
                "reason",
                "expires",
            ]);
        }
    });

    it("an exemption turns a stack policy's violation into an advisory that begins with it", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "site", "site-bucket");
        d.remove("site-public-access-block");
        const until = day(7);
        const found = analyzeDeployment(d.resources, {
            "s3-bucket-enforce-public-access-block": { exemptions: [{ resource: bucket.urn, reason: "Public website.", expires: until }] },
        }).filter((v) => v.policy === "s3-bucket-enforce-public-access-block");
        assert.deepStrictEqual(
            found.map((v) => [v.enforcementLevel, v.urn]),
            [["advisory", bucket.urn]],
        );
        const policy = policies.find((p) => p.name === "s3-bucket-enforce-public-access-block")!;
        const expected = `Exempted until ${until}: Public website. ${policy.description}\nS3 bucket "site" (site-bucket) has no BucketPublicAccessBlock`;
        assert.ok(found[0].message.startsWith(expected), found[0].message);
    });

    it("one exemptions list given to two policies is read for each, and a changed list is read again", () => {
        const d = new Deployment();
        const key = compliantKey(d, "k", { deletionWindowInDays: 7, enableKeyRotation: false });
        const until = day(7);
        const shared = [{ resource: key.urn, reason: "Key managed by the vendor.", expires: until }, { resource: key.urn }];
        const config = { "kms-key-enable-rotation": { exemptions: shared }, "kms-key-configure-deletion-window": { exemptions: shared } };
        const first = analyzeResource(key, config).diagnostics;
        const refusals = first.filter((v) => v.message.includes("is refused")).map((v) => [v.policy, v.enforcementLevel, v.message.split(" (")[0]]);
        assert.deepStrictEqual(refusals, [
            ["kms-key-enable-rotation", "mandatory", "kms-key-enable-rotation.exemptions[1]"],
            ["kms-key-configure-deletion-window", "mandatory", "kms-key-configure-deletion-window.exemptions[1]"],
        ]);
        const exempted = first
            .filter((v) => v.message.startsWith(`Exempted until ${until}: Key managed by the vendor.`))
            .map((v) => [v.policy, v.enforcementLevel]);
        assert.deepStrictEqual(exempted, [
            ["kms-key-enable-rotation", "advisory"],
            ["kms-key-configure-deletion-window", "advisory"],
        ]);
        // The engine's next configure sends a new list: what it says now counts, not what was read before.
        const later = analyzeResource(key, {
            "kms-key-enable-rotation": { exemptions: [] },
            "kms-key-configure-deletion-window": { exemptions: [shared[0]] },
        }).diagnostics;
        assert.deepStrictEqual(
            later.map((v) => [v.policy, v.enforcementLevel, v.message.startsWith("Exempted until")]),
            [
                ["kms-key-enable-rotation", "mandatory", false],
                ["kms-key-configure-deletion-window", "advisory", true],
            ],
        );
    });

    it("an asymmetric key is not applicable to the rotation policy; an HMAC key neither", () => {
        for (const [spec, usage] of [
            ["RSA_2048", "SIGN_VERIFY"],
            ["HMAC_256", "GENERATE_VERIFY_MAC"],
        ]) {
            const key = compliantKey(new Deployment(), "k", { customerMasterKeySpec: spec, keyUsage: usage, enableKeyRotation: false });
            const { diagnostics, notApplicable } = analyzeResource(key);
            assert.deepStrictEqual(
                diagnostics.filter((v) => v.policy === "kms-key-enable-rotation"),
                [],
            );
            assert.deepStrictEqual(
                notApplicable.filter((n) => n.policy === "kms-key-enable-rotation").map((n) => n.reason.split(":")[0]),
                ['Key "k" cannot rotate automatically'],
            );
        }
    });

    it("a key policy is not applicable to the rotation and deletion-window policies, and judged by the public-principal one", () => {
        const keyPolicy = new Deployment().add(T.keyPolicy, "media-key-policy", { keyId: "1234abcd-12ab-34cd-56ef-1234567890ab", policy: "{}" });
        const { notApplicable } = analyzeResource(keyPolicy);
        assert.deepStrictEqual(
            notApplicable.filter((n) => n.policy.startsWith("kms-")),
            [
                {
                    policy: "kms-key-enable-rotation",
                    reason: 'KeyPolicy "media-key-policy" has no rotation setting of its own (a replica, a key with imported material, or a key policy).',
                },
                {
                    policy: "kms-key-configure-deletion-window",
                    reason: 'KeyPolicy "media-key-policy" has no deletion window of its own: it is a key policy, not a key.',
                },
            ],
        );
    });

    it("a bucket read back from AWS is judged on what AWS holds, where only resource policies run", () => {
        const physical = "found-bucket";
        const bucket = new Deployment().add(T.bucket, "found", {
            bucket: physical,
            arn: arnOf(physical),
            serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] } },
            policy: policyDocument(denyInsecureTransport(physical)),
        });
        const { diagnostics, notApplicable } = analyzeResource(bucket);
        assert.deepStrictEqual(
            diagnostics.map((v) => [v.policy, v.enforcementLevel]),
            [
                ["s3-bucket-enforce-public-access-block", "advisory"],
                ["s3-bucket-enforce-minimum-tls-version", "advisory"],
                ["s3-bucket-disallow-public-policy-with-public-access-block", "advisory"],
                ["s3-bucket-enable-access-logging", "advisory"],
            ],
        );
        assert.ok(notApplicable.some((n) => n.policy === "s3-bucket-disallow-conflicting-inline-arguments"));
    });

    it("a bucket's inputs in analyze are left to the stack check, as in every deployment", () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket");
        assert.deepStrictEqual(analyzeResource(d.find("media")).diagnostics, []);
    });
});
