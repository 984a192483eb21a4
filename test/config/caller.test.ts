import * as assert from "assert";

import { callerProblem, iamIdentityOf } from "../../config/caller";
import { ProgramError } from "../../offline/runUnderMocks";
import { ADMINISTRATOR, baseConfig, runStack } from "../support/customerStack";

const ADMINS = ["arn:aws:iam::123456789012:role/ops/platform-deployer", "arn:aws:iam::123456789012:user/break-glass"];

describe("the deploying caller", () => {
    it("counts an assumed-role session as its role, whatever the role's path", () => {
        assert.strictEqual(callerProblem("arn:aws:sts::123456789012:assumed-role/platform-deployer/alice", ADMINS), undefined);
        assert.strictEqual(callerProblem("arn:aws:iam::123456789012:user/break-glass", ADMINS), undefined);
        assert.deepStrictEqual(iamIdentityOf("arn:aws:sts::123456789012:assumed-role/platform-deployer/alice"), {
            partition: "aws",
            accountId: "123456789012",
            kind: "role",
            name: "platform-deployer",
        });
    });

    it("refuses a role of the same name in another account, a user named like a listed role, and the account root", () => {
        for (const caller of [
            "arn:aws:sts::999999999999:assumed-role/platform-deployer/alice",
            "arn:aws:iam::123456789012:user/platform-deployer",
            "arn:aws:iam::123456789012:root",
        ]) {
            assert.notStrictEqual(callerProblem(caller, ADMINS), undefined, caller);
        }
    });

    it("names the caller, the key to fix and the ARN to add", () => {
        assert.strictEqual(
            callerProblem("arn:aws:sts::123456789012:assumed-role/ci-runner/build-42", ADMINS),
            "the caller arn:aws:sts::123456789012:assumed-role/ci-runner/build-42 (role ci-runner in account 123456789012) is not one of " +
                `mezzanine-ingest:administratorPrincipals (${ADMINS.join(", ")}): the bucket policy lets only those principals change the bucket, ` +
                "so this deployment would lock its deployer out; add arn:aws:iam::123456789012:role/ci-runner to it (with its path, if it has one), " +
                "or run pulumi up as one of them",
        );
        assert.strictEqual(
            callerProblem("arn:aws:iam::123456789012:root", [ADMINISTRATOR]),
            `the caller arn:aws:iam::123456789012:root is not one of mezzanine-ingest:administratorPrincipals (${ADMINISTRATOR}): the bucket policy ` +
                "lets only those principals change the bucket, so this deployment would lock its deployer out; run pulumi up as one of them " +
                "(an IAM role or user; an account root or federated user cannot be listed)",
        );
    });

    it("stops the program before any resource is registered when the caller is not an administrator", async () => {
        const caller = "arn:aws:sts::123456789012:assumed-role/ci-runner/build-42";
        const error = await runStack(baseConfig(), { callerArn: caller }).then(
            () => assert.fail("the program ran for a caller who is not an administrator"),
            (e: unknown) => e,
        );
        assert.ok(error instanceof ProgramError, String(error));
        assert.strictEqual(error.message, callerProblem(caller, [ADMINISTRATOR]));
        assert.deepStrictEqual(
            error.registrations.filter((r) => r.custom).map((r) => r.urn),
            [],
            "no cloud resource may be registered",
        );
    });

    it("is refused by the component itself too, before it registers any cloud resource", async () => {
        const { CustomerIngest } = await import("../../components/customerIngest");
        const { runUnderMocks } = await import("../../offline/runUnderMocks");
        const caller = "arn:aws:iam::123456789012:user/intern";
        const error = await runUnderMocks({ project: "test", stack: "test", config: { "aws:region": "eu-west-1" }, preview: false, callerArn: caller }, () => {
            new CustomerIngest("acme", { customer: "acme", uploaderPrincipals: ["210987654321"], administratorPrincipals: [ADMINISTRATOR] });
        }).then(
            () => assert.fail("the component deployed for a caller who is not an administrator"),
            (e: unknown) => e,
        );
        assert.ok(error instanceof ProgramError, String(error));
        assert.ok(error.message.endsWith(callerProblem(caller, [ADMINISTRATOR])!), error.message);
        assert.deepStrictEqual(
            error.registrations.filter((r) => r.custom),
            [],
        );
    });

    it("runs for a listed administrator acting through an assumed-role session", async () => {
        const run = await runStack(baseConfig(), { callerArn: "arn:aws:sts::123456789012:assumed-role/platform-deployer/alice" });
        assert.ok(run.registrations.some((r) => r.type === "aws:s3/bucket:Bucket"));
    });
});
