// Whether a bucket policy's Deny statements, together, deny every S3 action to every principal on the bucket and on
// its objects under a given condition. Shared by the TLS policies.
import { Bucket, describeBucket } from "./buckets";
import { PolicyControl } from "./model";
import {
    conditionsOf,
    coversAllS3Actions,
    effectOf,
    globMatches,
    isEveryPrincipal,
    judgeStatements,
    parseDocument,
    resourcesOf,
    Statement,
} from "./policyDocument";
import { assertNever, Finding, unknownList, unverified, violation } from "./report";
import { known, Unknown } from "./unknowns";

/** One condition of a statement: the key, or its values, may be unknown (see policyDocument.ts, `conditionsOf`). */
export type Condition = [operator: string, key: unknown, values: unknown[]];

export type Coverage =
    | { readonly kind: "covered" }
    | { readonly kind: "invalid"; readonly reason: string }
    /** `missing`: what no counting statement covers (`the bucket`, `its objects`). */
    | { readonly kind: "missing"; readonly missing: string[] }
    /** As `missing`, but statements or values that are unknown may cover it. */
    | { readonly kind: "unknown"; readonly missing: string[]; readonly unknowns: string[] };

/**
 * Judges `policy` (a bucket policy document, object or JSON string) for `bucket`. A statement counts when its Effect is
 * Deny, its Principal is every principal (no NotPrincipal), its Action includes `s3:*` or `*` (no NotAction) and
 * `conditionMatches` accepts its whole Condition block; the Resource patterns of the counting statements must cover
 * the bucket's ARN and every object key under it.
 */
export function denyCoverage(policy: unknown, bucket: Bucket, conditionMatches: (conditions: Condition[]) => boolean): Coverage {
    const doc = parseDocument(policy);
    if (doc.kind === "invalid") return doc;
    if (doc.kind === "unknown") return { kind: "unknown", missing: ["the bucket", "its objects"], unknowns: ["the policy document"] };

    const { results, unknowns } = judgeStatements(doc.statements, (s) =>
        allOf([() => effectOf(s) === "Deny", () => isEveryPrincipal(s), () => coversAllS3Actions(s), () => conditionMatches(conditionsOf(s))])
            ? resourcesOf(s)
            : [],
    );
    const patterns = results.flatMap((r) => r.result);
    const arns = bucket.arns;
    // With the bucket's name unknown, only patterns that cover any bucket (`*`, `arn:aws:s3:::*`) are certain to cover it.
    const bucketTargets = arns ?? ["arn:aws:s3:::\0"];
    const coversBucket = patterns.some((p) => bucketTargets.some((arn) => globMatches(p, arn)));
    const coversObjects = patterns.some((p) => bucketTargets.some((arn) => globMatches(p, `${arn}/\0`)));
    if (coversBucket && coversObjects) return { kind: "covered" };
    const missing = [...(coversBucket ? [] : ["the bucket"]), ...(coversObjects ? [] : ["its objects"])];
    const hidden = [...unknowns];
    // A name still unknown may match any pattern; one CloudFormation decides may match the patterns that do not name
    // the bucket or its objects by reference.
    const unexplained = patterns.filter((p) => !bucketTargets.some((arn) => globMatches(p, arn) || globMatches(p, `${arn}/\0`)));
    if ((arns === undefined && patterns.length > 0) || (bucket.symbolicName && unexplained.length > 0)) hidden.push("the bucket's name");
    return hidden.length > 0 ? { kind: "unknown", missing, unknowns: hidden } : { kind: "missing", missing };
}

/**
 * True when every predicate holds. A predicate that is known false decides, even if another one depends on an unknown;
 * otherwise the first `Unknown` is rethrown.
 */
export function allOf(predicates: Array<() => boolean>): boolean {
    let unknown: Unknown | undefined;
    for (const predicate of predicates) {
        try {
            if (!predicate()) return false;
        } catch (error) {
            if (!(error instanceof Unknown)) throw error;
            unknown ??= error;
        }
    }
    if (unknown) throw unknown;
    return true;
}

/**
 * `conditionMatches` for a statement that counts only under one condition: every condition of the statement has one of
 * `operators`, the key `key`, and values `values` accepts. The operator decides first, then the key, then the values,
 * each read only when what comes before holds: a condition that narrows the statement (another operator or key)
 * makes it not count whatever its value, known or not; only the required condition's own unknown key or value leaves
 * the answer unknown (issue 18: an unknown narrowing value made a TLS violation an advisory).
 */
export function soleCondition(operators: readonly string[], key: string, values: (values: unknown[]) => boolean): (conditions: Condition[]) => boolean {
    return (conditions) =>
        conditions.length > 0 &&
        allOf(
            conditions.map(([operator, conditionKey, conditionValues]) => () => {
                if (!operators.some((o) => sameName(operator, o))) return false;
                const keyName = known(conditionKey, `the key of Condition.${operator}`);
                if (typeof keyName !== "string" || !sameName(keyName, key)) return false;
                return values(conditionValues.map((v) => known(v, `Condition.${operator}.${keyName}`)));
            }),
        );
}

/** Condition keys are case-insensitive in IAM; operators are compared case-insensitively too. */
export function sameName(a: string, b: string): boolean {
    return a.toLowerCase() === b.toLowerCase();
}

export type { Statement };

/** What one deny-coverage policy requires of a bucket's BucketPolicy, in the words of its messages. */
export interface DenyRequirement {
    /** Whether a Deny statement's conditions are exactly the required one. */
    readonly conditionMatches: (conditions: Condition[]) => boolean;
    /** What must be denied, before the targets: "plain-HTTP access to", "TLS older than 1.2 on". */
    readonly denied: string;
    /** The sole condition a counting statement has: "aws:SecureTransport false". */
    readonly soleCondition: string;
    /** A compliant statement for this bucket, for the fix. */
    readonly statement: string;
}

/**
 * A compliant Deny statement for `bucket` under `condition` (a JSON object's text), as fix hints show it: on the
 * bucket's real ARN when known, else on the placeholder `<bucket ARN>` (in a template, its Fn::GetAtt).
 */
export function denyStatement(bucket: Bucket, condition: string): string {
    const [arn, objects] = bucket.resourceHint;
    return `{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [${arn}, ${objects}], "Condition": ${condition}}`;
}

/** Judges one BucketPolicy of `bucket`: certain when its document is known, an advisory when unknowns hide it. */
export function judgeDenyCoverage(bucket: Bucket, policy: PolicyControl, requirement: DenyRequirement): Finding[] {
    const urn = bucket.urn;
    const coverage = denyCoverage(policy.document, bucket, requirement.conditionMatches);
    const of = `${policy.label} of ${describeBucket(bucket)}`;
    switch (coverage.kind) {
        case "covered":
            return [];
        case "invalid":
            return [violation(urn, `The policy of ${of} ${coverage.reason}.`)];
        case "missing":
            return [
                violation(
                    urn,
                    `${of} does not deny ${requirement.denied} ${coverage.missing.join(" and ")}: no Deny statement for every ` +
                        `principal and s3:* with the sole condition ${requirement.soleCondition} covers it. Add ${requirement.statement}.`,
                ),
            ];
        case "unknown":
            return [
                unverified(
                    urn,
                    `Could not verify that ${of} denies ${requirement.denied} ${coverage.missing.join(" and ")}: ` +
                        `${unknownList(coverage.unknowns)}. ${policy.pending}`,
                ),
            ];
        default:
            return assertNever(coverage);
    }
}
