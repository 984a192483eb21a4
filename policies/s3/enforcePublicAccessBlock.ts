import { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

import { Bucket, BucketJoin, describeBucket, describeResource, PUBLIC_ACCESS_BLOCK_TYPES, StackResource, judgeEachBucket } from "../lib/buckets";
import { Finding, JUDGED_AT_UPDATE, unknownList, unverified, violation } from "../lib/report";
import { isUnknown } from "../lib/unknowns";

/** `s3-bucket-enforce-public-access-block` takes no configuration beyond its enforcement level. */
export type EnforcePublicAccessBlockConfig = Record<string, never>;

/** The four flags of a BucketPublicAccessBlock, all of which must be true. */
export const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

const NAME = "s3-bucket-enforce-public-access-block";
const DESCRIPTION = "Checks that every S3 bucket has its own BucketPublicAccessBlock with all four flags true.";

export const enforcePublicAccessBlock: StackValidationPolicy = {
    name: NAME,
    description: DESCRIPTION,
    enforcementLevel: "mandatory",
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => judgeEachBucket(args, reportViolation, DESCRIPTION, checkBucket),
};

function checkBucket(join: BucketJoin, bucket: Bucket): Finding[] {
    const urn = bucket.resource.urn;
    const { certain, possible } = join.controlsOf(bucket, PUBLIC_ACCESS_BLOCK_TYPES);
    if (certain.length === 0 && possible.length === 0) {
        return [violation(urn, `${describeBucket(bucket)} has no BucketPublicAccessBlock targeting it: add one whose bucket is this bucket, with ${PUBLIC_ACCESS_FLAGS.join(", ")} all true.`)];
    }
    const findings = certain.flatMap((block) => checkBlock(bucket, block));
    if (certain.length === 0) {
        findings.push(
            unverified(
                urn,
                `Could not verify the public access block of ${describeBucket(bucket)}: ${possible.map(describeResource).join(", ")} ` +
                    `may target it, but its bucket is unknown and depends on several buckets. ${JUDGED_AT_UPDATE}`,
            ),
        );
    }
    return findings;
}

function checkBlock(bucket: Bucket, block: StackResource): Finding[] {
    const urn = bucket.resource.urn;
    const notTrue = PUBLIC_ACCESS_FLAGS.filter((flag) => block.props[flag] !== true && !isUnknown(block.props[flag]));
    const unknown = PUBLIC_ACCESS_FLAGS.filter((flag) => isUnknown(block.props[flag]));
    const of = `${describeResource(block)} of ${describeBucket(bucket)}`;
    if (notTrue.length > 0) {
        const values = notTrue.map((flag) => `${flag} is ${block.props[flag] === undefined ? "not set" : JSON.stringify(block.props[flag])}`);
        return [violation(urn, `${of} does not block all public access: ${values.join(", ")}; set ${PUBLIC_ACCESS_FLAGS.join(", ")} all to true.`)];
    }
    if (unknown.length > 0) return [unverified(urn, `Could not verify ${of}: ${unknownList(unknown)}. ${JUDGED_AT_UPDATE}`)];
    return [];
}
