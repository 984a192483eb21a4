import { ReportViolation, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

import { recordBucketInputs } from "../lib/bucketInputs";
import { Bucket, BucketJoin, describeBucket, judgeEachBucket, requireControl } from "../lib/buckets";
import { Condition, DenyRequirement, denyStatement, judgeDenyCoverage, soleCondition } from "../lib/denyCoverage";
import { Finding } from "../lib/report";
import { cisTag, fsbp, referenceUrl } from "../lib/metadata";

/** `s3-bucket-enforce-tls` takes no configuration beyond its enforcement level. */
export type EnforceTlsConfig = Record<string, never>;

const NAME = "s3-bucket-enforce-tls";
const DESCRIPTION =
    "Checks that every S3 bucket has a bucket policy (BucketPolicy of aws or aws-native, AWS::S3::BucketPolicy in a " +
    "CloudFormation template) whose Deny statements refuse every S3 action (s3:* or *) to every principal, on the bucket " +
    "and on its objects, when aws:SecureTransport is false.";

/** What a compliant statement looks like for `bucket`, for messages. */
export function tlsStatement(bucket: Bucket): string {
    return denyStatement(bucket, '{"Bool": {"aws:SecureTransport": "false"}}');
}

/** A stack policy that also sees each bucket's inputs in `analyze`, for the note on inline arguments (bucketInputs.ts). */
export const enforceTls: StackValidationPolicy & ResourceValidationPolicy = {
    name: NAME,
    description: DESCRIPTION,
    enforcementLevel: "mandatory",
    displayName: "S3 buckets refuse plain HTTP",
    severity: "high",
    framework: fsbp("S3.5", "S3 general purpose buckets should require requests to use SSL"),
    tags: ["s3", "encryption-in-transit", cisTag("2.1.1")],
    remediationSteps:
        'Add to the bucket\'s policy (aws.s3.BucketPolicy, aws-native s3.BucketPolicy or AWS::S3::BucketPolicy) the statement {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["<bucket ARN>", "<bucket ARN>/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}, with no other condition.',
    url: referenceUrl(NAME),
    validateResource: recordBucketInputs,
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => judgeEachBucket(args, reportViolation, DESCRIPTION, checkBucket),
};

/**
 * The only condition that counts: `Bool` or `BoolIfExists` on `aws:SecureTransport` with the value false (`false`,
 * `"false"` or `["false"]`). Any other condition narrows the deny, so the statement does not count.
 */
export const deniesInsecureTransport: (conditions: Condition[]) => boolean = soleCondition(
    ["Bool", "BoolIfExists"],
    "aws:SecureTransport",
    (values) => values.length === 1 && (values[0] === false || values[0] === "false"),
);

function checkBucket(join: BucketJoin, bucket: Bucket): Finding[] {
    return requireControl(join, bucket, "policy", {
        missing: () => bucket.hints.noPolicy(tlsStatement(bucket)),
        couldNotVerify: `that ${describeBucket(bucket)} refuses plain HTTP`,
        judge: (policy) => judgeDenyCoverage(bucket, policy, tlsRequirement(bucket)),
    });
}

function tlsRequirement(bucket: Bucket): DenyRequirement {
    return {
        conditionMatches: deniesInsecureTransport,
        denied: "plain-HTTP access to",
        soleCondition: "aws:SecureTransport false",
        statement: tlsStatement(bucket),
    };
}
