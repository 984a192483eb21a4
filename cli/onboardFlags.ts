// Onboarding's flags, one row each: the flag, the config key it sets, how its value is read, and its help. The usage
// text, the parsing, the stack file's keys (in this order) and the flag a refusal names are all derived from here, so
// a new config key is one row.
import { CONFIG_NAMESPACE } from "../config/namespace";
import { KMS_MODE_LIST, SSE_MODE_LIST } from "../config/sseModes";

export type FlagKind =
    /** One value, written as given. */
    | "text"
    /** Repeatable; written as a list. */
    | "list"
    /** A number when it is one (so the stack file says 90, not "90"); anything else as typed, for the schema to quote back. */
    | "number"
    /** Present or not; written as `true` when present. */
    | "switch";

export interface OnboardFlag {
    /** Without the leading `--`. */
    readonly flag: string;
    /** The full config key it sets (`mezzanine-ingest:sseMode`, `aws:region`). */
    readonly key: string;
    readonly kind: FlagKind;
    /** The value's placeholder in the usage synopsis (`<arn>`); none for switches. */
    readonly value?: string;
    /** What it sets, for the usage text (lists: "repeat it for more" is added). */
    readonly help: string;
    /** The usage error when it is missing; optional flags have none. */
    readonly required?: string;
    /** What a new stack file gets when the flag is not given (where it differs from the key's default for existing stacks). */
    readonly newStackDefault?: string;
}

const ns = (key: string) => `${CONFIG_NAMESPACE}:${key}`;

/** The flags, in the order their keys are written to the stack file. */
export const ONBOARD_FLAGS: readonly OnboardFlag[] = [
    { flag: "region", key: "aws:region", kind: "text", value: "<aws-region>", help: "the stack's AWS region (aws:region)" },
    {
        flag: "sse-mode",
        key: ns("sseMode"),
        kind: "text",
        value: "<mode>",
        help: `how S3 encrypts the masters: ${SSE_MODE_LIST}`,
        required: `--sse-mode is required: one of ${SSE_MODE_LIST}`,
    },
    {
        flag: "bucket-namespace",
        key: ns("bucketNamespace"),
        kind: "text",
        value: "<global|account-regional>",
        help: "where S3 looks the bucket names up (default for a new customer: account-regional, names nobody else can create)",
        newStackDefault: "account-regional",
    },
    {
        flag: "kms-key-arn",
        key: ns("kmsKeyArn"),
        kind: "text",
        value: "<arn>",
        help: `${KMS_MODE_LIST}: the customer's own KMS key (default: the stack creates one)`,
    },
    {
        flag: "sse-c-key-secret",
        key: ns("sseCKeySecretArn"),
        kind: "text",
        value: "<arn>",
        help: "sse-c: the Secrets Manager secret holding the customer's key",
    },
    {
        flag: "administrator",
        key: ns("administratorPrincipals"),
        kind: "list",
        value: "<arn>",
        help: "an IAM role or user that runs pulumi up for this stack and administers its bucket and key",
        required: "--administrator is required: the ARN of an IAM role or user that runs pulumi up for this stack; repeat it for more",
    },
    {
        flag: "uploader",
        key: ns("uploaderPrincipals"),
        kind: "list",
        value: "<arn>",
        help: "an IAM principal or account id that may assume the uploader role",
        required: "--uploader is required: an IAM principal ARN or account id; repeat it for more",
    },
    // Plain config: it guards against the confused deputy and is not a key (README shows --secret for those who prefer).
    { flag: "external-id", key: ns("uploaderExternalId"), kind: "text", value: "<id>", help: "the external id uploaders must present" },
    {
        flag: "processor",
        key: ns("processorPrincipals"),
        kind: "list",
        value: "<arn|service>",
        help: "an IAM principal, or mediaconvert, ecs-tasks or lambda.amazonaws.com, that may assume the processor role (default: MediaConvert)",
    },
    {
        flag: "processor-external-id",
        key: ns("processorExternalId"),
        kind: "text",
        value: "<id>",
        help: "the external id IAM processors (e.g. a DRM vendor) must present",
    },
    {
        flag: "access-log-bucket",
        key: ns("accessLogBucket"),
        kind: "text",
        value: "<name>",
        help: "deliver access logs to this existing bucket (same account and region) instead of creating one",
    },
    {
        flag: "processor-output-location",
        key: ns("processorOutputLocations"),
        kind: "list",
        value: "<s3://bucket/prefix/>",
        help: "where the processor writes renditions (s3://<bucket>/<prefix>/)",
    },
    {
        flag: "mediaconvert-queue-arn",
        key: ns("mediaConvertQueueArn"),
        kind: "text",
        value: "<arn>",
        help: "an existing MediaConvert queue of the account and region (default: the stack creates one)",
    },
    {
        flag: "processor-job-submitter",
        key: ns("processorJobSubmitters"),
        kind: "list",
        value: "<arn>",
        help: "an IAM role of the account that submits jobs with the processor role",
    },
    {
        flag: "prevent-overwrites",
        key: ns("preventOverwrites"),
        kind: "switch",
        help: "uploads must send If-None-Match: * (an existing master is never replaced)",
    },
    {
        flag: "access-log-retention-days",
        key: ns("accessLogRetentionDays"),
        kind: "number",
        value: "<days>",
        help: "how long the created log bucket keeps access logs (default 365)",
    },
    {
        flag: "require-encryption-headers",
        key: ns("requireEncryptionHeaders"),
        kind: "switch",
        help: "refuse uploads without an SSE header (single PUTs only)",
    },
    { flag: "minimum-tls", key: ns("minimumTlsVersion"), kind: "text", value: "1.3", help: "the oldest TLS version the bucket accepts (default 1.2)" },
    {
        flag: "role-trust-policy-quota",
        key: ns("roleTrustPolicyQuota"),
        kind: "number",
        value: "<characters>",
        help: 'the account\'s IAM quota "Role trust policy length", once AWS raised it (up to 4096)',
    },
];

