// The requests of the IAM matrix and the decision README promises for each, per stack variant.
//
// The expectations are written from README's rules (each row quotes its rule), never from the simulator's output:
// the test compares the two. Requests by the ingest roles are made, as in AWS, by a session of the assumed role
// (arn:aws:sts::<account>:assumed-role/<role>/<session>) carrying the role's inline policy.
import { anonymousPrincipal, Simulation, SimulationIdentityPolicy, SimulationRequestPrincipal } from "@cloud-copilot/iam-simulate";

import {
    ACCOUNT_ID,
    CUSTOMER_ACCOUNT_ID,
    DRM_PACKAGER_ROLE,
    EXTERNAL_ID,
    isKmsMode,
    MEDIACONVERT,
    REGION,
    StackPolicies,
    UPLOADER_PRINCIPAL,
    Variant,
} from "./stackPolicies";

export type Decision = "allowed" | "denied";

/** How the request reaches AWS. KMS and STS endpoints only accept HTTPS, so only S3 requests vary it. */
export type Transport = "TLS 1.3" | "TLS 1.2" | "TLS 1.1" | "HTTP";
export const S3_TRANSPORTS: readonly Transport[] = ["TLS 1.2", "TLS 1.1", "HTTP"];

/** Whether the bucket policy lets `transport` through: TLS at least `minimumTlsVersion`. */
export function transportAccepted(transport: Transport, v: Variant): boolean {
    return transport !== "HTTP" && Number(transport.slice("TLS ".length)) >= Number(v.minimumTlsVersion);
}

export type Section = "S3" | "KMS" | "STS";

export interface MatrixRequest {
    /** Unique: `label` and `transport`; the test's name. */
    readonly id: string;
    /** Who does what; the doc's row, beside the transport. */
    readonly label: string;
    readonly section: Section;
    readonly transport: Transport;
    /** Whether the request means anything in `v` (KMS requests need a key). */
    readonly applies: (v: Variant) => boolean;
    /** The decision README promises. */
    readonly expected: (v: Variant) => Decision;
    /** The rules `expected` encodes, in README's words. */
    readonly rules: readonly string[];
    readonly simulation: (stack: StackPolicies, v: Variant) => Simulation;
}

// --- Principals ---

interface Actor {
    readonly label: string;
    readonly principal: (stack: StackPolicies) => SimulationRequestPrincipal;
    readonly identityPolicies: (stack: StackPolicies) => SimulationIdentityPolicy[];
}

const policy = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });
const allowAll = (name: string, action: string): SimulationIdentityPolicy[] => [
    { name, policy: policy({ Effect: "Allow", Action: action, Resource: "*" }) },
];
const session = (account: string, role: string, name: string) => `arn:aws:sts::${account}:assumed-role/${role}/${name}`;
const nameOfRole = (arn: string) => arn.split("/").pop()!;

const UPLOADER: Actor = {
    label: "uploader",
    principal: (s) => session(ACCOUNT_ID, s.uploader.name, "ingest"),
    identityPolicies: (s) => [{ name: "uploader-access", policy: s.uploader.permissions }],
};
const PROCESSOR: Actor = {
    label: "processor",
    principal: (s) => session(ACCOUNT_ID, s.processor.name, "transcode"),
    identityPolicies: (s) => [{ name: "processor-access", policy: s.processor.permissions }],
};
const ANONYMOUS: Actor = { label: "anonymous", principal: () => anonymousPrincipal, identityPolicies: () => [] };
/** Someone in an unrelated account whose own policies allow everything: only our policies can stop them. */
const OUTSIDER: Actor = {
    label: "another account's principal",
    principal: () => "arn:aws:iam::999999999999:user/mallory",
    identityPolicies: () => allowAll("administrator-access", "*"),
};
/** The customer's transfer role (the listed uploader principal) acting directly, without assuming the uploader role. */
const TRANSFER_ROLE: Actor = {
    label: "the listed uploader principal, not via the role,",
    principal: () => session(CUSTOMER_ACCOUNT_ID, nameOfRole(UPLOADER_PRINCIPAL), "transfer"),
    identityPolicies: () => allowAll("administrator-access", "*"),
};
/** An administrator of our account (AdministratorAccess), signed in through a role as people are. */
const ADMIN: Actor = {
    label: "account administrator",
    principal: () => session(ACCOUNT_ID, "Administrator", "alice"),
    identityPolicies: () => allowAll("administrator-access", "*"),
};

