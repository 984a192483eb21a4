import * as assert from "assert";

import { analyze, analyzeStack, Diagnostic } from "../support/inProcess";
import { Deployment, UNKNOWN } from "../support/fixtures";

const POLICY = "cloudformation-stack-inline-template";
const of = (diags: Diagnostic[]) => diags.filter((d) => d.policy === POLICY).map(({ enforcementLevel, urn, message }) => ({ enforcementLevel, urn, message }));

const STACK = "aws:cloudformation/stack:Stack";
/** A template the pack can read: one bucket. */
const TEMPLATE = JSON.stringify({ Resources: { Media: { Type: "AWS::S3::Bucket", Properties: { BucketName: "acme-media" } } } });
const stackWith = (properties: Record<string, unknown>, type: string = STACK) => new Deployment().add(type, "legacy", properties);
const UNREADABLE = "the pack cannot judge its buckets and keys.";

describe("cloudformation-stack-inline-template (advisory)", () => {
    it("passes a stack whose templateBody is a readable template", () => {
        assert.deepStrictEqual(of(analyze(stackWith({ templateBody: TEMPLATE }))), []);
    });

    it("passes an aws-native stack whose templateBody is an object, and a stack set", () => {
        assert.deepStrictEqual(of(analyze(stackWith({ templateBody: JSON.parse(TEMPLATE) }, "aws-native:cloudformation:Stack"))), []);
        assert.deepStrictEqual(of(analyze(stackWith({ templateBody: TEMPLATE }, "aws:cloudformation/stackSet:StackSet"))), []);
    });

    it("reports a stack with only a templateUrl, on the stack's URN", () => {
        const stack = stackWith({ templateUrl: "https://example-bucket.s3.amazonaws.com/media.yaml" });
        assert.deepStrictEqual(of(analyze(stack)), [
            {
                enforcementLevel: "advisory",
                urn: stack.urn,
                message:
                    'CloudFormation stack "legacy" has only a templateUrl (https://example-bucket.s3.amazonaws.com/media.yaml): the pack cannot read a template it is not given, so none of its buckets and keys is judged. ' +
                    "Pass the template as templateBody (e.g. fs.readFileSync of the file the URL serves) instead of templateUrl.",
            },
        ]);
    });

    it("names a stack set as such", () => {
        assert.match(of(analyze(stackWith({}, "aws:cloudformation/stackSet:StackSet")))[0].message, /^CloudFormation stack set "legacy" has no templateBody: /);
    });

    it("reports a templateBody that is not a template, saying why", () => {
        const [invalid] = of(analyze(stackWith({ templateBody: "{ not json" })));
        assert.match(
            invalid.message,
            /^The templateBody of CloudFormation stack "legacy" is not valid JSON \(.+\): the pack cannot judge its buckets and keys\.$/,
        );
        assert.deepStrictEqual(
            of(analyze(stackWith({ templateBody: "AWSTemplateFormatVersion: 2010-09-09" }))).map((v) => v.message),
            [`The templateBody of CloudFormation stack "legacy" has no Resources section: ${UNREADABLE}`],
        );
    });

    it("reports a nested stack, whose template the pack cannot read", () => {
        const body = JSON.stringify({
            Resources: { Child: { Type: "AWS::CloudFormation::Stack", Properties: { TemplateURL: "https://example-bucket.s3.amazonaws.com/child.yaml" } } },
        });
        assert.deepStrictEqual(
            of(analyze(stackWith({ templateBody: body }))).map((v) => v.message),
            [
                'CloudFormation stack "legacy" declares the nested stack "Child" (AWS::CloudFormation::Stack), whose template (TemplateURL) the pack cannot read: declare its resources in this template, or as a stack of its own with a templateBody.',
            ],
        );
    });

    it("reports a Transform, whose resources only CloudFormation knows", () => {
        const body = JSON.stringify({ Transform: "AWS::Serverless-2016-10-31", Resources: {} });
        assert.deepStrictEqual(
            of(analyze(stackWith({ templateBody: body }))).map((v) => v.message),
            [
                'CloudFormation stack "legacy" uses the transform AWS::Serverless-2016-10-31: CloudFormation expands it when it deploys the template, so the resources it adds are not judged. Declare the buckets and keys as plain AWS::S3::Bucket and AWS::KMS::Key resources.',
            ],
        );
    });

    it("reports an advisory when the templateBody is unknown at preview", () => {
        const stack = stackWith({ templateBody: UNKNOWN });
        assert.deepStrictEqual(of(analyze(stack)), [
            {
                enforcementLevel: "advisory",
                urn: stack.urn,
                message:
                    'Could not inspect the template of CloudFormation stack "legacy": its templateBody is unknown. It is judged again with real values when the resources are created (pulumi up).',
            },
        ]);
    });

    it("can be made mandatory", () => {
        assert.deepStrictEqual(
            of(analyze(stackWith({}), { [POLICY]: "mandatory" })).map((v) => v.enforcementLevel),
            ["mandatory"],
        );
    });

    it("leaves resources that deploy no template alone", () => {
        assert.deepStrictEqual(of(analyze(new Deployment().add("aws:s3/bucket:Bucket", "media", { bucket: "media-bucket" }))), []);
    });
});

describe("stacks whose template is elsewhere or in another shape (issue 18)", () => {
    it("reads an aws-native StackSet's template, with its parameters as a list of { parameterKey, parameterValue }", () => {
        const templateBody = JSON.stringify({
            Parameters: { Name: { Type: "String" } },
            Resources: { Media: { Type: "AWS::S3::Bucket", Properties: { BucketName: { Ref: "Name" } } } },
        });
        const d = new Deployment();
        d.add("aws-native:cloudformation:StackSet", "org-media", { templateBody, parameters: [{ parameterKey: "Name", parameterValue: "acme-media" }] });
        assert.deepStrictEqual(of(analyze(d.resources[0])), []);
        const found = analyzeStack(d.resources);
        assert.deepStrictEqual(
            found.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.policy),
            ["s3-bucket-enforce-encryption", "s3-bucket-enforce-tls", "s3-bucket-enforce-public-access-block"],
        );
        assert.match(found[0].message, /^AWS::S3::Bucket "Media" \(acme-media\) in CloudFormation stack set "org-media" sets no BucketEncryption/);
    });

    it("reports a Serverless Application Repository stack, whose template the pack cannot read, naming the application", () => {
        const d = new Deployment();
        const app = d.add("aws:serverlessrepository/cloudFormationStack:CloudFormationStack", "thumbnails", {
            applicationId: "arn:aws:serverlessrepo:us-east-1:123456789012:applications/thumbnailer",
            semanticVersion: "1.2.0",
        });
        assert.deepStrictEqual(of(analyze(app)), [
            {
                enforcementLevel: "advisory",
                urn: app.urn,
                message:
                    'Serverless Application Repository stack "thumbnails" deploys the application arn:aws:serverlessrepo:us-east-1:123456789012:applications/thumbnailer ' +
                    "(version 1.2.0) from the Serverless Application Repository, whose template the pack cannot read: none of the buckets and keys it creates is judged. " +
                    "Deploy the application's template as an aws.cloudformation.Stack with a templateBody, or declare its buckets and keys as Pulumi resources.",
            },
        ]);
        assert.deepStrictEqual(of(analyze(app, { [POLICY]: "mandatory" }))[0].enforcementLevel, "mandatory");
    });
});
