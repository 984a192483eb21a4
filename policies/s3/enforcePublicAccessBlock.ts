import { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

import { Bucket, BucketJoin, describeBucket, judgeEachBucket, requireControl } from "../lib/buckets";
import { PUBLIC_ACCESS_FLAGS, PublicAccessBlockControl } from "../lib/model";
import { Finding, unknownList, unverified, violation } from "../lib/report";
import { isUnknown } from "../lib/unknowns";
import { cisTag, fsbp, referenceUrl } from "../lib/metadata";

/** `s3-bucket-enforce-public-access-block` takes no configuration beyond its enforcement level. */
export type EnforcePublicAccessBlockConfig = Record<string, never>;

const NAME = "s3-bucket-enforce-public-access-block";
const DESCRIPTION =
    "Checks that every S3 bucket blocks all public access: its own BucketPublicAccessBlock (aws), its " +
    "publicAccessBlockConfiguration (aws-native) or PublicAccessBlockConfiguration (CloudFormation), with all four flags true.";

export const enforcePublicAccessBlock: StackValidationPolicy = {
    name: NAME,
    description: DESCRIPTION,
    enforcementLevel: "mandatory",
    displayName: "S3 buckets block all public access",
    severity: "critical",
    framework: fsbp("S3.8", "S3 general purpose buckets should block public access"),
    tags: ["s3", "public-access", cisTag("2.1.4")],
    remediationSteps:
        "aws: add an aws.s3.BucketPublicAccessBlock whose bucket is the bucket, with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true. aws-native: set publicAccessBlockConfiguration with the four flags true. CloudFormation: set PublicAccessBlockConfiguration with BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls and RestrictPublicBuckets true.",
    url: referenceUrl(NAME),
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => judgeEachBucket(args, reportViolation, DESCRIPTION, checkBucket),
};

function checkBucket(join: BucketJoin, bucket: Bucket): Finding[] {
    return requireControl(join, bucket, "publicAccessBlock", {
        missing: () => bucket.hints.noPublicAccessBlock(PUBLIC_ACCESS_FLAGS),
        couldNotVerify: `the public access block of ${describeBucket(bucket)}`,
        judge: (block) => checkBlock(bucket, block),
    });
}

function checkBlock(bucket: Bucket, block: PublicAccessBlockControl): Finding[] {
    const urn = bucket.urn;
    const notTrue = PUBLIC_ACCESS_FLAGS.filter((flag) => block.flags[flag] !== true && !isUnknown(block.flags[flag]));
    const unknown = PUBLIC_ACCESS_FLAGS.filter((flag) => isUnknown(block.flags[flag]));
    const of = `${block.label} of ${describeBucket(bucket)}`;
    const all = PUBLIC_ACCESS_FLAGS.map((flag) => block.paths[flag]);
    if (notTrue.length > 0) {
        const values = notTrue.map((flag) => `${block.paths[flag]} is ${block.flags[flag] === undefined ? "not set" : JSON.stringify(block.flags[flag])}`);
        return [violation(urn, `${of} does not block all public access: ${values.join(", ")}; set ${all.join(", ")} all to true.`)];
    }
    if (unknown.length > 0) return [unverified(urn, `Could not verify ${of}: ${unknownList(unknown.map((flag) => block.paths[flag]))}. ${block.pending}`)];
    return [];
}
