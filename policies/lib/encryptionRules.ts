// The rules of the default encryption that applies to a bucket, for the policies that inspect them.
import { Bucket, BucketJoin, describeBucket, possibleTargets } from "./buckets";
import { EncryptionControl, EncryptionRule } from "./model";
import { Finding, listed, unverified } from "./report";
import { isUnknown } from "./unknowns";

export interface LocatedRule {
    readonly config: EncryptionControl;
    readonly index: number;
    readonly rule: EncryptionRule;
    /** The rule's property path, e.g. `rules[0]`, `bucketEncryption.serverSideEncryptionConfiguration[0]`. */
    readonly path: string;
}

/**
 * Every rule of every encryption control that certainly applies to `bucket`, plus advisories for what unknowns hide
 * (rules unknown at preview, configurations that may target it). A bucket without any is left to
 * `s3-bucket-enforce-encryption`.
 */
export function encryptionRulesOf(join: BucketJoin, bucket: Bucket, checking: string): { rules: LocatedRule[]; findings: Finding[] } {
    const { certain, possible } = join.controlsOf(bucket, "encryption");
    const rules: LocatedRule[] = [];
    const findings: Finding[] = [];
    const urn = bucket.urn;
    for (const config of certain) {
        const list = config.rules;
        if (isUnknown(list)) {
            findings.push(
                unverified(urn, `Could not verify ${checking} of ${describeBucket(bucket)}: the rules of ${config.label} are unknown. ${config.pending}`),
            );
            continue;
        }
        if (!Array.isArray(list)) continue;
        // One finding for all the unknown rules of a configuration: a template may hold thousands (issue 18).
        const unknown: string[] = [];
        list.forEach((rule, index) => {
            const path = `${config.paths.rules}[${index}]`;
            if (isUnknown(rule)) unknown.push(path);
            else if (rule !== null && typeof rule === "object") rules.push({ config, index, rule: rule as EncryptionRule, path });
        });
        if (unknown.length > 0) {
            findings.push(
                unverified(
                    urn,
                    `Could not verify ${checking} of ${describeBucket(bucket)}: ${listed(unknown)} of ${config.label} ${unknown.length > 1 ? "are" : "is"} unknown. ${config.pending}`,
                ),
            );
        }
    }
    if (certain.length === 0 && possible.length > 0) {
        findings.push(unverified(urn, `Could not verify ${checking} of ${describeBucket(bucket)}: ${possibleTargets(possible)}. ${bucket.pending}`));
    }
    return { rules, findings };
}

/** The last segment of a property path: `sseAlgorithm` of `applyServerSideEncryptionByDefault.sseAlgorithm`. */
export function leaf(path: string): string {
    return path.split(".").pop()!;
}
