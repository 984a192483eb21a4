// No template stops the pack (issue 18): whatever a CloudFormation stack's templateBody holds, the pack answers with
// diagnostics or nothing, and never throws. Each input is built by test/support/hostileTemplates.ts at the size that
// stalled or crashed the pack before; these tests time nothing, they check what the pack says about each.
import * as assert from "assert";

import { cachedTemplates, MAX_STEPS, parseTemplate, placeholderId, placeholders, TemplateResource } from "../../lib/cloudformationTemplate";
import { Deployment } from "../support/fixtures";
import { deepTags, ifRules, nestedSubInIf, OVERSIZE, RECURSIVE_ALIAS, templateOfSize } from "../support/hostileTemplates";
import { analyzeDeployment, Diagnostic } from "../support/inProcess";

const STACK = "aws:cloudformation/stack:Stack";
const INLINE = "cloudformation-stack-inline-template";

function stackWith(templateBody: unknown, type: string = STACK): Deployment {
    const d = new Deployment();
    d.add(type, "legacy", { templateBody });
    return d;
}

/** What one preview reports for the deployment: policy, level and message of each diagnostic. */
function judged(d: Deployment, config = {}): Array<Pick<Diagnostic, "policy" | "enforcementLevel" | "message">> {
    return analyzeDeployment(d.resources, config).map(({ policy, enforcementLevel, message }) => ({ policy, enforcementLevel, message }));
}

function resources(body: string): Record<string, TemplateResource> {
    const parsed = parseTemplate(body);
    if (parsed.kind !== "template") throw new Error(`not a template: ${JSON.stringify(parsed)}`);
    return Object.fromEntries(parsed.resources.map((r) => [r.logicalId, r]));
}

/** What ends the list of values only CloudFormation resolves, after "is" or "are". */
const NEVER_RESOLVED =
    "resolved by CloudFormation alone: Pulumi passes the template through unresolved, so the pack cannot verify this, at preview or at pulumi up. " +
    "Write the value into the template, or pass it through the stack's parameters.";
const BOUNDS = "it follows a value at most 100 levels deep and 250,000 values in a template, and never round a cycle (which CloudFormation refuses too)";
/** The mandatory findings of a bucket "B" named acme-media that sets no control (judged with certainty). */
const BARE_BUCKET = [
    "s3-bucket-enforce-encryption mandatory",
    "s3-bucket-enforce-tls mandatory",
    "s3-bucket-enforce-public-access-block mandatory",
    "s3-bucket-enforce-minimum-tls-version advisory",
    "s3-bucket-enable-access-logging advisory",
];
const levels = (diagnostics: ReturnType<typeof judged>) => diagnostics.map((d) => `${d.policy} ${d.enforcementLevel}`);

