// The stack config schema: the one source of truth for what a customer stack may say.
// The program validates `pulumi config` with it, and the onboarding command writes files that pass it.
//
// Values reach the schema in two shapes: from the Pulumi runtime every value is a string (structured
// values as JSON), from a stack file YAML gives native booleans, numbers and lists. Each field accepts both.
import { RunError } from "@pulumi/pulumi";
import { z } from "zod";

import { BUCKET_NAMESPACES } from "./names";
import { CONFIG_NAMESPACE } from "./namespace";
import { isKmsMode, KMS_MODE_LIST, KMS_MODES, REJECTED_MODES, SSE_MODE_LIST, SSE_MODE_TABLE, SSE_MODES, SseMode } from "./sseModes";

export { CONFIG_NAMESPACE };

export { SSE_MODES } from "./sseModes";
export type { SseMode } from "./sseModes";

export const TLS_VERSIONS = ["1.2", "1.3"] as const;

export const DEFAULT_PROCESSOR_PRINCIPALS = ["mediaconvert.amazonaws.com"];

const CUSTOMER_SLUG = /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/;
const CUSTOMER_RULE = "must be a slug of 3 to 32 characters: lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen";
// The bucket is named after the customer, and S3 refuses bucket names with these prefixes.
const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const ACCOUNT_ID = /^\d{12}$/;

/** A 12-digit AWS account id (which trust policies name as the account's root). */
export const isAccountId = (principal: string): boolean => ACCOUNT_ID.test(principal);
// An account root, role or user; role and user paths are allowed.
const IAM_PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(root|role\/[\w+=,.@/-]{1,512}|user\/[\w+=,.@/-]{1,512})$/;
// A role or user only: what runs `pulumi up` and administers the bucket and key (never an account root).
const ROLE_OR_USER_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/;
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

/** An AWS service principal, such as mediaconvert.amazonaws.com. */
export const isServicePrincipal = (principal: string): boolean => SERVICE_PRINCIPAL.test(principal);
const KMS_KEY_ARN =
    /^arn:aws(-cn|-us-gov)?:kms:[a-z]{2}(-[a-z]+)+-\d:\d{12}:key\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const KMS_ALIAS = /^(arn:aws(-cn|-us-gov)?:kms:[^:]+:\d{12}:)?alias\//;
// A Secrets Manager secret's full ARN: its name and the six characters Secrets Manager appends to it.
const SECRET_ARN = /^arn:aws(-cn|-us-gov)?:secretsmanager:[a-z]{2}(-[a-z]+)+-\d:\d{12}:secret:[\w/+=.@-]{1,512}-[A-Za-z0-9]{6}$/;
// What STS accepts as an external id.
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

// --- Field parsers: each accepts the runtime's string form and the stack file's native form. ---

function configBoolean(rule: string) {
    return z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean({ error: rule }));
}

function configInteger(min: number, max: number) {
    const rule = `must be a whole number from ${min} to ${max}`;
    return z.preprocess(
        (v) => (typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v) : v),
        z.number({ error: rule }).int({ error: rule }).min(min, { error: rule }).max(max, { error: rule }),
    );
}

function configList<T extends z.ZodType>(item: T, rule: string) {
    return z.preprocess(
        (v) => {
            if (typeof v !== "string") return v;
            try {
                return JSON.parse(v);
            } catch {
                return v; // not a list: the array schema says so, quoting the value
            }
        },
        z.array(item, { error: rule }),
    );
}

function principalRule(allowServices: boolean): string {
    return (
        "must be an IAM principal ARN (arn:aws:iam::<account>:root, :role/<name> or :user/<name>) or a 12-digit account id" +
        (allowServices ? ", or an AWS service principal (<service>.amazonaws.com)" : "") +
        '; "*" is never allowed'
    );
}

function principal(allowServices: boolean) {
    const rule = principalRule(allowServices);
    return z.string({ error: rule }).refine((p) => isAccountId(p) || IAM_PRINCIPAL_ARN.test(p) || (allowServices && isServicePrincipal(p)), { error: rule });
}

