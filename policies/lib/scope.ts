// What each policy judges, and what it knowingly does not: each resource a policy cannot apply to gets
// `notApplicable(reason)` from its `validateResource` (over gRPC, AnalyzeResponse.notApplicable), so that findings
// tell "passed" from "not judged".
//
// - Families: the S3 policies judge S3 resources (and the CloudFormation stacks whose templates declare them), the
//   KMS policies KMS resources (and such stacks), the CloudFormation policy CloudFormation stacks.
// - S3 resources that are not general purpose buckets, named with the reason: S3 Tables table buckets, directory
//   buckets (S3 Express One Zone), and S3 Vectors vector buckets and indexes, whose encryption alone is judged
//   (by s3-bucket-enforce-encryption; see vectorEncryption).
import { APPLICATION_STACK_TYPES, describeStack } from "./cloudformationTemplate";
import { Finding, unverified, violation } from "./report";
import { JUDGED_AT_UPDATE } from "./report";
import { isUnknown } from "./unknowns";

export type Family = "s3" | "kms" | "cloudformation";

const FAMILY_PREFIXES: Readonly<Record<Exclude<Family, "cloudformation">, readonly string[]>> = {
    s3: ["aws:s3/", "aws:s3control/", "aws-native:s3:", "aws-native:s3express:", "aws-native:s3outposts:", "aws-native:s3tables:", "aws-native:s3vectors:"],
    kms: ["aws:kms/", "aws-native:kms:"],
};

/**
 * Why a policy does not apply to a resource of another service: short, since Analyze answers carry it for every such
 * policy and resource (a stack of 20,000 resources sends tens of thousands), and the answer already names the policy.
 */
const OTHER_SERVICE: Readonly<Record<Family, string>> = {
    s3: "Judges S3 buckets and their controls only (and CloudFormation stacks that declare them).",
    kms: "Judges KMS keys and key policies only (and CloudFormation stacks that declare them).",
    cloudformation: "Judges CloudFormation stacks (and Serverless Application Repository stacks) only.",
};

/** S3 types that are not general purpose buckets: why the S3 policies do not judge them. */
export const NOT_GENERAL_PURPOSE: Readonly<Record<string, string>> = {
    "aws:s3tables/tableBucket:TableBucket": tableBucket(),
    "aws:s3tables/tableBucketPolicy:TableBucketPolicy": tableBucket(),
    "aws:s3tables/table:Table": tableBucket(),
    "aws-native:s3tables:TableBucket": tableBucket(),
    "aws-native:s3tables:TableBucketPolicy": tableBucket(),
    "aws-native:s3tables:Table": tableBucket(),
    "aws:s3/directoryBucket:DirectoryBucket": directoryBucket(),
    "aws-native:s3express:DirectoryBucket": directoryBucket(),
    "aws-native:s3express:BucketPolicy": directoryBucket(),
    "aws:s3control/bucket:Bucket": outposts(),
    "aws-native:s3outposts:Bucket": outposts(),
    "aws:s3/vectorsVectorBucket:VectorsVectorBucket": vectors(),
    "aws:s3/vectorsIndex:VectorsIndex": vectors(),
    "aws:s3/vectorsVectorBucketPolicy:VectorsVectorBucketPolicy": vectors(),
    "aws-native:s3vectors:VectorBucket": vectors(),
    "aws-native:s3vectors:Index": vectors(),
    "aws-native:s3vectors:VectorBucketPolicy": vectors(),
};

function tableBucket(): string {
    return "S3 Tables table buckets are not general purpose buckets: their encryption, policies and maintenance are S3 Tables settings this pack does not judge.";
}
function directoryBucket(): string {
    return "Directory buckets (S3 Express One Zone) are not general purpose buckets: their encryption, policies and access are settings this pack does not judge.";
}
function outposts(): string {
    return "S3 on Outposts buckets are not general purpose buckets: reached only through access points in the Outpost's VPC, with their own encryption choices and s3-outposts: actions, none of which this pack judges.";
}
function vectors(): string {
    return "S3 Vectors resources are not general purpose buckets: the pack judges only a vector bucket's (or index's) encryption, in s3-bucket-enforce-encryption.";
}

