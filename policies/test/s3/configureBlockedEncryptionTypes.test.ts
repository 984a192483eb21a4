import * as assert from "assert";

import { analyzeStack, Diagnostic } from "../support/inProcess";
import { compliantBucket, Deployment, UNKNOWN } from "../support/fixtures";

const only = (policy: string) => (diags: Diagnostic[]) =>
    diags.filter((d) => d.policy === policy).map(({ enforcementLevel, urn, message }) => ({ enforcementLevel, urn, message }));

describe("s3-bucket-configure-blocked-encryption-types (advisory)", () => {
    const of = only("s3-bucket-configure-blocked-encryption-types");
    const withBlocked = (blocked: unknown, tags?: Record<string, string>) => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket", { tags });
        const rule = (d.find("media-encryption").properties.rules as any[])[0];
        d.patch("media-encryption", { rules: [{ ...rule, blockedEncryptionTypes: blocked }] });
        return { d, urn: bucket.urn };
    };

    it('passes ["SSE-C"]', () => assert.deepStrictEqual(of(analyzeStack(withBlocked(["SSE-C"]).d.resources)), []));

    it("reports a rule that leaves blockedEncryptionTypes unset", () => {
        const { d, urn } = withBlocked(undefined);
        assert.deepStrictEqual(of(analyzeStack(d.resources)), [
            {
                enforcementLevel: "advisory",
                urn,
                message:
                    'BucketServerSideEncryptionConfiguration "media-encryption" of S3 bucket "media" (media-bucket) does not set rules[0].blockedEncryptionTypes: set it explicitly, e.g. ["SSE-C"], so it does not drift with AWS\'s defaults.',
            },
        ]);
    });

    it("reports SSE-C left unblocked when the bucket's tags do not declare it intended", () => {
        const { d, urn } = withBlocked(["NONE"]);
        assert.deepStrictEqual(of(analyzeStack(d.resources)), [
            {
                enforcementLevel: "advisory",
                urn,
                message:
                    'BucketServerSideEncryptionConfiguration "media-encryption" of S3 bucket "media" (media-bucket) does not block SSE-C (blockedEncryptionTypes is ["NONE"]): add "SSE-C", or tag the bucket sse-c-intended: "true" if customer-provided keys are intended.',
            },
        ]);
    });

    it('accepts SSE-C unblocked on a bucket tagged sse-c-intended: "true"', () => {
        assert.deepStrictEqual(of(analyzeStack(withBlocked(["NONE"], { "sse-c-intended": "true" }).d.resources)), []);
    });

    it("reads the tag from tagsAll after deployment", () => {
        const { d } = withBlocked(["NONE"]);
        d.patch("media", { tagsAll: { "sse-c-intended": "true" } });
        assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
    });

    it("takes the tag's key from config", () => {
        const { d } = withBlocked(["NONE"], { "security:sse-c": "true" });
        const config = { "s3-bucket-configure-blocked-encryption-types": { sseCIntendedTag: "security:sse-c" } };
        assert.deepStrictEqual(of(analyzeStack(d.resources, config)), []);
        assert.strictEqual(of(analyzeStack(d.resources)).length, 1);
    });

    it("reports an advisory when the tags are unknown at preview", () => {
        const { d, urn } = withBlocked(["NONE"]);
        d.patch("media", { tags: UNKNOWN });
        const [v] = of(analyzeStack(d.resources));
        assert.deepStrictEqual([v.enforcementLevel, v.urn], ["advisory", urn]);
        assert.match(
            v.message,
            /^Could not verify whether S3 bucket "media" \(media-bucket\) intends SSE-C, which BucketServerSideEncryptionConfiguration "media-encryption" leaves unblocked: its tags are unknown\./,
        );
    });
});
