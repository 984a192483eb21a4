// Reads this project's namespace out of Pulumi config (the runtime's, or a stack file's) and checks it: the schema,
// the names it makes, what AWS would refuse (the preflight) and what the deploying account decides, where it is known.
import * as pulumi from "@pulumi/pulumi";

import { AWS_PROVIDER_RELEASE, awsProviderConfigKeys } from "../config/awsProviderConfig";
import { closestNames } from "../config/didYouMean";
import { accountOf, allowedAccountIdsOf, DeployingAccount, deployingAccountProblems, outputLocationProblems } from "../config/deployingAccount";
import { accessLogBucketName, bucketNameProblem, ingestBucketName } from "../config/names";
import { awsRegion, CONFIG_NAMESPACE, StackConfig, StackConfigError, validateStackConfig } from "../config/stackConfig";
import { ANY_ACCOUNT_ID, preflightProblems, regionProblem, regionTypoProblem } from "./preflight";

// The SDK marks isConfigSecret @internal (absent from its typings); it reads the secret-key list the engine passes.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };

export type StackConfigCheck =
    | { readonly ok: true; readonly config: StackConfig; readonly secretKeys: ReadonlySet<string> }
    | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Validates every `mezzanine-ingest:` key of a full config map (`namespace:key` to the value as Pulumi passes it),
 * plus the rules that look at other namespaces (the AWS region).
 */
export function checkStackConfig(all: Readonly<Record<string, string>>, isSecret: (fullKey: string) => boolean): StackConfigCheck {
    const prefix = `${CONFIG_NAMESPACE}:`;
    const values: Record<string, unknown> = {};
    const secretKeys = new Set<string>();
    for (const [fullKey, value] of Object.entries(all)) {
        if (!fullKey.startsWith(prefix)) continue;
        const key = fullKey.slice(prefix.length);
        values[key] = value;
        if (isSecret(fullKey)) secretKeys.add(key);
    }
    const result = validateStackConfig(values, secretKeys);
    const problems = [
        ...(result.ok ? [] : result.problems),
        ...awsNamespaceProblems(all, isSecret),
        ...regionProblems(values.kmsKeyArn, all["aws:region"]),
        ...autonamingProblems(all["pulumi:autonaming"]),
    ];
    if (result.ok && all["aws:region"] !== undefined && awsRegion.safeParse(all["aws:region"]).success) {
        // Every account id has 12 digits, so the region decides whether the names fit.
        const { customer, accessLogBucket, bucketNamespace } = result.config;
        const region = all["aws:region"];
        const tooLong = bucketNameProblem(ingestBucketName(customer, ANY_ACCOUNT_ID, region, bucketNamespace));
        const logsTooLong =
            accessLogBucket === undefined ? bucketNameProblem(accessLogBucketName(customer, ANY_ACCOUNT_ID, region, bucketNamespace)) : undefined;
        // The ingest bucket's name in whichever account the stack deploys to (slug and region are validated: no regex syntax).
        const ingestBucketInAnyAccount = new RegExp(`^${ingestBucketName(customer, "\\d{12}", region, bucketNamespace)}$`);
        if (bucketNamespace === "account-regional" && REGIONS_WITHOUT_ACCOUNT_REGIONAL_NAMESPACE.includes(region)) {
            problems.push(
                `${CONFIG_NAMESPACE}:bucketNamespace account-regional is not offered in ${region}: S3 creates buckets in an account regional ` +
                    `namespace in every Region but ${REGIONS_WITHOUT_ACCOUNT_REGIONAL_NAMESPACE.join(" and ")}; use global there (got "account-regional" with aws:region "${region}")`,
            );
        }
        if (accessLogBucket !== undefined && ingestBucketInAnyAccount.test(accessLogBucket)) {
            problems.push(
                `${CONFIG_NAMESPACE}:accessLogBucket must not be the ingest bucket itself: S3 would log the delivery of its own logs, ` +
                    `and the ingest bucket lets no one but the ingest roles write (got "${accessLogBucket}")`,
            );
        }
        if (tooLong) {
            problems.push(`${CONFIG_NAMESPACE}:customer ${tooLong} (got "${customer}" with aws:region "${region}")`);
        } else if (logsTooLong) {
            problems.push(
                `${CONFIG_NAMESPACE}:customer ${logsTooLong}, or set ${CONFIG_NAMESPACE}:accessLogBucket to an existing log bucket ` +
                    `(this is the access-log bucket the stack would create; got "${customer}" with aws:region "${region}")`,
            );
        }
    }
    // What AWS would refuse during `pulumi up` (checks/preflight.ts).
    if (result.ok) problems.push(...preflightProblems(result.config, all["aws:region"]));
    // What the deploying account decides, where it is known before `pulumi up` (which checks the caller's account).
    if (result.ok && problems.length === 0) {
        const account = offlineDeployingAccount(result.config, all);
        const region = all["aws:region"];
        if (account !== undefined) problems.push(...deployingAccountProblems(result.config, account));
        else if (region !== undefined) problems.push(...outputLocationProblems(result.config, undefined, region));
    }
    if (!result.ok || problems.length > 0) return { ok: false, problems };
    return { ok: true, config: result.config, secretKeys };
}

