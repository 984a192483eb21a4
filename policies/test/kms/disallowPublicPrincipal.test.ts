import * as assert from "assert";

import { analyze, Diagnostic } from "../support/inProcess";
import { compliantKey, Deployment, T, UNKNOWN } from "../support/fixtures";

const only = (policy: string) => (diags: Diagnostic[]) =>
    diags.filter((d) => d.policy === policy).map(({ enforcementLevel, urn, message }) => ({ enforcementLevel, urn, message }));
const keyWith = (extra: Record<string, unknown>) => compliantKey(new Deployment(), "media-key", extra);

describe("kms policies", () => {
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
            const keyPolicy = new Deployment().add(T.keyPolicy, "media-key-policy", {
                keyId: "1234",
                policy: { Version: "2012-10-17", Statement: [statement] },
            });
            assert.deepStrictEqual(
                of(analyze(keyPolicy)).map((v) => [v.enforcementLevel, v.urn]),
                [["mandatory", keyPolicy.urn]],
            );
            assert.match(of(analyze(keyPolicy))[0].message, /^The key policy of KeyPolicy "media-key-policy" allows every principal/);
        });

        it("reports an advisory naming the key when the policy is unknown at preview", () => {
            const key = keyWith({ policy: UNKNOWN });
            assert.deepStrictEqual(of(analyze(key)), [
                {
                    enforcementLevel: "advisory",
                    urn: key.urn,
                    message:
                        'Could not verify the key policy of Key "media-key": the policy document is unknown. It is judged again with real values when the resources are created (pulumi up).',
                },
            ]);
        });

        it("blocks a certainly public statement even when another statement is unknown", () => {
            const key = keyWith({ policy: { Statement: [statement, { Effect: "Allow", Principal: UNKNOWN, Action: "kms:*", Resource: "*" }] } });
            assert.deepStrictEqual(
                of(analyze(key)).map((v) => v.enforcementLevel),
                ["mandatory", "advisory"],
            );
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
            const key = keyWith({
                policy: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: JSON.stringify({ Statement: [statement] }) },
            });
            assert.deepStrictEqual(
                of(analyze(key)).map((v) => v.enforcementLevel),
                ["mandatory"],
            );
        });
    });
});
