import { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

import { Bucket, BucketJoin, describeBucket, judgeEachBucket } from "../lib/buckets";
import { encryptionRulesOf, leaf } from "../lib/encryptionRules";
import { EncryptionControl } from "../lib/model";
import { Finding, listed, unverified, violation } from "../lib/report";
import { isUnknown } from "../lib/unknowns";
import { referenceUrl } from "../lib/metadata";

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
    displayName: "S3 buckets using SSE-KMS enable S3 Bucket Keys",
    severity: "low",
    tags: ["s3", "encryption-at-rest", "cost"],
    remediationSteps:
        "aws: set bucketKeyEnabled to true in the rule of the aws.s3.BucketServerSideEncryptionConfiguration. aws-native: set bucketKeyEnabled in bucketEncryption.serverSideEncryptionConfiguration[]. CloudFormation: set BucketKeyEnabled in the BucketEncryption rule.",
    url: referenceUrl(NAME),
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => judgeEachBucket(args, reportViolation, DESCRIPTION, checkBucket),
};

function checkBucket(join: BucketJoin, bucket: Bucket): Finding[] {
    const urn = bucket.urn;
    const { rules, findings } = encryptionRulesOf(join, bucket, "the Bucket Key setting");
    // The rules whose algorithm is unknown, per configuration, said once each (a template may hold thousands).
    const unknownAlgorithms = new Map<EncryptionControl, string[]>();
    for (const { config, path, rule } of rules) {
        const of = `${config.label} of ${describeBucket(bucket)}`;
        const setting = `${path}.${config.paths.bucketKeyEnabled}`;
        if (isUnknown(rule.algorithm)) {
            unknownAlgorithms.set(config, [...(unknownAlgorithms.get(config) ?? []), path]);
        } else if (rule.algorithm === "aws:kms") {
            if (isUnknown(rule.bucketKeyEnabled)) {
                findings.push(unverified(urn, `Could not verify the Bucket Key setting of ${of}: ${setting} is unknown. ${config.pending}`));
            } else if (rule.bucketKeyEnabled !== true) {
                findings.push(violation(urn, `${of} encrypts with aws:kms without an S3 Bucket Key: set ${setting} to true.`));
            }
        }
    }
    for (const [config, paths] of unknownAlgorithms) {
        findings.push(
            unverified(
                urn,
                `Could not verify the Bucket Key setting of ${config.label} of ${describeBucket(bucket)}: the ${leaf(config.paths.algorithm)} of ${paths.length > 1 ? "each of " : ""}${listed(paths)} is unknown. ${config.pending}`,
            ),
        );
    }
    return findings;
}
