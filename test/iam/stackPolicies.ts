// The stack variants the IAM matrix evaluates, and the policies the real program generates for each of them.
//
// Every policy here comes from running the program under the SDK mocks (test/support/customerStack.ts); the only
// hand-written policies are the customer's own: the account-root statement on their keys (`kmsKeyArn`, and the key
// that encrypts their SSE-C key's secret), which the customer writes, not us. The guardrail SCP is the pure builder's
// (components/guardrail.ts), from the variant's stack config as `npm run guardrail` reads a stack file. Each variant
// runs the program once; the matrix reuses its policies for every request.
import { checkStackConfig } from "../../checks/readStackConfig";
import { deployerPolicy, stackCreatesOf, stackResourceTypes } from "../../components/deployerPolicy";
import { GuardrailStack, guardrailPolicy } from "../../components/guardrail";
import { PolicyDocument } from "../../components/policyDocument";
import { mediaConvertQueueName } from "../../config/names";
import { SseMode } from "../../config/stackConfig";
import { MOCK_ACCOUNT_ID } from "../../offline/mockCloud";
import { asPulumiPasses } from "../../offline/stackFile";
import { ADMINISTRATOR, baseConfig, DRM_VENDOR_ROLE, runStack, SSE_C_KEY_SECRET, StackRun, T } from "../support/customerStack";

export const ACCOUNT_ID = MOCK_ACCOUNT_ID;
export const REGION = "eu-west-1";
/** The customer's account: their transfer role assumes the uploader role, and their key (`kmsKeyArn`) lives there. */
export const CUSTOMER_ACCOUNT_ID = "210987654321";
export const CUSTOMER_KEY_ARN = `arn:aws:kms:${REGION}:${CUSTOMER_ACCOUNT_ID}:key/0f1e2d3c-4b5a-6978-8a9b-acbdcedfe0f1`;
/** The principal listed in `uploaderPrincipals` (the base fixture's). */
export const UPLOADER_PRINCIPAL = `arn:aws:iam::${CUSTOMER_ACCOUNT_ID}:role/acme-transfer`;
export const EXTERNAL_ID = "acme-ingest-4f9c2b";
/** `processorExternalId`, where a variant sets it: what the DRM vendor must present for this customer. */
export const PROCESSOR_EXTERNAL_ID = "acme-drm-7d31e0";
export const MEDIACONVERT = "mediaconvert.amazonaws.com";
/** An IAM role of a DRM vendor (a third party), listed in `processorPrincipals` (beside MediaConvert, outside sse-c). */
export const DRM_PACKAGER_ROLE = DRM_VENDOR_ROLE;
/** The first and only of `administratorPrincipals`: the role that runs `pulumi up`. */
export const ADMINISTRATOR_ROLE = ADMINISTRATOR;
/** sse-c: the customer's secret holding their SSE-C key (`sseCKeySecretArn`), in their account. */
export const SSE_C_KEY_SECRET_ARN = SSE_C_KEY_SECRET;
/** sse-c: the customer managed key that encrypts that secret (a secret under aws/secretsmanager cannot be shared). */
export const SECRET_KEY_ARN = `arn:aws:kms:${REGION}:${CUSTOMER_ACCOUNT_ID}:key/5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a`;
/** The customer slug of every variant (the base fixture's). */
export const CUSTOMER = "acme";
/**
 * The MediaConvert queue the stack creates for the customer (with MediaConvert as a processor): the only queue whose
 * jobs the processor role trusts. `policiesOfRun` checks that the run created this queue.
 */
export const MEDIACONVERT_QUEUE_ARN = `arn:aws:mediaconvert:${REGION}:${ACCOUNT_ID}:queues/${mediaConvertQueueName(CUSTOMER)}`;
/** A bucket of renditions in our account (neither the ingest bucket nor its log bucket). */
export const OUTPUT_BUCKET = `acme-renditions-${ACCOUNT_ID}-${REGION}`;
/** `processorOutputLocations`, where a variant sets it: where the processor writes renditions. */
export const OUTPUT_LOCATION = `s3://${OUTPUT_BUCKET}/hls/`;
/** `processorJobSubmitters`: the role of our account that submits the customer's MediaConvert jobs with the processor role. */
export const JOB_SUBMITTER_ROLE = `arn:aws:iam::${ACCOUNT_ID}:role/acme-transcode-submitter`;
/** `accessLogBucket`, where a variant sets it: an existing log bucket of our account shared by its customers. */
export const SHARED_LOG_BUCKET = "media-account-access-logs";