// What S3 accepts as a general purpose bucket's name (the dots of legacy names included).
const BUCKET_NAME = /^(?!xn--|sthree-|amzn-s3-demo-)(?!.*(-s3alias|--ol-s3|--x-s3|--table-s3)$)(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const BUCKET_NAME_RULE = "must be the name of an existing S3 bucket in this stack's account and region (3 to 63 lower-case letters, digits, dots and hyphens)";

const ADMINISTRATOR_RULE =
    "must be an IAM role or user ARN (arn:aws:iam::<account>:role/<name> or :user/<name>) that runs pulumi up for this stack " +
    'and administers its bucket and key; never "*", an account id or an account root';

const administrator = z.string({ error: ADMINISTRATOR_RULE }).refine((p) => ROLE_OR_USER_ARN.test(p), { error: ADMINISTRATOR_RULE });

// A role only: what passes the processor role to MediaConvert (iam:PassRole passes only roles of the caller's own account).
const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const JOB_SUBMITTER_RULE =
    "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>, with its path) of the deploying account that submits transcode or DRM jobs with the processor role";
const jobSubmitter = z.string({ error: JOB_SUBMITTER_RULE }).refine((p) => ROLE_ARN.test(p), { error: JOB_SUBMITTER_RULE });

// An S3 location the processor writes renditions to: a bucket and a prefix ending in "/" (or the whole bucket). No
// wildcard or policy-variable characters: the location becomes an ARN in the processor's policy.
const S3_LOCATION = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/((?:[A-Za-z0-9!_.'()-]+\/)*)$/;
const S3_LOCATION_RULE =
    'must be an S3 location s3://<bucket>/<prefix>/ (or s3://<bucket>/ for the whole bucket), ending in "/", its prefix made of ' +
    "letters, digits and !_.'()- between slashes (no * ? $ or spaces: it becomes an ARN in the processor's policy)";

/** A processor output location: the bucket and the key prefix (empty for the whole bucket, else ending in "/"). */
export interface S3Location {
    readonly bucket: string;
    readonly prefix: string;
}

/** `s3://bucket/prefix/` as its bucket and prefix; undefined for anything S3_LOCATION refuses. */
export function parseS3Location(location: string): S3Location | undefined {
    const match = S3_LOCATION.exec(location);
    if (match === null || !BUCKET_NAME.test(match[1])) return undefined;
    return { bucket: match[1], prefix: match[2] };
}

const s3Location = z.string({ error: S3_LOCATION_RULE }).refine((l) => parseS3Location(l) !== undefined, { error: S3_LOCATION_RULE });

/** The service principal of AWS Elemental MediaConvert, which gets a queue of its own per customer. */
export const MEDIACONVERT_SERVICE = "mediaconvert.amazonaws.com";
/** MediaConvert's service principal, in any partition (China's ends in .amazonaws.com.cn). */
export const isMediaConvert = (principal: string): boolean => /^mediaconvert\.amazonaws\.com(\.cn)?$/.test(principal);
const MEDIACONVERT_QUEUE_ARN = /^arn:aws(-cn|-us-gov)?:mediaconvert:[a-z]{2}(-[a-z]+)+-\d:\d{12}:queues\/[A-Za-z0-9_-]{1,128}$/;
const MEDIACONVERT_QUEUE_RULE =
    "must be the ARN of a MediaConvert queue of the deploying account in the stack's region (arn:aws:mediaconvert:<region>:<account>:queues/<name>)";

const EXTERNAL_ID_RULE = "must be 2 to 1224 characters of letters, digits and +=,.@:/-_";
const externalId = z.string({ error: "must be a string" }).regex(EXTERNAL_ID, { error: EXTERNAL_ID_RULE });

const SECRET_ARN_RULE = "must be the full ARN of an AWS Secrets Manager secret (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>)";

/**
 * Why `sse-c` refuses AWS service principals as processors: S3 needs the customer's key on every GET, and a service
 * such as MediaConvert cannot send one (its input decryption only accepts client-side encryption with a KMS-wrapped key).
 */
const SSE_C_SERVICE_PRINCIPAL_REASON =
    "S3 needs the customer's key on every GET of an sse-c object, and an AWS service cannot send it " +
    "(MediaConvert's input decryption only accepts client-side encryption with a KMS-wrapped data key)";

const sseMode = z
    .string({ error: `must be one of ${SSE_MODE_LIST}` })
    .superRefine((mode, ctx) => {
        if ((SSE_MODES as readonly string[]).includes(mode)) return;
        const why = REJECTED_MODES[mode.toLowerCase()];
        ctx.addIssue({
            code: "custom",
            input: mode,
            message: why ? `is not an option: ${why}; must be one of ${SSE_MODE_LIST}` : `must be one of ${SSE_MODE_LIST}`,
        });
    })
    .transform((mode) => mode as SseMode); // only a mode passes the refinement

/** `aws:region`, which the AWS provider reads; checked here too, since it names the bucket. */
export const awsRegion = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: "must be an AWS region such as eu-west-1" });

/** What README's (docs/onboarding.md's) config table says of a key: generated from here (`npm run docs`). */
export interface ConfigKeyDoc {
    readonly type: string;
    /** The default, or "required", in Markdown. */
    readonly default: string;
    /** What the key means and the values it takes, in Markdown (links relative to docs/). */
    readonly rule: string;
}

/** Registers a key's documentation on its schema (zod metadata), where the config table reads it. */
function documented<T extends z.ZodType>(schema: T, doc: ConfigKeyDoc): T {
    return schema.meta({ ...doc }) as T;
}

/** The documentation of every key, as registered on the schema. */
export function configKeyDocs(): Array<{ readonly key: string } & ConfigKeyDoc> {
    return Object.entries(stackConfigShape).map(([key, schema]) => ({ key, ...(schema.meta() as unknown as ConfigKeyDoc) }));
}

const codeList = (items: readonly string[], separator: string) => items.map((i) => `\`${i}\``).join(separator);

/** Every key of the namespace, with its rule and documentation. Keys not listed here are rejected as typos. */
export const stackConfigShape = {
    customer: documented(
        z
            .string({ error: CUSTOMER_RULE })
            .regex(CUSTOMER_SLUG, { error: CUSTOMER_RULE })
            .refine((slug) => !RESERVED_BUCKET_PREFIXES.some((prefix) => slug.startsWith(prefix)), {
                error: `must not start with ${RESERVED_BUCKET_PREFIXES.join(", ")}: S3 reserves those bucket-name prefixes`,
            }),
        { type: "string", default: "required", rule: "slug `^[a-z][a-z0-9-]{1,30}[a-z0-9]$`; names every resource" },
    ),
    sseMode: documented(sseMode.default("sse-s3"), {
        type: "string",
        default: "`sse-s3`",
        rule: `one of ${codeList(SSE_MODES, ", ")} (see [Choosing \`sseMode\`](#choosing-ssemode))`,
    }),
    kmsKeyArn: documented(
        z
            .string({ error: "must be a KMS key ARN" })
            .superRefine((arn, ctx) => {
                if (KMS_KEY_ARN.test(arn)) return;
                ctx.addIssue({
                    code: "custom",
                    input: arn,
                    message: KMS_ALIAS.test(arn)
                        ? "must be a KMS key ARN, not an alias: key policies and bucket policies match the key ARN (arn:aws:kms:<region>:<account>:key/<key id>)"
                        : "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)",
                });
            })
            .optional(),
        {
            type: "string",
            default: "none",
            rule: `only with ${codeList(KMS_MODES, "/")}: the ARN of a KMS **key** (not an alias) the customer already owns, in the stack's region; without it a per-customer key is created`,
        },
    ),
    requireEncryptionHeaders: documented(configBoolean("must be true or false").default(false), {
        type: "boolean",
        default: "`false`",
        rule: "also deny uploads that send no SSE header (see [Multipart uploads](security-model.md#multipart-uploads-and-requireencryptionheaders)); in `sse-c` the SSE-C headers are always required, so it adds nothing there",
    }),
    minimumTlsVersion: documented(
        z
            // YAML reads an unquoted 1.2 as a number.
            .preprocess((v) => (v === 1.2 || v === 1.3 ? v.toFixed(1) : v), z.enum(TLS_VERSIONS, { error: 'must be "1.2" or "1.3"' }))
            .default("1.2"),
        { type: "string", default: '`"1.2"`', rule: '`"1.2"` or `"1.3"`' },
    ),
    uploaderPrincipals: documented(
        configList(principal(false), `must be a list of at least one principal; each ${principalRule(false)}`).refine((list) => list.length >= 1, {
            error: "must list at least one principal that may assume the uploader role",
        }),
        {
            type: "string[]",
            default: "required, ≥ 1",
            rule: "who may assume the uploader role: IAM principal ARNs (account root, role, user) or 12-digit account ids; never `*`, never the deploying account itself (its id or root would delegate the role to every principal of the account: see [the processing path](processing-path.md#refused-before-anything-is-registered))",
        },
    ),
    uploaderExternalId: documented(externalId.optional(), {
        type: "string (plain or secret)",
        default: "none",
        rule: "when set, required in the uploader trust policy (`sts:ExternalId`)",
    }),
    processorPrincipals: documented(
        configList(principal(true), `must be a list of at least one principal; each ${principalRule(true)}`)
            .refine((list) => list.length >= 1, { error: "must list at least one principal that may assume the processor role" })
            .optional(),
        {
            type: "string[]",
            default: '`["mediaconvert.amazonaws.com"]`; required in `sse-c`',
            rule: "who may assume the processor (transcode/DRM) role: as above, or one of the AWS services the trust can hold to this customer: `mediaconvert.amazonaws.com` (only jobs of the customer's queue), `ecs-tasks.amazonaws.com`, `lambda.amazonaws.com`; any other service is refused with the reason ([the other services](processing-path.md#the-other-services-a-processor-may-be)); in `sse-c` IAM principals only: S3 needs the customer's key on every GET and no AWS service can send it (MediaConvert's input decryption only accepts client-side encryption with a KMS-wrapped data key), so the default and any service principal are refused there",
        },
    ),
    processorExternalId: documented(externalId.optional(), {
        type: "string (plain or secret)",
        default: "none",
        rule: "when set, required (`sts:ExternalId`) of every IAM principal in `processorPrincipals` (a third-party vendor serving many customers then cannot be steered into this customer's masters: the confused deputy); service principals keep their `aws:SourceAccount` condition; an error when `processorPrincipals` lists no IAM principal",
    }),
    administratorPrincipals: documented(
        configList(administrator, `must be a list of at least one principal; each ${ADMINISTRATOR_RULE}`).refine((list) => list.length >= 1, {
            error: "must list at least one IAM role or user ARN that runs pulumi up for this stack and administers its bucket and key",
        }),
        {
            type: "string[]",
            default: "required, ≥ 1",
            rule: "IAM **role or user** ARNs that run `pulumi up` for this stack and administer the bucket's configuration and the created key; never `*`, an account id or an account root. They cannot read or write masters",
        },
    ),
    sseCKeySecretArn: documented(z.string({ error: SECRET_ARN_RULE }).regex(SECRET_ARN, { error: SECRET_ARN_RULE }).optional(), {
        type: "string",
        default: "required in `sse-c`, an error elsewhere",
        rule: "the full ARN (with its 6-character suffix) of the AWS Secrets Manager secret, in the customer's account (never the deploying account, whose administrators could read or replace the key), that holds the customer's SSE-C key; only the processor role may read it",
    }),
    noncurrentVersionDays: documented(configInteger(1, 3650).default(30), {
        type: "integer",
        default: "`30`",
        rule: "1–3650; how long overwritten/deleted versions are kept",
    }),
    accessLogRetentionDays: documented(configInteger(1, 3650).optional(), {
        type: "integer",
        default: "`365`",
        rule: "1–3650; how long the created log bucket keeps access logs; only when the stack creates the log bucket (an error with `accessLogBucket`)",
    }),
    accessLogBucket: documented(z.string({ error: BUCKET_NAME_RULE }).regex(BUCKET_NAME, { error: BUCKET_NAME_RULE }).optional(), {
        type: "string",
        default: "none",
        rule: "the name of an existing bucket in the stack's account and region (S3 delivers server access logs only there), e.g. one log bucket shared by all customers of the account; the stack then creates no log bucket, delivers under `<customer>/` and outputs the statement that bucket's policy needs (`accessLogBucketPolicyStatements`); never the ingest bucket itself",
    }),
    kmsKeyRotationDays: documented(configInteger(90, 2560).optional(), {
        type: "integer",
        default: "`365`",
        rule: "90–2560; only where a key is created (KMS modes without `kmsKeyArn`), an error elsewhere",
    }),
    processorOutputLocations: documented(configList(s3Location, `must be a list of S3 locations; each ${S3_LOCATION_RULE}`).default([]), {
        type: "string[]",
        default: "`[]`",
        rule: "S3 locations `s3://<bucket>/<prefix>/` (or `s3://<bucket>/`) where the processor writes renditions (put, multipart, their ACL; SSE-KMS output keys via S3 only); it may write, tag, change the ACL of or delete no object anywhere else (an explicit Deny); never the ingest bucket or its log bucket. Output `processorOutputLocations` ([renditions](processing-path.md#renditions-go-only-where-they-belong-processoroutputlocations))",
    }),
    mediaConvertQueueArn: documented(
        z.string({ error: MEDIACONVERT_QUEUE_RULE }).regex(MEDIACONVERT_QUEUE_ARN, { error: MEDIACONVERT_QUEUE_RULE }).optional(),
        {
            type: "string",
            default: "the stack creates the queue `mezzanine-ingest-<customer>`",
            rule: "only with `mediaconvert.amazonaws.com` among the processors: an existing MediaConvert queue of the deploying account and region; the processor role trusts MediaConvert only for jobs of this queue (`aws:SourceArn`). Output `mediaConvertQueueArn` ([the queue](processing-path.md#mediaconvert-works-only-from-this-customers-queue))",
        },
    ),
    processorJobSubmitters: documented(configList(jobSubmitter, `must be a list of IAM role ARNs; each ${JOB_SUBMITTER_RULE}`).default([]), {
        type: "string[]",
        default: "`[]`",
        rule: "IAM role ARNs of the deploying account that submit jobs with the processor role: the organisation guardrail (`npm run guardrail`) lets them, and the administrators, pass it ([the guardrail](processing-path.md#nobody-else-hands-the-role-to-a-service-or-edits-it-npm-run-guardrail))",
    }),
    preventOverwrites: documented(configBoolean("must be true or false").default(false), {
        type: "boolean",
        default: "`false`",
        rule: "with `true`, object-creating writes must send `If-None-Match: *`, so no master is ever replaced; some upload tools cannot ([immutable uploads](processing-path.md#uploads-stay-readable-and-if-asked-immutable))",
    }),
    bucketNamespace: documented(z.enum(BUCKET_NAMESPACES, { error: `must be one of ${BUCKET_NAMESPACES.join(", ")}` }).default("global"), {
        type: "string",
        default: "`global` (`npm run onboard` writes `account-regional`)",
        rule:
            "where S3 looks the bucket names up: `global` (anyone can create `<customer>-<account>-<region>` first and make the first `pulumi up` " +
            "fail) or `account-regional` (names end in `-<account>-<region>-an` and only this account can create them); it cannot change on a " +
            "deployed stack (S3 cannot rename a bucket) ([names nobody can squat](lifecycle.md#names-nobody-can-squat))",
    }),
    protect: documented(configBoolean("must be true or false").default(true), {
        type: "boolean",
        default: "`true`",
        rule: "Pulumi `protect` on the bucket and key",
    }),
    // After AWS raised the account's IAM quota "Role trust policy length" (default 2048, at most 4096).
    roleTrustPolicyQuota: documented(configInteger(2048, 4096).optional(), {
        type: "integer",
        default: "`2048` (IAM's default)",
        rule: '2048–4096; the account\'s IAM quota "Role trust policy length", in characters, once AWS has raised it (see [Preflight](#preflight-what-aws-would-refuse-is-refused-first))',
    }),
};

// Rules between keys. They run even when other keys are invalid (`when`), so that one run reports every
// problem; each rule only speaks when the keys it compares are themselves valid.
export const stackConfigSchema = z.strictObject(stackConfigShape).superRefine(
    (c, ctx) => {
        const valid = (key: keyof typeof stackConfigShape) => stackConfigShape[key].safeParse(c[key]).success;
        if (!valid("sseMode")) return;
        const kmsMode = isKmsMode(c.sseMode as SseMode);
        if (c.kmsKeyArn !== undefined && !kmsMode) {
            ctx.addIssue({
                code: "custom",
                path: ["kmsKeyArn"],
                input: c.kmsKeyArn,
                message: `is only allowed with sseMode ${KMS_MODE_LIST} (sseMode is "${c.sseMode}")`,
            });
        }
        if (c.kmsKeyRotationDays !== undefined && valid("kmsKeyRotationDays") && (!kmsMode || c.kmsKeyArn !== undefined)) {
            ctx.addIssue({
                code: "custom",
                path: ["kmsKeyRotationDays"],
                input: c.kmsKeyRotationDays,
                message:
                    `only applies where the stack creates a KMS key (sseMode ${KMS_MODE_LIST} without kmsKeyArn; ` +
                    `here sseMode is "${c.sseMode}"${c.kmsKeyArn !== undefined ? " with kmsKeyArn" : ""})`,
            });
        }
        sseCProblems(c, valid).forEach((issue) => ctx.addIssue(issue));
        if (c.accessLogBucket !== undefined && c.accessLogRetentionDays !== undefined && valid("accessLogRetentionDays")) {
            ctx.addIssue({
                code: "custom",
                path: ["accessLogRetentionDays"],
                input: c.accessLogRetentionDays,
                message:
                    "only applies where the stack creates the access-log bucket; with accessLogBucket, that bucket's own lifecycle " +
                    `decides how long logs are kept (accessLogBucket is ${JSON.stringify(c.accessLogBucket)})`,
            });
        }
        if (c.mediaConvertQueueArn !== undefined && valid("mediaConvertQueueArn") && valid("processorPrincipals")) {
            const processors = (stackConfigShape.processorPrincipals.parse(c.processorPrincipals) as string[] | undefined) ?? DEFAULT_PROCESSOR_PRINCIPALS;
            if (!processors.some(isMediaConvert)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["mediaConvertQueueArn"],
                    input: c.mediaConvertQueueArn,
                    message: `only applies when processorPrincipals lists ${MEDIACONVERT_SERVICE} (it names the queue whose jobs may use the processor role)`,
                });
            }
        }
        if (c.processorExternalId !== undefined && valid("processorPrincipals")) {
            const processors = (stackConfigShape.processorPrincipals.parse(c.processorPrincipals) as string[] | undefined) ?? DEFAULT_PROCESSOR_PRINCIPALS;
            if (processors.every(isServicePrincipal)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["processorExternalId"],
                    input: c.processorExternalId,
                    message:
                        "only applies to IAM principals in processorPrincipals, and it lists none " +
                        "(AWS service principals are held to this account by aws:SourceAccount instead)",
                });
            }
        }
    },
    { when: () => true },
);

