// The processing path's config: where renditions go, which MediaConvert queue, who submits jobs, overwrites, and what
// only the deploying account decides. Each refusal names the key, the value and what is allowed, before anything is
// registered; offline where the config alone knows the account, at `pulumi up` from the caller's account.
import * as assert from "assert";

import { checkStackConfig } from "../../checks/readStackConfig";
import { ProgramError } from "../../offline/runUnderMocks";
import { asPulumiPasses } from "../../offline/stackFile";
import { ADMINISTRATOR, baseConfig, programFailure, runStack, T } from "../support/customerStack";

const NS = "mezzanine-ingest";
const ACCOUNT = "123456789012";
const OTHER_ACCOUNT_ADMIN = "arn:aws:iam::555555555555:role/platform-deployer";

function withConfig(extra: Record<string, unknown>): Record<string, unknown> {
    const config = baseConfig();
    for (const [key, value] of Object.entries(extra)) config[key.includes(":") ? key : `${NS}:${key}`] = value;
    return config;
}

function problemsOf(extra: Record<string, unknown>): string[] {
    const asPassed = Object.fromEntries(Object.entries(withConfig(extra)).map(([k, v]) => [k, asPulumiPasses(v)]));
    const check = checkStackConfig(asPassed, () => false);
    return check.ok ? [] : [...check.problems];
}

const customResources = (error: ProgramError) => error.registrations.filter((r) => r.custom).map((r) => r.urn);

describe("processorOutputLocations", () => {
    it("accepts s3://bucket/prefix/ locations and whole buckets", () => {
        assert.deepStrictEqual(problemsOf({ processorOutputLocations: ["s3://acme-renditions/hls/2026/", "s3://acme-proxies/"] }), []);
    });

    it("refuses a location that is not s3://<bucket>/<prefix>/, naming the item, the value and the form", () => {
        const rule =
            'must be an S3 location s3://<bucket>/<prefix>/ (or s3://<bucket>/ for the whole bucket), ending in "/", its prefix made of ' +
            "letters, digits and !_.'()- between slashes (no * ? $ or spaces: it becomes an ARN in the processor's policy)";
        assert.deepStrictEqual(
            problemsOf({ processorOutputLocations: ["s3://acme-renditions/hls", "s3://acme-renditions/*/", "arn:aws:s3:::acme-renditions"] }),
            [
                `${NS}:processorOutputLocations[0] ${rule} (got "s3://acme-renditions/hls")`,
                `${NS}:processorOutputLocations[1] ${rule} (got "s3://acme-renditions/*/")`,
                `${NS}:processorOutputLocations[2] ${rule} (got "arn:aws:s3:::acme-renditions")`,
            ],
        );
    });

    it("refuses the ingest bucket and its log bucket, in any account when the account is not known offline", () => {
        const inIngest = (bucket: string, which: string, index = 0) =>
            `${NS}:processorOutputLocations[${index}] is in ${which} ${bucket}: renditions never go there (the ingest bucket holds the masters and ` +
            "admits only the uploader's writes; the log bucket only S3's log delivery); name a bucket of renditions " +
            `(got "s3://${bucket}/renditions/")`;
        assert.deepStrictEqual(
            problemsOf({ processorOutputLocations: ["s3://acme-123456789012-eu-west-1/renditions/", "s3://acme-123456789012-eu-west-1-logs/renditions/"] }),
            [
                inIngest("acme-123456789012-eu-west-1", "the ingest bucket"),
                inIngest("acme-123456789012-eu-west-1-logs", "the ingest bucket's access-log bucket", 1),
            ],
        );
        // Administrators in two accounts: the deploying account is one of them, unknown offline; any account's is refused.
        const twoAccounts = { administratorPrincipals: [ADMINISTRATOR, OTHER_ACCOUNT_ADMIN] };
        assert.deepStrictEqual(problemsOf({ ...twoAccounts, processorOutputLocations: ["s3://acme-999999999999-eu-west-1/renditions/"] }), [
            inIngest("acme-999999999999-eu-west-1", "the ingest bucket"),
        ]);
        assert.deepStrictEqual(problemsOf({ accessLogBucket: "media-logs", processorOutputLocations: ["s3://media-logs/renditions/"] }), [
            inIngest("media-logs", "the ingest bucket's access-log bucket"),
        ]);
    });

    it("registers nothing when a location is the ingest bucket", async () => {
        const error = await programFailure(withConfig({ processorOutputLocations: ["s3://acme-123456789012-eu-west-1/out/"] }));
        assert.match(error.message, /processorOutputLocations\[0\] is in the ingest bucket acme-123456789012-eu-west-1/);
        assert.deepStrictEqual(customResources(error), []);
    });
});