/** One column of the matrix: a stack config. */
export interface Variant {
    /** The column heading. */
    readonly id: string;
    readonly mode: SseMode;
    /** KMS modes: the customer's key (`kmsKeyArn`) rather than a created one. */
    readonly customerKey: boolean;
    readonly requireEncryptionHeaders: boolean;
    /** Whether `uploaderExternalId` is set. */
    readonly externalId: boolean;
    /**
     * Whether `processorPrincipals` lists the DRM vendor's IAM role beside MediaConvert (else the default). In sse-c
     * it lists the DRM role alone: sse-c refuses service principals.
     */
    readonly processorIamRole: boolean;
    /** Whether `processorExternalId` is set (only with the DRM role: it applies to IAM principals). */
    readonly processorExternalId: boolean;
    readonly minimumTlsVersion: "1.2" | "1.3";
    /** Whether `accessLogBucket` names SHARED_LOG_BUCKET (else the stack creates the log bucket). */
    readonly sharedLogBucket: boolean;
    /** Whether `processorOutputLocations` names OUTPUT_LOCATION (else none: the processor writes nowhere). */
    readonly outputLocations: boolean;
    /** `preventOverwrites`. */
    readonly preventOverwrites: boolean;
    /**
     * Not stack config: whether the organisation attaches the guardrail SCP (`npm run guardrail`, for this stack) beside
     * FullAWSAccess. Only the IAM rows carry SCPs.
     */
    readonly guardrail: boolean;
    /**
     * Not stack config: the stack was deployed before in this KMS mode, with a key it created, and switched to `mode`
     * since; the key, retained (`retainOnDelete`), keeps the policy of its last deployment, and the masters written
     * before the switch stay encrypted under it.
     */
    readonly retainedKeyFrom?: "sse-kms" | "dsse-kms";
}

export const isKmsMode = (v: Variant) => v.mode === "sse-kms" || v.mode === "dsse-kms";

/** Every mode, KMS modes with a created and with the customer's key, each with requireEncryptionHeaders off and on. */
export const MODE_VARIANTS: readonly Variant[] = (["sse-s3", "sse-kms", "dsse-kms", "sse-c"] as const).flatMap((mode) =>
    (mode === "sse-kms" || mode === "dsse-kms" ? [false, true] : [false]).flatMap((customerKey) =>
        [false, true].map((requireEncryptionHeaders): Variant => ({
            id: `${mode}${customerKey ? " ck" : ""}${requireEncryptionHeaders ? " +rh" : ""}`,
            mode,
            customerKey,
            requireEncryptionHeaders,
            externalId: true,
            processorIamRole: true,
            processorExternalId: true,
            minimumTlsVersion: "1.2",
            sharedLogBucket: false,
            outputLocations: true,
            preventOverwrites: false,
            guardrail: false,
        })),
    ),
);

/** The trust policies with and without the optional trust settings (they do not depend on the mode). */
export const TRUST_VARIANTS: readonly Variant[] = [
    { ...MODE_VARIANTS[0], id: "external ids, DRM role" },
    { ...MODE_VARIANTS[0], id: "DRM role, no processorExternalId", processorExternalId: false },
    { ...MODE_VARIANTS[0], id: "defaults", externalId: false, processorIamRole: false, processorExternalId: false },
];

const modeVariant = (id: string) => MODE_VARIANTS.find((v) => v.id === id)!;

/**
 * The processing path: the default mode with and without `processorOutputLocations`, and `preventOverwrites` in a mode
 * of each kind (its conditional writes carry the mode's headers).
 */
