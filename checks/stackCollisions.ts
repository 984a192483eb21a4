// Two stack files of one project for the same customer and region would deploy the same bucket name
// (`<customer>-<account id>-<region>`) and key alias (`alias/mezzanine-ingest/<customer>`) into the account: KMS
// refuses the second alias, and S3 the second bucket (except in us-east-1, where it answers 200 OK to an account
// re-creating its own bucket). Each program run sees only its own stack, so the commands that see the
// project's stack files (preview, onboard) refuse the pair.
import * as path from "path";

import { allowedAccountIdsOf } from "../config/deployingAccount";
import { BucketNamespace, ingestBucketName, keyAliasName } from "../config/names";
import { CONFIG_NAMESPACE } from "../config/namespace";

/** A stack file as far as the check needs it: its path and its config as Pulumi passes it (see offline/stackFile.ts). */
export interface StackFile {
    readonly path: string;
    readonly config: Readonly<Record<string, string>>;
    readonly secretKeys: readonly string[];
}

const CUSTOMER_KEY = `${CONFIG_NAMESPACE}:customer`;
const NAMESPACE_KEY = `${CONFIG_NAMESPACE}:bucketNamespace`;
// The AWS provider's own key: `pulumi up` refuses to run in any other account.
const ALLOWED_ACCOUNTS_KEY = "aws:allowedAccountIds";

/** Where one stack file deploys: the customer slug, the region and, when the file pins them, the accounts. */
interface Placement {
    readonly file: StackFile;
    readonly customer: string;
    readonly region: string;
    /** The bucket's namespace; both collide on the key alias and the queue, whatever the bucket names. */
    readonly namespace: BucketNamespace;
    readonly accounts?: ReadonlySet<string>;
}

function placementOf(file: StackFile, defaultRegion: string): Placement | undefined {
    const customer = file.config[CUSTOMER_KEY];
    // A secure customer slug cannot be read offline.
    if (customer === undefined || customer === "" || file.secretKeys.includes(CUSTOMER_KEY)) return undefined;
    const namespace: BucketNamespace = file.config[NAMESPACE_KEY] === "account-regional" ? "account-regional" : "global";
    return { file, customer, namespace, region: file.config["aws:region"] ?? defaultRegion, accounts: allowedAccounts(file.config[ALLOWED_ACCOUNTS_KEY]) };
}

function allowedAccounts(value: string | undefined): ReadonlySet<string> | undefined {
    const ids = allowedAccountIdsOf(value);
    return ids === undefined ? undefined : new Set(ids);
}

// Two placements collide unless both files pin their accounts and no account is in both.
function collide(a: Placement, b: Placement): boolean {
    if (a.customer !== b.customer || a.region !== b.region) return false;
    if (a.accounts === undefined || b.accounts === undefined) return true;
    return [...a.accounts].some((id) => b.accounts!.has(id));
}

/**
 * For each of `files` that collides with another stack file of `project` (the same customer and region, in an account
 * both may deploy to), the problem to report, keyed by the file's path. A stack without `aws:region` is placed in
 * `defaultRegion`, as the offline preview places it. `files` may be part of `project`; a file never collides with itself.
 */
export function stackCollisions(files: readonly StackFile[], project: readonly StackFile[], defaultRegion: string): Map<string, string> {
    const problems = new Map<string, string>();
    for (const file of files) {
        const clash = clashesOf(file, project, defaultRegion);
        if (clash !== undefined) problems.set(file.path, collisionProblem(clash.mine, clash.others));
    }
    return problems;
}

/**
 * Why a stack file about to be written (`file`, not yet on disk) may not be: a stack file of `project` already deploys
 * its customer in its region. Undefined when none does.
 */
export function customerTaken(file: StackFile, project: readonly StackFile[], defaultRegion: string): string | undefined {
    const clash = clashesOf(file, project, defaultRegion);
    if (clash === undefined) return undefined;
    const { customer, region } = clash.mine;
    return (
        `${CUSTOMER_KEY} "${customer}" in aws:region ${region} is already the customer of ${listed(clash.others.map((o) => path.basename(o.file.path)))}: ` +
        `another stack would deploy the same ${resourcesOf(clash.mine, clash.others)} into the account; ` +
        `change that stack file instead, or choose another customer slug`
    );
}

function clashesOf(file: StackFile, project: readonly StackFile[], defaultRegion: string): { mine: Placement; others: Placement[] } | undefined {
    const mine = placementOf(file, defaultRegion);
    if (mine === undefined) return undefined;
    const others = project
        .filter((other) => path.resolve(other.path) !== path.resolve(file.path))
        .map((other) => placementOf(other, defaultRegion))
        .filter((other): other is Placement => other !== undefined && collide(mine, other));
    return others.length > 0 ? { mine, others } : undefined;
}

function collisionProblem(mine: Placement, others: Placement[]): string {
    const names = [mine, ...others].map((p) => path.basename(p.file.path));
    return (
        `${CUSTOMER_KEY} "${mine.customer}" in aws:region ${mine.region} is the customer of ${names.length} stack files, ${listed(names)}: ` +
        `their ${resourcesOf(mine, others)} would collide in the account; keep one stack file ` +
        `per customer and region (remove the copy, or give it another ${CUSTOMER_KEY}), or, if they deploy to different ` +
        `accounts, pin each one's account with ${ALLOWED_ACCOUNTS_KEY}`
    );
}

// The key alias is named after the customer in any namespace; the bucket only where the namespaces agree.
function resourcesOf(p: Placement, others: readonly Placement[]): string {
    const alias = `key alias (${keyAliasName(p.customer)})`;
    if (others.some((o) => o.namespace !== p.namespace)) return alias;
    return `bucket (${ingestBucketName(p.customer, "<account id>", p.region, p.namespace)}) and ${alias}`;
}

function listed(names: string[]): string {
    const sorted = [...names].sort((a, b) => a.localeCompare(b, "en"));
    return sorted.length <= 2 ? sorted.join(" and ") : `${sorted.slice(0, -1).join(", ")} and ${sorted[sorted.length - 1]}`;
}
