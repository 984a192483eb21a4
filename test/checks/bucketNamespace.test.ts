// bucketNamespace, checked with the config as the other names are: the names S3 requires in the account-regional
// namespace fit its 63 characters, in a region that offers it, before anything is registered.
import * as assert from "assert";

import { checkStackConfig } from "../../checks/readStackConfig";
import { asPulumiPasses } from "../../offline/stackFile";
import { baseConfig } from "../support/customerStack";

const NS = "mezzanine-ingest";

function problemsOf(extra: Record<string, unknown>): string[] {
    const config = { ...baseConfig(), [`${NS}:bucketNamespace`]: "account-regional", ...extra };
    const check = checkStackConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [k, asPulumiPasses(v)])), () => false);
    return check.ok ? [] : [...check.problems];
}

describe("bucketNamespace", () => {
    it("accepts global and account-regional, and refuses anything else naming both", () => {
        assert.deepStrictEqual(problemsOf({}), []);
        assert.deepStrictEqual(problemsOf({ [`${NS}:bucketNamespace`]: "global" }), []);
        assert.deepStrictEqual(problemsOf({ [`${NS}:bucketNamespace`]: "regional" }), [
            `${NS}:bucketNamespace must be one of global, account-regional (got "regional")`,
        ]);
    });

    it("refuses an ingest bucket name over 63 characters with its -an suffix, naming the limit", () => {
        // 27 + 1 + 12 + 1 + 14 + 3 = 58 fits; the log bucket's name (with -logs) is 63: fits exactly.
        assert.deepStrictEqual(problemsOf({ [`${NS}:customer`]: "a23456789012345678901234567", "aws:region": "ap-southeast-2" }), []);
        assert.deepStrictEqual(problemsOf({ [`${NS}:customer`]: "a234567890123456789012345678", "aws:region": "ap-southeast-2" }), [
            `${NS}:customer makes the bucket name a234567890123456789012345678-logs-123456789012-ap-southeast-2-an 64 characters long; S3 allows 63: use a ` +
                `shorter slug, or set ${NS}:accessLogBucket to an existing log bucket (this is the access-log bucket the stack would create; got ` +
                `"a234567890123456789012345678" with aws:region "ap-southeast-2")`,
        ]);
        // With a log bucket of its own elsewhere, only the ingest bucket's name must fit.
        assert.deepStrictEqual(
            problemsOf({ [`${NS}:customer`]: "a234567890123456789012345678", "aws:region": "ap-southeast-2", [`${NS}:accessLogBucket`]: "media-logs" }),
            [],
        );
    });

    it("is refused where S3 does not offer it (Middle East (Bahrain) and (UAE))", () => {
        assert.deepStrictEqual(problemsOf({ "aws:region": "me-south-1" }), [
            `${NS}:bucketNamespace account-regional is not offered in me-south-1: S3 creates buckets in an account regional namespace in every Region ` +
                'but me-south-1 and me-central-1; use global there (got "account-regional" with aws:region "me-south-1")',
        ]);
        assert.deepStrictEqual(problemsOf({ "aws:region": "me-south-1", [`${NS}:bucketNamespace`]: "global" }), []);
    });

    it("knows the ingest bucket of either namespace as no place for renditions", () => {
        assert.match(
            problemsOf({ [`${NS}:processorOutputLocations`]: ["s3://acme-123456789012-eu-west-1-an/out/"] })[0],
            /is in the ingest bucket acme-123456789012-eu-west-1-an/,
        );
        assert.match(
            problemsOf({ [`${NS}:processorOutputLocations`]: ["s3://acme-logs-123456789012-eu-west-1-an/out/"] })[0],
            /is in the ingest bucket's access-log bucket acme-logs-123456789012-eu-west-1-an/,
        );
    });
});