// --- S3 ---

const SSE = "s3:x-amz-server-side-encryption";
const SSE_KEY = "s3:x-amz-server-side-encryption-aws-kms-key-id";
const SSE_C = "s3:x-amz-server-side-encryption-customer-algorithm";
export const ANOTHER_KEY_ARN = `arn:aws:kms:${REGION}:999999999999:key/9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d`;

export type Headers = Record<string, string>;
/** The key ARNs a header set names: the key the bucket uses, and some other key. */
export interface KeyNames {
    readonly inUse: string | undefined;
    readonly other: string;
}

function kmsAlgorithm(v: Variant): string {
    return v.mode === "dsse-kms" ? "aws:kms:dsse" : "aws:kms";
}

/** Headers of each mode-relative upload: the doc prints this same table. */
export const UPLOAD_HEADERS: Record<string, (v: Variant, keys: KeyNames) => Headers> = {
    "the mode's headers": (v, keys): Headers => {
        switch (v.mode) {
            case "sse-s3":
                return { [SSE]: "AES256" };
            case "sse-kms":
            case "dsse-kms":
                return { [SSE]: kmsAlgorithm(v), [SSE_KEY]: keys.inUse! };
            case "sse-c":
                return { [SSE_C]: "AES256" };
        }
    },
    "another algorithm": (v, keys): Headers => {
        switch (v.mode) {
            case "sse-s3":
                return { [SSE]: "aws:kms" };
            case "sse-kms":
                return { [SSE]: "aws:kms:dsse", [SSE_KEY]: keys.inUse! };
            case "dsse-kms":
                return { [SSE]: "aws:kms", [SSE_KEY]: keys.inUse! };
            case "sse-c":
                // With the SSE-C headers too, so that only DenyServerManagedKeys refuses it (S3 itself also rejects the pair).
                return { [SSE_C]: "AES256", [SSE]: "AES256" };
        }
    },
    "another KMS key": (v, keys) => ({ [SSE]: kmsAlgorithm(v), [SSE_KEY]: keys.other }),
    "the KMS algorithm without a key id": (v) => ({ [SSE]: kmsAlgorithm(v) }),
    "SSE-C headers": () => ({ [SSE_C]: "AES256" }),
    "no SSE headers": () => ({}),
    // S3 authorises UploadPart as s3:PutObject; it never carries x-amz-server-side-encryption, and in SSE-C it must
    // carry the SSE-C headers of its CreateMultipartUpload.
    "UploadPart headers": (v): Headers => (v.mode === "sse-c" ? { [SSE_C]: "AES256" } : {}),
};

function transportKeys(t: Transport): Record<string, string> {
    switch (t) {
        case "TLS 1.3":
        case "TLS 1.2":
        case "TLS 1.1":
            return { "aws:SecureTransport": "true", "s3:TlsVersion": t.slice("TLS ".length) };
        case "HTTP":
            // No TLS, so S3 sends no s3:TlsVersion; aws:SecureTransport is always set (a missing key matches no Bool test).
            return { "aws:SecureTransport": "false" };
    }
}

const OBJECT_KEY = "masters/episode-101.mov";

interface S3Spec {
    readonly actor: Actor;
    readonly what: string;
    readonly action: string;
    readonly on: "object" | "bucket";
    /** A key of UPLOAD_HEADERS. */
    readonly headers?: string;
    readonly extraContext?: Record<string, string>;
    readonly allowedOverTls: (v: Variant) => boolean;
    readonly rule: string;
}

const INSECURE_RULE = "the bucket policy denies any S3 action over plain HTTP or TLS older than minimumTlsVersion, to every principal";

/**
 * `spec` over each of `transports`. Rows over TLS 1.2 or 1.3 cite the transport rule only when `minimumTlsVersion`
 * varies (`tlsVaries`): elsewhere TLS 1.2 always passes it.
 */
