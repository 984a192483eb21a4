// The organisation's service control policy (SCP) that guards the ingest roles where a bucket policy cannot. Each
// bucket trusts its roles by the pattern of their Pulumi auto-names (README, "The data perimeter"), so whoever may
// create a role fitting the pattern, change a role's trust or permissions, or pass a role to a service reads the
// masters. One SCP denies that to everyone but the stacks' administrators (and, for passing a processor role, that
// stack's job submitters). Roles are named by ARN pattern, not by tag: AWS's IAM guide warns that controlling
// iam:PassRole by tags "does not have reliable results". Pure: `npm run guardrail` (cli/guardrail.ts) reads the stack files.
//
// Limits: an SCP binds the member accounts of an organisation, not its management account, and not service-linked roles.
import { autoNamedRoleArnPattern, IngestRole, roleResourceName } from "../config/names";
import { policyDocument, PolicyDocument, Statement } from "./policyDocument";

/** AWS Organizations' quota "Maximum size of a policy document" for service control policies, in characters. */
export const SCP_SIZE_QUOTA = 5120;

/** How many SCPs AWS Organizations lets one root, OU or account have attached (FullAWSAccess included). */
export const SCPS_PER_TARGET = 5;

/** One customer stack, as far as the guardrail needs it. */
export interface GuardrailStack {
    /** The stack file's name (`Pulumi.acme.yaml`): orders the statements and names the stack in messages. */
    readonly file: string;
    /** The customer slug: the component's resource name, from which the roles' auto-names derive. */
    readonly customer: string;
    /** The stack's partition (`aws`, `aws-cn`, ...), from its `aws:region`; `aws` without one. */
    readonly partition: string;
    /** The accounts `aws:allowedAccountIds` pins the stack to; undefined when it pins none (then any account matches). */
    readonly accounts: readonly string[] | undefined;
    /** `administratorPrincipals`: who may create, change and pass the stack's roles. */
    readonly administrators: readonly string[];
    /** `processorJobSubmitters`: who may also pass the stack's processor role (to MediaConvert, say). */
    readonly jobSubmitters: readonly string[];
}

/**
 * Every IAM action that creates, deletes or changes a role, its trust, permissions, boundary or tags. Creating is
 * denied too: it stops an impostor role named to fit a bucket's pattern.
 */
export const ROLE_CHANGING_ACTIONS = [
    "iam:CreateRole",
    "iam:DeleteRole",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
    "iam:UpdateAssumeRolePolicy",
    "iam:PutRolePolicy",
    "iam:DeleteRolePolicy",
    "iam:AttachRolePolicy",
    "iam:DetachRolePolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:DeleteRolePermissionsBoundary",
    "iam:TagRole",
    "iam:UntagRole",
];

/** The ARN patterns of a stack's uploader and processor roles, exactly as its bucket policy names them. */
export function ingestRolePatterns(stack: GuardrailStack): { readonly uploader: string[]; readonly processor: string[] } {
    const accounts = stack.accounts ?? ["*"];
    return {
        uploader: sorted(accounts.map((accountId) => rolePattern(stack, "uploader", accountId))),
        processor: sorted(accounts.map((accountId) => rolePattern(stack, "processor", accountId))),
    };
}

// `*` stands for any account where the stack file pins none. The component is named after the customer.
function rolePattern(stack: GuardrailStack, role: IngestRole, accountId: string): string {
    return autoNamedRoleArnPattern(roleResourceName(stack.customer, role), { partition: stack.partition, accountId });
}

/**
 * The SCP for every stack of the organisation: the ingest roles are changed (and created) only by the administrators,
 * the uploader roles passed only by them, and each processor role only by them and its stack's job submitters. Stacks
 * with the same submitters share a statement, so that a submitter of one customer cannot pass another's processor
 * role and the document stays small. The administrators exempted are all stacks' together, in every statement: listing
 * each stack's own would repeat them per stack and outgrow the quota; the price is that an administrator of one stack
 * may change another stack's roles (as IAM administrators of the account can today). With no stacks, no statements.
 */
export function guardrailPolicy(stacks: readonly GuardrailStack[]): PolicyDocument {
    const ordered = [...stacks].sort((a, b) => compare(a.file, b.file));
    if (ordered.length === 0) return policyDocument();
    const administrators = sorted(ordered.flatMap((s) => s.administrators));
    const exceptFor = (principals: readonly string[]) => ({ ArnNotLike: { "aws:PrincipalArn": sorted(principals) } });

    // Stacks of one customer and partition whose accounts meet (one in common, or either unpinned) cannot tell their
    // processor roles apart by pattern: a pattern lets the submitters of every stack whose roles it matches pass it.
    const groups = new Map<string, { exempt: string[]; resources: string[] }>();
    for (const stack of ordered) {
        for (const accountId of stack.accounts ?? ["*"]) {
            const matched = ordered.filter(
                (other) =>
                    other.customer === stack.customer &&
                    other.partition === stack.partition &&
                    (accountId === "*" || other.accounts === undefined || other.accounts.includes(accountId)),
            );
            const exempt = sorted([...administrators, ...matched.flatMap((other) => other.jobSubmitters)]);
            const key = JSON.stringify(exempt);
            const group = groups.get(key) ?? { exempt, resources: [] };
            group.resources.push(rolePattern(stack, "processor", accountId));
            groups.set(key, group);
        }
    }
    const processorStatements: Statement[] = [...groups.values()].map((group, index) => ({
        Sid: groups.size === 1 ? "DenyPassingProcessorRoles" : `DenyPassingProcessorRoles${index + 1}`,
        Effect: "Deny",
        Action: ["iam:PassRole"],
        Resource: sorted(group.resources),
        Condition: exceptFor(group.exempt),
    }));

    const uploaders = ordered.flatMap((s) => ingestRolePatterns(s).uploader);
    const processors = ordered.flatMap((s) => ingestRolePatterns(s).processor);
    return policyDocument(
        {
            Sid: "DenyChangingIngestRoles",
            Effect: "Deny",
            Action: [...ROLE_CHANGING_ACTIONS],
            Resource: sorted([...uploaders, ...processors]),
            Condition: exceptFor(administrators),
        },
        {
            Sid: "DenyPassingUploaderRoles",
            Effect: "Deny",
            Action: ["iam:PassRole"],
            Resource: sorted(uploaders),
            Condition: exceptFor(administrators),
        },
        ...processorStatements,
    );
}

