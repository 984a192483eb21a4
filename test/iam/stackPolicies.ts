// The stack variants the IAM matrix evaluates, and the policies the real program generates for each of them.
//
// Every policy here comes from running the program under the SDK mocks (test/support/customerStack.ts); the only
// hand-written policy is the customer's own account-root statement on their key (`kmsKeyArn`), which the customer
// writes, not us. Each variant runs the program once; the matrix reuses its policies for every request.
import { SseMode } from "../../config/stackConfig";
import { MOCK_ACCOUNT_ID } from "../../offline/mockCloud";
import { baseConfig, runStack, StackRun, T } from "../support/customerStack";

export const ACCOUNT_ID = MOCK_ACCOUNT_ID;
export const REGION = "eu-west-1";
/** The customer's account: their transfer role assumes the uploader role, and their key (`kmsKeyArn`) lives there. */
export const CUSTOMER_ACCOUNT_ID = "210987654321";
export const CUSTOMER_KEY_ARN = `arn:aws:kms:${REGION}:${CUSTOMER_ACCOUNT_ID}:key/0f1e2d3c-4b5a-6978-8a9b-acbdcedfe0f1`;
/** The principal listed in `uploaderPrincipals` (the base fixture's). */
export const UPLOADER_PRINCIPAL = `arn:aws:iam::${CUSTOMER_ACCOUNT_ID}:role/acme-transfer`;
export const EXTERNAL_ID = "acme-ingest-4f9c2b";
export const MEDIACONVERT = "mediaconvert.amazonaws.com";
/** An IAM role of a DRM vendor, listed in `processorPrincipals` beside MediaConvert. */
export const DRM_PACKAGER_ROLE = "arn:aws:iam::345678901234:role/drm-packager";

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
    /** Whether `processorPrincipals` lists the DRM vendor's IAM role beside MediaConvert (else the default). */
    readonly processorIamRole: boolean;
    readonly minimumTlsVersion: "1.2" | "1.3";
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
                minimumTlsVersion: "1.2",
            }),
        ),
    ),
);

/** The trust policies with and without the optional trust settings (they do not depend on the mode). */
export const TRUST_VARIANTS: readonly Variant[] = [
    { ...MODE_VARIANTS[0], id: "external id, DRM role" },
    { ...MODE_VARIANTS[0], id: "defaults", externalId: false, processorIamRole: false },
];

/** The oldest TLS version the bucket accepts, in the default mode and in one KMS mode. */
export const TLS_VARIANTS: readonly Variant[] = MODE_VARIANTS.filter((v) => !v.customerKey && !v.requireEncryptionHeaders && v.mode !== "sse-c" && v.mode !== "dsse-kms").flatMap(
    (v): Variant[] => [
        { ...v, id: `${v.mode} TLS ≥ 1.2` },
        { ...v, id: `${v.mode} TLS ≥ 1.3`, minimumTlsVersion: "1.3" },
    ],
);

/** The stack config of a variant, as a stack file would say it. */
export function stackConfigOf(v: Variant): Record<string, unknown> {
    return {
        ...baseConfig(),
        "aws:region": REGION,
        "mezzanine-ingest:uploaderPrincipals": [UPLOADER_PRINCIPAL],
        "mezzanine-ingest:sseMode": v.mode,
        "mezzanine-ingest:requireEncryptionHeaders": v.requireEncryptionHeaders,
        "mezzanine-ingest:minimumTlsVersion": v.minimumTlsVersion,
        ...(v.customerKey ? { "mezzanine-ingest:kmsKeyArn": CUSTOMER_KEY_ARN } : {}),
        ...(v.externalId ? { "mezzanine-ingest:uploaderExternalId": EXTERNAL_ID } : {}),
        ...(v.processorIamRole ? { "mezzanine-ingest:processorPrincipals": [MEDIACONVERT, DRM_PACKAGER_ROLE] } : {}),
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
}

/** The statement a customer's key policy starts with (AWS's default key policy): their account administers and uses it. */
export function customerAccountRootStatement() {
    return {
        Sid: "EnableIamUserPermissions",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${CUSTOMER_ACCOUNT_ID}:root` },
        Action: "kms:*",
        Resource: "*",
    };
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
    return {
        bucketName: outputs.bucketName,
        bucketArn: outputs.bucketArn,
        bucketPolicy: run.policyOf(T.bucketPolicy),
        uploader: role(outputs.uploaderRoleArn),
        processor: role(outputs.processorRoleArn),
        key,
    };
}