function s3Requests(spec: S3Spec, transports: readonly Transport[] = S3_TRANSPORTS, tlsVaries = false): MatrixRequest[] {
    const label = `${spec.actor.label} ${spec.what}`;
    return transports.map((transport) => ({
        id: `${label} over ${transport}`,
        label,
        section: "S3",
        transport,
        applies: () => true,
        expected: (v) => (transportAccepted(transport, v) && spec.allowedOverTls(v) ? "allowed" : "denied"),
        rules: transport === "HTTP" || transport === "TLS 1.1" ? [INSECURE_RULE] : tlsVaries ? [spec.rule, INSECURE_RULE] : [spec.rule],
        simulation: (stack, v) => ({
            request: {
                principal: spec.actor.principal(stack),
                action: spec.action,
                resource: {
                    resource: spec.on === "object" ? `${stack.bucketArn}/${OBJECT_KEY}` : stack.bucketArn,
                    accountId: ACCOUNT_ID,
                },
                contextVariables: {
                    ...transportKeys(transport),
                    ...(spec.headers ? UPLOAD_HEADERS[spec.headers](v, { inUse: stack.key?.arn, other: ANOTHER_KEY_ARN }) : {}),
                    ...spec.extraContext,
                },
            },
            identityPolicies: spec.actor.identityPolicies(stack),
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: stack.bucketPolicy,
            // The bucket has all four Block Public Access flags on.
            additionalSettings: { s3: { blockPublicAccess: true } },
        }),
    }));
}

const always = () => true;
const never = () => false;
const upload = (headers: string, allowedOverTls: (v: Variant) => boolean, rule: string): S3Spec => ({
    actor: UPLOADER,
    what: `PutObject with ${headers}`,
    action: "s3:PutObject",
    on: "object",
    headers,
    allowedOverTls,
    rule,
});
const UPLOADER_NO_READS = "uploader: put objects, abort and list multipart uploads; no reads, no deletes";
const PROCESSOR_READS = "processor: get objects and versions, list the bucket; no writes, no deletes";

const S3_SPECS: S3Spec[] = [
    upload("the mode's headers", always, "uploads asking for the mode's algorithm (and, in KMS modes, its key) are what the uploader role is for"),
    upload("another algorithm", never, "uploads asking for another algorithm than the mode's are denied (in sse-c: an S3- or KMS-managed SSE header)"),
    upload("another KMS key", never, "KMS modes: uploads naming another key are denied; elsewhere the KMS algorithm is another algorithm"),
    upload("the KMS algorithm without a key id", never, "KMS modes: the KMS algorithm without a key id is denied (S3 would use aws/s3); elsewhere it is another algorithm"),
    upload("SSE-C headers", (v) => v.mode === "sse-c", "outside sse-c, uploads carrying SSE-C headers are denied"),
    upload(
        "no SSE headers",
        (v) => v.mode !== "sse-c" && !v.requireEncryptionHeaders,
        "default encryption covers header-less uploads unless requireEncryptionHeaders; in sse-c uploads without SSE-C headers are denied",
    ),
    {
        actor: UPLOADER,
        what: "UploadPart (s3:PutObject, no SSE header; SSE-C headers in sse-c)",
        action: "s3:PutObject",
        on: "object",
        headers: "UploadPart headers",
        allowedOverTls: (v) => v.mode === "sse-c" || !v.requireEncryptionHeaders,
        rule: "requireEncryptionHeaders refuses every multipart upload (UploadPart carries no SSE header); sse-c parts carry the SSE-C headers",
    },
    {
        actor: UPLOADER,
        what: "CopyObject into the bucket with the mode's headers (s3:PutObject, source in another bucket)",
        action: "s3:PutObject",
        on: "object",
        headers: "the mode's headers",
        extraContext: { "s3:x-amz-copy-source": "acme-staging/masters/episode-101.mov" },
        allowedOverTls: always,
        rule: "a copy is authorised as an upload to the destination: " + UPLOADER_NO_READS,
    },
    { actor: UPLOADER, what: "AbortMultipartUpload", action: "s3:AbortMultipartUpload", on: "object", allowedOverTls: always, rule: UPLOADER_NO_READS },
    { actor: UPLOADER, what: "ListMultipartUploadParts", action: "s3:ListMultipartUploadParts", on: "object", allowedOverTls: always, rule: UPLOADER_NO_READS },
    { actor: UPLOADER, what: "ListBucketMultipartUploads", action: "s3:ListBucketMultipartUploads", on: "bucket", allowedOverTls: always, rule: UPLOADER_NO_READS },
    { actor: UPLOADER, what: "GetObject", action: "s3:GetObject", on: "object", allowedOverTls: never, rule: UPLOADER_NO_READS },
    { actor: UPLOADER, what: "GetObjectVersion", action: "s3:GetObjectVersion", on: "object", allowedOverTls: never, rule: UPLOADER_NO_READS },
    { actor: UPLOADER, what: "ListBucket", action: "s3:ListBucket", on: "bucket", allowedOverTls: never, rule: UPLOADER_NO_READS },
    { actor: UPLOADER, what: "DeleteObject", action: "s3:DeleteObject", on: "object", allowedOverTls: never, rule: UPLOADER_NO_READS },
    { actor: UPLOADER, what: "DeleteObjectVersion", action: "s3:DeleteObjectVersion", on: "object", allowedOverTls: never, rule: UPLOADER_NO_READS },
    { actor: PROCESSOR, what: "GetObject", action: "s3:GetObject", on: "object", allowedOverTls: always, rule: PROCESSOR_READS },
    { actor: PROCESSOR, what: "GetObjectVersion", action: "s3:GetObjectVersion", on: "object", allowedOverTls: always, rule: PROCESSOR_READS },
    { actor: PROCESSOR, what: "ListBucket", action: "s3:ListBucket", on: "bucket", allowedOverTls: always, rule: PROCESSOR_READS },
    {
        actor: PROCESSOR,
        what: "PutObject with the mode's headers",
        action: "s3:PutObject",
        on: "object",
        headers: "the mode's headers",
        allowedOverTls: never,
        rule: PROCESSOR_READS,
    },
    { actor: PROCESSOR, what: "DeleteObject", action: "s3:DeleteObject", on: "object", allowedOverTls: never, rule: PROCESSOR_READS },
    { actor: PROCESSOR, what: "DeleteObjectVersion", action: "s3:DeleteObjectVersion", on: "object", allowedOverTls: never, rule: PROCESSOR_READS },
    ...[ANONYMOUS, OUTSIDER, TRANSFER_ROLE].flatMap((actor): S3Spec[] => [
        {
            actor,
            what: "GetObject",
            action: "s3:GetObject",
            on: "object",
            allowedOverTls: never,
            rule: "only the ingest roles are granted access; the bucket policy allows nobody",
        },
        {
            actor,
            what: "PutObject with the mode's headers",
            action: "s3:PutObject",
            on: "object",
            headers: "the mode's headers",
            allowedOverTls: never,
            rule: "only the ingest roles are granted access; the bucket policy allows nobody",
        },
    ]),
    {
        actor: ADMIN,
        what: "GetObject",
        action: "s3:GetObject",
        on: "object",
        allowedOverTls: always,
        rule:
            "in the bucket's own account an identity policy alone grants S3 access, and the bucket policy only denies by transport " +
            "and headers; in KMS modes the read still fails at the key (see the administrator's kms:Decrypt via S3)",
    },
];

