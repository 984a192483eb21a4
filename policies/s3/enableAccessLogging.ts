import { ReportViolation, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

import { recordBucketInputs } from "../lib/bucketInputs";
import { Bucket, BucketJoin, describeBucket, judgeEachBucket, possibleTargets } from "../lib/buckets";
import { Finding, unverified, violation } from "../lib/report";
import { fsbp, referenceUrl } from "../lib/metadata";

/** `s3-bucket-enable-access-logging` takes no configuration beyond its enforcement level. */
export type EnableAccessLoggingConfig = Record<string, never>;

const NAME = "s3-bucket-enable-access-logging";
const DESCRIPTION =
    "Checks that every S3 bucket has server access logging: an aws.s3.BucketLogging (or the deprecated BucketLoggingV2) " +
    "targeting it, or its loggingConfiguration (aws-native) or LoggingConfiguration (CloudFormation). A bucket that " +
    "receives another bucket's access logs is exempt.";

/** A stack policy that also sees each bucket's inputs in `analyze`, for the note on inline arguments (bucketInputs.ts). */
export const enableAccessLogging: StackValidationPolicy & ResourceValidationPolicy = {
    name: NAME,
    description: DESCRIPTION,
    enforcementLevel: "advisory",
    displayName: "S3 buckets have server access logging",
    severity: "medium",
    framework: fsbp("S3.9", "S3 general purpose buckets should have server access logging enabled"),
    tags: ["s3", "logging"],
    remediationSteps:
        "aws: add an aws.s3.BucketLogging whose bucket is the bucket and whose targetBucket is the bucket that receives its logs. aws-native: set loggingConfiguration.destinationBucketName. CloudFormation: set LoggingConfiguration.DestinationBucketName. A bucket that receives other buckets' logs is exempt.",
    url: referenceUrl(NAME),
    validateResource: recordBucketInputs,
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => judgeEachBucket(args, reportViolation, DESCRIPTION, checkBucket),
};

function checkBucket(join: BucketJoin, bucket: Bucket): Finding[] {
    // Where a bucket outside the stack logs to is set where it is declared.
    if (bucket.outside) return [];
    const urn = bucket.urn;
    const { certain, possible } = join.controlsOf(bucket, "logging");
    if (certain.length > 0) return [];
    // A logging target is exempt: its own access logs would be logs of the log deliveries.
    const into = join.loggingInto(bucket);
    if (into.certain.length > 0) return [];
    if (possible.length > 0) {
        return [unverified(urn, `Could not verify that ${describeBucket(bucket)} has server access logging: ${possibleTargets(possible)}. ${bucket.pending}`)];
    }
    if (into.possible.length > 0) {
        return [
            unverified(
                urn,
                `Could not verify whether ${describeBucket(bucket)}, which has no server access logging, is a logging target (and so exempt): ` +
                    `${into.possible.map((c) => c.label).join(", ")} may deliver logs to it, but the destination is unknown and depends on several buckets. ${bucket.pending}`,
            ),
        ];
    }
    const inline = bucket.ignoredInline.logging;
    return [violation(urn, `${describeBucket(bucket)} ${bucket.hints.noLogging()}${inline ? ` ${inline}` : ""}`)];
}
