import { ReportViolation, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

import { inlineArgumentsOf, recordBucketInputs } from "../lib/bucketInputs";
import { Bucket, BucketJoin, describeBucket, judgeEachBucket } from "../lib/buckets";
import { Finding, violation } from "../lib/report";
import { referenceUrl } from "../lib/metadata";

/** `s3-bucket-disallow-conflicting-inline-arguments` takes no configuration beyond its enforcement level. */
export type DisallowConflictingInlineArgumentsConfig = Record<string, never>;

const NAME = "s3-bucket-disallow-conflicting-inline-arguments";
const DESCRIPTION =
    "Checks that no S3 bucket keeps a deprecated inline argument (serverSideEncryptionConfiguration, policy, logging) next to a " +
    "separate resource that sets the same thing, since the two overwrite each other on every update.";

/**
 * Mandatory: the two overwrite each other, and after `pulumi up --refresh` (or any refresh) the inline argument, read
 * back from AWS, wins over what the pack judged in the separate resource (issue 18).
 *
 * Reports a bucket whose inputs (seen in `analyze`, bucketInputs.ts) set an inline argument while a separate resource
 * certainly targets the bucket for the same setting. A bucket with only the inline argument is told by
 * `s3-bucket-enforce-encryption` and `s3-bucket-enforce-tls`, whose "no ... targeting it" messages say it was ignored.
 */
export const disallowConflictingInlineArguments: StackValidationPolicy & ResourceValidationPolicy = {
    name: NAME,
    description: DESCRIPTION,
    enforcementLevel: "mandatory",
    displayName: "S3 buckets do not set a control both inline and as a separate resource",
    severity: "medium",
    tags: ["s3", "drift"],
    remediationSteps:
        "Remove the deprecated inline argument (serverSideEncryptionConfiguration, policy or logging) from the aws.s3.Bucket and keep the separate resource (BucketServerSideEncryptionConfiguration, BucketPolicy, BucketLogging).",
    url: referenceUrl(NAME),
    validateResource: recordBucketInputs,
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => judgeEachBucket(args, reportViolation, DESCRIPTION, checkBucket),
};

function checkBucket(join: BucketJoin, bucket: Bucket): Finding[] {
    // Only the aws provider's buckets have inline arguments that do not count (aws-native's properties are the control).
    if (bucket.provider !== "aws") return [];
    const inline = inlineArgumentsOf(bucket.urn);
    const pairs: Array<[string | undefined, "encryption" | "policy" | "logging"]> = [
        [inline.encryption, "encryption"],
        [inline.policy, "policy"],
        [inline.logging, "logging"],
    ];
    return pairs.flatMap(([property, kind]) => {
        const separate = property === undefined ? [] : join.controlsOf(bucket, kind).certain;
        if (separate.length === 0) return [];
        const resources = separate.map((c) => c.label).join(", ");
        return [
            violation(
                bucket.urn,
                `${describeBucket(bucket)} sets the inline ${property} argument, and ${resources} ${separate.length > 1 ? "target" : "targets"} it too: ` +
                    "the two overwrite each other on every update. Remove the inline argument; the pack judges only the separate resource.",
            ),
        ];
    });
}