/** The positional argument: the customer slug. */
export const CUSTOMER_ARGUMENT = { name: "<customer>", key: ns("customer") } as const;

/** Which flag sets which config key: refusals name the flag the user typed. */
export const FLAG_FOR_KEY: Readonly<Record<string, string>> = Object.fromEntries([
    [CUSTOMER_ARGUMENT.key, CUSTOMER_ARGUMENT.name],
    ...ONBOARD_FLAGS.map((f) => [f.key, `--${f.flag}`]),
]);

/** The options `util.parseArgs` takes for the flags. */
export function parseArgsOptions(): Record<string, { type: "string" | "boolean"; multiple?: boolean }> {
    return Object.fromEntries(
        ONBOARD_FLAGS.map((f) => [f.flag, f.kind === "switch" ? { type: "boolean" } : { type: "string", ...(f.kind === "list" ? { multiple: true } : {}) }]),
    );
}

/** The stack file's keys for the parsed values, in the table's order; only what the user chose (defaults stay defaults). */
export function configOf(values: Readonly<Record<string, string | string[] | boolean | undefined>>): Record<string, unknown> {
    const config: Record<string, unknown> = {};
    for (const f of ONBOARD_FLAGS) {
        const value = values[f.flag] ?? f.newStackDefault;
        if (value === undefined || value === false) continue;
        config[f.key] = f.kind === "switch" ? true : f.kind === "number" && typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
    }
    return config;
}

/** `--flag <value>`, as the options list writes it. */
export function optionOf(f: OnboardFlag): string {
    return f.value === undefined ? `--${f.flag}` : `--${f.flag} ${f.value}`;
}

/** `--flag <value> [--flag <value> ...]` as the synopsis writes it. */
export function synopsisOf(f: OnboardFlag): string {
    const one = optionOf(f);
    return f.kind === "list" ? `${one} [${one} ...]` : one;
}
