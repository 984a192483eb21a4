// Mock outputs shaped like AWS's: ids, ARNs and auto-names as the AWS provider returns them, derived from the
// resource's name so that two runs of the same stack report the same values.
import * as pulumi from "@pulumi/pulumi";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { createHash } from "crypto";

import { iamIdentityOf } from "../config/caller";
import { AWS_PARTITION, RegionPartition, regionPartition } from "../config/awsRegions";

export const MOCK_ACCOUNT_ID = "123456789012";
export { DEFAULT_REGION } from "./stackFile";

export interface MockCloudOptions {
    readonly region: string;
    /** A preview: outputs the provider computes on create (ids, ARNs) stay unknown, as the engine reports them. */
    readonly preview: boolean;
    /** Who `getCallerIdentity` says runs the deployment (see offlineCallerArn). */
    readonly callerArn?: string;
    /**
     * The IAM roles and users of the caller's account, by their full ARNs, that `getRole` and `getUser` find.
     * @default - the stack's administratorPrincipals, as listed (see listedAdministrators)
     */
    readonly iamArns?: readonly string[];
    /**
     * The buckets that exist by name, as `getBucketPolicy` finds them: ours with a policy (its text) or without one
     * (`null`), or another account's (`"another account"`: S3 answers AccessDenied). @default - none: nothing is deployed yet
     */
    readonly buckets?: Readonly<Record<string, string | null | "another account">>;
}

/**
 * Offline there is no IAM to ask: every listed administrator is taken to exist, exactly as listed (path included).
 * `pulumi up` asks IAM.
 */
export function listedAdministrators(config: Readonly<Record<string, string>>): string[] {
    try {
        const listed = JSON.parse(config["mezzanine-ingest:administratorPrincipals"] ?? "[]");
        return Array.isArray(listed) ? listed.filter((a): a is string => typeof a === "string") : [];
    } catch {
        return [];
    }
}

/** The caller when the stack names no administrator (so the program refuses it, as `pulumi up` would refuse a stranger). */
export const MOCK_CALLER_ARN = `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/ci`;

/**
 * Offline there is no real caller: the deployer is taken to be the first of the stack's `administratorPrincipals`, as
 * an assumed-role session when it is a role. `pulumi up` checks the real caller.
 */
export function offlineCallerArn(config: Readonly<Record<string, string>>): string {
    let administrators: unknown;
    try {
        administrators = JSON.parse(config["mezzanine-ingest:administratorPrincipals"] ?? "[]");
    } catch {
        return MOCK_CALLER_ARN;
    }
    const first = Array.isArray(administrators) && typeof administrators[0] === "string" ? administrators[0] : undefined;
    const identity = first === undefined ? undefined : iamIdentityOf(first);
    if (identity?.kind === "role") return `arn:${identity.partition}:sts::${identity.accountId}:assumed-role/${identity.name}/offline-preview`;
    return first ?? MOCK_CALLER_ARN;
}

/** A failed invoke as the engine reports a provider's error: the SDK reads the message from the gRPC error's `details`. */
function invokeFailure(message: string): Error {
    return Object.assign(new Error(message), { details: message });
}

function hex(seed: string, length: number): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

