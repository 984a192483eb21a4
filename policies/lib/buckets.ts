// Which resources in a stack control which S3 bucket.
//
// A bucket's encryption, policy and public access block are separate resources whose `bucket` property names the
// bucket. We join them by what the engine tells us, never by Pulumi resource names:
// - by value: the resource's `bucket` equals the bucket's physical name (its `bucket` property, or its `id`);
// - by property dependency: the resource's `bucket` property depends on the bucket's URN (how a program writes
//   `bucket: myBucket.bucket` or `myBucket.id`), which is what we have at preview, when the value is unknown.
// When both are known, the value decides (a `bucket` derived from a bucket but naming another bucket does not count).
// A resource whose unknown `bucket` depends on several buckets cannot be attributed: it counts for none of them
// with certainty, and the policies report an advisory instead of a pass.
// A bucket that nothing targets, neither by dependency nor by matching name, is certainly without the control.
import { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";

import { Finding, reportFindings } from "./report";
import { isUnknown, rawProps } from "./unknowns";

export const BUCKET_TYPES: readonly string[] = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
export const ENCRYPTION_TYPES: readonly string[] = [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];
export const BUCKET_POLICY_TYPES: readonly string[] = ["aws:s3/bucketPolicy:BucketPolicy"];
export const PUBLIC_ACCESS_BLOCK_TYPES: readonly string[] = ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"];

/** A stack resource with raw properties (unknowns as sentinels) and property dependencies as URNs. */
export interface StackResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly props: Record<string, unknown>;
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

export function stackResources(resources: readonly PolicyResource[]): StackResource[] {
    return resources.map((r) => {
        const propertyDependencies: Record<string, string[]> = {};
        for (const [key, deps] of Object.entries(r.propertyDependencies ?? {})) propertyDependencies[key] = deps.map((d) => d.urn);
        return { urn: r.urn, type: r.type, name: r.name, props: rawProps(r.props), propertyDependencies };
    });
}

export interface Bucket {
    readonly resource: StackResource;
    /** The physical name, or undefined while unknown (auto-named or computed from unknown values). */
    readonly name?: string;
}

export interface Controls {
    /** Resources that certainly target the bucket. */
    readonly certain: StackResource[];
    /** Resources that may target it: their unknown `bucket` depends on it and on other buckets. */
    readonly possible: StackResource[];
}

export class BucketJoin {
    readonly buckets: Bucket[];

    constructor(private readonly resources: readonly StackResource[]) {
        this.buckets = resources.filter((r) => BUCKET_TYPES.includes(r.type)).map((resource) => ({ resource, name: physicalName(resource) }));
    }

    /** The resources of `types` that target `bucket`. */
    controlsOf(bucket: Bucket, types: readonly string[]): Controls {
        const bucketUrns = new Set(this.buckets.map((b) => b.resource.urn));
        const certain: StackResource[] = [];
        const possible: StackResource[] = [];
        for (const r of this.resources) {
            if (!types.includes(r.type)) continue;
            const value = r.props.bucket;
            const deps = (r.propertyDependencies.bucket ?? []).filter((urn) => bucketUrns.has(urn));
            const dependsOnIt = deps.includes(bucket.resource.urn);
            if (typeof value === "string" && !isUnknown(value)) {
                if (bucket.name !== undefined ? value === bucket.name : dependsOnIt) certain.push(r);
            } else if (isUnknown(value) && dependsOnIt) {
                (deps.length === 1 ? certain : possible).push(r);
            }
        }
        return { certain, possible };
    }
}

function physicalName(bucket: StackResource): string | undefined {
    for (const key of ["bucket", "id"]) {
        const value = bucket.props[key];
        if (typeof value === "string" && value !== "" && !isUnknown(value)) return value;
    }
    return undefined;
}

/** `S3 bucket "<resource name>" (<physical name>)`: how messages name a bucket. */
export function describeBucket(bucket: Bucket): string {
    return `S3 bucket "${bucket.resource.name}" (${bucket.name ?? "name unknown until created"})`;
}

/** `BucketPolicy "<resource name>"`: how messages name any other resource. */
export function describeResource(r: { type: string; name: string }): string {
    return `${r.type.split(":").pop()} "${r.name}"`;
}

/** The bucket's ARN when the engine knows it (after creation), else undefined. */
export function knownArn(bucket: Bucket): string | undefined {
    const arn = bucket.resource.props.arn;
    return typeof arn === "string" && !isUnknown(arn) && arn.startsWith("arn:") ? arn : undefined;
}

/** The ARN a fix hint names: the real one when known, else the placeholder `<bucket ARN>`. */
export function arnForHint(bucket: Bucket): string {
    return knownArn(bucket) ?? "<bucket ARN>";
}

/** The ARNs a bucket may have: from its `arn` when known, else in each AWS partition. */
export function bucketArns(bucket: Bucket): string[] | undefined {
    if (bucket.name === undefined) return undefined;
    const arn = knownArn(bucket);
    if (arn !== undefined) return [arn];
    return ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"].map((p) => `arn:${p}:s3:::${bucket.name}`);
}

/**
 * The body of every S3 stack policy: join the stack's buckets to their controls, judge each bucket with `check`, and
 * report certain violations first, then what unknowns hid (as advisories naming the resource).
 */
export function judgeEachBucket(
    args: StackValidationArgs,
    reportViolation: ReportViolation,
    description: string,
    check: (join: BucketJoin, bucket: Bucket) => Finding[],
): void {
    const join = new BucketJoin(stackResources(args.resources));
    reportFindings(
        join.buckets.flatMap((bucket) => check(join, bucket)),
        reportViolation,
        description,
    );
}
