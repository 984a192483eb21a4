import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";

import { JUDGED_AT_UPDATE, reportFindings, unverified, violation } from "../lib/report";
import { isUnknown, rawProps } from "../lib/unknowns";
import { describeKey, KEY_TYPES } from "./keys";

/** Configuration of `kms-key-configure-deletion-window`. */
export interface ConfigureDeletionWindowConfig {
    /**
     * The shortest deletion window (days between scheduling a key's deletion and its deletion) allowed, 7 to 30.
     * @default 30
     */
    readonly minimumDays?: number;
}

export const DEFAULT_MINIMUM_DELETION_WINDOW_DAYS = 30;
/** What AWS applies when `deletionWindowInDays` is not set. */
export const AWS_DEFAULT_DELETION_WINDOW_DAYS = 30;

const NAME = "kms-key-configure-deletion-window";
const DESCRIPTION = "Checks that KMS keys have a deletion window of at least the minimum number of days, so a key scheduled for deletion by mistake can be recovered.";

export const configureDeletionWindow: ResourceValidationPolicy = {
    name: NAME,
    description: DESCRIPTION,
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            minimumDays: {
                type: "integer",
                minimum: 7,
                maximum: 30,
                default: DEFAULT_MINIMUM_DELETION_WINDOW_DAYS,
                description: "The shortest deletion window allowed, in days (AWS allows 7 to 30).",
            },
        },
    },
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        if (!KEY_TYPES.includes(args.type)) return;
        const minimum = args.getConfig<ConfigureDeletionWindowConfig>().minimumDays ?? DEFAULT_MINIMUM_DELETION_WINDOW_DAYS;
        const props = rawProps(args.props);
        const key = describeKey(args.type, args.name);
        const days = props.deletionWindowInDays ?? AWS_DEFAULT_DELETION_WINDOW_DAYS;
        if (isUnknown(days)) {
            reportFindings([unverified(args.urn, `Could not verify the deletion window of ${key}: deletionWindowInDays is unknown. ${JUDGED_AT_UPDATE}`)], reportViolation, DESCRIPTION);
        } else if (typeof days !== "number" || days < minimum) {
            reportFindings([violation(args.urn, `${key} has a deletion window of ${JSON.stringify(days)} days, shorter than the required ${minimum}: set deletionWindowInDays to at least ${minimum}.`)], reportViolation, DESCRIPTION);
        }
    },
};
