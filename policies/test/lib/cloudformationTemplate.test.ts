// How the pack reads a CloudFormation template: what it resolves from the template alone, and what it leaves unknown
// with the reason (lib/cloudformationTemplate.ts).
import * as assert from "assert";

import { parseTemplate, TemplateResource } from "../../lib/cloudformationTemplate";
import { UNKNOWN } from "../support/fixtures";

function resources(body: string, parameters: Record<string, unknown> | "unknown" = {}): Record<string, TemplateResource> {
    const parsed = parseTemplate(body, parameters);
    if (parsed.kind !== "template") throw new Error(`not a template: ${JSON.stringify(parsed)}`);
    return Object.fromEntries(parsed.resources.map((r) => [r.logicalId, r]));
}

describe("CloudFormation templates as the pack reads them", () => {
    it("reads the YAML short forms as their long forms, scalar and sequence alike", () => {
        const { P } = resources(`
Resources:
  B: { Type: AWS::S3::Bucket }
  P:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref B
      A: !GetAtt B.Arn
      C: !GetAtt [B, DomainName]
      D: !Sub "\${B.Arn}/*"
      E: !Sub ["\${Name}-x", { Name: !Ref B }]
      F: !Join [":", [a, !Select [1, !Split [",", "x,y,z"]]]]
`);
        assert.deepStrictEqual(P.properties, { Bucket: "⟨B⟩", A: "⟨B.Arn⟩", C: "⟨B.DomainName⟩", D: "⟨B.Arn⟩/*", E: "⟨B⟩-x", F: "a:y" });
        assert.deepStrictEqual(P.dependencies, { Bucket: ["B"], A: ["B"], C: ["B"], D: ["B"], E: ["B"] });
        assert.deepStrictEqual(P.unresolved, []);
    });

    it("resolves a bucket's Ref to its literal BucketName, parameters from the stack or their Default, and Fn::FindInMap", () => {
        const body = JSON.stringify({
            Parameters: { Env: { Type: "String", Default: "prod" }, Names: { Type: "CommaDelimitedList", Default: "a,b" } },
            Mappings: { Suffix: { prod: { Value: "media" } } },
            Resources: {
                B: {
                    Type: "AWS::S3::Bucket",
                    Properties: { BucketName: { "Fn::Sub": ["${Env}-${S}", { S: { "Fn::FindInMap": ["Suffix", { Ref: "Env" }, "Value"] } }] } },
                },
                P: {
                    Type: "AWS::S3::BucketPolicy",
                    Properties: {
                        Bucket: { Ref: "B" },
                        Second: { "Fn::Select": [1, { Ref: "Names" }] },
                        Gone: { Ref: "AWS::NoValue" },
                        Literal: { "Fn::Sub": "${!Literal}" },
                    },
                },
            },
        });
        assert.deepStrictEqual(resources(body).P.properties, { Bucket: "prod-media", Second: "b", Literal: "${Literal}" });
        const dev = resources(body, { Env: "dev" }).B;
        assert.deepStrictEqual(
            [dev.properties.BucketName, dev.unresolved],
            [UNKNOWN, ["Fn::FindInMap of Suffix.dev.Value, which the template's Mappings lack (in BucketName)"]],
        );
    });

    it("keeps pseudo-parameters as symbols of their one value in the stack, never as a value", () => {
        const { B } = resources(
            'Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub "media-${AWS::AccountId}-${AWS::Region}"',
        );
        assert.strictEqual(B.properties.BucketName, "media-⟨AWS::AccountId⟩-⟨AWS::Region⟩");
        assert.deepStrictEqual(B.unresolved, []);
    });

    it("leaves Fn::If, Fn::ImportValue and parameters without a value unknown, saying what and where", () => {
        const { K } = resources(`
Parameters:
  Admin: { Type: String }
Resources:
  B: { Type: AWS::S3::Bucket }
  K:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: !If [Strict, true, false]
      Description: !ImportValue shared-description
      KeyPolicy: { Statement: [{ Principal: { AWS: !Ref Admin }, Resource: !If [Strict, !Ref B, "*"] }] }
`);
        assert.deepStrictEqual(K.properties, {
            EnableKeyRotation: UNKNOWN,
            Description: UNKNOWN,
            KeyPolicy: { Statement: [{ Principal: { AWS: UNKNOWN }, Resource: UNKNOWN }] },
        });
        assert.deepStrictEqual(K.unresolved, [
            "Fn::If (in EnableKeyRotation)",
            "Fn::ImportValue (in Description)",
            "the parameter Admin, which has no Default and no value in the stack's parameters (in KeyPolicy.Statement[0].Principal.AWS)",
            "Fn::If (in KeyPolicy.Statement[0].Resource)",
        ]);
        assert.deepStrictEqual(K.dependencies, { KeyPolicy: ["B"] }, "Fn::If still says which resources it may refer to");
        assert.strictEqual(K.pendingPulumi, false);
    });

    it("marks what a stack parameter Pulumi does not know yet hides as pending, not as never resolved", () => {
        const body =
            "Parameters:\n  Name: { Type: String }\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: [{ Key: owner, Value: !Ref Name }]";
        for (const parameters of [{ Name: UNKNOWN }, "unknown" as const]) {
            const { B } = resources(body, parameters);
            assert.deepStrictEqual([B.properties.Tags, B.unresolved, B.pendingPulumi], [[{ Key: "owner", Value: UNKNOWN }], [], true]);
        }
    });

    it("refuses what is not a template, saying why", () => {
        assert.match((parseTemplate("{ not json") as { reason: string }).reason, /^is not valid JSON \(/);
        assert.deepStrictEqual(parseTemplate("AWSTemplateFormatVersion: 2010-09-09"), { kind: "invalid", reason: "has no Resources section" });
        assert.deepStrictEqual(parseTemplate("- a list"), { kind: "invalid", reason: "is not a template (not a JSON or YAML object)" });
    });
});

describe("a template resource's Condition", () => {
    const body = (condition: string) =>
        JSON.stringify({
            Parameters: { Env: { Type: "String", Default: "prod" }, Region: { Type: "String" } },
            Conditions: {
                IsProd: { "Fn::Equals": [{ Ref: "Env" }, "prod"] },
                IsDev: { "Fn::Not": [{ Condition: "IsProd" }] },
                Both: { "Fn::And": [{ Condition: "IsProd" }, { "Fn::Equals": [{ Ref: "Region" }, "eu-west-1"] }] },
                Either: { "Fn::Or": [{ Condition: "IsProd" }, { "Fn::Equals": [{ Ref: "Region" }, "eu-west-1"] }] },
                Loop: { "Fn::Not": [{ Condition: "Loop" }] },
            },
            Resources: { B: { Type: "AWS::S3::Bucket" }, P: { Type: "AWS::S3::BucketPolicy", Condition: condition, Properties: { Bucket: { Ref: "B" } } } },
        });

    it("leaves out a resource whose condition the template decides is false: CloudFormation does not create it", () => {
        assert.deepStrictEqual(Object.keys(resources(body("IsDev"))), ["B"]);
        assert.deepStrictEqual(Object.keys(resources(body("IsProd"), { Env: "dev" })), ["B"]);
    });

    it("keeps one whose condition holds as if it had none", () => {
        for (const condition of ["IsProd", "Either"]) {
            const { P } = resources(body(condition));
            assert.strictEqual(P.undecidedCondition, undefined, condition);
            assert.deepStrictEqual(P.unresolved, [], condition);
        }
    });

    it("marks one whose condition only CloudFormation decides, saying why", () => {
        const { P } = resources(body("Both"));
        assert.strictEqual(P.undecidedCondition, "Both");
        assert.deepStrictEqual(P.unresolved, ["the parameter Region, which has no Default and no value in the stack's parameters (in Conditions.Both)"]);
        const loop = resources(body("Loop")).P;
        assert.strictEqual(loop.undecidedCondition, "Loop");
        assert.deepStrictEqual(loop.unresolved, ["the Condition Loop, which refers back to itself"]);
        const missing = resources(body("Nowhere")).P;
        assert.deepStrictEqual([missing.undecidedCondition, missing.unresolved], ["Nowhere", ["the Condition Nowhere"]]);
    });

    it("is decided again at pulumi up when it depends on a stack parameter Pulumi does not know yet", () => {
        const { P } = resources(body("IsProd"), { Env: UNKNOWN });
        assert.strictEqual(P.undecidedCondition, "IsProd");
        assert.strictEqual(P.pendingPulumi, true);
        assert.deepStrictEqual(P.unresolved, []);
    });
});

describe("the engine's unknown marker in a template", () => {
    const template = { Resources: { B: { Type: "AWS::S3::Bucket", Properties: { BucketName: UNKNOWN } } } };

    it("is literal text in a body given as text, JSON or YAML: the engine never puts an unknown inside a string", () => {
        for (const body of [JSON.stringify(template), `Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: "${UNKNOWN}"\n`]) {
            const parsed = parseTemplate(body, {}, "text");
            assert.ok(parsed.kind === "template");
            const [b] = parsed.resources;
            assert.notStrictEqual(b.properties.BucketName, UNKNOWN);
            assert.ok(String(b.properties.BucketName).endsWith(UNKNOWN));
            assert.strictEqual(b.pendingPulumi, false);
        }
    });

    it("is unknown in a body given as an object (aws-native), where the engine put it", () => {
        const parsed = parseTemplate(JSON.stringify(template), {}, "object");
        assert.ok(parsed.kind === "template");
        assert.strictEqual(parsed.resources[0].properties.BucketName, UNKNOWN);
        assert.strictEqual(parsed.resources[0].pendingPulumi, true);
    });
});

describe("Fn::If", () => {
    const body = JSON.stringify({
        Parameters: { Env: { Type: "String", Default: "prod" }, Stage: { Type: "String" } },
        Conditions: { IsProd: { "Fn::Equals": [{ Ref: "Env" }, "prod"] }, IsStage: { "Fn::Equals": [{ Ref: "Stage" }, "stage"] } },
        Resources: {
            B: { Type: "AWS::S3::Bucket" },
            K: {
                Type: "AWS::KMS::Key",
                Properties: {
                    EnableKeyRotation: { "Fn::If": ["IsProd", true, false] },
                    Description: { "Fn::If": ["IsProd", { Ref: "AWS::NoValue" }, "dev key"] },
                    KeyPolicy: { Resource: { "Fn::If": ["IsStage", { Ref: "B" }, "*"] } },
                },
            },
        },
    });

    it("takes the branch of a condition the template decides, AWS::NoValue included", () => {
        assert.deepStrictEqual(resources(body).K.properties.EnableKeyRotation, true);
        assert.ok(!("Description" in resources(body).K.properties));
        const dev = resources(body, { Env: "dev", Stage: "x" }).K;
        assert.deepStrictEqual([dev.properties.EnableKeyRotation, dev.properties.Description, dev.properties.KeyPolicy], [false, "dev key", { Resource: "*" }]);
    });

    it("stays unknown on a condition only CloudFormation decides, naming the Fn::If", () => {
        const { K } = resources(body);
        assert.deepStrictEqual(K.properties.KeyPolicy, { Resource: UNKNOWN });
        assert.deepStrictEqual(K.unresolved, ["Fn::If (in KeyPolicy.Resource)"]);
        assert.deepStrictEqual(K.dependencies, { KeyPolicy: ["B"] });
    });

    it("is judged again at pulumi up when the condition waits for a stack parameter Pulumi does not know yet", () => {
        const { K } = resources(body, { Env: UNKNOWN, Stage: "stage" });
        assert.strictEqual(K.properties.EnableKeyRotation, UNKNOWN);
        assert.strictEqual(K.pendingPulumi, true);
        assert.deepStrictEqual(K.unresolved, []);
        assert.deepStrictEqual(K.properties.KeyPolicy, { Resource: "⟨B⟩" });
    });
});
