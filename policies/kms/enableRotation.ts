import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";

import { keysIn } from "../lib/keys";
import { ModelKey } from "../lib/model";
import { Finding, reportFindings, unknownList, unverified, violation } from "../lib/report";
import { isUnknown } from "../lib/unknowns";
import { cisTag, fsbp, referenceUrl } from "../lib/metadata";

/** `kms-key-enable-rotation` takes no configuration beyond its enforcement level. */
export type EnableRotationConfig = Record<string, never>;

const NAME = "kms-key-enable-rotation";
const DESCRIPTION =
    "Checks that symmetric encryption KMS keys (aws, aws-native, CloudFormation) have automatic key rotation enabled. Keys " +
    "that cannot rotate (asymmetric, HMAC, imported key material, or in a custom key store) are not applicable.";

export const enableRotation: ResourceValidationPolicy = {
    name: NAME,
    description: DESCRIPTION,
    enforcementLevel: "mandatory",
    displayName: "KMS keys rotate automatically",
    severity: "medium",
    framework: fsbp("KMS.4", "AWS KMS key rotation should be enabled"),
    tags: ["kms", "key-management", cisTag("3.6")],
    remediationSteps:
        "aws: set enableKeyRotation to true on the aws.kms.Key. aws-native: set enableKeyRotation to true on the kms.Key. CloudFormation: set EnableKeyRotation to true on the AWS::KMS::Key.",
    url: referenceUrl(NAME),
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        const keys = keysIn(args);
        // A resource whose every key cannot rotate is not a pass: the policy does not apply to it, and says why.
        const reasons = keys.map(cannotRotate);
        if (keys.length > 0 && reasons.every((r) => r !== undefined)) return args.notApplicable(reasons.join(" "));
        reportFindings(keys.flatMap(checkKey), reportViolation, DESCRIPTION);
    },
};

/** Why automatic rotation cannot apply to `key`, when a known value rules it out; undefined otherwise. */
export function cannotRotate(key: ModelKey): string | undefined {
    if (key.rotation === undefined) return `${key.label} has no rotation setting of its own (a replica, a key with imported material, or a key policy).`;
    const ruledOut = key.rotation.applicability.find((a) => !isUnknown(a.value) && !a.canRotate(a.value));
    if (ruledOut === undefined) return undefined;
    return (
        `${key.label} cannot rotate automatically: ${ruledOut.path} is ${JSON.stringify(ruledOut.value)}, and AWS KMS rotates only symmetric ` +
        "encryption keys whose key material it generated, outside custom key stores."
    );
}

function checkKey(key: ModelKey): Finding[] {
    const rotation = key.rotation;
    if (rotation === undefined) return [];
    // Rotation applies only to symmetric encryption keys with key material from KMS: a known value that rules it out
    // decides, whatever else is unknown.
    if (rotation.applicability.some((a) => !isUnknown(a.value) && !a.canRotate(a.value))) return [];
    const unknown = rotation.applicability.filter((a) => isUnknown(a.value)).map((a) => a.path);
    if (isUnknown(rotation.enabled)) unknown.push(rotation.path);
    if (unknown.length > 0) return [unverified(key.urn, `Could not verify key rotation of ${key.label}: ${unknownList(unknown)}. ${key.pending}`)];
    if (rotation.enabled === true) return [];
    const value = rotation.enabled === undefined ? "not set" : JSON.stringify(rotation.enabled);
    return [
        violation(
            key.urn,
            `${key.label} is a symmetric encryption key without automatic rotation (${rotation.path} is ${value}): set ${rotation.path} to true.`,
        ),
    ];
}
