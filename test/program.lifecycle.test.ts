// Who may run pulumi up, as exactly as AWS will judge it: the caller's full ARN (path included) against
// administratorPrincipals, every listed administrator of the account as IAM knows it, and the administrators of the
// deployed bucket policy (AWS checks the deployed policies, not the new list). All before anything is registered.
import * as assert from "assert";

import { ProgramError } from "../offline/runUnderMocks";
import { baseConfig, runStack, T } from "./support/customerStack";

const NS = "mezzanine-ingest";
const ACCOUNT = "123456789012";
/** An IAM Identity Center role: its path is always aws-reserved/sso.amazonaws.com/[<region>/]. */
const SSO_ROLE_NAME = "AWSReservedSSO_PlatformAdmin_0123456789abcdef";
const SSO_ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/${SSO_ROLE_NAME}`;
const SSO_ROLE_WITHOUT_PATH = `arn:aws:iam::${ACCOUNT}:role/${SSO_ROLE_NAME}`;
const SSO_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/${SSO_ROLE_NAME}/alice@example.com`;
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/platform-deployer`;
const BREAK_GLASS = `arn:aws:iam::${ACCOUNT}:user/break-glass`;

const withAdministrators = (...administrators: string[]) => ({ ...baseConfig(), [`${NS}:administratorPrincipals`]: administrators });
const customResources = (error: ProgramError) => error.registrations.filter((r) => r.custom).map((r) => r.urn);

async function refusal(config: Record<string, unknown>, options: Parameters<typeof runStack>[1]): Promise<ProgramError> {
    const error = await runStack(config, options).then(
        () => assert.fail("the program deployed"),
        (e: unknown) => e,
    );
    assert.ok(error instanceof ProgramError, String(error));
    return error;
}

const BUCKET = `acme-${ACCOUNT}-eu-west-1`;

/** The ingest bucket an earlier deployment left, with the policy naming `administrators` (as the component writes it). */
async function deployedFor(...administrators: string[]): Promise<Record<string, string>> {
    const run = await runStack(withAdministrators(...administrators), { callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/platform-deployer/earlier` });
    return { [BUCKET]: run.find(T.bucketPolicy, "acme-policy").inputs.policy as string };
}

describe("the deploying caller, as exactly as the policies", () => {
    it("refuses an administrator listed without its real path (an IAM Identity Center role), naming the ARN to list; registers nothing", async () => {
        const error = await refusal(withAdministrators(SSO_ROLE_WITHOUT_PATH), { callerArn: SSO_SESSION, iamArns: [SSO_ROLE] });
        assert.strictEqual(
            error.message,
            `${NS}:administratorPrincipals lists ${SSO_ROLE_WITHOUT_PATH}, but the caller is ${SSO_ROLE}: the bucket and key policies compare the full ` +
                `ARN (aws:PrincipalArn), path included, so the first apply would lock the deployer out; list ${SSO_ROLE} instead`,
        );
        assert.deepStrictEqual(customResources(error), []);
    });

    it("accepts an administrator listed exactly, path included", async () => {
        const run = await runStack(withAdministrators(SSO_ROLE), { callerArn: SSO_SESSION, iamArns: [SSO_ROLE] });
        assert.ok(run.registrations.some((r) => r.type === T.bucket));
        const perimeter = JSON.parse(run.find(T.bucketPolicy, "acme-policy").inputs.policy as string).Statement.find(
            (s: { Sid: string }) => s.Sid === "DenyConfigurationChangesOutsideAdministrators",
        );
        assert.deepStrictEqual(perimeter.Condition.ArnNotLike["aws:PrincipalArn"], [SSO_ROLE]);
    });

    it("names the caller's full ARN in the fix when it is not listed at all", async () => {
        const error = await refusal(withAdministrators(DEPLOYER), { callerArn: SSO_SESSION, iamArns: [DEPLOYER, SSO_ROLE] });
        assert.match(error.message, new RegExp(`; add ${SSO_ROLE.replace(/[.]/g, "\\.")} to it, or run pulumi up as one of them$`));
        assert.deepStrictEqual(customResources(error), []);
    });

    it("refuses a listed administrator of the account that IAM does not know, by name; registers nothing", async () => {
        const error = await refusal(withAdministrators(DEPLOYER, BREAK_GLASS), { iamArns: [DEPLOYER] });
        assert.strictEqual(
            error.message,
            "invalid stack config (1 problem):\n" +
                `  - ${NS}:administratorPrincipals[1] is no IAM user of account ${ACCOUNT} (IAM has no user named break-glass): KMS refuses a key ` +
                "policy naming a principal that does not exist, after the log bucket's policy has already locked the deployer out; create it, or " +
                `remove it from the list (got "${BREAK_GLASS}")`,
        );
        assert.deepStrictEqual(customResources(error), []);
    });

    it("refuses a listed administrator whose real path differs, naming its ARN", async () => {
        const error = await refusal(withAdministrators(DEPLOYER, SSO_ROLE_WITHOUT_PATH), { iamArns: [DEPLOYER, SSO_ROLE] });
        assert.match(error.message, new RegExp(`administratorPrincipals\\[1\\] is ${SSO_ROLE.replace(/[.]/g, "\\.")} in IAM, with its path`));
    });

    it("does not ask IAM about administrators of other accounts (it answers only for its own)", async () => {
        const other = "arn:aws:iam::555555555555:role/platform-deployer";
        const run = await runStack(withAdministrators(DEPLOYER, other), { iamArns: [DEPLOYER] });
        assert.ok(run.registrations.some((r) => r.type === T.bucket));
    });
});

