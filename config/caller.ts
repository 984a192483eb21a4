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

/** Why `callerArn` may not deploy this stack, or undefined when it is one of `administrators`. */
export function callerProblem(callerArn: string, administrators: readonly string[]): string | undefined {
    const caller = iamIdentityOf(callerArn);
    const listed = administrators.map(iamIdentityOf).filter((a): a is IamIdentity => a !== undefined);
    if (caller !== undefined && listed.some((a) => sameIdentity(a, caller))) return undefined;
    const as = caller === undefined ? "" : ` (${caller.kind} ${caller.name} in account ${caller.accountId})`;
    const fix =
        caller === undefined
            ? "run pulumi up as one of them (an IAM role or user; an account root or federated user cannot be listed)"
            : `add arn:${caller.partition}:iam::${caller.accountId}:${caller.kind}/${caller.name} to it (with its path, if it has one), or run pulumi up as one of them`;
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
