// Runs the real program under the SDK mocks with a customer's stack config, and finds what it registered.
import * as assert from "assert";

import { MockRun, ProgramError, Registration, runUnderMocks } from "../../offline/runUnderMocks";
import { asPulumiPasses } from "../../offline/stackFile";

export const PROJECT = "mezzanine-ingest";

/** A complete, valid customer config: the happy-path fixture every test mutates. */
export function baseConfig(): Record<string, unknown> {
    return {
        "aws:region": "eu-west-1",
        "mezzanine-ingest:customer": "acme",
        "mezzanine-ingest:uploaderPrincipals": ["arn:aws:iam::210987654321:role/acme-transfer"],
        "mezzanine-ingest:administratorPrincipals": [ADMINISTRATOR],
    };
}

/** The base fixture's administrator: the role that runs `pulumi up` (and, offline, the mock caller). */
export const ADMINISTRATOR = "arn:aws:iam::123456789012:role/platform-deployer";

/** What sse-c adds to the base fixture: the secret holding the customer's key and IAM-role processors. */
export const SSE_C_KEY_SECRET = "arn:aws:secretsmanager:eu-west-1:210987654321:secret:acme/sse-c-key-AbC123";
export const DRM_VENDOR_ROLE = "arn:aws:iam::345678901234:role/drm-packager";
export function sseCConfig(): Record<string, unknown> {
    return {
        "mezzanine-ingest:sseMode": "sse-c",
        "mezzanine-ingest:sseCKeySecretArn": SSE_C_KEY_SECRET,
        "mezzanine-ingest:processorPrincipals": [DRM_VENDOR_ROLE],
    };
}

export interface StackRun extends MockRun {
    find(type: string, name?: string): Registration;
    all(type: string): Registration[];
    /** A registered resource's JSON policy input, parsed. */
    policyOf(type: string, name?: string, property?: string): any;
}

/** Runs the program with `config` (values as in a stack file; lists are passed as Pulumi passes them, as JSON). */
export async function runStack(
    config: Record<string, unknown>,
    options: {
        preview?: boolean;
        secretKeys?: string[];
        stack?: string;
        callerArn?: string;
        iamArns?: string[];
        buckets?: Record<string, string | null | "another account">;
    } = {},
): Promise<StackRun> {
    const asPassed: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) if (value !== undefined) asPassed[key] = asPulumiPasses(value);
    const run = await runUnderMocks(
        {
            project: PROJECT,
            stack: options.stack ?? "test",
            config: asPassed,
            secretKeys: options.secretKeys,
            preview: options.preview ?? false,
            callerArn: options.callerArn,
            iamArns: options.iamArns,
            buckets: options.buckets,
        },
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program runs under the mocks, so it is loaded only after setMocks
        () => require("../../program").customerStack(),
    );
    const all = (type: string) => run.registrations.filter((r) => r.type === type);
    const find = (type: string, name?: string) => {
        const hits = all(type).filter((r) => name === undefined || r.name === name);
        if (hits.length !== 1) throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${hits.length}`);
        return hits[0];
    };
    return {
        ...run,
        all,
        find,
        policyOf: (type, name, property = "policy") => JSON.parse(find(type, name).inputs[property] as string),
    };
}

/** Runs the program with a config it must refuse; returns the failure (with what it had registered). */
export async function programFailure(config: Record<string, unknown>): Promise<ProgramError> {
    try {
        await runStack(config);
    } catch (error) {
        assert.ok(error instanceof ProgramError, `unexpected ${String(error)}`);
        return error;
    }
    assert.fail("the program accepted a config it must refuse");
}

export const T = {
    bucket: "aws:s3/bucket:Bucket",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    key: "aws:kms/key:Key",
    alias: "aws:kms/alias:Alias",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    queue: "aws:mediaconvert/queue:Queue",
    component: "mezzanine-ingest:index:CustomerIngest",
} as const;
