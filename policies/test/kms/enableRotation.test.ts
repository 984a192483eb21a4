import * as assert from "assert";

import { analyze, Diagnostic } from "../support/inProcess";
import { compliantKey, Deployment, UNKNOWN } from "../support/fixtures";

const only = (policy: string) => (diags: Diagnostic[]) =>
    diags.filter((d) => d.policy === policy).map(({ enforcementLevel, urn, message }) => ({ enforcementLevel, urn, message }));
const keyWith = (extra: Record<string, unknown>) => compliantKey(new Deployment(), "media-key", extra);

describe("kms policies", () => {
    describe("kms-key-enable-rotation", () => {
        const of = only("kms-key-enable-rotation");

        it("blocks a symmetric key without rotation, naming the key", () => {
            const key = keyWith({ enableKeyRotation: false });
            assert.deepStrictEqual(of(analyze(key)), [
                {
                    enforcementLevel: "mandatory",
                    urn: key.urn,
                    message:
                        'Key "media-key" is a symmetric encryption key without automatic rotation (enableKeyRotation is false): set enableKeyRotation to true.',
                },
            ]);
        });

        it("blocks a key that leaves rotation unset (off by default)", () => {
            assert.match(of(analyze(keyWith({ enableKeyRotation: undefined })))[0].message, /\(enableKeyRotation is not set\)/);
        });

        const cannotRotate: Record<string, Record<string, unknown>> = {
            "an asymmetric key": { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" },
            "an HMAC key": { customerMasterKeySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" },
            "a key in a custom key store": { customKeyStoreId: "cks-1234567890abcdef0" },
        };
        for (const [label, props] of Object.entries(cannotRotate)) {
            it(`does not apply to ${label}`, () => assert.deepStrictEqual(of(analyze(keyWith({ ...props, enableKeyRotation: false }))), []));
        }

        it("reports an advisory naming the key when rotation is unknown at preview", () => {
            const key = keyWith({ enableKeyRotation: UNKNOWN });
            assert.deepStrictEqual(of(analyze(key)), [
                {
                    enforcementLevel: "advisory",
                    urn: key.urn,
                    message:
                        'Could not verify key rotation of Key "media-key": enableKeyRotation is unknown. It is judged again with real values when the resources are created (pulumi up).',
                },
            ]);
        });

        it("reports an advisory when the key spec that decides applicability is unknown", () => {
            assert.deepStrictEqual(
                of(analyze(keyWith({ customerMasterKeySpec: UNKNOWN, enableKeyRotation: false }))).map((v) => v.enforcementLevel),
                ["advisory"],
            );
        });
    });
});