/**
 * The account a stack deploys to, where its config alone decides it: the one account `aws:allowedAccountIds` pins
 * (`pulumi up` refuses any other), or else the one account of every `administratorPrincipals` (the caller must be one
 * of them, and deploys into its own account). Undefined when neither names exactly one.
 */
export function offlineDeployingAccount(config: StackConfig, all: Readonly<Record<string, string>>): DeployingAccount | undefined {
    const region = all["aws:region"];
    const pinned = allowedAccountIdsOf(all["aws:allowedAccountIds"])?.filter((id) => /^\d{12}$/.test(id));
    if (pinned !== undefined && pinned.length > 0) {
        return pinned.length === 1 ? { accountId: pinned[0], region, source: "the account aws:allowedAccountIds pins" } : undefined;
    }
    const administratorAccounts = new Set(config.administratorPrincipals.map(accountOf));
    if (administratorAccounts.size !== 1) return undefined;
    const [accountId] = [...administratorAccounts];
    return accountId === undefined ? undefined : { accountId, region, source: "the account of every administratorPrincipals, one of which deploys" };
}

/** S3 User Guide, "Namespaces for general purpose buckets": all Regions but Middle East (Bahrain) and Middle East (UAE). */
const REGIONS_WITHOUT_ACCOUNT_REGIONAL_NAMESPACE = ["me-south-1", "me-central-1"];

export interface RuntimeStackConfig {
    readonly config: StackConfig;
    /** The external ids as the program should pass them on: secret if they were set with `--secret`. */
    readonly uploaderExternalId?: pulumi.Input<string>;
    readonly processorExternalId?: pulumi.Input<string>;
}

/** Validates the running stack's config; throws a StackConfigError listing every problem. */
export function readStackConfig(): RuntimeStackConfig {
    const check = checkStackConfig(pulumi.runtime.allConfig(), isConfigSecret);
    if (!check.ok) throw new StackConfigError(check.problems);
    const asGiven = (key: "uploaderExternalId" | "processorExternalId") => {
        const value = check.config[key];
        return value !== undefined && check.secretKeys.has(key) ? pulumi.secret(value) : value;
    };
    return { config: check.config, uploaderExternalId: asGiven("uploaderExternalId"), processorExternalId: asGiven("processorExternalId") };
}

// The bucket policy names the ingest roles by the pattern of Pulumi's default auto-names (see README, "The data
// perimeter"): another naming scheme would lock the roles out of the masters at the first apply.
function autonamingProblems(autonaming: string | undefined): string[] {
    if (autonaming === undefined) return [];
    return [
        `pulumi:autonaming must not be set for a customer stack (got ${JSON.stringify(autonaming)}): the bucket policy names the ingest roles ` +
            "by Pulumi's default auto-names (<customer>-uploader- and seven characters), so another naming scheme would lock them out of the masters; remove it",
    ];
}

// The region must be one, and S3 can only use a KMS key in the bucket's own region.
function regionProblems(kmsKeyArn: unknown, region: string | undefined): string[] {
    if (region === undefined) return [];
    const valid = awsRegion.safeParse(region);
    // A region of the AWS SDK's data is one whatever its shape (eusc-de-east-1); a well-formed name it lacks is not.
    const unknown = regionProblem(region);
    if (!valid.success && unknown !== undefined)
        return [regionTypoProblem(region) ?? `aws:region ${valid.error.issues[0].message} (got ${JSON.stringify(region)})`];
    if (unknown !== undefined) return [unknown];
    if (typeof kmsKeyArn !== "string") return [];
    const keyRegion = kmsKeyArn.split(":")[3];
    if (keyRegion === undefined || keyRegion === region) return [];
    return [
        `${CONFIG_NAMESPACE}:kmsKeyArn must be a key in the stack's region ${region} (aws:region): S3 cannot use a key from another region (got "${kmsKeyArn}")`,
    ];
}

// `pulumi up` refuses an `aws:` key the AWS provider does not have ("Invalid or unknown key"); a typo such as
// `aws:regoin` would otherwise pass here for "no region". The keys are the installed provider's own.
function awsNamespaceProblems(all: Readonly<Record<string, string>>, isSecret: (fullKey: string) => boolean): string[] {
    const known = awsProviderConfigKeys();
    return Object.keys(all)
        .filter((fullKey) => fullKey.startsWith("aws:") && !known.includes(fullKey.slice("aws:".length)))
        .map((fullKey) => {
            const close = closestNames(fullKey.slice("aws:".length), known).map((key) => `aws:${key}`);
            const fix = close.length > 0 ? `did you mean ${close.join(" or ")}?` : `remove it, or use one of the provider's keys: ${known.join(", ")}`;
            const value = isSecret(fullKey) ? "[secret]" : JSON.stringify(all[fullKey]);
            return (
                `${fullKey} is not a config key of the AWS provider (${AWS_PROVIDER_RELEASE}), which refuses it at \`pulumi up\` ` +
                `("Invalid or unknown key"): ${fix} (got ${value})`
            );
        });
}
