// The server-side encryption modes: config/sseModes.ts's truth table, row by row, and what is derived from it.
import * as assert from "assert";

import { isKmsMode, KMS_MODE_LIST, KMS_MODES, REJECTED_MODES, SSE_MODE_LIST, SSE_MODE_TABLE, SSE_MODES, SseMode, SseModeRow } from "../../config/sseModes";

/** The accepted rows of the truth table at the top of config/sseModes.ts, as the comment states them. */
const TRUTH_TABLE: ReadonlyArray<{ readonly mode: SseMode; readonly says: string; readonly row: SseModeRow }> = [
    {
        mode: "sse-s3",
        says: "encrypts with AES256 and S3-managed keys, without a KMS key or Bucket Key, and blocks SSE-C",
        row: { algorithm: "AES256", kms: false, bucketKey: false, blockedEncryptionTypes: ["SSE-C"], customerProvidedKey: false },
    },
    {
        mode: "sse-kms",
        says: "encrypts with aws:kms and a KMS key, with S3 Bucket Keys on, and blocks SSE-C",
        row: { algorithm: "aws:kms", kms: true, bucketKey: true, blockedEncryptionTypes: ["SSE-C"], customerProvidedKey: false },
    },
    {
        mode: "dsse-kms",
        says: "encrypts with aws:kms:dsse and a KMS key, with Bucket Keys off (S3 does not support them with DSSE), and blocks SSE-C",
        row: { algorithm: "aws:kms:dsse", kms: true, bucketKey: false, blockedEncryptionTypes: ["SSE-C"], customerProvidedKey: false },
    },
    {
        mode: "sse-c",
        says: "takes the customer's key on every request, defaults keyless PUTs to AES256 and unblocks SSE-C (blocks NONE)",
        row: { algorithm: "AES256", kms: false, bucketKey: false, blockedEncryptionTypes: ["NONE"], customerProvidedKey: true },
    },
];

const UNENCRYPTED_REASON =
    "S3 has encrypted every new object since January 2023, so an unencrypted ingest bucket cannot exist. " +
    "For a customer whose tools cannot send encryption headers, use sseMode sse-s3 with requireEncryptionHeaders false: " +
    "default bucket encryption encrypts their uploads without any header";
const CLIENT_SIDE_REASON =
    "client-side encryption is DRM's job downstream of ingest: S3 would hold ciphertext that transcode and DRM jobs " +
    "cannot read without the customer's keys. Use sse-c if the customer must hold the keys";

/** The rejected rows: what people ask for, and the reason they are given. */
const REJECTED_ROWS: ReadonlyArray<readonly [string, string]> = [
    ["none", UNENCRYPTED_REASON],
    ["unencrypted", UNENCRYPTED_REASON],
    ["cse", CLIENT_SIDE_REASON],
    ["client-side", CLIENT_SIDE_REASON],
];

/** The rejected values are no SseMode, so nothing past the schema can be handed one (checked by the compiler). */
type RejectedMode = "none" | "unencrypted" | "cse" | "client-side";
const rejectedModesAreNoSseModes: [Extract<RejectedMode, SseMode>] extends [never] ? true : false = true;

describe("the SSE mode table", () => {
    for (const { mode, says, row } of TRUTH_TABLE) {
        it(`${mode} ${says}`, () => {
            assert.deepStrictEqual(SSE_MODE_TABLE[mode], row);
        });

        it(`${mode} ${row.kms ? "is" : "is not"} a KMS mode`, () => {
            assert.strictEqual(isKmsMode(mode), row.kms);
        });
    }

    it("has exactly the truth table's modes, in its order", () => {
        assert.deepStrictEqual(SSE_MODES, ["sse-s3", "sse-kms", "dsse-kms", "sse-c"]);
        assert.deepStrictEqual(
            Object.keys(SSE_MODE_TABLE),
            TRUTH_TABLE.map((r) => r.mode),
        );
    });

    it("lists as KMS modes exactly those that encrypt with a KMS key, in the table's order", () => {
        assert.deepStrictEqual(KMS_MODES, ["sse-kms", "dsse-kms"]);
    });

    it("names the modes as messages and usage texts do", () => {
        assert.strictEqual(SSE_MODE_LIST, "sse-s3, sse-kms, dsse-kms, sse-c");
        assert.strictEqual(KMS_MODE_LIST, "sse-kms or dsse-kms");
    });

    it("lets only sse-c unblock SSE-C, and only sse-c take the customer's key", () => {
        const rowOf = (m: SseMode): SseModeRow => SSE_MODE_TABLE[m];
        const unblocking = SSE_MODES.filter((m) => !rowOf(m).blockedEncryptionTypes.includes("SSE-C"));
        const customerKeyed = SSE_MODES.filter((m) => SSE_MODE_TABLE[m].customerProvidedKey);
        assert.deepStrictEqual(unblocking, ["sse-c"]);
        assert.deepStrictEqual(customerKeyed, ["sse-c"]);
    });
});

describe("the rejected SSE modes", () => {
    it("are exactly none, unencrypted, cse and client-side", () => {
        assert.deepStrictEqual(
            Object.keys(REJECTED_MODES),
            REJECTED_ROWS.map(([mode]) => mode),
        );
    });

    for (const [mode, reason] of REJECTED_ROWS) {
        it(`refuses ${mode} with the reason and the mode to use instead`, () => {
            assert.strictEqual(REJECTED_MODES[mode], reason);
        });
    }

    it("are none of the accepted modes", () => {
        assert.strictEqual(rejectedModesAreNoSseModes, true);
        assert.deepStrictEqual(
            Object.keys(REJECTED_MODES).filter((m) => m in SSE_MODE_TABLE),
            [],
        );
    });
});