describe("mediaConvertQueueArn", () => {
    const queue = (account: string, region = "eu-west-1") => `arn:aws:mediaconvert:${region}:${account}:queues/studio`;

    it("is refused without MediaConvert among the processors", () => {
        assert.deepStrictEqual(problemsOf({ processorPrincipals: ["ecs-tasks.amazonaws.com"], mediaConvertQueueArn: queue(ACCOUNT) }), [
            `${NS}:mediaConvertQueueArn only applies when processorPrincipals lists mediaconvert.amazonaws.com (it names the queue whose jobs may use the processor role) (got "${queue(ACCOUNT)}")`,
        ]);
    });

    it("is refused when it is not a queue ARN", () => {
        assert.deepStrictEqual(problemsOf({ mediaConvertQueueArn: "studio" }), [
            `${NS}:mediaConvertQueueArn must be the ARN of a MediaConvert queue of the deploying account in the stack's region (arn:aws:mediaconvert:<region>:<account>:queues/<name>) (got "studio")`,
        ]);
    });

    it("is refused in another account or region than the stack's", () => {
        assert.deepStrictEqual(problemsOf({ mediaConvertQueueArn: queue("999999999999", "us-east-1") }), [
            `${NS}:mediaConvertQueueArn is a queue of account 999999999999, not of the deploying account ${ACCOUNT} (the account of every ` +
                "administratorPrincipals, one of which deploys): MediaConvert runs a job with a role of the job's own account, and the processor role " +
                `trusts only jobs of this account's queue; name a queue of account ${ACCOUNT}, or leave the key unset and the stack creates one (got "${queue("999999999999", "us-east-1")}")`,
            `${NS}:mediaConvertQueueArn is a queue of region us-east-1, not of the stack's region eu-west-1: name a queue of eu-west-1, or leave the key ` +
                `unset and the stack creates one (got "${queue("999999999999", "us-east-1")}")`,
        ]);
    });
});

describe("processorJobSubmitters", () => {
    it("must be IAM roles of the deploying account", () => {
        assert.deepStrictEqual(
            problemsOf({ processorJobSubmitters: [`arn:aws:iam::${ACCOUNT}:user/alice`, "arn:aws:iam::999999999999:role/transcode-submitter"] }),
            [
                `${NS}:processorJobSubmitters[0] must be an IAM role ARN (arn:aws:iam::<account>:role/<name>, with its path) of the deploying account ` +
                    `that submits transcode or DRM jobs with the processor role (got "arn:aws:iam::${ACCOUNT}:user/alice")`,
            ],
        );
        assert.deepStrictEqual(problemsOf({ processorJobSubmitters: ["arn:aws:iam::999999999999:role/transcode-submitter"] }), [
            `${NS}:processorJobSubmitters[0] is a role of account 999999999999, not of the deploying account ${ACCOUNT} (the account of every ` +
                "administratorPrincipals, one of which deploys): iam:PassRole passes only roles of the caller's own account, so only a role of account " +
                `${ACCOUNT} can submit jobs with the processor role (got "arn:aws:iam::999999999999:role/transcode-submitter")`,
        ]);
    });
});

describe("the deploying account itself as a principal", () => {
    const delegated = (key: string, role: string, verb: string, principal: string, source: string) =>
        `${NS}:${key}[0] is the deploying account ${ACCOUNT} itself (${source}): a trust policy naming an account delegates the ${role} role to ` +
        `every IAM principal of it whose IAM policies allow sts:AssumeRole (PowerUserAccess does); list the IAM roles that ${verb} instead (got "${principal}")`;
    const ADMINS_SOURCE = "the account of every administratorPrincipals, one of which deploys";

    it("is refused as an uploader or processor, by id or root, offline where the administrators' account decides it", () => {
        assert.deepStrictEqual(problemsOf({ uploaderPrincipals: [ACCOUNT], processorPrincipals: [`arn:aws:iam::${ACCOUNT}:root`] }), [
            delegated("uploaderPrincipals", "uploader", "upload", ACCOUNT, ADMINS_SOURCE),
            delegated("processorPrincipals", "processor", "process", `arn:aws:iam::${ACCOUNT}:root`, ADMINS_SOURCE),
        ]);
        // A role of the account is not the account: it stays a principal of its own.
        assert.deepStrictEqual(problemsOf({ processorPrincipals: [`arn:aws:iam::${ACCOUNT}:role/transcoder`] }), []);
    });

    it("is refused offline where aws:allowedAccountIds pins the account", () => {
        const twoAccounts = { administratorPrincipals: [ADMINISTRATOR, OTHER_ACCOUNT_ADMIN] };
        assert.deepStrictEqual(problemsOf({ ...twoAccounts, uploaderPrincipals: ["555555555555"] }), [], "the account is not known offline");
        assert.deepStrictEqual(problemsOf({ ...twoAccounts, uploaderPrincipals: ["555555555555"], "aws:allowedAccountIds": ["555555555555"] }), [
            delegated("uploaderPrincipals", "uploader", "upload", "555555555555", "the account aws:allowedAccountIds pins").replace(ACCOUNT, "555555555555"),
        ]);
    });

    it("is refused at pulumi up from the caller's account, before anything is registered", async () => {
        const config = withConfig({ administratorPrincipals: [ADMINISTRATOR, OTHER_ACCOUNT_ADMIN], uploaderPrincipals: ["555555555555"] });
        const error = await runStack(config, { callerArn: "arn:aws:sts::555555555555:assumed-role/platform-deployer/alice" }).then(
            () => assert.fail("deployed a stack that delegates the uploader role to its own account"),
            (e: unknown) => e as ProgramError,
        );
        assert.ok(error instanceof ProgramError, String(error));
        assert.ok(
            error.message.includes(
                delegated("uploaderPrincipals", "uploader", "upload", "555555555555", "the caller's account").replace(ACCOUNT, "555555555555"),
            ),
            error.message,
        );
        assert.deepStrictEqual(customResources(error), []);
        // The same stack deployed from the other administrator's account delegates nothing to it.
        const run = await runStack(config);
        assert.ok(run.registrations.some((r) => r.type === T.bucket));
    });
});

