// The rules of the encryption configurations that target a bucket, for the advisory policies that inspect them.
import { Bucket, BucketJoin, describeBucket, describeResource, ENCRYPTION_TYPES, StackResource } from "../lib/buckets";
import { Finding, JUDGED_AT_UPDATE, unverified } from "../lib/report";
import { isUnknown } from "../lib/unknowns";

export interface EncryptionRule {
    readonly config: StackResource;
    readonly index: number;
    readonly rule: Record<string, unknown>;
}

/**
 * Every rule of every encryption configuration that certainly targets `bucket`, plus advisories for what unknowns hide
 * (rules unknown at preview, configurations that may target it). A bucket without any is left to
 * `s3-bucket-enforce-encryption`.
 */
export function encryptionRulesOf(join: BucketJoin, bucket: Bucket, checking: string): { rules: EncryptionRule[]; findings: Finding[] } {
    const { certain, possible } = join.controlsOf(bucket, ENCRYPTION_TYPES);
    const rules: EncryptionRule[] = [];
    const findings: Finding[] = [];
    const urn = bucket.resource.urn;
    for (const config of certain) {
        const list = config.props.rules;
        if (isUnknown(list)) {
            findings.push(unverified(urn, `Could not verify ${checking} of ${describeBucket(bucket)}: the rules of ${describeResource(config)} are unknown. ${JUDGED_AT_UPDATE}`));
            continue;
        }
        if (!Array.isArray(list)) continue;
        list.forEach((rule, index) => {
            if (isUnknown(rule)) {
                findings.push(unverified(urn, `Could not verify ${checking} of ${describeBucket(bucket)}: rules[${index}] of ${describeResource(config)} is unknown. ${JUDGED_AT_UPDATE}`));
            } else if (rule !== null && typeof rule === "object") {
                rules.push({ config, index, rule: rule as Record<string, unknown> });
            }
        });
    }
    if (certain.length === 0 && possible.length > 0) {
        findings.push(
            unverified(
                urn,
                `Could not verify ${checking} of ${describeBucket(bucket)}: ${possible.map(describeResource).join(", ")} may target it, ` +
                    `but its bucket is unknown and depends on several buckets. ${JUDGED_AT_UPDATE}`,
            ),
        );
    }
    return { rules, findings };
}

/** The rule's default algorithm (`applyServerSideEncryptionByDefault.sseAlgorithm`), possibly an unknown sentinel. */
export function algorithmOf(rule: Record<string, unknown>): unknown {
    const defaults = rule.applyServerSideEncryptionByDefault;
    if (isUnknown(defaults)) return defaults;
    return (defaults as Record<string, unknown> | null | undefined)?.sseAlgorithm;
}