// --- KMS ---

const VIA_S3 = `s3.${REGION}.amazonaws.com`;
const VIA_S3_ELSEWHERE = "s3.us-east-1.amazonaws.com";

interface KmsSpec {
    readonly actor: Actor;
    readonly action: string;
    /** The service the call comes through (kms:ViaService), or undefined for a direct call. */
    readonly via?: string;
    readonly allowed: (v: Variant) => boolean;
    readonly rule: string;
}

function kmsRequest(spec: KmsSpec): MatrixRequest {
    const how = spec.via === undefined ? "directly" : spec.via === VIA_S3 ? "via S3" : `via ${spec.via}`;
    const label = `${spec.actor.label} ${spec.action} ${how}, on the key in use`;
    return {
        id: `${label} over TLS 1.2`,
        label,
        section: "KMS",
        transport: "TLS 1.2",
        applies: isKmsMode,
        expected: (v) => (spec.allowed(v) ? "allowed" : "denied"),
        rules: [spec.rule],
        simulation: (stack) => {
            const key = stack.key!;
            return {
                request: {
                    principal: spec.actor.principal(stack),
                    action: spec.action,
                    resource: { resource: key.arn, accountId: key.arn.split(":")[4] },
                    contextVariables: {
                        "aws:SecureTransport": "true",
                        ...(spec.via !== undefined ? { "kms:ViaService": spec.via } : {}),
                    },
                },
                identityPolicies: spec.actor.identityPolicies(stack),
                serviceControlPolicies: [],
                resourceControlPolicies: [],
                resourcePolicy: key.policy,
            };
        },
    };
}

