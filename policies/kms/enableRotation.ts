import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";

import { JUDGED_AT_UPDATE, reportFindings, unknownList, unverified, violation } from "../lib/report";
import { isUnknown, rawProps } from "../lib/unknowns";
import { describeKey, KEY_TYPE } from "./keys";

/** `kms-key-enable-rotation` takes no configuration beyond its enforcement level. */
export type EnableRotationConfig = Record<string, never>;

const NAME = "kms-key-enable-rotation";
const DESCRIPTION =
    "Checks that symmetric encryption KMS keys have automatic key rotation enabled. Keys that cannot rotate (asymmetric, " +
    "HMAC, or in a custom key store) are not applicable.";

export const enableRotation: ResourceValidationPolicy = {
    name: NAME,
    description: DESCRIPTION,
    enforcementLevel: "mandatory",
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        if (args.type !== KEY_TYPE) return;
        const props = rawProps(args.props);
        const key = describeKey(args.type, args.name);
        // Rotation applies only to symmetric encryption keys (unset usage and spec mean exactly that) outside custom key stores.
        const decisive = { keyUsage: props.keyUsage, customerMasterKeySpec: props.customerMasterKeySpec, customKeyStoreId: props.customKeyStoreId };
        const unknown = Object.entries(decisive).filter(([, v]) => isUnknown(v)).map(([k]) => k);
        const rotates =
            (props.keyUsage ?? "ENCRYPT_DECRYPT") === "ENCRYPT_DECRYPT" &&
            (props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT" &&
            (props.customKeyStoreId === undefined || props.customKeyStoreId === "");
        if (unknown.length === 0 && !rotates) return;
        if (isUnknown(props.enableKeyRotation)) unknown.push("enableKeyRotation");
        if (unknown.length > 0) {
            reportFindings([unverified(args.urn, `Could not verify key rotation of ${key}: ${unknownList(unknown)}. ${JUDGED_AT_UPDATE}`)], reportViolation, DESCRIPTION);
        } else if (props.enableKeyRotation !== true) {
            const value = props.enableKeyRotation === undefined ? "not set" : JSON.stringify(props.enableKeyRotation);
            reportFindings([violation(args.urn, `${key} is a symmetric encryption key without automatic rotation (enableKeyRotation is ${value}): set enableKeyRotation to true.`)], reportViolation, DESCRIPTION);
        }
    },
};
