import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";

import { allOf } from "../lib/denyCoverage";
import { keysIn } from "../lib/keys";
import { conditionsOf, describeStatement, effectOf, isEveryPrincipal, judgeStatements, parseDocument } from "../lib/policyDocument";
import { Finding, reportFindings, unknownList, unverified, violation } from "../lib/report";
import { fsbp, referenceUrl } from "../lib/metadata";

/** `kms-key-disallow-public-principal` takes no configuration beyond its enforcement level. */
export type DisallowPublicPrincipalConfig = Record<string, never>;

const NAME = "kms-key-disallow-public-principal";
const DESCRIPTION =
    "Checks that no KMS key policy (on an aws, aws-native or CloudFormation key, or in a KeyPolicy) allows a wildcard principal without a condition, which " +
    "would let any AWS account use or manage the key.";

export const disallowPublicPrincipal: ResourceValidationPolicy = {
    name: NAME,
    description: DESCRIPTION,
    enforcementLevel: "mandatory",
    displayName: "KMS key policies admit no public principal",
    severity: "critical",
    framework: fsbp("KMS.5", "KMS keys should not be publicly accessible"),
    tags: ["kms", "public-access"],
    remediationSteps:
        'Remove every Allow statement whose Principal is "*" (or {"AWS": "*"}) from the key policy (aws.kms.Key policy, aws.kms.KeyPolicy, aws-native keyPolicy, KeyPolicy in CloudFormation), or narrow it with a condition on the caller\'s account or organization (aws:PrincipalAccount, aws:PrincipalOrgID, kms:CallerAccount).',
    url: referenceUrl(NAME),
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        // A key without a policy gets AWS's default key policy (the account root only).
        const findings = keysIn(args).flatMap((key) => (key.policy ? checkPolicy(key.urn, key.label, key.policy.document, key.pending) : []));
        reportFindings(findings, reportViolation, DESCRIPTION);
    },
};

function checkPolicy(urn: string, key: string, policy: unknown, pending: string): Finding[] {
    const doc = parseDocument(policy);
    if (doc.kind === "unknown") return [unverified(urn, `Could not verify the key policy of ${key}: the policy document is unknown. ${pending}`)];
    if (doc.kind === "invalid") return [violation(urn, `The key policy of ${key} ${doc.reason}.`)];
    // A statement is public when it allows every principal (Principal "*" or AWS "*") or everyone but some
    // (NotPrincipal), with no Condition to narrow it.
    const { results, unknowns } = judgeStatements(doc.statements, (s) =>
        allOf([() => effectOf(s) === "Allow", () => s.NotPrincipal !== undefined || isEveryPrincipal(s), () => conditionsOf(s).length === 0]),
    );
    const findings: Finding[] = results
        .filter((r) => r.result)
        .map((r) =>
            violation(
                urn,
                `The key policy of ${key} allows ${r.statement.NotPrincipal !== undefined ? "every principal but those in NotPrincipal" : "every principal (*)"} ` +
                    `without a condition in ${describeStatement(r.statement, r.index)}: name the principals, or add a condition such as aws:PrincipalOrgID or kms:CallerAccount.`,
            ),
        );
    if (unknowns.length > 0) {
        findings.push(unverified(urn, `Could not verify the key policy of ${key}: ${unknownList(unknowns)}. ${pending}`));
    }
    return findings;
}
