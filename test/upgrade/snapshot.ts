// What an upgrade of this project must never change for an existing customer stack: the URN of every resource the
// stack already has (a changed URN is a delete and a create) and the inputs that make the AWS provider replace it.
//
// `captureSnapshot` runs the program under the SDK mocks for one stack config per mode. The committed snapshot
// (test/fixtures/upgrade/*.json) was captured by running this file against the released tree, v0.1.0 (commit 8c2a6b9):
//   git worktree add /tmp/v0.1.0 8c2a6b9 && cp test/upgrade/snapshot.ts /tmp/v0.1.0/test/upgrade/ &&
//   (cd /tmp/v0.1.0 && npm ci && npx ts-node --transpile-only test/upgrade/snapshot.ts > snapshot.json)
// upgrade.test.ts runs today's program with the same configs (plus the keys added since) and compares.
import { Registration } from "../../offline/runUnderMocks";
import { runStack } from "../support/customerStack";

/**
 * Inputs whose change makes the AWS provider replace the resource (ForceNew in its schema), for the types a customer
 * stack registers. Changing any other input is an in-place update.
 */
export const REPLACE_TRIGGERING_INPUTS: Readonly<Record<string, readonly string[]>> = {
    "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix", "objectLockEnabled"],
    "aws:kms/key:Key": ["customerMasterKeySpec", "keySpec", "keyUsage", "multiRegion", "customKeyStoreId", "xksKeyId"],
    "aws:kms/alias:Alias": ["name", "namePrefix"],
    "aws:iam/role:Role": ["name", "namePrefix", "path"],
    "aws:iam/rolePolicy:RolePolicy": ["name", "namePrefix", "role"],
    "aws:s3/bucketPolicy:BucketPolicy": ["bucket"],
    "aws:s3/bucketVersioning:BucketVersioning": ["bucket", "expectedBucketOwner"],
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": ["bucket"],
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": ["bucket"],
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": ["bucket", "expectedBucketOwner"],
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": ["bucket", "expectedBucketOwner"],
    "aws:s3/bucketLogging:BucketLogging": ["bucket", "expectedBucketOwner"],
    // Added since v0.1.0 (a queue holds no data; listed so that a later rename is caught).
    "aws:mediaconvert/queue:Queue": ["name"],
};

export interface SnapshotResource {
    readonly urn: string;
    /** The replace-triggering inputs the resource was registered with (absent ones left out). */
    readonly replaceInputs: Record<string, unknown>;
    readonly protect: boolean;
}

/** The snapshot entry of each custom resource of a run. */
export function snapshotOf(registrations: readonly Registration[]): SnapshotResource[] {
    return registrations
        .filter((r) => r.custom)
        .map((r) => {
            const keys = REPLACE_TRIGGERING_INPUTS[r.type];
            if (keys === undefined) throw new Error(`no replace-triggering inputs listed for ${r.type}`);
            const replaceInputs: Record<string, unknown> = {};
            for (const key of keys) if (r.inputs[key] !== undefined) replaceInputs[key] = r.inputs[key];
            return { urn: r.urn, replaceInputs, protect: r.protect };
        })
        .sort((a, b) => a.urn.localeCompare(b.urn));
}

const CUSTOMER_KEY = "arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** One existing customer per mode, as v0.1.0 accepted them. */
export const RELEASED_STACKS: Readonly<Record<string, Record<string, unknown>>> = {
    "sse-s3": {},
    "sse-kms": { "mezzanine-ingest:sseMode": "sse-kms" },
    "sse-kms with kmsKeyArn": { "mezzanine-ingest:sseMode": "sse-kms", "mezzanine-ingest:kmsKeyArn": CUSTOMER_KEY },
    "dsse-kms": { "mezzanine-ingest:sseMode": "dsse-kms" },
    "dsse-kms with kmsKeyArn": { "mezzanine-ingest:sseMode": "dsse-kms", "mezzanine-ingest:kmsKeyArn": CUSTOMER_KEY },
    "sse-c": { "mezzanine-ingest:sseMode": "sse-c" },
};

/** The released config of every stack: the base fixture of v0.1.0 and the mode's keys. */
export function releasedConfig(mode: string): Record<string, unknown> {
    return {
        "aws:region": "eu-west-1",
        "mezzanine-ingest:customer": "acme",
        "mezzanine-ingest:uploaderPrincipals": ["arn:aws:iam::210987654321:role/acme-transfer"],
        "mezzanine-ingest:uploaderExternalId": "acme-ingest-2026",
        ...RELEASED_STACKS[mode],
    };
}

async function captureSnapshot(): Promise<Record<string, SnapshotResource[]>> {
    const out: Record<string, SnapshotResource[]> = {};
    for (const mode of Object.keys(RELEASED_STACKS)) out[mode] = snapshotOf((await runStack(releasedConfig(mode))).registrations);
    return out;
}

if (require.main === module) {
    captureSnapshot().then((s) => process.stdout.write(JSON.stringify(s, null, 2) + "\n"));
}