describe("hostile CloudFormation templates", () => {
    describe("Fn::Sub, read in one pass", () => {
        it("finds ${...} placeholders exactly where the regular expressions it replaces found them", () => {
            // Every string of up to 6 of these characters: the old expressions are linear on strings this short.
            const alphabet = ["$", "{", "}", ".", "!", "a"];
            let strings = [""];
            for (let length = 1; length <= 6; length++) {
                strings = strings.flatMap((s) => (s.length === length - 1 ? [s, ...alphabet.map((c) => s + c)] : [s]));
            }
            for (const text of strings) {
                const expected = [...text.matchAll(/\$\{([^}]*)\}/g)].map((m) => ({ start: m.index, end: m.index! + m[0].length, name: m[1] }));
                assert.deepStrictEqual(placeholders(text), expected, text);
                const ids = [...text.matchAll(/\$\{([^}.!]*)[^}]*\}/g)].map((m) => m[1]);
                assert.deepStrictEqual(
                    placeholders(text).map((p) => placeholderId(p.name)),
                    ids,
                    text,
                );
            }
        });

        it("reads 25,000 unclosed ${ as text, and a } after them as one placeholder", () => {
            assert.deepStrictEqual(placeholders("${".repeat(25_000)), []);
            assert.deepStrictEqual(placeholders(`${"${".repeat(25_000)}}`), [{ start: 0, end: 50_001, name: "${".repeat(24_999) }]);
        });

        it("judges an 8 KB template whose Fn::Sub nests ${ inside Fn::If as any Fn::If: unknown, naming it", () => {
            const diagnostics = judged(stackWith(nestedSubInIf(8192)));
            assert.deepStrictEqual(levels(diagnostics), [
                "s3-bucket-enforce-encryption mandatory",
                "s3-bucket-enforce-tls advisory",
                "s3-bucket-enforce-public-access-block mandatory",
                "s3-bucket-enforce-minimum-tls-version advisory",
                "s3-bucket-enable-access-logging advisory",
            ]);
            assert.strictEqual(
                diagnostics[1].message,
                'Could not verify that AWS::S3::BucketPolicy "P" of AWS::S3::Bucket "B" (acme-media) in CloudFormation stack "legacy" denies plain-HTTP access ' +
                    `to the bucket and its objects: the policy document is unknown. Inside the template, Fn::If (in PolicyDocument) is ${NEVER_RESOLVED}`,
            );
        });

        it("judges the same text directly in Fn::Sub, up to CloudFormation's limit, as text", () => {
            const inIf = nestedSubInIf(51_200);
            const body = inIf.replace('{"Fn::If":["C",{"Fn::Sub"', '{"Fn::Sub"').replace('"},{}]}}}}}', '"}}}}}');
            const text: string = JSON.parse(body).Resources.P.Properties.PolicyDocument["Fn::Sub"];
            assert.deepStrictEqual([text.length > 50_000, text === "${".repeat(text.length / 2)], [true, true]);
            const diagnostics = judged(stackWith(body));
            assert.deepStrictEqual(levels(diagnostics), BARE_BUCKET);
            assert.match(diagnostics[1].message, /^The policy of AWS::S3::BucketPolicy "P" of AWS::S3::Bucket "B" \(acme-media\) .* is not valid JSON \(/);
        });
    });

    describe("messages", () => {
        it("says 2,000 unresolved Fn::If rules once per policy, naming 10 and counting the rest", () => {
            const diagnostics = judged(stackWith(ifRules(2000)));
            const rule = (i: number) => `Fn::If (in BucketEncryption.ServerSideEncryptionConfiguration[${i}])`;
            const pending = `Inside the template, ${[...Array(10).keys()].map(rule).join(", ")} and 1,990 more are ${NEVER_RESOLVED}`;
            const unverified = diagnostics.filter((d) => d.message.startsWith("Could not verify"));
            assert.strictEqual(unverified.length, 3, "one in each of the three policies that read rules");
            for (const d of unverified) assert.ok(d.message.endsWith(pending), d.message);
            const paths = [...Array(10).keys()].map((i) => `BucketEncryption.ServerSideEncryptionConfiguration[${i}]`).join(", ");
            assert.strictEqual(
                unverified[0].message,
                'Could not verify the default encryption of AWS::S3::Bucket "B" (acme-media) in CloudFormation stack "legacy": the SSEAlgorithm of the ' +
                    `BucketEncryption (${paths} and 1,990 more) is unknown. ${pending}`,
            );
            assert.ok(diagnostics.reduce((n, d) => n + d.message.length, 0) < 20_000, "the messages stay a few kilobytes, not megabytes");
        });
    });

    describe("recursion", () => {
        it("refuses a recursive YAML alias, naming it, instead of overflowing the stack", () => {
            assert.deepStrictEqual(judged(stackWith(RECURSIVE_ALIAS)), [
                {
                    policy: INLINE,
                    enforcementLevel: "advisory",
                    message:
                        'The templateBody of CloudFormation stack "legacy" uses a recursive YAML alias (*r, inside the node it refers to), which repeats without end: ' +
                        "the pack cannot judge its buckets and keys.",
                },
            ]);
        });

        it("refuses YAML aliases that repeat the template into more than 250,000 values (an alias bomb)", () => {
            const lines = ["Resources:", "  B:", "    Type: AWS::S3::Bucket", "    Properties:", `      A: &a [${Array(200).fill("x").join(", ")}]`];
            ["b", "c", "d", "e", "f", "g"].forEach((name, i) => lines.push(`      ${name}: &${name} [${Array(9).fill(`*${"abcdef"[i]}`).join(", ")}]`));
            assert.deepStrictEqual(parseTemplate(lines.join("\n")), {
                kind: "invalid",
                reason: "uses YAML aliases that repeat its values into more than 250,000 values (an alias bomb)",
            });
        });

        it("reads aliases within that bound as the values they repeat, even an anchor of aliases to an empty list used 100 times", () => {
            const { B, C } = resources(
                "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: &t [{Key: a, Value: b}]\n  C:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: *t\n",
            );
            assert.deepStrictEqual([B.properties, C.properties], [{ Tags: [{ Key: "a", Value: "b" }] }, { Tags: [{ Key: "a", Value: "b" }] }]);
            // yaml's own alias bound re-read the whole document at each of these aliases (8.7 s with 15,000 values beside them).
            const body =
                "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n" +
                `      F: [${Array(15_000).fill("x").join(",")}]\n      E: &e []\n      Big: &big [${Array(100).fill("*e").join(",")}]\n` +
                `      C: [${Array(100).fill("*big").join(",")}]\n`;
            const { properties } = resources(body).B;
            assert.deepStrictEqual([(properties.C as unknown[]).length, (properties.C as unknown[][])[99].length], [100, 100]);
        });

        it("reports a nesting deeper than yaml can read as the reason the template is not read", () => {
            const body = `Resources: {B: {Type: AWS::S3::Bucket, Properties: {Tags: ${"[".repeat(20_000)}1${"]".repeat(20_000)}}}}`;
            const [diagnostic, ...others] = judged(stackWith(body));
            assert.deepStrictEqual([diagnostic.policy, diagnostic.enforcementLevel, others], [INLINE, "advisory", []]);
            assert.match(
                diagnostic.message,
                /^The templateBody of CloudFormation stack "legacy" nests its YAML collections deeper than the pack can read \(at line 1, column \d+\): the pack cannot judge its buckets and keys\.$/,
            );
        });

        it("cuts a self-referencing Fn::FindInMap where it closes: the encryption is unverified, the rest judged", () => {
            const body = JSON.stringify({
                Mappings: { M: { K: { V: { "Fn::FindInMap": ["M", "K", "V"] } } } },
                Resources: {
                    B: {
                        Type: "AWS::S3::Bucket",
                        Properties: {
                            BucketName: "acme-media",
                            BucketEncryption: {
                                ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: { "Fn::FindInMap": ["M", "K", "V"] } } }],
                            },
                        },
                    },
                },
            });
            const cut =
                "Fn::FindInMap of M.K.V, which refers back to itself through the template's Mappings " +
                "(in BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm)";
            const diagnostics = judged(stackWith(body));
            assert.deepStrictEqual(
                diagnostics.filter((d) => d.policy === INLINE || d.policy === "s3-bucket-enforce-encryption"),
                [
                    {
                        policy: INLINE,
                        enforcementLevel: "advisory",
                        message:
                            `The template of CloudFormation stack "legacy" has values the pack does not read, in "B": ${cut}. The pack stops there: ${BOUNDS}; ` +
                            "a policy that needs such a value reports that it could not verify it. Write the values out plainly.",
                    },
                    {
                        policy: "s3-bucket-enforce-encryption",
                        enforcementLevel: "advisory",
                        message:
                            'Could not verify the default encryption of AWS::S3::Bucket "B" (acme-media) in CloudFormation stack "legacy": the SSEAlgorithm of the ' +
                            `BucketEncryption (BucketEncryption.ServerSideEncryptionConfiguration[0]) is unknown. Inside the template, the pack does not read ${cut}, ` +
                            `so it cannot verify this: ${BOUNDS}. Write the value out plainly.`,
                    },
                ],
            );
            assert.ok(levels(diagnostics).includes("s3-bucket-enforce-tls mandatory"), "what the cycle does not reach is judged with certainty");
        });

        it("cuts a cycle through two Mappings entries, and one through two buckets' names", () => {
            const mappings = resources(
                JSON.stringify({
                    Mappings: { M: { K: { V: { "Fn::FindInMap": ["M", "K", "W"] }, W: [{ "Fn::FindInMap": ["M", "K", "V"] }] } } },
                    Resources: { B: { Type: "AWS::S3::Bucket", Properties: { Tags: { "Fn::FindInMap": ["M", "K", "V"] } } } },
                }),
            );
            assert.deepStrictEqual(mappings.B.unread, ["Fn::FindInMap of M.K.V, which refers back to itself through the template's Mappings (in Tags[0])"]);
            const names = resources(
                JSON.stringify({
                    Resources: {
                        A: { Type: "AWS::S3::Bucket", Properties: { BucketName: { Ref: "B" } } },
                        B: { Type: "AWS::S3::Bucket", Properties: { BucketName: { "Fn::Sub": "${A}-b" } } },
                        P: { Type: "AWS::S3::BucketPolicy", Properties: { Bucket: { Ref: "A" } } },
                    },
                }),
            );
            assert.deepStrictEqual(
                Object.values(names).map((r) => [r.logicalId, r.unread]),
                [
                    // A's name is cut where B's refers back to A, and what cut B's name is said of A too (as for any
                    // unresolved value in a name it refers to).
                    ["A", ["Ref to B, whose BucketName depends on itself (in BucketName)", "Ref to A, whose BucketName depends on itself (in BucketName)"]],
                    ["B", ["Ref to A, whose BucketName depends on itself (in BucketName)"]],
                    ["P", ["Ref to A, whose BucketName depends on itself (in Bucket)"]],
                ],
            );
            assert.deepStrictEqual(names.P.dependencies, { Bucket: ["A"] }, "the policy still targets A, by dependency");
        });

        it("follows a value 100 levels deep and no further: 4,000-deep Tags are unread, the bucket judged with certainty", () => {
            const diagnostics = judged(stackWith(deepTags(4000)));
            assert.deepStrictEqual(levels(diagnostics), [`${INLINE} advisory`, ...BARE_BUCKET]);
            assert.strictEqual(
                diagnostics[0].message,
                `The template of CloudFormation stack "legacy" has values the pack does not read, in "B": a value nested more than 100 levels deep (in Tags${".a".repeat(100)}). ` +
                    `The pack stops there: ${BOUNDS}; a policy that needs such a value reports that it could not verify it. Write the values out plainly.`,
            );
            assert.deepStrictEqual(resources(deepTags(100)).B.unread, [], "100 levels are read");
        });

        it(`resolves at most ${MAX_STEPS.toLocaleString("en-US")} values in a template: Fn::FindInMap doubling 40 times stops there`, () => {
            const K: Record<string, unknown> = { V40: "x" };
            for (let i = 0; i < 40; i++) K[`V${i}`] = [{ "Fn::FindInMap": ["M", "K", `V${i + 1}`] }, { "Fn::FindInMap": ["M", "K", `V${i + 1}`] }];
            const { B } = resources(
                JSON.stringify({
                    Mappings: { M: { K } },
                    Resources: { B: { Type: "AWS::S3::Bucket", Properties: { Tags: { "Fn::FindInMap": ["M", "K", "V0"] } } } },
                }),
            );
            assert.deepStrictEqual(B.unread, ["every value after the first 250,000 of the template (the most the pack resolves in one template)"]);
        });
    });

    describe("size", () => {
        const refusal = (bytes: string) =>
            `The templateBody of CloudFormation stack "legacy" is ${bytes} bytes, over CloudFormation's limit of 51,200 bytes for a template body, so ` +
            "CloudFormation refuses it; the pack does not read it either, and cannot judge the buckets and keys it declares. Split its resources over " +
            "several stacks, each with a templateBody within the limit, or declare the buckets and keys as Pulumi resources.";

        it("refuses a body over 51,200 bytes with a mandatory diagnostic, though the policy is advisory, and reads none of it", () => {
            assert.deepStrictEqual(judged(stackWith(OVERSIZE)), [{ policy: INLINE, enforcementLevel: "mandatory", message: refusal("51,201") }]);
            assert.deepStrictEqual(parseTemplate(OVERSIZE), { kind: "tooLarge", bytes: 51_201 });
        });

        it("reads a body of exactly 51,200 bytes", () => {
            assert.deepStrictEqual(judged(stackWith(templateOfSize(51_200))), []);
        });

        it("counts bytes, not characters, and measures an aws-native object body as JSON", () => {
            const accented = templateOfSize(51_202, "é");
            assert.ok(accented.length < 51_200);
            assert.deepStrictEqual(
                judged(stackWith(accented)).map((d) => d.message),
                [refusal("51,202")],
            );
            assert.deepStrictEqual(
                judged(stackWith(JSON.parse(OVERSIZE), "aws-native:cloudformation:Stack")).map((d) => [d.enforcementLevel, d.message]),
                [["mandatory", refusal("51,201")]],
            );
        });

        it("is silenced only by disabling the policy", () => {
            assert.deepStrictEqual(judged(stackWith(OVERSIZE), { [INLINE]: "disabled" }), []);
        });
    });

    describe("the parse cache", () => {
        it("keeps the last 8 templates, and answers a repeated one from the cache", () => {
            for (let i = 0; i < 30; i++) parseTemplate(JSON.stringify({ Resources: { [`B${i}`]: { Type: "AWS::S3::Bucket" } } }));
            assert.strictEqual(cachedTemplates(), 8);
            const body = JSON.stringify({ Resources: { B: { Type: "AWS::S3::Bucket" } } });
            assert.strictEqual(parseTemplate(body), parseTemplate(body));
            assert.notStrictEqual(parseTemplate(body), parseTemplate(body, { Env: "dev" }), "keyed by the parameters too");
        });
    });
});
