import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";

import { keysIn } from "../lib/keys";
import { ModelKey } from "../lib/model";
import { Finding, reportFindings, unverified, violation } from "../lib/report";
import { isUnknown } from "../lib/unknowns";
import { referenceUrl } from "../lib/metadata";

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
const DESCRIPTION =
    "Checks that KMS keys have a deletion window of at least the minimum number of days, so a key scheduled for deletion by mistake can be recovered.";

export const configureDeletionWindow: ResourceValidationPolicy = {
    name: NAME,
    description: DESCRIPTION,
    enforcementLevel: "mandatory",
    displayName: "KMS keys keep a recovery window before deletion",
    severity: "medium",
    tags: ["kms", "key-management"],
    remediationSteps:
        "aws: set deletionWindowInDays to at least the configured minimum (default 30) on the aws.kms.Key (or replica, external key). aws-native: set pendingWindowInDays on the kms.Key. CloudFormation: set PendingWindowInDays on the AWS::KMS::Key.",
    url: referenceUrl(NAME),
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
        const minimum = args.getConfig<ConfigureDeletionWindowConfig>().minimumDays ?? DEFAULT_MINIMUM_DELETION_WINDOW_DAYS;
        const keys = keysIn(args);
        // A key policy (aws:kms/keyPolicy:KeyPolicy) has no deletion window: not applicable rather than a pass.
        if (keys.length > 0 && keys.every((key) => key.deletionWindow === undefined)) {
            return args.notApplicable(`${keys.map((key) => key.label).join(", ")} has no deletion window of its own: it is a key policy, not a key.`);
        }
        reportFindings(
            keys.flatMap((key) => checkKey(key, minimum)),
            reportViolation,
            DESCRIPTION,
        );
    },
};

function checkKey(key: ModelKey, minimum: number): Finding[] {
    const window = key.deletionWindow;
    if (window === undefined) return [];
    // CloudFormation also takes numbers as strings.
    const days = typeof window.days === "string" && /^\d+$/.test(window.days) ? Number(window.days) : (window.days ?? AWS_DEFAULT_DELETION_WINDOW_DAYS);
    if (isUnknown(days)) return [unverified(key.urn, `Could not verify the deletion window of ${key.label}: ${window.path} is unknown. ${key.pending}`)];
    if (typeof days !== "number" || days < minimum) {
        return [
            violation(
                key.urn,
                `${key.label} has a deletion window of ${JSON.stringify(days)} days, shorter than the required ${minimum}: set ${window.path} to at least ${minimum}.`,
            ),
        ];
    }
    return [];
}