// sse-c needs the customer's key on every GET: the processors must be IAM principals that can fetch it from
// sseCKeySecretArn. Elsewhere that secret means nothing.
function sseCProblems(c: Record<string, unknown>, valid: (key: keyof typeof stackConfigShape) => boolean): z.core.$ZodRawIssue[] {
    const issues: z.core.$ZodRawIssue[] = [];
    if (!SSE_MODE_TABLE[c.sseMode as SseMode].customerProvidedKey) {
        if (c.sseCKeySecretArn !== undefined) {
            issues.push({
                code: "custom",
                path: ["sseCKeySecretArn"],
                input: c.sseCKeySecretArn,
                message: `is only allowed with sseMode sse-c (sseMode is "${c.sseMode}")`,
            });
        }
        return issues;
    }
    if (c.sseCKeySecretArn === undefined) {
        issues.push({
            code: "custom",
            path: ["sseCKeySecretArn"],
            input: undefined,
            message:
                "is required in sseMode sse-c: S3 needs the customer's key on every GET, and the processor role reads it from this " +
                `AWS Secrets Manager secret; it ${SECRET_ARN_RULE}`,
        });
    }
    if (c.processorPrincipals === undefined) {
        issues.push({
            code: "custom",
            path: ["processorPrincipals"],
            input: undefined,
            message:
                `is required in sseMode sse-c: the default (${DEFAULT_PROCESSOR_PRINCIPALS.join(", ")}) is refused there because ` +
                `${SSE_C_SERVICE_PRINCIPAL_REASON}; list the IAM roles of the processors that fetch the key from sseCKeySecretArn`,
        });
    } else if (valid("processorPrincipals")) {
        const list = stackConfigShape.processorPrincipals.parse(c.processorPrincipals) as string[];
        list.forEach((p, i) => {
            if (!isServicePrincipal(p)) return;
            issues.push({
                code: "custom",
                path: ["processorPrincipals", i],
                input: p,
                message: `must not be an AWS service principal in sseMode sse-c: ${SSE_C_SERVICE_PRINCIPAL_REASON}; list IAM roles that fetch the key from sseCKeySecretArn`,
            });
        });
    }
    return issues;
}