/** The document as it is printed and uploaded: compact JSON, whose length AWS Organizations counts against its quota. */
export function serialisePolicy(document: PolicyDocument): string {
    return JSON.stringify(document);
}

/** The document's size in characters, as AWS Organizations counts it against `SCP_SIZE_QUOTA`. */
export function policySize(document: PolicyDocument): number {
    return serialisePolicy(document).length;
}

/** What one stack or principal adds to the document: how many characters it would be shorter without it. */
export interface Contribution {
    /** `Pulumi.acme.yaml (customer acme)`, or a principal's ARN with the stacks that list it. */
    readonly what: string;
    readonly characters: number;
}

/** Each stack's and each listed principal's share of the document, largest first (ties by name). */
export function sizeContributions(stacks: readonly GuardrailStack[]): { stacks: Contribution[]; principals: Contribution[] } {
    const whole = policySize(guardrailPolicy(stacks));
    const without = (rest: readonly GuardrailStack[]) => whole - policySize(guardrailPolicy(rest));
    const byStack = stacks.map((stack) => ({
        what: `${stack.file} (customer ${stack.customer})`,
        characters: without(stacks.filter((s) => s !== stack)),
    }));
    const principals = sorted(stacks.flatMap((s) => [...s.administrators, ...s.jobSubmitters]));
    const byPrincipal = principals.map((principal) => {
        const administers = stacks.filter((s) => s.administrators.includes(principal)).length;
        const submits = stacks.filter((s) => s.jobSubmitters.includes(principal)).length;
        const roles = [
            ...(administers > 0 ? [`administrator of ${count(administers, "stack")}`] : []),
            ...(submits > 0 ? [`job submitter of ${count(submits, "stack")}`] : []),
        ];
        const rest = stacks.map((s) => ({
            ...s,
            administrators: s.administrators.filter((p) => p !== principal),
            jobSubmitters: s.jobSubmitters.filter((p) => p !== principal),
        }));
        return { what: `${principal} (${roles.join(", ")})`, characters: without(rest) };
    });
    const largestFirst = (a: Contribution, b: Contribution) => b.characters - a.characters || compare(a.what, b.what);
    return { stacks: byStack.sort(largestFirst), principals: byPrincipal.sort(largestFirst) };
}

/** How many contributors of each kind a refusal names. */
const CONTRIBUTORS_NAMED = 5;

/**
 * Why the document for `stacks` is refused when it exceeds `SCP_SIZE_QUOTA`, with what to trim; undefined when it fits.
 * AWS Organizations refuses a larger SCP ("You have exceeded the maximum policy size").
 */
export function oversizeProblem(stacks: readonly GuardrailStack[]): string | undefined {
    const size = policySize(guardrailPolicy(stacks));
    if (size <= SCP_SIZE_QUOTA) return undefined;
    const shares = sizeContributions(stacks);
    const list = (contributions: Contribution[]) => contributions.slice(0, CONTRIBUTORS_NAMED).map((c) => `    ${c.what}: ${characters(c.characters)}`);
    return [
        `the service control policy for ${count(stacks.length, "stack")} would be ${characters(size)}, over AWS Organizations' quota of ` +
            `${characters(SCP_SIZE_QUOTA)} per SCP (${characters(size - SCP_SIZE_QUOTA)} too many)`,
        "  the largest contributors (how much shorter the document would be without each):",
        "  stacks:",
        ...list(shares.stacks),
        "  principals:",
        ...list(shares.principals),
        `  fix: split the organisation's stacks over several SCPs (an OU, root or account can have up to ${SCPS_PER_TARGET} SCPs attached, ` +
            "FullAWSAccess included), each built from a directory holding some of the stack files (--project-dir); or trim " +
            "administratorPrincipals and processorJobSubmitters (every statement lists every administrator; stacks with the same " +
            "job submitters share one statement)",
    ].join("\n");
}

function characters(n: number): string {
    return `${n.toLocaleString("en-US")} character${n === 1 ? "" : "s"}`;
}

function count(n: number, noun: string): string {
    return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function sorted(values: Iterable<string>): string[] {
    return [...new Set(values)].sort(compare);
}

// Code-unit order: the same on every machine and locale.
function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
