import * as assert from "assert";

import { analyze, Diagnostic } from "./support/inProcess";
import { compliantKey, Deployment, T, UNKNOWN } from "./support/fixtures";

const only = (policy: string) => (diags: Diagnostic[]) => diags.filter((d) => d.policy === policy).map(({ enforcementLevel, urn, message }) => ({ enforcementLevel, urn, message }));
const keyWith = (extra: Record<string, unknown>) => compliantKey(new Deployment(), "media-key", extra);

describe("kms policies", () => {
    it("pass a symmetric key with rotation, a 30-day window and a policy naming the account root", () => {
        assert.deepStrictEqual(analyze(keyWith({})), []);
    });

    describe("kms-key-enable-rotation", () => {
        const of = only("kms-key-enable-rotation");

        it("blocks a symmetric key without rotation, naming the key", () => {
            const key = keyWith({ enableKeyRotation: false });
            assert.deepStrictEqual(of(analyze(key)), [
                {
                    enforcementLevel: "mandatory",
                    urn: key.urn,
                    message: 'Key "media-key" is a symmetric encryption key without automatic rotation (enableKeyRotation is false): set enableKeyRotation to true.',
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
                    message: 'Could not verify key rotation of Key "media-key": enableKeyRotation is unknown. It is judged again with real values when the resources are created (pulumi up).',
                },
            ]);
        });

        it("reports an advisory when the key spec that decides applicability is unknown", () => {
            assert.deepStrictEqual(of(analyze(keyWith({ customerMasterKeySpec: UNKNOWN, enableKeyRotation: false }))).map((v) => v.enforcementLevel), ["advisory"]);
        });
    });

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
            const replica = new Deployment().add("aws:kms/replicaKey:ReplicaKey", "media-key-replica", { primaryKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/x", deletionWindowInDays: 10 });
            assert.deepStrictEqual(of(analyze(replica)).map((v) => v.urn), [replica.urn]);
        });

        it("reports an advisory when the window is unknown at preview", () => {
            assert.deepStrictEqual(of(analyze(keyWith({ deletionWindowInDays: UNKNOWN }))).map((v) => v.enforcementLevel), ["advisory"]);
        });
    });

    describe("kms-key-disallow-public-principal", () => {
        const of = only("kms-key-disallow-public-principal");
        const statement = { Sid: "Everyone", Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" };
        const withStatement = (s: unknown) => keyWith({ policy: JSON.stringify({ Version: "2012-10-17", Statement: [s] }) });

        for (const [label, principal] of Object.entries({ '"*"': "*", '{"AWS": "*"}': { AWS: "*" }, '{"AWS": ["*"]}': { AWS: ["*"] } })) {
            it(`blocks an Allow for ${label} without a condition, naming the key and the statement`, () => {
                const key = withStatement({ ...statement, Principal: principal });
                assert.deepStrictEqual(of(analyze(key)), [
                    {
                        enforcementLevel: "mandatory",
                        urn: key.urn,
                        message:
                            'The key policy of Key "media-key" allows every principal (*) without a condition in statement "Everyone": name the principals, or add a condition such as aws:PrincipalOrgID or kms:CallerAccount.',
                    },
                ]);
            });
        }

        it("blocks an Allow with NotPrincipal (everyone but someone)", () => {
            const key = withStatement({ ...statement, Principal: undefined, NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" } });
            assert.match(of(analyze(key))[0].message, /allows every principal but those in NotPrincipal without a condition/);
        });

        it("accepts a wildcard principal narrowed by a condition", () => {
            assert.deepStrictEqual(of(analyze(withStatement({ ...statement, Condition: { StringEquals: { "kms:CallerAccount": "123456789012" } } }))), []);
        });

        it("accepts a Deny for every principal", () => assert.deepStrictEqual(of(analyze(withStatement({ ...statement, Effect: "Deny" }))), []));

        it("judges KeyPolicy resources and documents given as objects", () => {
            const keyPolicy = new Deployment().add(T.keyPolicy, "media-key-policy", { keyId: "1234", policy: { Version: "2012-10-17", Statement: [statement] } });
            assert.deepStrictEqual(of(analyze(keyPolicy)).map((v) => [v.enforcementLevel, v.urn]), [["mandatory", keyPolicy.urn]]);
            assert.match(of(analyze(keyPolicy))[0].message, /^The key policy of KeyPolicy "media-key-policy" allows every principal/);
        });

        it("reports an advisory naming the key when the policy is unknown at preview", () => {
            const key = keyWith({ policy: UNKNOWN });
            assert.deepStrictEqual(of(analyze(key)), [
                {
                    enforcementLevel: "advisory",
                    urn: key.urn,
                    message: 'Could not verify the key policy of Key "media-key": the policy document is unknown. It is judged again with real values when the resources are created (pulumi up).',
                },
            ]);
        });

        it("blocks a certainly public statement even when another statement is unknown", () => {
            const key = keyWith({ policy: { Statement: [statement, { Effect: "Allow", Principal: UNKNOWN, Action: "kms:*", Resource: "*" }] } });
            assert.deepStrictEqual(of(analyze(key)).map((v) => v.enforcementLevel), ["mandatory", "advisory"]);
        });

        it("numbers statements without a Sid from 0, as Statement[i], like encryption rules (rules[i])", () => {
            const root = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" };
            const { Sid: _, ...everyone } = statement;
            const key = keyWith({ policy: { Statement: [root, everyone, UNKNOWN, { ...everyone, Principal: UNKNOWN }] } });
            assert.deepStrictEqual(of(analyze(key)), [
                {
                    enforcementLevel: "mandatory",
                    urn: key.urn,
                    message:
                        'The key policy of Key "media-key" allows every principal (*) without a condition in Statement[1]: name the principals, or add a condition such as aws:PrincipalOrgID or kms:CallerAccount.',
                },
                {
                    enforcementLevel: "advisory",
                    urn: key.urn,
                    message:
                        'Could not verify the key policy of Key "media-key": Statement[2], Principal of Statement[3] are unknown. It is judged again with real values when the resources are created (pulumi up).',
                },
            ]);
        });

        it("judges a policy that arrives as a secret", () => {
            const key = keyWith({ policy: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: JSON.stringify({ Statement: [statement] }) } });
            assert.deepStrictEqual(of(analyze(key)).map((v) => v.enforcementLevel), ["mandatory"]);
        });
    });

    it("leave unrelated resources alone", () => {
        const d = new Deployment();
        const unrelated = [
            d.add(T.alias, "media-key-alias", { name: "alias/media", targetKeyId: "1234" }),
            d.add(T.queue, "jobs", { name: "jobs" }),
            d.add(T.role, "worker", { assumeRolePolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] }) }),
        ];
        assert.deepStrictEqual(unrelated.flatMap((r) => analyze(r)), []);
    });
});
