import { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

import { Bucket, BucketJoin, describeBucket, describeResource, ENCRYPTION_TYPES, MIGRATE_INLINE_ENCRYPTION, StackResource, judgeEachBucket } from "../lib/buckets";
import { Finding, JUDGED_AT_UPDATE, unverified, violation } from "../lib/report";
import { isUnknown } from "../lib/unknowns";

/** Configuration of `s3-bucket-enforce-encryption`. */
export interface EnforceEncryptionConfig {
    /**
     * The default-encryption algorithms (`sseAlgorithm`) a bucket may use.
     * @default ["AES256", "aws:kms", "aws:kms:dsse"]
     */
    readonly allowedAlgorithms?: readonly string[];
}

export const DEFAULT_ALLOWED_ALGORITHMS: readonly string[] = ["AES256", "aws:kms", "aws:kms:dsse"];

const NAME = "s3-bucket-enforce-encryption";
const DESCRIPTION =
    "Checks that every S3 bucket has a BucketServerSideEncryptionConfiguration resource that targets it with an allowed algorithm.";

export const enforceEncryption: StackValidationPolicy = {
    name: NAME,
    description: DESCRIPTION,
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedAlgorithms: {
                type: "array",
                items: { type: "string", enum: [...DEFAULT_ALLOWED_ALGORITHMS] },
                minItems: 1,
                default: [...DEFAULT_ALLOWED_ALGORITHMS],
                description: "The default-encryption algorithms (sseAlgorithm) a bucket may use.",
            },
        },
    },
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const allowed = args.getConfig<EnforceEncryptionConfig>().allowedAlgorithms ?? DEFAULT_ALLOWED_ALGORITHMS;
        judgeEachBucket(args, reportViolation, DESCRIPTION, (join, bucket) => checkBucket(join, bucket, allowed));
    },
};

function checkBucket(join: BucketJoin, bucket: Bucket, allowed: readonly string[]): Finding[] {
    const urn = bucket.resource.urn;
    const { certain, possible } = join.controlsOf(bucket, ENCRYPTION_TYPES);
    if (certain.length === 0 && possible.length === 0) {
        return [
            violation(
                urn,
                `${describeBucket(bucket)} has no BucketServerSideEncryptionConfiguration targeting it: add one whose ` +
                    `bucket is this bucket and whose sseAlgorithm is one of ${allowed.join(", ")}. ${MIGRATE_INLINE_ENCRYPTION}`,
            ),
        ];
    }
    const findings = certain.flatMap((config) => checkConfiguration(bucket, config, allowed));
    if (certain.length === 0) {
        findings.push(
            unverified(
                urn,
                `Could not verify the default encryption of ${describeBucket(bucket)}: ` +
                    `${possible.map(describeResource).join(", ")} may target it, but its bucket is unknown and depends on several buckets. ${JUDGED_AT_UPDATE}`,
            ),
        );
    }
    return findings;
}

function checkConfiguration(bucket: Bucket, config: StackResource, allowed: readonly string[]): Finding[] {
    const urn = bucket.resource.urn;
    const of = `${describeResource(config)} of ${describeBucket(bucket)}`;
    const rules = config.props.rules;
    if (isUnknown(rules)) return [unverified(urn, `Could not verify the default encryption of ${describeBucket(bucket)}: the rules of ${describeResource(config)} are unknown. ${JUDGED_AT_UPDATE}`)];
    if (!Array.isArray(rules) || rules.length === 0) return [violation(urn, `${of} has no rule: set rules[0].applyServerSideEncryptionByDefault.sseAlgorithm to one of ${allowed.join(", ")}.`)];
    const findings: Finding[] = [];
    rules.forEach((rule, i) => {
        const defaults = isUnknown(rule) ? rule : (rule as Record<string, unknown> | null)?.applyServerSideEncryptionByDefault;
        const algorithm = isUnknown(defaults) ? defaults : (defaults as Record<string, unknown> | null | undefined)?.sseAlgorithm;
        if (isUnknown(algorithm)) {
            findings.push(unverified(urn, `Could not verify the default encryption of ${describeBucket(bucket)}: the sseAlgorithm of ${describeResource(config)} (rules[${i}]) is unknown. ${JUDGED_AT_UPDATE}`));
        } else if (algorithm === undefined || algorithm === null) {
            findings.push(violation(urn, `${of} sets no rules[${i}].applyServerSideEncryptionByDefault.sseAlgorithm: set it to one of ${allowed.join(", ")}.`));
        } else if (typeof algorithm !== "string" || !allowed.includes(algorithm)) {
            findings.push(violation(urn, `${of} uses sseAlgorithm ${JSON.stringify(algorithm)} (rules[${i}]), which is not one of ${allowed.join(", ")}.`));
        }
    });
    return findings;
}