const KEY_USE = "only the two roles use the key, only through S3 (in this region): the uploader to encrypt and decrypt, the processor to decrypt";
const KEY_ADMIN = "the account root administers the created key (but cannot encrypt or decrypt with it); the customer's key is theirs";

const KMS_SPECS: KmsSpec[] = [
    { actor: UPLOADER, action: "kms:GenerateDataKey", via: VIA_S3, allowed: always, rule: KEY_USE },
    { actor: UPLOADER, action: "kms:Decrypt", via: VIA_S3, allowed: always, rule: KEY_USE },
    { actor: UPLOADER, action: "kms:GenerateDataKey", allowed: never, rule: KEY_USE },
    { actor: UPLOADER, action: "kms:Decrypt", allowed: never, rule: KEY_USE },
    { actor: UPLOADER, action: "kms:GenerateDataKey", via: VIA_S3_ELSEWHERE, allowed: never, rule: KEY_USE },
    { actor: PROCESSOR, action: "kms:Decrypt", via: VIA_S3, allowed: always, rule: KEY_USE },
    { actor: PROCESSOR, action: "kms:GenerateDataKey", via: VIA_S3, allowed: never, rule: KEY_USE },
    { actor: PROCESSOR, action: "kms:Decrypt", allowed: never, rule: KEY_USE },
    { actor: PROCESSOR, action: "kms:GenerateDataKey", allowed: never, rule: KEY_USE },
    { actor: ADMIN, action: "kms:DescribeKey", allowed: (v) => !v.customerKey, rule: KEY_ADMIN },
    { actor: ADMIN, action: "kms:PutKeyPolicy", allowed: (v) => !v.customerKey, rule: KEY_ADMIN },
    { actor: ADMIN, action: "kms:ScheduleKeyDeletion", allowed: (v) => !v.customerKey, rule: KEY_ADMIN },
    // kms:Create* (AWS's default key-administrator statement) includes CreateGrant: an administrator can grant use of
    // the key, as PutKeyPolicy lets them rewrite its policy; what they cannot do is use it themselves.
    { actor: ADMIN, action: "kms:CreateGrant", allowed: (v) => !v.customerKey, rule: KEY_ADMIN },
    { actor: ADMIN, action: "kms:Decrypt", via: VIA_S3, allowed: never, rule: KEY_ADMIN },
    { actor: ADMIN, action: "kms:Decrypt", allowed: never, rule: KEY_ADMIN },
    { actor: ADMIN, action: "kms:GenerateDataKey", via: VIA_S3, allowed: never, rule: KEY_ADMIN },
    { actor: OUTSIDER, action: "kms:Decrypt", via: VIA_S3, allowed: never, rule: KEY_USE },
];

// --- STS ---

interface StsSpec {
    readonly role: "uploader" | "processor";
    readonly by: string;
    readonly principal: string;
    readonly context?: Record<string, string>;
    readonly allowed: (v: Variant) => boolean;
    readonly rule: string;
}

function stsRequest(spec: StsSpec): MatrixRequest {
    const isService = spec.principal.endsWith(".amazonaws.com");
    const label = `sts:AssumeRole of the ${spec.role} role by ${spec.by}`;
    return {
        id: `${label} over TLS 1.2`,
        label,
        section: "STS",
        transport: "TLS 1.2",
        applies: always,
        expected: (v) => (spec.allowed(v) ? "allowed" : "denied"),
        rules: [spec.rule],
        simulation: (stack) => {
            const role = spec.role === "uploader" ? stack.uploader : stack.processor;
            return {
                request: {
                    principal: spec.principal,
                    action: "sts:AssumeRole",
                    resource: { resource: role.arn, accountId: ACCOUNT_ID },
                    contextVariables: { "aws:SecureTransport": "true", ...spec.context },
                },
                // IAM principals may call sts:AssumeRole on anything (their own account's grant): the trust policy decides.
                identityPolicies: isService ? [] : allowAll("assume-any-role", "sts:AssumeRole"),
                serviceControlPolicies: [],
                resourceControlPolicies: [],
                resourcePolicy: role.trust,
            };
        },
    };
}

const OUTSIDER_ROLE = "arn:aws:iam::999999999999:role/mallory";
const UPLOADER_TRUST = "uploaderPrincipals may assume the uploader role, presenting uploaderExternalId when one is set";
const PROCESSOR_TRUST =
    "processorPrincipals may assume the processor role; a service principal only for this account (aws:SourceAccount)";
