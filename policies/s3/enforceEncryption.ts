import { ReportViolation, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

import { inlineEncryptionNote, recordBucketInputs } from "../lib/bucketInputs";
import { Bucket, BucketJoin, describeBucket, describeResource, ENCRYPTION_TYPES, StackResource, judgeEachBucket } from "../lib/buckets";
import { advice, Finding, JUDGED_AT_UPDATE, unverified, violation } from "../lib/report";
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

/** A stack policy that also sees each bucket's inputs in `analyze`, for the note on inline arguments (bucketInputs.ts). */
export const enforceEncryption: StackValidationPolicy & ResourceValidationPolicy = {
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
    validateResource: recordBucketInputs,
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
                    `bucket is this bucket and whose sseAlgorithm is one of ${allowed.join(", ")}.${inlineEncryptionNote(urn)}`,
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
        } else if (KMS_ALGORITHMS.includes(algorithm)) {
            findings.push(...checkKmsKey(bucket, config, i, (defaults as Record<string, unknown>).kmsMasterKeyId));
        }
    });
    return findings;
}

/** The algorithms whose rule may name a KMS key (`kmsMasterKeyId`); unset, S3 uses the AWS managed key aws/s3. */
const KMS_ALGORITHMS: readonly string[] = ["aws:kms", "aws:kms:dsse"];

const KEY_ID = "(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-fA-F]{32})";
const ALIAS = "alias/[a-zA-Z0-9/_-]+";
/** How S3 accepts a KMS key: key ID, key ARN, alias name or alias ARN. */
const KMS_KEY_REFERENCE = new RegExp(`^(?:${KEY_ID}|${ALIAS}|arn:[a-z-]+:kms:[a-z0-9-]+:\\d{12}:(?:key/${KEY_ID}|${ALIAS}))$`);

/**
 * The rule's kmsMasterKeyId, when set, must name a KMS key. S3 does not check it when the configuration is set, and
 * uploads that rely on the default encryption then fail: advice, since nothing is stored less encrypted. Unknown at
 * preview (a key the stack creates), it is an advisory, judged again with the real value.
 */
function checkKmsKey(bucket: Bucket, config: StackResource, i: number, keyId: unknown): Finding[] {
    const urn = bucket.resource.urn;
    if (keyId === undefined || keyId === null || keyId === "") return [];
    if (isUnknown(keyId)) {
        return [unverified(urn, `Could not verify the KMS key of ${describeBucket(bucket)}: the kmsMasterKeyId of ${describeResource(config)} (rules[${i}]) is unknown. ${JUDGED_AT_UPDATE}`)];
    }
    if (typeof keyId === "string" && KMS_KEY_REFERENCE.test(keyId)) return [];
    return [
        advice(
            urn,
            `${describeResource(config)} of ${describeBucket(bucket)} names no KMS key in rules[${i}].applyServerSideEncryptionByDefault.kmsMasterKeyId ` +
                `(${JSON.stringify(keyId)}): S3 does not check it when the configuration is set, and uploads that rely on the default encryption then fail. ` +
                "Set a key ID, key ARN, alias name (alias/...) or alias ARN, e.g. <key>.arn.",
        ),
    ];
}