/**
 * A validated customer stack config, defaults applied: the schema's output (each key's meaning is its `doc`), with the
 * processors' default filled in (it depends on the mode).
 */
export type StackConfig = Readonly<Omit<z.output<typeof stackConfigSchema>, "processorPrincipals">> & { readonly processorPrincipals: readonly string[] };

/** A stack config as a stack file (or `CustomerIngest`'s args) may give it: every key the schema knows. */
export type StackConfigInput = z.input<typeof stackConfigSchema>;

/** Every problem found in a stack config, each a sentence naming the key, the value and what is allowed. */
// A RunError: Pulumi prints its message without a stack trace.
export class StackConfigError extends RunError {
    constructor(readonly problems: readonly string[]) {
        super(`invalid stack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n  - ${problems.join("\n  - ")}`);
        this.name = "StackConfigError";
    }
}

export type ValidationResult = { ok: true; config: StackConfig } | { ok: false; problems: string[] };

/**
 * Validates the namespace's values (keys without the `mezzanine-ingest:` prefix).
 * `secretKeys` names keys whose values must never be printed.
 */
export function validateStackConfig(values: Record<string, unknown>, secretKeys: ReadonlySet<string> = new Set()): ValidationResult {
    const result = stackConfigSchema.safeParse(values, { reportInput: true });
    if (result.success) {
        // The processors default to MediaConvert outside sse-c; sse-c has required them explicitly above.
        const data = result.data as Omit<StackConfig, "processorPrincipals"> & { processorPrincipals?: string[] };
        return { ok: true, config: { ...data, processorPrincipals: data.processorPrincipals ?? DEFAULT_PROCESSOR_PRINCIPALS } };
    }
    const problems = result.error.issues.flatMap((issue) => describeIssue(issue, values, secretKeys));
    return { ok: false, problems: [...new Set(problems)] };
}