export const PROCESSING_VARIANTS: readonly Variant[] = [
    modeVariant("sse-s3"),
    { ...modeVariant("sse-s3"), id: "sse-s3, no processorOutputLocations", outputLocations: false },
    ...["sse-s3", "sse-kms", "sse-c"].map((id): Variant => ({ ...modeVariant(id), id: `${id} +po`, preventOverwrites: true })),
];

/** A stack switched from a key it created to a mode without it: the retained key, and the stack as it is now. */
export const MODE_SWITCH_VARIANTS: readonly Variant[] = [
    { ...modeVariant("sse-s3"), id: "sse-kms → sse-s3", retainedKeyFrom: "sse-kms" },
    { ...modeVariant("sse-c"), id: "dsse-kms → sse-c", retainedKeyFrom: "dsse-kms" },
];

/** The deployer's calls: a stack of each shape (a created key and queue, no key, no queue). */
export const DEPLOYER_VARIANTS: readonly Variant[] = [modeVariant("sse-s3"), modeVariant("sse-kms"), modeVariant("sse-c")];

/** The requests on IAM, without and with the guardrail SCP (they do not depend on the mode: sse-s3 here). */
export const GUARDRAIL_VARIANTS: readonly Variant[] = [
    { ...modeVariant("sse-s3"), id: "FullAWSAccess only" },
    { ...modeVariant("sse-s3"), id: "FullAWSAccess and the guardrail", guardrail: true },
];

/** The oldest TLS version the bucket accepts, in the default mode and in one KMS mode. */
export const TLS_VARIANTS: readonly Variant[] = MODE_VARIANTS.filter(
    (v) => !v.customerKey && !v.requireEncryptionHeaders && v.mode !== "sse-c" && v.mode !== "dsse-kms",
).flatMap((v): Variant[] => [
    { ...v, id: `${v.mode} TLS ≥ 1.2` },
    { ...v, id: `${v.mode} TLS ≥ 1.3`, minimumTlsVersion: "1.3" },
]);

/**
 * The log bucket's policy depends on `minimumTlsVersion` and `administratorPrincipals` only, not on the mode (the test
 * checks it is the same document in every mode column): the created log bucket with either minimumTlsVersion, as the
 * sse-s3 columns above generate it.
 */
export const LOG_VARIANTS: readonly Variant[] = [MODE_VARIANTS[0], TLS_VARIANTS.find((v) => v.mode === "sse-s3" && v.minimumTlsVersion === "1.3")!];

/** The ingest bucket delivering to a shared log bucket (`accessLogBucket`), whose whole policy is the statement the stack outputs. */
export const SHARED_LOG_VARIANTS: readonly Variant[] = [{ ...MODE_VARIANTS[0], id: "sse-s3, accessLogBucket", sharedLogBucket: true }];

/** The stack config of a variant, as a stack file would say it. */
export function stackConfigOf(v: Variant): Record<string, unknown> {
    if (v.mode === "sse-c" && !v.processorIamRole) throw new Error(`${v.id}: sse-c needs IAM-role processors`);
    if (v.processorExternalId && !v.processorIamRole) throw new Error(`${v.id}: processorExternalId needs an IAM-role processor`);
    return {
        ...baseConfig(),
        "aws:region": REGION,
        "mezzanine-ingest:uploaderPrincipals": [UPLOADER_PRINCIPAL],
        "mezzanine-ingest:administratorPrincipals": [ADMINISTRATOR_ROLE],
        "mezzanine-ingest:sseMode": v.mode,
        "mezzanine-ingest:requireEncryptionHeaders": v.requireEncryptionHeaders,
        "mezzanine-ingest:minimumTlsVersion": v.minimumTlsVersion,
        ...(v.customerKey ? { "mezzanine-ingest:kmsKeyArn": CUSTOMER_KEY_ARN } : {}),
        ...(v.mode === "sse-c" ? { "mezzanine-ingest:sseCKeySecretArn": SSE_C_KEY_SECRET_ARN } : {}),
        ...(v.externalId ? { "mezzanine-ingest:uploaderExternalId": EXTERNAL_ID } : {}),
        ...(v.processorIamRole ? { "mezzanine-ingest:processorPrincipals": v.mode === "sse-c" ? [DRM_PACKAGER_ROLE] : [MEDIACONVERT, DRM_PACKAGER_ROLE] } : {}),
        ...(v.processorExternalId ? { "mezzanine-ingest:processorExternalId": PROCESSOR_EXTERNAL_ID } : {}),
        ...(v.sharedLogBucket ? { "mezzanine-ingest:accessLogBucket": SHARED_LOG_BUCKET } : {}),
        ...(v.outputLocations ? { "mezzanine-ingest:processorOutputLocations": [OUTPUT_LOCATION] } : {}),
        "mezzanine-ingest:processorJobSubmitters": [JOB_SUBMITTER_ROLE],
        ...(v.preventOverwrites ? { "mezzanine-ingest:preventOverwrites": true } : {}),
    };
}

