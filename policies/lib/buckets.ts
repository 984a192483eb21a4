// Which controls in a stack apply to which S3 bucket.
//
// A bucket's controls are either declared on the bucket itself (aws-native and CloudFormation properties, which
// count) or separate resources whose `bucket` property names the bucket (the aws provider's
// BucketServerSideEncryptionConfiguration, BucketPolicy, BucketPublicAccessBlock, BucketLogging; aws-native's
// BucketPolicy; a template's AWS::S3::BucketPolicy). Separate resources are joined by what the engine tells us, never
// by Pulumi resource names:
// - by value: the resource's `bucket` equals the bucket's physical name;
// - by property dependency: the resource's `bucket` property depends on the bucket (how a program writes
//   `bucket: myBucket.bucket` or `myBucket.id`; inside a template, `Bucket: !Ref MediaBucket`), which is what we have
//   at preview, when the value is unknown.
// When both are known, the value decides (a `bucket` derived from a bucket but naming another bucket does not count).
// A resource whose unknown `bucket` depends on several buckets cannot be attributed: it counts for none of them
// with certainty, and the policies report an advisory instead of a pass.
// A bucket that nothing targets, neither by dependency nor by matching name, is certainly without the control.
import { StackValidationArgs, ReportViolation } from "@pulumi/policy";

import { isSymbolic } from "./cloudformationTemplate";
import { Control, ModelBucket, Target } from "./model";
import { readStack, stackResources } from "./providers";
import { Finding, reportFindings, unverified, violation } from "./report";
import { isUnknown } from "./unknowns";

export type Bucket = ModelBucket;

export interface Controls<C extends Control> {
    /** Controls that certainly apply to the bucket (its own properties first). */
    readonly certain: C[];
    /** Controls that may apply to it: their unknown `bucket` depends on it and on other buckets. */
    readonly possible: C[];
}

export class BucketJoin {
    readonly buckets: readonly ModelBucket[];
    private readonly controls: readonly Control[];
    private readonly bucketKeys: ReadonlySet<string>;

    constructor(model: { buckets: readonly ModelBucket[]; controls: readonly Control[] }) {
        this.buckets = model.buckets;
        this.controls = model.controls;
        this.bucketKeys = new Set(model.buckets.map((b) => b.key));
    }

    /** The controls of `kind` that apply to `bucket`. */
    controlsOf<K extends Control["kind"]>(bucket: ModelBucket, kind: K): Controls<Extract<Control, { kind: K }>> {
        type C = Extract<Control, { kind: K }>;
        const certain = bucket.inline.filter((c): c is C => c.kind === kind);
        const possible: C[] = [];
        for (const c of this.controls) {
            if (c.kind !== kind) continue;
            const match = this.targets(c.target, bucket);
            if (match === "certain") certain.push(c as C);
            else if (match === "possible") possible.push(c as C);
        }
        return { certain, possible };
    }

    /** The logging controls (of any bucket) that deliver their logs to `bucket`. */
    loggingInto(bucket: ModelBucket): Controls<Extract<Control, { kind: "logging" }>> {
        type C = Extract<Control, { kind: "logging" }>;
        const logging = [...this.buckets.flatMap((b) => b.inline), ...this.controls].filter((c): c is C => c.kind === "logging");
        const certain: C[] = [];
        const possible: C[] = [];
        for (const c of logging) {
            const match = this.targets(c.destination, bucket);
            if (match === "certain") certain.push(c);
            else if (match === "possible") possible.push(c);
        }
        return { certain, possible };
    }

    /** Whether `target` names `bucket`. */
    private targets(target: Target, bucket: ModelBucket): "certain" | "possible" | "no" {
        const deps = target.deps.filter((key) => this.bucketKeys.has(key));
        const dependsOnIt = deps.includes(bucket.key);
        const value = target.value;
        if (typeof value === "string" && !isUnknown(value)) {
            // A template's symbol (see cloudformationTemplate.ts) is the same text in every stack that declares the
            // same logical id: it names this bucket only from inside its own template, where the control also depends
            // on it.
            if (isSymbolic(value)) return value === bucket.name && dependsOnIt ? "certain" : "no";
            return (bucket.name !== undefined ? value === bucket.name : dependsOnIt) ? "certain" : "no";
        }
        if (isUnknown(value) && dependsOnIt) return deps.length === 1 ? "certain" : "possible";
        return "no";
    }
}

/** `S3 bucket "<resource name>" (<physical name>)`: how messages name a bucket. */
export function describeBucket(bucket: ModelBucket): string {
    return bucket.label;
}

/**
 * The body of every S3 stack policy: read the stack's buckets and controls (every provider), judge each bucket with
 * `check`, and report certain violations first, then what unknowns hid (as advisories naming the resource).
 */
export function judgeEachBucket(
    args: StackValidationArgs,
    reportViolation: ReportViolation,
    description: string,
    check: (join: BucketJoin, bucket: ModelBucket) => Finding[],
): void {
    const join = new BucketJoin(readStack(stackResources(args.resources)));
    reportFindings(
        join.buckets.flatMap((bucket) => check(join, bucket)),
        reportViolation,
        description,
    );
}

/** "may target it, but its bucket is unknown and depends on several buckets": for controls that may apply. */
export function possibleTargets(possible: readonly Control[]): string {
    return `${possible.map((c) => c.label).join(", ")} may target it, but its bucket is unknown and depends on several buckets`;
}

/**
 * The body of a policy that requires a control of `kind` on every bucket, in three cases:
 * - nothing targets the bucket: a violation, `<bucket> <missing()>`, ending with what the bucket's inputs set inline
 *   and the pack ignored (`ModelBucket.ignoredInline`, for the kinds that have one);
 * - only controls that may target it (their unknown `bucket` depends on several buckets): an advisory,
 *   `Could not verify <couldNotVerify>: ...`;
 * - otherwise, what `judge` finds in each control that certainly applies.
 */
export function requireControl<K extends Control["kind"]>(
    join: BucketJoin,
    bucket: ModelBucket,
    kind: K,
    rule: {
        /** The clause after the bucket's label: the provider's words for adding the control (`bucket.hints`). */
        readonly missing: () => string;
        /** What could not be verified: `the default encryption of <bucket>`, `that <bucket> refuses plain HTTP`. */
        readonly couldNotVerify: string;
        readonly judge: (control: Extract<Control, { kind: K }>) => Finding[];
    },
): Finding[] {
    const { certain, possible } = join.controlsOf(bucket, kind);
    if (certain.length === 0 && possible.length === 0) {
        const inline = (bucket.ignoredInline as Partial<Record<Control["kind"], string>>)[kind];
        return [violation(bucket.urn, `${describeBucket(bucket)} ${rule.missing()}${inline ? ` ${inline}` : ""}`)];
    }
    const findings = certain.flatMap(rule.judge);
    if (certain.length === 0) {
        findings.push(unverified(bucket.urn, `Could not verify ${rule.couldNotVerify}: ${possibleTargets(possible)}. ${bucket.pending}`));
    }
    return findings;
}