describe("only a deployed administrator changes the administrators", () => {
    const NEWCOMER = `arn:aws:iam::${ACCOUNT}:role/new-deployer`;

    it("on the first deployment (no bucket yet), any listed administrator deploys", async () => {
        const run = await runStack(withAdministrators(DEPLOYER, NEWCOMER), {
            callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/new-deployer/bob`,
            iamArns: [DEPLOYER, NEWCOMER],
        });
        assert.ok(run.registrations.some((r) => r.type === T.bucket));
    });

    it("refuses a newly listed administrator while the deployed policy does not name it, naming those who can deploy; registers nothing", async () => {
        const buckets = await deployedFor(DEPLOYER);
        const error = await refusal(withAdministrators(DEPLOYER, NEWCOMER), {
            callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/new-deployer/bob`,
            iamArns: [DEPLOYER, NEWCOMER],
            buckets,
        });
        assert.strictEqual(
            error.message,
            `the caller ${NEWCOMER} is not an administrator of the deployed stack: its bucket policy lets only ${DEPLOYER} change the bucket ` +
                "(PutBucketPolicy, and PutKeyPolicy on a created key, would be denied half-way); have one of them run this pulumi up (it adds the " +
                `caller to ${NS}:administratorPrincipals if the new list does), then deploy as ${NEWCOMER}`,
        );
        assert.deepStrictEqual(customResources(error), []);
    });

    it("lets a deployed administrator deploy the change that adds another", async () => {
        const buckets = await deployedFor(DEPLOYER);
        const run = await runStack(withAdministrators(DEPLOYER, NEWCOMER), { iamArns: [DEPLOYER, NEWCOMER], buckets });
        assert.ok(run.registrations.some((r) => r.type === T.bucket));
    });
});

describe("bucket names nobody can squat (bucketNamespace)", () => {
    const regional = { ...baseConfig(), [`${NS}:bucketNamespace`]: "account-regional" };

    it("keeps every existing stack's names in the global namespace by default, with no bucketNamespace input", async () => {
        const run = await runStack(baseConfig());
        assert.deepStrictEqual(
            run
                .all(T.bucket)
                .map((b) => [b.inputs.bucket, b.inputs.bucketNamespace])
                .sort(),
            [
                [BUCKET, undefined],
                [`${BUCKET}-logs`, undefined],
            ],
        );
    });

    it("creates both buckets in the account-regional namespace, with the names S3 requires there (ending -<account>-<region>-an)", async () => {
        const run = await runStack(regional);
        assert.deepStrictEqual(
            run
                .all(T.bucket)
                .map((b) => [b.inputs.bucket, b.inputs.bucketNamespace])
                .sort(),
            [
                [`acme-${ACCOUNT}-eu-west-1-an`, "account-regional"],
                [`acme-logs-${ACCOUNT}-eu-west-1-an`, "account-regional"],
            ],
        );
        assert.strictEqual(run.stackOutputs.bucketName, `acme-${ACCOUNT}-eu-west-1-an`);
        // The policies name the bucket that exists.
        const policy = JSON.parse(run.find(T.bucketPolicy, "acme-policy").inputs.policy as string);
        assert.deepStrictEqual(policy.Statement[0].Resource, [`arn:aws:s3:::acme-${ACCOUNT}-eu-west-1-an`, `arn:aws:s3:::acme-${ACCOUNT}-eu-west-1-an/*`]);
    });

    it("refuses to switch a deployed stack's namespace (S3 cannot rename a bucket); registers nothing", async () => {
        const error = await refusal(regional, { buckets: { [BUCKET]: null } });
        assert.strictEqual(
            error.message,
            "invalid stack config (1 problem):\n" +
                `  - ${NS}:bucketNamespace is account-regional, but this stack's ingest bucket is ${BUCKET}, in the global namespace: S3 cannot ` +
                `rename a bucket, so switching would replace the bucket that holds the masters; keep ${NS}:bucketNamespace global`,
        );
        assert.deepStrictEqual(customResources(error), []);
    });

    it("refuses a global name another account holds (a squatted name), offering the account-regional namespace", async () => {
        const error = await refusal(baseConfig(), { buckets: { [BUCKET]: "another account" } });
        assert.match(error.message, new RegExp(`the bucket name ${BUCKET} is not this account's: S3 answers AccessDenied`));
        assert.match(error.message, /set mezzanine-ingest:bucketNamespace to account-regional/);
        assert.deepStrictEqual(customResources(error), []);
        // In the account-regional namespace nobody else can hold the name.
        const run = await runStack(regional, { buckets: { [BUCKET]: "another account" } });
        assert.ok(run.registrations.some((r) => r.type === T.bucket));
    });
});

describe("a mode change away from the deployed key", () => {
    it("warns at pulumi up what the switch does: the key is kept, the old masters stay readable", async () => {
        const earlier = await runStack({ ...baseConfig(), [`${NS}:sseMode`]: "sse-kms" });
        const key = earlier.find(T.key).outputs.arn as string;
        const buckets = { [BUCKET]: earlier.find(T.bucketPolicy, "acme-policy").inputs.policy as string };
        const run = await runStack(baseConfig(), { buckets });
        const note = run.warnings.find((w) => w.startsWith(`${NS}:sseMode sse-s3 switches the bucket away from the KMS key it encrypts with now, ${key}:`));
        assert.ok(note, run.warnings.join("\n"));
        assert.match(note, /which the stack never deletes/);
        // Staying in the mode says nothing.
        const same = await runStack({ ...baseConfig(), [`${NS}:sseMode`]: "sse-kms" }, { buckets });
        assert.deepStrictEqual(
            same.warnings.filter((w) => w.includes("switches the bucket away")),
            [],
        );
    });
});
