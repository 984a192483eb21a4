import { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

import { Bucket, BucketJoin, describeBucket, describeResource, judgeEachBucket } from "../lib/buckets";
import { Finding, JUDGED_AT_UPDATE, unverified, violation } from "../lib/report";
import { isUnknown } from "../lib/unknowns";
import { algorithmOf, encryptionRulesOf } from "./encryptionRules";

/** `s3-bucket-enable-bucket-key` takes no configuration beyond its enforcement level. */
export type EnableBucketKeyConfig = Record<string, never>;

const NAME = "s3-bucket-enable-bucket-key";
const DESCRIPTION =
    "Checks that S3 buckets encrypted with aws:kms by default use S3 Bucket Keys, which cut KMS requests and their cost. " +
    "DSSE-KMS (aws:kms:dsse) does not support Bucket Keys and is not checked.";

export const enableBucketKey: StackValidationPolicy = {
    name: NAME,
    description: DESCRIPTION,
    enforcementLevel: "advisory",
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => judgeEachBucket(args, reportViolation, DESCRIPTION, checkBucket),
};

function checkBucket(join: BucketJoin, bucket: Bucket): Finding[] {
    const urn = bucket.resource.urn;
    const { rules, findings } = encryptionRulesOf(join, bucket, "the Bucket Key setting");
    for (const { config, index, rule } of rules) {
        const algorithm = algorithmOf(rule);
        const of = `${describeResource(config)} of ${describeBucket(bucket)}`;
        if (isUnknown(algorithm)) {
            findings.push(unverified(urn, `Could not verify the Bucket Key setting of ${of}: the sseAlgorithm of rules[${index}] is unknown. ${JUDGED_AT_UPDATE}`));
        } else if (algorithm === "aws:kms") {
            if (isUnknown(rule.bucketKeyEnabled)) {
                findings.push(unverified(urn, `Could not verify the Bucket Key setting of ${of}: rules[${index}].bucketKeyEnabled is unknown. ${JUDGED_AT_UPDATE}`));
            } else if (rule.bucketKeyEnabled !== true) {
                findings.push(violation(urn, `${of} encrypts with aws:kms without an S3 Bucket Key: set rules[${index}].bucketKeyEnabled to true.`));
            }
        }
    }
    return findings;
}