describe("an SSE-C key secret in the deploying account", () => {
    const OURS = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:acme/sse-c-key-DeF456`;
    const sseC = { sseMode: "sse-c", processorPrincipals: ["arn:aws:iam::345678901234:role/drm-packager"] };

    it("is refused: the account's administrators could read, replace or delete the customer's key", async () => {
        const problem =
            `${NS}:sseCKeySecretArn is a secret of the deploying account ${ACCOUNT} (the account of every administratorPrincipals, one of which deploys): ` +
            "there its administrators (or PowerUserAccess) can delete the secret's resource policy, then read, replace or delete the customer's key, and " +
            `sse-c exists so that the customer controls our ability to read; keep the secret in the customer's account (got "${OURS}")`;
        assert.deepStrictEqual(problemsOf({ ...sseC, sseCKeySecretArn: OURS, processorExternalId: "acme-drm-1" }), [problem]);
        const error = await programFailure(withConfig({ ...sseC, sseCKeySecretArn: OURS, processorExternalId: "acme-drm-1" }));
        assert.deepStrictEqual(customResources(error), []);
    });
});

describe("stack notes", () => {
    it("are the program's warnings at pulumi up", async () => {
        const run = await runStack(withConfig({}));
        assert.deepStrictEqual(run.warnings, [
            `${NS}:processorOutputLocations is empty while ${NS}:processorPrincipals lists mediaconvert.amazonaws.com: its jobs will have nowhere to ` +
                "write their outputs (the processor role may write no object anywhere); list the s3://<bucket>/<prefix>/ locations of the renditions",
        ]);
        assert.deepStrictEqual((await runStack(withConfig({ processorOutputLocations: ["s3://acme-renditions/"] }))).warnings, []);
    });

    it("warns at pulumi up that MediaConvert jobs have nowhere to write without processorOutputLocations, and not with them", async () => {
        const { stackNotes } = await import("../../config/stackNotes");
        const { validateStackConfig } = await import("../../config/stackConfig");
        const config = (extra: Record<string, unknown>) => {
            const result = validateStackConfig({ customer: "acme", uploaderPrincipals: ["210987654321"], administratorPrincipals: [ADMINISTRATOR], ...extra });
            assert.ok(result.ok);
            return result.config;
        };
        assert.deepStrictEqual(stackNotes(config({}), ACCOUNT), [
            `${NS}:processorOutputLocations is empty while ${NS}:processorPrincipals lists mediaconvert.amazonaws.com: its jobs will have nowhere to ` +
                "write their outputs (the processor role may write no object anywhere); list the s3://<bucket>/<prefix>/ locations of the renditions",
        ]);
        assert.deepStrictEqual(stackNotes(config({ processorOutputLocations: ["s3://acme-renditions/"] }), ACCOUNT), []);
        // An IAM processor of another account without an external id: the confused deputy.
        assert.deepStrictEqual(stackNotes(config({ processorPrincipals: ["arn:aws:iam::345678901234:role/drm-packager"] }), ACCOUNT), [
            `${NS}:processorPrincipals[0] is an IAM principal of account 345678901234, not the deploying account ${ACCOUNT}, and ${NS}:processorExternalId ` +
                "is not set: a vendor serving several customers could be steered into this customer's masters (the confused deputy); agree an external id " +
                `with the vendor and set ${NS}:processorExternalId (got "arn:aws:iam::345678901234:role/drm-packager")`,
        ]);
        assert.deepStrictEqual(stackNotes(config({ processorPrincipals: [`arn:aws:iam::${ACCOUNT}:role/transcoder`] }), ACCOUNT), []);
        // TLS 1.3: who is shut out.
        const outputs = { processorOutputLocations: ["s3://acme-renditions/"] };
        assert.deepStrictEqual(stackNotes(config({ ...outputs, minimumTlsVersion: "1.3" }), ACCOUNT), [
            `${NS}:minimumTlsVersion is "1.3": S3's interface endpoints (AWS PrivateLink for Amazon S3) and Multi-Region Access Points offer no ` +
                "TLS 1.3, so every request that reaches the bucket through them is refused, the uploader's, the processor's and the administrators' " +
                'alike, including a pulumi up that would lower this setting again; reach S3 through its public or gateway endpoints, or keep "1.2"',
        ]);
        assert.deepStrictEqual(stackNotes(config({ ...outputs, minimumTlsVersion: "1.2" }), ACCOUNT), []);
    });
});
