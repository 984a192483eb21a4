import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";

import { keysIn } from "../lib/keys";
import { ModelKey } from "../lib/model";
import { Finding, reportFindings, unknownList, unverified, violation } from "../lib/report";
import { isUnknown } from "../lib/unknowns";

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
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        reportFindings(keysIn(args).flatMap(checkKey), reportViolation, DESCRIPTION);
    },
};

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
