import { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

import { Bucket, BucketJoin, describeBucket, judgeEachBucket } from "../lib/buckets";
import { encryptionRulesOf, leaf } from "../lib/encryptionRules";
import { Finding, unverified, violation } from "../lib/report";
import { isUnknown } from "../lib/unknowns";
import { referenceUrl } from "../lib/metadata";

/** Configuration of `s3-bucket-configure-blocked-encryption-types`. */
export interface ConfigureBlockedEncryptionTypesConfig {
    /**
     * The bucket tag that declares SSE-C (customer-provided keys) intended: a bucket whose tags hold this key with the
     * value `"true"` may leave SSE-C unblocked.
     * @default "sse-c-intended"
     */
    readonly sseCIntendedTag?: string;
}

export const DEFAULT_SSE_C_INTENDED_TAG = "sse-c-intended";

const NAME = "s3-bucket-configure-blocked-encryption-types";
const DESCRIPTION =
    "Checks that the default encryption of every S3 bucket sets blockedEncryptionTypes explicitly and blocks SSE-C, " +
    "unless the bucket's tags declare SSE-C intended.";

export const configureBlockedEncryptionTypes: StackValidationPolicy = {
    name: NAME,
    description: DESCRIPTION,
    enforcementLevel: "advisory",
    displayName: "S3 buckets block SSE-C uploads unless SSE-C is intended",
    severity: "medium",
    tags: ["s3", "encryption-at-rest"],
    remediationSteps:
        'Set blockedEncryptionTypes (aws: in the rule of the BucketServerSideEncryptionConfiguration; aws-native and CloudFormation: BlockedEncryptionTypes in the bucket\'s encryption rule) to ["SSE-C"], or tag the bucket with the configured tag (default sse-c-intended) set to "true" when SSE-C is intended.',
    url: referenceUrl(NAME),
    configSchema: {
        properties: {
            sseCIntendedTag: {
                type: "string",
                minLength: 1,
                default: DEFAULT_SSE_C_INTENDED_TAG,
                description: 'The bucket tag that, with the value "true", declares SSE-C intended.',
            },
        },
    },
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const tag = args.getConfig<ConfigureBlockedEncryptionTypesConfig>().sseCIntendedTag ?? DEFAULT_SSE_C_INTENDED_TAG;
        judgeEachBucket(args, reportViolation, DESCRIPTION, (join, bucket) => checkBucket(join, bucket, tag));
    },
};

function checkBucket(join: BucketJoin, bucket: Bucket, tag: string): Finding[] {
    const urn = bucket.urn;
    const { rules, findings } = encryptionRulesOf(join, bucket, "the blocked encryption types");
    for (const { config, path, rule } of rules) {
        const blocked = rule.blockedEncryptionTypes;
        const setting = `${path}.${config.paths.blockedEncryptionTypes}`;
        const of = `${config.label} of ${describeBucket(bucket)}`;
        if (isUnknown(blocked) || (Array.isArray(blocked) && blocked.some(isUnknown))) {
            findings.push(unverified(urn, `Could not verify the blocked encryption types of ${of}: ${setting} is unknown. ${config.pending}`));
            continue;
        }
        if (!Array.isArray(blocked)) {
            findings.push(violation(urn, `${of} does not set ${setting}: set it explicitly, e.g. ["SSE-C"], so it does not drift with AWS's defaults.`));
            continue;
        }
        if (blocked.includes("SSE-C")) continue;
        const intended = sseCIntended(bucket, tag);
        if (intended === "unknown") {
            findings.push(
                unverified(
                    urn,
                    `Could not verify whether ${describeBucket(bucket)} intends SSE-C, which ${config.label} leaves unblocked: its tags are unknown. ${bucket.pending}`,
                ),
            );
        } else if (!intended) {
            findings.push(
                violation(
                    urn,
                    `${of} does not block SSE-C (${leaf(config.paths.blockedEncryptionTypes)} is ${JSON.stringify(blocked)}): add "SSE-C", or tag the bucket ${tag}: "true" if customer-provided keys are intended.`,
                ),
            );
        }
    }
    return findings;
}

/** Whether one of the bucket's tag sets (`tags`, or after deployment `tagsAll`; a tag list) holds `tag: "true"`. */
function sseCIntended(bucket: Bucket, tag: string): boolean | "unknown" {
    let unknown = false;
    for (const tags of bucket.tagSets) {
        if (isUnknown(tags)) {
            unknown = true;
            continue;
        }
        if (tags === null || typeof tags !== "object") continue;
        const value = (tags as Record<string, unknown>)[tag];
        if (isUnknown(value)) unknown = true;
        else if (value === "true") return true;
    }
    return unknown ? "unknown" : false;
}