/** Why a policy of `family` does not apply to a resource of `type`, or undefined when it does. */
export function notApplicableReason(family: Family, type: string, policyName: string): string | undefined {
    // Asked for every policy and resource: decided once per policy and type (a stack has a few dozen types; the
    // memo is emptied should hostile input send many more).
    let byType = decided.get(policyName);
    if (byType === undefined) decided.set(policyName, (byType = new Map()));
    const known = byType.get(type);
    if (known !== undefined) return known === APPLIES ? undefined : known;
    const reason = decideNotApplicable(family, type, policyName);
    if (byType.size >= MAX_DECIDED_TYPES) byType.clear();
    byType.set(type, reason ?? APPLIES);
    return reason;
}
const APPLIES = "";
const MAX_DECIDED_TYPES = 1000;
const decided = new Map<string, Map<string, string>>();

function decideNotApplicable(family: Family, type: string, policyName: string): string | undefined {
    if (family === "s3" && policyName !== "s3-bucket-enforce-encryption" && NOT_GENERAL_PURPOSE[type] !== undefined) return NOT_GENERAL_PURPOSE[type];
    if (family === "s3" && policyName === "s3-bucket-enforce-encryption" && NOT_GENERAL_PURPOSE[type] !== undefined && !VECTOR_ENCRYPTION[type]) {
        return NOT_GENERAL_PURPOSE[type];
    }
    if (describeStack(type, "") !== undefined) return undefined;
    if (family === "cloudformation") return APPLICATION_STACK_TYPES[type] !== undefined ? undefined : OTHER_SERVICE.cloudformation;
    if (FAMILY_PREFIXES[family].some((prefix) => type.startsWith(prefix))) return undefined;
    return OTHER_SERVICE[family];
}

/** Where each S3 Vectors type keeps its encryption configuration, and how the provider names it. */
const VECTOR_ENCRYPTION: Readonly<Record<string, { readonly read: (p: Record<string, unknown>) => unknown; readonly path: string; readonly what: string }>> = {
    "aws:s3/vectorsVectorBucket:VectorsVectorBucket": {
        read: (p) => (Array.isArray(p.encryptionConfigurations) ? p.encryptionConfigurations[0] : p.encryptionConfigurations),
        path: "encryptionConfigurations[0].sseType",
        what: "S3 Vectors vector bucket",
    },
    "aws:s3/vectorsIndex:VectorsIndex": {
        read: (p) => (Array.isArray(p.encryptionConfigurations) ? p.encryptionConfigurations[0] : p.encryptionConfigurations),
        path: "encryptionConfigurations[0].sseType",
        what: "S3 Vectors index",
    },
    "aws-native:s3vectors:VectorBucket": { read: (p) => p.encryptionConfiguration, path: "encryptionConfiguration.sseType", what: "S3 Vectors vector bucket" },
    "aws-native:s3vectors:Index": { read: (p) => p.encryptionConfiguration, path: "encryptionConfiguration.sseType", what: "S3 Vectors index" },
};

/** The encryption types S3 Vectors accepts (API EncryptionConfiguration.sseType); unset means AES256 (SSE-S3). */
const VECTOR_SSE_TYPES = ["AES256", "aws:kms"];

/**
 * A vector bucket's (or index's) encryption, judged on the resource itself: S3 Vectors always encrypts, with SSE-S3
 * (AES256) unless `sseType` says `aws:kms`, and the setting cannot change after creation. So a type outside the
 * allowed algorithms is a violation whose fix is a new vector bucket. Undefined for other types.
 */
export function vectorEncryption(type: string, urn: string, name: string, props: Record<string, unknown>, allowed: readonly string[]): Finding[] | undefined {
    const shape = VECTOR_ENCRYPTION[type];
    if (shape === undefined) return undefined;
    const label = `${shape.what} "${name}"`;
    const config = shape.read(props);
    const sseType = isUnknown(config) ? config : config !== null && typeof config === "object" ? (config as Record<string, unknown>).sseType : undefined;
    if (isUnknown(sseType)) return [unverified(urn, `Could not verify the encryption of ${label}: ${shape.path} is unknown. ${JUDGED_AT_UPDATE}`)];
    const effective = sseType === undefined || sseType === null || sseType === "" ? "AES256" : sseType;
    const usable = allowed.filter((a) => VECTOR_SSE_TYPES.includes(a));
    if (typeof effective === "string" && usable.includes(effective)) return [];
    const value = sseType === undefined || sseType === null || sseType === "" ? "not set, so S3 Vectors uses AES256 (SSE-S3)" : JSON.stringify(sseType);
    return [
        violation(
            urn,
            `${label} is encrypted with an algorithm that is not allowed (${shape.path} is ${value}; allowed: ${allowed.join(", ")}). ` +
                `Its encryption cannot change after creation: create a new one with ${shape.path} ${usable.length > 0 ? `one of ${usable.join(", ")}` : "allowed"}, move the vectors, and delete this one.`,
        ),
    ];
}