const externalIdOptional = (v: Variant) => !v.externalId;

const STS_SPECS: StsSpec[] = [
    {
        role: "uploader",
        by: "the listed principal with the external id",
        principal: session(CUSTOMER_ACCOUNT_ID, nameOfRole(UPLOADER_PRINCIPAL), "transfer"),
        context: { "sts:ExternalId": EXTERNAL_ID },
        allowed: always,
        rule: UPLOADER_TRUST,
    },
    {
        role: "uploader",
        by: "the listed principal without an external id",
        principal: session(CUSTOMER_ACCOUNT_ID, nameOfRole(UPLOADER_PRINCIPAL), "transfer"),
        allowed: externalIdOptional,
        rule: UPLOADER_TRUST,
    },
    {
        role: "uploader",
        by: "the listed principal with a wrong external id",
        principal: session(CUSTOMER_ACCOUNT_ID, nameOfRole(UPLOADER_PRINCIPAL), "transfer"),
        context: { "sts:ExternalId": "guessed" },
        allowed: externalIdOptional,
        rule: UPLOADER_TRUST,
    },
    {
        role: "uploader",
        by: "another account's principal with the external id",
        principal: OUTSIDER_ROLE,
        context: { "sts:ExternalId": EXTERNAL_ID },
        allowed: never,
        rule: UPLOADER_TRUST,
    },
    {
        role: "uploader",
        by: "the DRM vendor's role",
        principal: session("345678901234", nameOfRole(DRM_PACKAGER_ROLE), "job"),
        context: { "sts:ExternalId": EXTERNAL_ID },
        allowed: never,
        rule: UPLOADER_TRUST,
    },
    {
        role: "uploader",
        by: "MediaConvert for our account",
        principal: MEDIACONVERT,
        context: { "aws:SourceAccount": ACCOUNT_ID },
        allowed: never,
        rule: UPLOADER_TRUST,
    },
    {
        role: "processor",
        by: "MediaConvert for our account",
        principal: MEDIACONVERT,
        context: { "aws:SourceAccount": ACCOUNT_ID },
        allowed: always,
        rule: PROCESSOR_TRUST,
    },
    {
        role: "processor",
        by: "MediaConvert for another account",
        principal: MEDIACONVERT,
        context: { "aws:SourceAccount": "999999999999" },
        allowed: never,
        rule: PROCESSOR_TRUST,
    },
    {
        role: "processor",
        by: "MediaConvert with no source account",
        principal: MEDIACONVERT,
        allowed: never,
        rule: PROCESSOR_TRUST,
    },
    {
        role: "processor",
        by: "the DRM vendor's role (listed beside MediaConvert when configured)",
        principal: session("345678901234", nameOfRole(DRM_PACKAGER_ROLE), "job"),
        allowed: (v) => v.processorIamRole,
        rule: PROCESSOR_TRUST,
    },
    {
        role: "processor",
        by: "another service (EC2) for our account",
        principal: "ec2.amazonaws.com",
        context: { "aws:SourceAccount": ACCOUNT_ID },
        allowed: never,
        rule: PROCESSOR_TRUST,
    },
    { role: "processor", by: "another account's principal", principal: OUTSIDER_ROLE, allowed: never, rule: PROCESSOR_TRUST },
    {
        role: "processor",
        by: "the listed uploader principal",
        principal: session(CUSTOMER_ACCOUNT_ID, nameOfRole(UPLOADER_PRINCIPAL), "transfer"),
        allowed: never,
        rule: PROCESSOR_TRUST,
    },
];

export const S3_REQUESTS: readonly MatrixRequest[] = S3_SPECS.flatMap((spec) => s3Requests(spec));
/** A read and a write of each role over every transport, for the minimumTlsVersion columns. */
export const TLS_REQUESTS: readonly MatrixRequest[] = S3_SPECS.filter(
    (spec) => (spec.actor === UPLOADER && spec.what === "PutObject with the mode's headers") || (spec.actor === PROCESSOR && spec.what === "GetObject"),
).flatMap((spec) => s3Requests(spec, ["TLS 1.3", "TLS 1.2", "TLS 1.1", "HTTP"], true));
export const KMS_REQUESTS: readonly MatrixRequest[] = KMS_SPECS.map(kmsRequest);
export const STS_REQUESTS: readonly MatrixRequest[] = STS_SPECS.map(stsRequest);
