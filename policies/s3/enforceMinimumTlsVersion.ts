import { ReportViolation, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

import { recordBucketInputs } from "../lib/bucketInputs";
import { Bucket, BucketJoin, describeBucket, judgeEachBucket, requireControl } from "../lib/buckets";
import { Condition, denyStatement, judgeDenyCoverage, soleCondition } from "../lib/denyCoverage";
import { Finding } from "../lib/report";
import { referenceUrl } from "../lib/metadata";

/** Configuration of `s3-bucket-enforce-minimum-tls-version`. */
export interface EnforceMinimumTlsVersionConfig {
    /**
     * The oldest TLS version a bucket may accept: the bucket policy must deny every S3 action when `s3:TlsVersion` is
     * below it.
     * @default "1.2"
     */
    readonly minimumVersion?: "1.2" | "1.3";
}

export const DEFAULT_MINIMUM_TLS_VERSION = "1.2";

const NAME = "s3-bucket-enforce-minimum-tls-version";
const DESCRIPTION =
    "Checks that every S3 bucket has a bucket policy (aws, aws-native or CloudFormation) whose Deny statements refuse " +
    "every S3 action to every principal, on the bucket and on its objects, over TLS older than the minimum version.";

/** A stack policy that also sees each bucket's inputs in `analyze`, for the note on inline arguments (bucketInputs.ts). */
export const enforceMinimumTlsVersion: StackValidationPolicy & ResourceValidationPolicy = {
    name: NAME,
    description: DESCRIPTION,
    enforcementLevel: "advisory",
    displayName: "S3 buckets refuse outdated TLS versions",
    severity: "medium",
    tags: ["s3", "encryption-in-transit"],
    remediationSteps:
        'Add to the bucket\'s policy the statement {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["<bucket ARN>", "<bucket ARN>/*"], "Condition": {"NumericLessThan": {"s3:TlsVersion": "1.2"}}} (with the configured minimum version).',
    url: referenceUrl(NAME),
    validateResource: recordBucketInputs,
    configSchema: {
        properties: {
            minimumVersion: {
                type: "string",
                enum: ["1.2", "1.3"],
                default: DEFAULT_MINIMUM_TLS_VERSION,
                description: "The oldest TLS version a bucket may accept.",
            },
        },
    },
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const minimum = args.getConfig<EnforceMinimumTlsVersionConfig>().minimumVersion ?? DEFAULT_MINIMUM_TLS_VERSION;
        judgeEachBucket(args, reportViolation, DESCRIPTION, (join, bucket) => checkBucket(join, bucket, minimum));
    },
};

/**
 * The condition that counts: only `NumericLessThan` on `s3:TlsVersion` with one value at or above `minimum` (a deny
 * below 1.3 also enforces a 1.2 minimum).
 */
export function deniesTlsBelow(minimum: string): (conditions: Condition[]) => boolean {
    return soleCondition(
        ["NumericLessThan"],
        "s3:TlsVersion",
        (values) => values.length === 1 && (typeof values[0] === "string" || typeof values[0] === "number") && Number(values[0]) >= Number(minimum),
    );
}

function checkBucket(join: BucketJoin, bucket: Bucket, minimum: string): Finding[] {
    const statement = denyStatement(bucket, `{"NumericLessThan": {"s3:TlsVersion": "${minimum}"}}`);
    return requireControl(join, bucket, "policy", {
        missing: () => bucket.hints.noPolicy(statement),
        couldNotVerify: `that ${describeBucket(bucket)} refuses TLS older than ${minimum}`,
        judge: (policy) =>
            judgeDenyCoverage(bucket, policy, {
                conditionMatches: deniesTlsBelow(minimum),
                denied: `TLS older than ${minimum} on`,
                soleCondition: `NumericLessThan s3:TlsVersion ${minimum}`,
                statement,
            }),
    });
}
