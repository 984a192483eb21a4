import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

import { recordBucketInputs } from "../lib/bucketInputs";
import { Bucket, BucketJoin, describeBucket, judgeEachBucket, requireControl } from "../lib/buckets";
import { isSymbolic } from "../lib/cloudformationTemplate";
import { leaf } from "../lib/encryptionRules";
import { EncryptionControl, EncryptionRule } from "../lib/model";
import { advice, Finding, listed, reportFindings, unverified, violation } from "../lib/report";
import { vectorEncryption } from "../lib/scope";
import { isUnknown, rawProps } from "../lib/unknowns";
import { referenceUrl } from "../lib/metadata";

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
    "Checks that every S3 bucket has default encryption with an allowed algorithm: a BucketServerSideEncryptionConfiguration " +
    "resource that targets it (aws), its bucketEncryption (aws-native) or its BucketEncryption (CloudFormation).";

/** A stack policy that also sees each bucket's inputs in `analyze`, for the note on inline arguments (bucketInputs.ts). */
export const enforceEncryption: StackValidationPolicy & ResourceValidationPolicy = {
    name: NAME,
    description: DESCRIPTION,
    enforcementLevel: "mandatory",
    displayName: "S3 buckets have default encryption with an allowed algorithm",
    severity: "high",
    tags: ["s3", "encryption-at-rest"],
    remediationSteps:
        "aws: add an aws.s3.BucketServerSideEncryptionConfiguration whose bucket is the bucket, with rules[0].applyServerSideEncryptionByDefault.sseAlgorithm one of the allowed algorithms (and kmsMasterKeyId a key ARN for aws:kms). aws-native: set bucketEncryption.serverSideEncryptionConfiguration on the bucket. CloudFormation: set BucketEncryption on the AWS::S3::Bucket. S3 Vectors: a vector bucket's encryption cannot change after creation: create a new vector bucket with encryptionConfigurations[0].sseType allowed, copy the vectors, delete the old one.",
    url: referenceUrl(NAME),
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
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        recordBucketInputs(args);
        // S3 Vectors keeps its encryption on the vector bucket (or index) itself: judged here (lib/scope.ts).
        const allowed = args.getConfig<EnforceEncryptionConfig>().allowedAlgorithms ?? DEFAULT_ALLOWED_ALGORITHMS;
        const vector = vectorEncryption(args.type, args.urn, args.name, rawProps(args.props), allowed);
        if (vector !== undefined) reportFindings(vector, reportViolation, DESCRIPTION);
    },
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const allowed = args.getConfig<EnforceEncryptionConfig>().allowedAlgorithms ?? DEFAULT_ALLOWED_ALGORITHMS;
        judgeEachBucket(args, reportViolation, DESCRIPTION, (join, bucket) => checkBucket(join, bucket, allowed));
    },
};

function checkBucket(join: BucketJoin, bucket: Bucket, allowed: readonly string[]): Finding[] {
    return requireControl(join, bucket, "encryption", {
        missing: () => bucket.hints.noEncryption(allowed),
        couldNotVerify: `the default encryption of ${describeBucket(bucket)}`,
        judge: (config) => checkConfiguration(bucket, config, allowed),
    });
}

function checkConfiguration(bucket: Bucket, config: EncryptionControl, allowed: readonly string[]): Finding[] {
    const urn = bucket.urn;
    const of = `${config.label} of ${describeBucket(bucket)}`;
    const { rules, paths } = config;
    if (isUnknown(rules))
        return [
            unverified(
                urn,
                `Could not verify the default encryption of ${describeBucket(bucket)}: the rules of ${config.label} are unknown. ${config.pending}`,
            ),
        ];
    if (!Array.isArray(rules) || rules.length === 0)
        return [violation(urn, `${of} has no rule: set ${paths.rules}[0].${paths.algorithm} to one of ${allowed.join(", ")}.`)];
    const findings: Finding[] = [];
    // The rules whose algorithm is unknown, said in one finding: a template may hold thousands (issue 18).
    const unknown: string[] = [];
    rules.forEach((rule, i) => {
        const algorithm = isUnknown(rule) ? rule : (rule as EncryptionRule | null)?.algorithm;
        if (isUnknown(algorithm)) {
            unknown.push(`${paths.rules}[${i}]`);
        } else if (algorithm === undefined || algorithm === null) {
            findings.push(violation(urn, `${of} sets no ${paths.rules}[${i}].${paths.algorithm}: set it to one of ${allowed.join(", ")}.`));
        } else if (typeof algorithm !== "string" || !allowed.includes(algorithm)) {
            findings.push(
                violation(
                    urn,
                    `${of} uses ${leaf(paths.algorithm)} ${JSON.stringify(algorithm)} (${paths.rules}[${i}]), which is not one of ${allowed.join(", ")}.`,
                ),
            );
        } else if (KMS_ALGORITHMS.includes(algorithm)) {
            findings.push(...checkKmsKey(bucket, config, i, (rule as EncryptionRule).kmsKeyId));
        }
    });
    if (unknown.length > 0) {
        findings.push(
            unverified(
                urn,
                `Could not verify the default encryption of ${describeBucket(bucket)}: the ${leaf(paths.algorithm)} of ${config.label} (${listed(unknown)}) is unknown. ${config.pending}`,
            ),
        );
    }
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
 * preview (a key the stack creates), it is an advisory, judged again with the real value. In a template, a reference
 * to another resource (`!GetAtt MediaKey.Arn`, `!Ref MediaKey`) is taken as naming that key.
 */
function checkKmsKey(bucket: Bucket, config: EncryptionControl, i: number, keyId: unknown): Finding[] {
    const urn = bucket.urn;
    const { paths } = config;
    if (keyId === undefined || keyId === null || keyId === "") return [];
    if (isUnknown(keyId)) {
        return [
            unverified(
                urn,
                `Could not verify the KMS key of ${describeBucket(bucket)}: the ${leaf(paths.kmsKeyId)} of ${config.label} (${paths.rules}[${i}]) is unknown. ${config.pending}`,
            ),
        ];
    }
    if (typeof keyId === "string" && (KMS_KEY_REFERENCE.test(keyId) || isSymbolic(keyId))) return [];
    return [
        advice(
            urn,
            `${config.label} of ${describeBucket(bucket)} names no KMS key in ${paths.rules}[${i}].${paths.kmsKeyId} ` +
                `(${JSON.stringify(keyId)}): S3 does not check it when the configuration is set, and uploads that rely on the default encryption then fail. ` +
                "Set a key ID, key ARN, alias name (alias/...) or alias ARN, e.g. <key>.arn.",
        ),
    ];
}
