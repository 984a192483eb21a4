// Who runs `pulumi up`: it must be one of `administratorPrincipals`, or the first apply of the bucket policy (which lets
// only them change the bucket) would lock the deployer out of the next update.
import { RunError } from "@pulumi/pulumi";

import { CONFIG_NAMESPACE } from "./stackConfig";

/** An IAM role or user, as a caller identity or an ARN names it. */
export interface IamIdentity {
    readonly partition: string;
    readonly accountId: string;
    readonly kind: "role" | "user";
    /** The role or user name, without its path (an assumed-role session does not carry the path). */
    readonly name: string;
}

/**
 * The role or user behind an ARN: `arn:aws:iam::<account>:role/<path/>name`, `...:user/<path/>name`, or an assumed-role
 * session `arn:aws:sts::<account>:assumed-role/<name>/<session>`, which counts as its role. Anything else (an account
 * root, a federated user) is undefined.
 */
export function iamIdentityOf(arn: string): IamIdentity | undefined {
    const match = /^arn:([\w-]+):(iam|sts)::(\d{12}):(.+)$/.exec(arn);
    if (match === null) return undefined;
    const [, partition, service, accountId, resource] = match;
    const parts = resource.split("/");
    if (service === "sts") {
        return parts[0] === "assumed-role" && parts.length === 3 ? { partition, accountId, kind: "role", name: parts[1] } : undefined;
    }
    if ((parts[0] === "role" || parts[0] === "user") && parts.length >= 2) {
        return { partition, accountId, kind: parts[0], name: parts[parts.length - 1] };
    }
    return undefined;
}

const sameIdentity = (a: IamIdentity, b: IamIdentity) => a.partition === b.partition && a.accountId === b.accountId && a.kind === b.kind && a.name === b.name;

/**
 * Why `callerArn` may not deploy this stack, or undefined when it is one of `administrators` (by name: the component's
 * own check, which has no IAM to ask; the program compares full ARNs with exactCallerProblem). `fullArn` is the
 * caller's ARN as IAM knows it, path included, where known.
 */
export function callerProblem(callerArn: string, administrators: readonly string[], fullArn?: string): string | undefined {
    const caller = iamIdentityOf(callerArn);
    const listed = administrators.map(iamIdentityOf).filter((a): a is IamIdentity => a !== undefined);
    if (caller !== undefined && listed.some((a) => sameIdentity(a, caller))) return undefined;
    const as = caller === undefined ? "" : ` (${caller.kind} ${caller.name} in account ${caller.accountId})`;
    const byName = caller === undefined ? undefined : iamArnOf(caller);
    const fix =
        caller === undefined
            ? "run pulumi up as one of them (an IAM role or user; an account root or federated user cannot be listed)"
            : fullArn !== undefined && fullArn !== byName
              ? `add ${fullArn} to it, or run pulumi up as one of them`
              : `add ${byName} to it (with its path, if it has one), or run pulumi up as one of them`;
    return (
        `the caller ${callerArn}${as} is not one of ${CONFIG_NAMESPACE}:administratorPrincipals (${administrators.join(", ")}): ` +
        `the bucket policy lets only those principals change the bucket, so this deployment would lock its deployer out; ${fix}`
    );
}

/** The deploying caller is not an administrator of the stack; raised before any resource is registered. */
export class CallerNotAdministratorError extends RunError {
    constructor(message: string) {
        super(message);
        this.name = "CallerNotAdministratorError";
    }
}

/** The ARN an identity's policies are matched against (`aws:PrincipalArn`): its full ARN, path included. */
export function iamArnOf(identity: IamIdentity, path = "/"): string {
    return `arn:${identity.partition}:iam::${identity.accountId}:${identity.kind}${path}${identity.name}`;
}

/**
 * Why the caller (`callerArn` as STS names it; `fullArn`, path included, what the policies compare) may not deploy,
 * or undefined when it is exactly one of `administrators`. A listed administrator of the same name but another path
 * is named with the ARN to list instead: the bucket and key policies would not know the caller.
 */
