import * as assert from "assert";

import { analyzeDeployment, analyzeStack, Diagnostic } from "../support/inProcess";
import { compliantBucket, Deployment, T, UNKNOWN } from "../support/fixtures";

const POLICY = "s3-bucket-enable-access-logging";
const of = (diags: Diagnostic[]) => diags.filter((d) => d.policy === POLICY).map(({ enforcementLevel, urn, message }) => ({ enforcementLevel, urn, message }));

const missing = (bucket: string, physical: string, note = "") =>
    `S3 bucket "${bucket}" (${physical}) has no BucketLogging targeting it: add an aws.s3.BucketLogging whose bucket is this bucket and ` +
    `whose targetBucket is the bucket that receives its logs.${note}`;
const FOUND_INLINE_LOGGING =
    " Its inline logging argument was found and ignored: move it to an aws.s3.BucketLogging with bucket: <bucket>.bucket and remove the inline argument.";
const PENDING = "It is judged again with real values when the resources are created (pulumi up).";

/** A media bucket logging into a logs bucket of the same stack (whose own logging is removed: it is the target). */
function mediaLoggingIntoLogs(): { d: Deployment; media: string; logs: string } {
    const d = new Deployment();
    const media = compliantBucket(d, "media", "media-bucket");
    const logs = compliantBucket(d, "logs", "logs-bucket");
    d.remove("logs-logging").patch("media-logging", { targetBucket: "logs-bucket" });
    d.find("media-logging").propertyDependencies = { bucket: [media.urn], targetBucket: [logs.urn] };
    return { d, media: media.urn, logs: logs.urn };
}

describe("s3-bucket-enable-access-logging (advisory)", () => {
    it("passes a bucket that a BucketLogging targets", () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket");
        assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
    });

    it("passes the deprecated BucketLoggingV2", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket");
        d.remove("media-logging").control(T.loggingV2, "media-logging", bucket, { targetBucket: "org-access-logs", targetPrefix: "media-bucket/" });
        assert.deepStrictEqual(of(analyzeStack(d.resources)), []);
    });

    it("reports a bucket that no BucketLogging targets, on the bucket's URN", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket");
        d.remove("media-logging");
        assert.deepStrictEqual(of(analyzeStack(d.resources)), [{ enforcementLevel: "advisory", urn: bucket.urn, message: missing("media", "media-bucket") }]);
    });

    it("does not count the inline logging argument, and says, from the bucket's inputs, that it was found and ignored", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket");
        d.remove("media-logging").patch("media", { logging: { targetBucket: "org-access-logs", targetPrefix: "media-bucket/" } });
        assert.deepStrictEqual(of(analyzeDeployment(d.resources)), [
            { enforcementLevel: "advisory", urn: bucket.urn, message: missing("media", "media-bucket", FOUND_INLINE_LOGGING) },
        ]);
    });

    it("names the deprecated BucketV2's plural loggings", () => {
        const d = new Deployment();
        const bucket = compliantBucket(d, "media", "media-bucket", { v2: true });
        d.remove("media-logging").patch("media", { loggings: [{ targetBucket: "org-access-logs" }] });
        assert.deepStrictEqual(of(analyzeDeployment(d.resources)), [
            {
                enforcementLevel: "advisory",
                urn: bucket.urn,
                message: missing("media", "media-bucket", FOUND_INLINE_LOGGING.replace("inline logging", "inline loggings")),
            },
        ]);
    });

    it("exempts the bucket that receives another bucket's logs", () => {
        assert.deepStrictEqual(of(analyzeStack(mediaLoggingIntoLogs().d.resources)), []);
    });

    it("judges each bucket by its own BucketLogging", () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket");
        const logs = compliantBucket(d, "logs", "logs-bucket");
        d.remove("logs-logging");
        assert.deepStrictEqual(of(analyzeStack(d.resources)), [{ enforcementLevel: "advisory", urn: logs.urn, message: missing("logs", "logs-bucket") }]);
    });

    describe("at preview", () => {
        it("reports an advisory, not a pass, when a BucketLogging's unknown bucket depends on several buckets", () => {
            const d = new Deployment();
            const a = compliantBucket(d, "a", "a-bucket");
            const b = compliantBucket(d, "b", "b-bucket");
            d.remove("b-logging").patch("a-logging", { bucket: UNKNOWN });
            d.find("a-logging").propertyDependencies = { bucket: [a.urn, b.urn] };
            const unverified = (name: string) =>
                `Could not verify that S3 bucket "${name}" (${name}-bucket) has server access logging: BucketLogging "a-logging" may target it, but its bucket is unknown and depends on several buckets. ${PENDING}`;
            assert.deepStrictEqual(of(analyzeStack(d.resources)), [
                { enforcementLevel: "advisory", urn: a.urn, message: unverified("a") },
                { enforcementLevel: "advisory", urn: b.urn, message: unverified("b") },
            ]);
        });

        it("reports an advisory when the bucket may be a logging target, whose destination is unknown and depends on several buckets", () => {
            const { d, media, logs } = mediaLoggingIntoLogs();
            d.patch("media-logging", { targetBucket: UNKNOWN });
            d.find("media-logging").propertyDependencies = { bucket: [media], targetBucket: [media, logs] };
            assert.deepStrictEqual(of(analyzeStack(d.resources)), [
                {
                    enforcementLevel: "advisory",
                    urn: logs,
                    message:
                        'Could not verify whether S3 bucket "logs" (logs-bucket), which has no server access logging, is a logging target (and so exempt): ' +
                        `BucketLogging "media-logging" may deliver logs to it, but the destination is unknown and depends on several buckets. ${PENDING}`,
                },
            ]);
        });
    });

    it("can be made mandatory", () => {
        const d = new Deployment();
        compliantBucket(d, "media", "media-bucket");
        d.remove("media-logging");
        assert.deepStrictEqual(
            of(analyzeStack(d.resources, { [POLICY]: "mandatory" })).map((v) => v.enforcementLevel),
            ["mandatory"],
        );
    });
});
