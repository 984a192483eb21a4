// Hostile CloudFormation templates over the Analyzer gRPC API, as the CLI sends them (issue 18): the 8 KB Fn::Sub that
// backtracked for 66 s, the recursive YAML alias that overflowed the stack, and a body over CloudFormation's limit each
// get diagnostics, and no error. policies/test/lib/hostileTemplates.test.ts holds every case in process.
import * as assert from "assert";

import { PolicyPackClient } from "../../offline/policyPackClient";
import { Deployment } from "../../policies/test/support/fixtures";
import { ifRules, nestedSubInIf, OVERSIZE, RECURSIVE_ALIAS } from "../../policies/test/support/hostileTemplates";
import { detail, judge, startPack } from "./support/pack";

const INLINE = "cloudformation-stack-inline-template";

describe("hostile CloudFormation templates over the Analyzer gRPC API", function () {
    let pack: PolicyPackClient;
    before(async () => (pack = await startPack()));
    after(async () => pack?.close());

    /** What one preview reports for a stack deploying `templateBody`: policy, level and the policy's own message. */
    async function judgeStack(templateBody: string): Promise<string[][]> {
        const d = new Deployment();
        const stack = d.add("aws:cloudformation/stack:Stack", "legacy", { templateBody });
        const reported = await judge(pack, d.resources);
        assert.deepStrictEqual(
            reported.filter((v) => v.urn !== stack.urn),
            [],
            "every diagnostic is on the stack",
        );
        return reported.map((v) => [v.policy, v.enforcementLevel, detail(v)]);
    }

    it("judges an 8 KB Fn::Sub nesting ${ inside Fn::If as any Fn::If", async () => {
        const reported = await judgeStack(nestedSubInIf(8192));
        assert.deepStrictEqual(
            reported.map(([policy, level]) => `${policy} ${level}`),
            [
                "s3-bucket-enforce-encryption mandatory",
                "s3-bucket-enforce-tls advisory",
                "s3-bucket-enforce-public-access-block mandatory",
                "s3-bucket-enforce-minimum-tls-version advisory",
                "s3-bucket-enable-access-logging advisory",
            ],
        );
        assert.match(
            reported[1][2],
            /: the policy document is unknown\. Inside the template, Fn::If \(in PolicyDocument\) is resolved by CloudFormation alone: /,
        );
    });

    it("refuses a recursive YAML alias with a diagnostic naming it", async () => {
        assert.deepStrictEqual(await judgeStack(RECURSIVE_ALIAS), [
            [
                INLINE,
                "advisory",
                'The templateBody of CloudFormation stack "legacy" uses a recursive YAML alias (*r, inside the node it refers to), which repeats without end: ' +
                    "the pack cannot judge its buckets and keys.",
            ],
        ]);
    });

    it("refuses a body over CloudFormation's 51,200 bytes with a mandatory diagnostic, and reads none of it", async () => {
        assert.deepStrictEqual(await judgeStack(OVERSIZE), [
            [
                INLINE,
                "mandatory",
                'The templateBody of CloudFormation stack "legacy" is 51,201 bytes, over CloudFormation\'s limit of 51,200 bytes for a template body, so ' +
                    "CloudFormation refuses it; the pack does not read it either, and cannot judge the buckets and keys it declares. Split its resources over " +
                    "several stacks, each with a templateBody within the limit, or declare the buckets and keys as Pulumi resources.",
            ],
        ]);
    });

    it("answers 2,000 unresolved Fn::If encryption rules with one advisory per policy, in a reply of kilobytes", async () => {
        const reported = await judgeStack(ifRules(2000));
        const unverified = reported.filter(([, , message]) => message.startsWith("Could not verify"));
        assert.deepStrictEqual(
            unverified.map(([policy, level]) => `${policy} ${level}`),
            ["s3-bucket-enforce-encryption advisory", "s3-bucket-enable-bucket-key advisory", "s3-bucket-configure-blocked-encryption-types advisory"],
        );
        const bytes = reported.reduce((n, [, , message]) => n + Buffer.byteLength(message), 0);
        assert.ok(bytes < 20_000, `${bytes} bytes of messages (10 MB before: every rule a finding, each naming the list)`);
    });
});