/**
 * The stack of `v` as `npm run guardrail` reads its stack file (cli/guardrail.ts): the stack config names no
 * `aws:allowedAccountIds`, so the roles' patterns match any account.
 */
export function guardrailStackOf(v: Variant): GuardrailStack {
    const config = stackConfigOf(v);
    if (config["mezzanine-ingest:customer"] !== CUSTOMER) throw new Error(`${v.id}: the matrix's customer is ${CUSTOMER}`);
    return {
        file: `Pulumi.${CUSTOMER}.yaml`,
        customer: CUSTOMER,
        partition: "aws",
        accounts: undefined,
        administrators: config["mezzanine-ingest:administratorPrincipals"] as string[],
        jobSubmitters: config["mezzanine-ingest:processorJobSubmitters"] as string[],
    };
}

export interface RolePolicies {
    readonly arn: string;
    readonly name: string;
    /** The role's trust policy (`assumeRolePolicy`). */
    readonly trust: unknown;
    /** The role's inline permissions policy. */
    readonly permissions: unknown;
}

export interface StackPolicies {
    readonly bucketName: string;
    readonly bucketArn: string;
    readonly bucketPolicy: unknown;
    readonly uploader: RolePolicies;
    readonly processor: RolePolicies;
    /** The organisation's guardrail SCP for this stack alone (components/guardrail.ts). */
    readonly guardrail: PolicyDocument;
    /** The deployer's identity policy for this stack (components/deployerPolicy.ts, as `npm run deployer-policy` prints it). */
    readonly deployer: PolicyDocument;
    /** KMS modes: the key S3 encrypts with and its policy. */
    readonly key?: { readonly arn: string; readonly policy: unknown; readonly created: boolean };
    /**
     * The bucket that receives the ingest bucket's server access logs (`accessLogBucketName`, under `accessLogPrefix`):
     * the log bucket the stack creates, with the policy it generated, or the shared `accessLogBucket`, whose whole
     * policy is the `accessLogBucketPolicyStatements` the stack outputs.
     */
    readonly accessLogs: { readonly bucketArn: string; readonly prefix: string; readonly policy: unknown; readonly created: boolean };
    /** Whether the bucket's default encryption enables S3 Bucket Keys (it decides the encryption context S3 sends KMS). */
    readonly bucketKeyEnabled: boolean;
    /**
     * sse-c: the customer's secret holding their key, with the resource policy made of the `sseCKeySecretPolicyStatements`
     * the stack outputs, and the customer managed key that encrypts it, with their account-root statement and the
     * `sseCKeySecretKmsKeyPolicyStatements`.
     */
    readonly sseCKeySecret?: {
        readonly arn: string;
        readonly policy: unknown;
        readonly key: { readonly arn: string; readonly policy: unknown };
    };
}

/** The statement a customer's key policy starts with (AWS's default key policy): their account administers and uses it. */
export function customerAccountRootStatement(account = CUSTOMER_ACCOUNT_ID) {
    return {
        Sid: "EnableIamUserPermissions",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: "kms:*",
        Resource: "*",
    };
}