export function exactCallerProblem(callerArn: string, fullArn: string, administrators: readonly string[]): string | undefined {
    if (administrators.includes(fullArn)) return undefined;
    const caller = iamIdentityOf(fullArn);
    const samePrincipal =
        caller === undefined
            ? undefined
            : administrators.find((a) => {
                  const i = iamIdentityOf(a);
                  return i !== undefined && sameIdentity(i, caller);
              });
    if (samePrincipal === undefined) return callerProblem(callerArn, administrators, fullArn);
    return (
        `${CONFIG_NAMESPACE}:administratorPrincipals lists ${samePrincipal}, but the caller is ${fullArn}: the bucket and key policies compare ` +
        `the full ARN (aws:PrincipalArn), path included, so the first apply would lock the deployer out; list ${fullArn} instead`
    );
}

/**
 * Why each listed administrator of `accountId` is not one IAM knows, given what IAM answered for each (its full ARN,
 * or undefined for NoSuchEntity). Administrators of other accounts are not in this answer: IAM answers only for its
 * own account.
 */
export function administratorExistenceProblems(administrators: readonly string[], accountId: string, found: ReadonlyMap<string, string | undefined>): string[] {
    return administrators.flatMap((administrator, index) => {
        const identity = iamIdentityOf(administrator);
        if (identity === undefined || identity.accountId !== accountId || !found.has(administrator)) return [];
        const actual = found.get(administrator);
        const key = `${CONFIG_NAMESPACE}:administratorPrincipals[${index}]`;
        if (actual === undefined) {
            return [
                `${key} is no IAM ${identity.kind} of account ${accountId} (IAM has no ${identity.kind} named ${identity.name}): KMS refuses a key ` +
                    `policy naming a principal that does not exist, after the log bucket's policy has already locked the deployer out; create it, or ` +
                    `remove it from the list (got ${JSON.stringify(administrator)})`,
            ];
        }
        if (actual === administrator) return [];
        return [`${key} is ${actual} in IAM, with its path: the policies compare the full ARN; list ${actual} (got ${JSON.stringify(administrator)})`];
    });
}

/** The administrators the deployed bucket policy lets change the bucket, or undefined when it has no such statement. */
export function deployedAdministrators(policy: string): string[] | undefined {
    const principals = conditionOf(policy, "DenyConfigurationChangesOutsideAdministrators")?.ArnNotLike?.["aws:PrincipalArn"];
    return principals === undefined ? undefined : [principals].flat();
}

type ConditionBlock = Partial<Record<string, Record<string, string | string[] | undefined>>>;

/** The condition of the deployed policy's statement `sid` (as the component wrote it), or undefined. */
function conditionOf(policy: string, sid: string): ConditionBlock | undefined {
    let statements: unknown;
    try {
        statements = (JSON.parse(policy) as { Statement?: unknown }).Statement;
    } catch {
        return undefined;
    }
    const statement = (Array.isArray(statements) ? statements : [statements]).find(
        (s): s is { Sid: string; Condition?: ConditionBlock } => typeof s === "object" && s !== null && (s as { Sid?: unknown }).Sid === sid,
    );
    return statement?.Condition;
}

/**
 * Why the caller (full ARN) cannot deploy a change to a stack whose deployed bucket policy lets only `deployed` change
 * it, or undefined when it is one of them. AWS checks the deployed policies, not the new list: a principal added to
 * `administratorPrincipals` is let in by the update that one of the deployed administrators runs.
 */
export function deployedAdministratorProblem(callerArn: string, deployed: readonly string[]): string | undefined {
    if (deployed.includes(callerArn)) return undefined;
    return (
        `the caller ${callerArn} is not an administrator of the deployed stack: its bucket policy lets only ${deployed.join(", ")} change the ` +
        "bucket (PutBucketPolicy, and PutKeyPolicy on a created key, would be denied half-way); have one of them run this pulumi up " +
        `(it adds the caller to ${CONFIG_NAMESPACE}:administratorPrincipals if the new list does), then deploy as ${callerArn}`
    );
}

/** The KMS key a deployed bucket policy requires of uploads that name one (DenyOtherKmsKeys), or undefined. */
export function deployedKmsKey(policy: string): string | undefined {
    const key = conditionOf(policy, "DenyOtherKmsKeys")?.StringNotEquals?.["s3:x-amz-server-side-encryption-aws-kms-key-id"];
    return typeof key === "string" ? key : undefined;
}