function uuid(seed: string): string {
    const h = hex(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export class MockCloud implements pulumi.runtime.Mocks {
    /** The region's partition, as the provider reports it: a stack in cn-north-1 gets `arn:aws-cn:` ARNs. */
    private readonly partition: RegionPartition;

    /** The caller's account: where `pulumi up` would create everything. */
    private readonly accountId: string;
    /** What IAM knows: the given roles and users, and the caller's own role (a caller exists), without a path unless given. */
    private readonly iamArns: readonly string[];

    constructor(private readonly options: MockCloudOptions) {
        // The config check refuses a region no partition has before anything runs; `aws` is only for direct use.
        this.partition = regionPartition(options.region) ?? AWS_PARTITION;
        const caller = iamIdentityOf(options.callerArn ?? MOCK_CALLER_ARN);
        this.accountId = caller?.accountId ?? MOCK_ACCOUNT_ID;
        const known = options.iamArns ?? [];
        const callerKnown = caller === undefined || known.some((a) => iamIdentityOf(a)?.name === caller.name && iamIdentityOf(a)?.kind === caller.kind);
        this.iamArns = callerKnown ? known : [...known, `arn:${caller.partition}:iam::${caller.accountId}:${caller.kind}/${caller.name}`];
    }

    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
        const region = this.options.region;
        const { partition, dnsSuffix } = this.partition;
        switch (args.token) {
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return {
                    accountId: this.accountId,
                    arn: this.options.callerArn ?? MOCK_CALLER_ARN,
                    userId: "AIDAEXAMPLEUSERID",
                    id: this.accountId,
                };
            case "aws:index/getRegion:getRegion":
                return { region, name: region, id: region, endpoint: `ec2.${region}.${dnsSuffix}`, description: region };
            case "aws:iam/getRole:getRole":
            case "aws:iam/getUser:getUser": {
                const kind = args.token === "aws:iam/getRole:getRole" ? "role" : "user";
                const name = (kind === "role" ? args.inputs.name : args.inputs.userName) as string;
                const arn = this.iamArns.find((a) => {
                    const identity = iamIdentityOf(a);
                    return identity?.kind === kind && identity.name === name && identity.accountId === this.accountId;
                });
                // As the provider reports IAM's answer.
                if (arn === undefined)
                    throw invokeFailure(
                        `reading IAM ${kind === "role" ? "Role" : "User"} (${name}): NoSuchEntity: The ${kind} with name ${name} cannot be found.`,
                    );
                const path = arn.slice(arn.indexOf(`:${kind}/`) + kind.length + 1, arn.length - name.length);
                return { arn, id: name, name, path, uniqueId: `AROA${hex(arn, 17).toUpperCase()}` };
            }
            case "aws:s3/getBucketPolicy:getBucketPolicy": {
                // As the provider reports S3's answers.
                const bucket = args.inputs.bucket as string;
                const found = this.options.buckets?.[bucket];
                if (found === undefined) throw invokeFailure(`reading S3 Bucket (${bucket}) Policy: NoSuchBucket: The specified bucket does not exist`);
                if (found === null) throw invokeFailure(`reading S3 Bucket (${bucket}) Policy: NoSuchBucketPolicy: The bucket policy does not exist`);
                if (found === "another account") throw invokeFailure(`reading S3 Bucket (${bucket}) Policy: AccessDenied: Access Denied`);
                return { bucket, id: bucket, policy: found, region };
            }
            case "aws:index/getPartition:getPartition":
                return { partition, dnsSuffix, reverseDnsPrefix: dnsSuffix.split(".").reverse().join("."), id: partition };
            default:
                throw new Error(`no mock for the call ${args.token}`);
        }
    }

    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        // Components (and the root stack) have no physical id.
        if (args.custom === false) return { id: undefined, state: {} };
        const computed = this.computedOutputs(args);
        if (this.options.preview) {
            // A resource not created yet: its inputs, and every output the provider computes on create is unknown.
            const unknowns = Object.fromEntries(Object.keys(computed.state).map((key) => [key, unknownValue]));
            return { id: undefined, state: { ...unknowns, ...args.inputs } };
        }
        return { id: computed.id, state: { ...args.inputs, ...computed.state } };
    }

    private computedOutputs(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
        const { region } = this.options;
        const { partition, dnsSuffix } = this.partition;
        const inputs = args.inputs;
        const account = this.accountId;
        switch (args.type) {
            case "aws:s3/bucket:Bucket": {
                const bucket = inputs.bucket ?? `${args.name}-${hex(args.name, 7)}`;
                return {
                    id: bucket,
                    state: {
                        bucket,
                        arn: `arn:${partition}:s3:::${bucket}`,
                        region,
                        bucketDomainName: `${bucket}.s3.${dnsSuffix}`,
                        bucketRegionalDomainName: `${bucket}.s3.${region}.${dnsSuffix}`,
                        hostedZoneId: "Z3AQBSTGFYJSTF",
                    },
                };
            }
            case "aws-native:s3:Bucket": {
                // Cloud Control auto-names a bucket from the resource name, lower case, with a random suffix.
                const bucketName = inputs.bucketName ?? `${args.name.toLowerCase()}-${hex(args.name, 7)}`;
                return {
                    id: bucketName,
                    state: {
                        bucketName,
                        arn: `arn:${partition}:s3:::${bucketName}`,
                        domainName: `${bucketName}.s3.${dnsSuffix}`,
                        regionalDomainName: `${bucketName}.s3.${region}.${dnsSuffix}`,
                        dualStackDomainName: `${bucketName}.s3.dualstack.${region}.${dnsSuffix}`,
                        websiteUrl: `http://${bucketName}.s3-website.${region}.${dnsSuffix}`,
                    },
                };
            }
            case "aws-native:kms:Key":
            case "aws-native:kms:ReplicaKey": {
                const keyId = uuid(args.name);
                return { id: keyId, state: { keyId, arn: `arn:${partition}:kms:${region}:${account}:key/${keyId}` } };
            }
            case "aws:cloudformation/stack:Stack": {
                const name = inputs.name ?? args.name;
                const stackId = `arn:${partition}:cloudformation:${region}:${account}:stack/${name}/${uuid(name)}`;
                return { id: stackId, state: { name, outputs: {}, tagsAll: inputs.tags ?? {} } };
            }
            case "aws:kms/key:Key": {
                const keyId = uuid(args.name);
                return { id: keyId, state: { keyId, arn: `arn:${partition}:kms:${region}:${account}:key/${keyId}` } };
            }
            case "aws:kms/alias:Alias":
                return {
                    id: inputs.name,
                    state: {
                        arn: `arn:${partition}:kms:${region}:${account}:${inputs.name}`,
                        targetKeyArn: `arn:${partition}:kms:${region}:${account}:key/${inputs.targetKeyId}`,
                    },
                };
            case "aws:iam/role:Role": {
                // Auto-named as the provider does: the resource name and a random suffix.
                const name = inputs.name ?? `${args.name}-${hex(args.name, 7)}`;
                return {
                    id: name,
                    state: { name, arn: `arn:${partition}:iam::${account}:role/${name}`, uniqueId: `AROA${hex(name, 17).toUpperCase()}` },
                };
            }
            case "aws:mediaconvert/queue:Queue": {
                const name = inputs.name ?? `${args.name}-${hex(args.name, 7)}`;
                return { id: name, state: { name, arn: `arn:${partition}:mediaconvert:${region}:${account}:queues/${name}`, concurrentJobs: 20 } };
            }
            case "aws:iam/rolePolicy:RolePolicy": {
                const name = inputs.name ?? `${args.name}-${hex(args.name, 7)}`;
                return { id: `${inputs.role}:${name}`, state: { name } };
            }
            default:
                // Bucket sub-resources (policy, encryption, versioning, ...) are identified by their bucket.
                if (typeof inputs.bucket === "string") return { id: inputs.bucket, state: {} };
                return { id: `${args.name}-${hex(args.type + args.name, 8)}`, state: {} };
        }
    }
}