/** Runs the program for `v` and collects every policy it generated. */
export async function stackPoliciesOf(v: Variant): Promise<StackPolicies> {
    if (v.retainedKeyFrom === undefined) return policiesOfRun(await runStack(stackConfigOf(v)), v);
    // The stack as it was deployed before the switch: its key, with its last policy, is what Pulumi retained.
    const before: Variant = { ...v, mode: v.retainedKeyFrom, customerKey: false, retainedKeyFrom: undefined };
    const earlier = await runStack(stackConfigOf(before));
    const created = earlier.find(T.key);
    if (!created.retainOnDelete) throw new Error(`${v.id}: the created key is not retained`);
    const now = policiesOfRun(await runStack(stackConfigOf(v)), v);
    if (now.processor.arn !== policiesOfRun(earlier, before).processor.arn) throw new Error(`${v.id}: the processor role changed with the mode`);
    return { ...now, key: { arn: created.outputs.arn as string, policy: JSON.parse(created.inputs.policy as string), created: true } };
}

export function policiesOfRun(run: StackRun, v: Variant): StackPolicies {
    const outputs = run.stackOutputs as Record<string, any>;
    const role = (arn: string): RolePolicies => {
        const registration = run.all(T.role).find((r) => r.outputs.arn === arn);
        if (registration === undefined) throw new Error(`no role registered with the ARN ${arn}`);
        const name = registration.outputs.name as string;
        const inline = run.all(T.rolePolicy).filter((p) => p.inputs.role === name);
        if (inline.length !== 1) throw new Error(`expected one inline policy on ${name}, found ${inline.length}`);
        return {
            arn,
            name,
            trust: JSON.parse(registration.inputs.assumeRolePolicy as string),
            permissions: JSON.parse(inline[0].inputs.policy as string),
        };
    };
    const keys = run.all(T.key);
    let key: StackPolicies["key"];
    if (isKmsMode(v) && v.customerKey) {
        if (keys.length !== 0) throw new Error(`${v.id}: a key was created although kmsKeyArn is set`);
        // The customer's key policy: their own root statement plus the statements the stack tells them to add.
        key = {
            arn: outputs.kmsKeyArn,
            policy: { Version: "2012-10-17", Statement: [customerAccountRootStatement(), ...outputs.customerKeyPolicyStatements] },
            created: false,
        };
    } else if (isKmsMode(v)) {
        const created = run.find(T.key);
        if (created.outputs.arn !== outputs.kmsKeyArn) throw new Error(`${v.id}: kmsKeyArn output is not the created key`);
        key = { arn: outputs.kmsKeyArn, policy: JSON.parse(created.inputs.policy as string), created: true };
    } else if (keys.length !== 0 || outputs.kmsKeyArn !== undefined) {
        throw new Error(`${v.id}: no key expected in ${v.mode}`);
    }
    let sseCKeySecret: StackPolicies["sseCKeySecret"];
    if (v.mode === "sse-c") {
        const { sseCKeySecretPolicyStatements: secretStatements, sseCKeySecretKmsKeyPolicyStatements: keyStatements } = outputs;
        if (!Array.isArray(secretStatements) || !Array.isArray(keyStatements)) throw new Error(`${v.id}: no sse-c key secret statements in the outputs`);
        sseCKeySecret = {
            arn: SSE_C_KEY_SECRET_ARN,
            policy: { Version: "2012-10-17", Statement: secretStatements },
            key: {
                arn: SECRET_KEY_ARN,
                policy: { Version: "2012-10-17", Statement: [customerAccountRootStatement(), ...keyStatements] },
            },
        };
    } else if (outputs.sseCKeySecretPolicyStatements !== undefined || outputs.sseCKeySecretKmsKeyPolicyStatements !== undefined) {
        throw new Error(`${v.id}: sse-c key secret statements output in ${v.mode}`);
    }
    // The ingest bucket's own controls (the access-log bucket has its own of each type).
    const ofBucket = (type: string, bucket: string) => {
        const hits = run.all(type).filter((r) => r.inputs.bucket === bucket);
        if (hits.length !== 1) throw new Error(`${v.id}: expected one ${type} on ${bucket}, found ${hits.length}`);
        return hits[0];
    };
    const rules = ofBucket(T.encryption, outputs.bucketName).inputs.rules as { bucketKeyEnabled?: boolean }[];
    const logBucketArn = `arn:aws:s3:::${outputs.accessLogBucketName}`;
    let accessLogs: StackPolicies["accessLogs"];
    if (v.sharedLogBucket) {
        const statements = outputs.accessLogBucketPolicyStatements;
        if (outputs.accessLogBucketName !== SHARED_LOG_BUCKET || !Array.isArray(statements))
            throw new Error(`${v.id}: no accessLogBucketPolicyStatements for ${SHARED_LOG_BUCKET}`);
        if (run.all(T.bucket).some((r) => r.inputs.bucket === SHARED_LOG_BUCKET)) throw new Error(`${v.id}: the stack created the shared log bucket`);
        accessLogs = { bucketArn: logBucketArn, prefix: outputs.accessLogPrefix, policy: { Version: "2012-10-17", Statement: statements }, created: false };
    } else {
        if (outputs.accessLogBucketPolicyStatements !== undefined) throw new Error(`${v.id}: accessLogBucketPolicyStatements output without accessLogBucket`);
        ofBucket(T.bucket, outputs.accessLogBucketName);
        accessLogs = {
            bucketArn: logBucketArn,
            prefix: outputs.accessLogPrefix,
            policy: JSON.parse(ofBucket(T.bucketPolicy, outputs.accessLogBucketName).inputs.policy as string),
            created: true,
        };
    }
    // MediaConvert is a processor outside sse-c (listed, or the default): the stack creates the customer's queue, which
    // the STS rows name as MEDIACONVERT_QUEUE_ARN.
    const queues = run.all(T.queue);
    if (v.mode !== "sse-c") {
        if (queues.length !== 1 || outputs.mediaConvertQueueArn !== MEDIACONVERT_QUEUE_ARN) {
            throw new Error(
                `${v.id}: expected the queue ${MEDIACONVERT_QUEUE_ARN}, got ${queues.length} queues and the output ${outputs.mediaConvertQueueArn}`,
            );
        }
    } else if (queues.length !== 0 || outputs.mediaConvertQueueArn !== undefined) {
        throw new Error(`${v.id}: a MediaConvert queue in sse-c`);
    }
    const outputLocations = JSON.stringify(outputs.processorOutputLocations ?? []);
    if (outputLocations !== JSON.stringify(v.outputLocations ? [OUTPUT_LOCATION] : []))
        throw new Error(`${v.id}: processorOutputLocations output ${outputLocations}`);
    return {
        bucketName: outputs.bucketName,
        bucketArn: outputs.bucketArn,
        bucketPolicy: JSON.parse(ofBucket(T.bucketPolicy, outputs.bucketName).inputs.policy as string),
        uploader: role(outputs.uploaderRoleArn),
        processor: role(outputs.processorRoleArn),
        guardrail: guardrailPolicy([guardrailStackOf(v)]),
        deployer: deployerPolicyOf(run, v),
        key,
        accessLogs,
        bucketKeyEnabled: rules.length === 1 && rules[0].bucketKeyEnabled === true,
        sseCKeySecret,
    };
}

/**
 * The deployer policy of `v`, built as `npm run deployer-policy` builds it from the stack config; checks first that the
 * resource types the builder covers are exactly those the program registered.
 */
export function deployerPolicyOf(run: StackRun, v: Variant): PolicyDocument {
    const all = Object.fromEntries(Object.entries(stackConfigOf(v)).map(([k, value]) => [k, asPulumiPasses(value)]));
    const check = checkStackConfig(all, () => false);
    if (!check.ok) throw new Error(`${v.id}: ${check.problems.join("; ")}`);
    const creates = stackCreatesOf(check.config);
    const registered = [...new Set(run.registrations.map((r) => r.type).filter((t) => t.startsWith("aws:")))].sort();
    const covered = [...stackResourceTypes(creates)].sort();
    if (JSON.stringify(registered) !== JSON.stringify(covered)) {
        throw new Error(`${v.id}: the program registered ${registered.join(", ")}; the deployer policy covers ${covered.join(", ")}`);
    }
    return deployerPolicy({
        customer: check.config.customer,
        accountId: ACCOUNT_ID,
        region: REGION,
        partition: "aws",
        bucketNamespace: check.config.bucketNamespace,
        administrators: check.config.administratorPrincipals,
        creates,
    });
}