function describeIssue(issue: z.core.$ZodIssue, values: Record<string, unknown>, secretKeys: ReadonlySet<string>): string[] {
    const key = issue.path.length > 0 ? String(issue.path[0]) : undefined;
    if (issue.code === "unrecognized_keys") {
        return issue.keys.map(
            (k) =>
                `${CONFIG_NAMESPACE}:${k} is not a config key of this project (got ${show(values[k], secretKeys.has(k))}); ` +
                `known keys: ${Object.keys(stackConfigShape).join(", ")}${suggest(k)}`,
        );
    }
    if (key === undefined) return [issue.message];
    const name = `${CONFIG_NAMESPACE}:${key}`;
    if (values[key] === undefined) {
        return [issue.message.startsWith("is required") ? `${name} ${issue.message}` : `${name} is required and ${issue.message}`];
    }
    const item = issue.path.length > 1 ? `[${String(issue.path[1])}]` : "";
    // The value the rule saw (a list parsed from its JSON), else the value as given.
    const got = issue.path.length > 1 || issue.input !== undefined ? issue.input : values[key];
    return [`${name}${item} ${issue.message} (got ${show(got, secretKeys.has(key))})`];
}

function show(value: unknown, secret: boolean): string {
    if (secret) return "[secret]";
    return JSON.stringify(value) ?? String(value);
}

// A key that differs from a known one only in case, e.g. "ssemode" for "sseMode".
function suggest(key: string): string {
    const hit = Object.keys(stackConfigShape).find((k) => k.toLowerCase() === key.toLowerCase());
    return hit ? ` (did you mean ${hit}?)` : "";
}
