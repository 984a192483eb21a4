// The stack variants the IAM matrix evaluates, and the policies the real program generates for each of them.
//
// Every policy here comes from running the program under the SDK mocks (test/support/customerStack.ts); the only
// hand-written policies are the customer's own: the account-root statement on their keys (`kmsKeyArn`, and the key
// that encrypts their SSE-C key's secret), which the customer writes, not us. Each variant runs the program once; the matrix reuses its policies for every request.
import { SseMode } from "../../config/stackConfig";
import { MOCK_ACCOUNT_ID } from "../../offline/mockCloud";
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
/** sse-c, where a variant keeps the SSE-C key's secret in our own account instead. */
export const OUR_SSE_C_KEY_SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:acme/sse-c-key-DeF456`;
export const OUR_SECRET_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/6e5d4c3b-2a1f-4e0d-9c8b-7a6f5e4d3c2b`;
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
    /** sse-c: whether the SSE-C key's secret is in our account rather than the customer's. */
    readonly secretInOurAccount: boolean;
    readonly minimumTlsVersion: "1.2" | "1.3";
    /** Whether `accessLogBucket` names SHARED_LOG_BUCKET (else the stack creates the log bucket). */
    readonly sharedLogBucket: boolean;
}

export const isKmsMode = (v: Variant) => v.mode === "sse-kms" || v.mode === "dsse-kms";

/** Every mode, KMS modes with a created and with the customer's key, each with requireEncryptionHeaders off and on. */
export const MODE_VARIANTS: readonly Variant[] = (["sse-s3", "sse-kms", "dsse-kms", "sse-c"] as const).flatMap((mode) =>
    (mode === "sse-kms" || mode === "dsse-kms" ? [false, true] : [false]).flatMap((customerKey) =>
        [false, true].map(
            (requireEncryptionHeaders): Variant => ({
                id: `${mode}${customerKey ? " ck" : ""}${requireEncryptionHeaders ? " +rh" : ""}`,
                mode,
                customerKey,
                requireEncryptionHeaders,
                externalId: true,
                processorIamRole: true,
                processorExternalId: true,
                secretInOurAccount: false,
                minimumTlsVersion: "1.2",
                sharedLogBucket: false,
            }),
        ),
    ),
);

/** The trust policies with and without the optional trust settings (they do not depend on the mode). */
export const TRUST_VARIANTS: readonly Variant[] = [
    { ...MODE_VARIANTS[0], id: "external ids, DRM role" },
    { ...MODE_VARIANTS[0], id: "DRM role, no processorExternalId", processorExternalId: false },
    { ...MODE_VARIANTS[0], id: "defaults", externalId: false, processorIamRole: false, processorExternalId: false },
];

/** sse-c with the SSE-C key's secret in our own account, where only the secret policy's Deny keeps our roles out. */
export const SECRET_VARIANTS: readonly Variant[] = MODE_VARIANTS.filter((v) => v.mode === "sse-c" && !v.requireEncryptionHeaders).map(
    (v): Variant => ({ ...v, id: "sse-c, secret in our account", secretInOurAccount: true }),
);

/** The oldest TLS version the bucket accepts, in the default mode and in one KMS mode. */
export const TLS_VARIANTS: readonly Variant[] = MODE_VARIANTS.filter((v) => !v.customerKey && !v.requireEncryptionHeaders && v.mode !== "sse-c" && v.mode !== "dsse-kms").flatMap(
    (v): Variant[] => [
        { ...v, id: `${v.mode} TLS ≥ 1.2` },
        { ...v, id: `${v.mode} TLS ≥ 1.3`, minimumTlsVersion: "1.3" },
    ],
);

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
        ...(v.mode === "sse-c" ? { "mezzanine-ingest:sseCKeySecretArn": secretOf(v).arn } : {}),
        ...(v.externalId ? { "mezzanine-ingest:uploaderExternalId": EXTERNAL_ID } : {}),
        ...(v.processorIamRole
            ? { "mezzanine-ingest:processorPrincipals": v.mode === "sse-c" ? [DRM_PACKAGER_ROLE] : [MEDIACONVERT, DRM_PACKAGER_ROLE] }
            : {}),
        ...(v.processorExternalId ? { "mezzanine-ingest:processorExternalId": PROCESSOR_EXTERNAL_ID } : {}),
        ...(v.sharedLogBucket ? { "mezzanine-ingest:accessLogBucket": SHARED_LOG_BUCKET } : {}),
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

/** sse-c: the SSE-C key's secret of `v` and the key that encrypts it, in the customer's account or ours. */
export function secretOf(v: Variant): { arn: string; keyArn: string; account: string } {
    return v.secretInOurAccount
        ? { arn: OUR_SSE_C_KEY_SECRET_ARN, keyArn: OUR_SECRET_KEY_ARN, account: ACCOUNT_ID }
        : { arn: SSE_C_KEY_SECRET_ARN, keyArn: SECRET_KEY_ARN, account: CUSTOMER_ACCOUNT_ID };
}

/** Runs the program for `v` and collects every policy it generated. */
export async function stackPoliciesOf(v: Variant): Promise<StackPolicies> {
    return policiesOfRun(await runStack(stackConfigOf(v)), v);
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
        const secret = secretOf(v);
        sseCKeySecret = {
            arn: secret.arn,
            policy: { Version: "2012-10-17", Statement: secretStatements },
            key: {
                arn: secret.keyArn,
                policy: { Version: "2012-10-17", Statement: [customerAccountRootStatement(secret.account), ...keyStatements] },
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
        if (outputs.accessLogBucketName !== SHARED_LOG_BUCKET || !Array.isArray(statements)) throw new Error(`${v.id}: no accessLogBucketPolicyStatements for ${SHARED_LOG_BUCKET}`);
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
    return {
        bucketName: outputs.bucketName,
        bucketArn: outputs.bucketArn,
        bucketPolicy: JSON.parse(ofBucket(T.bucketPolicy, outputs.bucketName).inputs.policy as string),
        uploader: role(outputs.uploaderRoleArn),
        processor: role(outputs.processorRoleArn),
        key,
        accessLogs,
        bucketKeyEnabled: rules.length === 1 && rules[0].bucketKeyEnabled === true,
        sseCKeySecret,
    };
}
