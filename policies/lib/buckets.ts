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
// While a bucket's name is unknown (at the first preview), a control whose unknown `bucket` depends on no bucket but
// shares a dependency with the bucket's name (one random suffix making both names) may be the bucket's: an advisory
// until the names are known, never a pass and never a certain violation.
// A control that targets no bucket of the stack (an existing bucket, one read with `.get()`, a name from config) is
// judged on its own, as the control of a bucket outside the stack (`outsideBucket`): what it sets must be right, while
// what it does not set may be set where that bucket is declared.
import { PolicyResource, StackValidationArgs, ReportViolation } from "@pulumi/policy";

import { isSymbolic } from "./cloudformationTemplate";
import { Control, ModelBucket, Target } from "./model";
import { readStack, stackResources } from "./providers";
import { arnHint, partitionArns } from "./providers/common";
import { Finding, reportFindings, unverified, violation } from "./report";
import { isUnknown, rawProps, UNKNOWN } from "./unknowns";

export type Bucket = ModelBucket;

export interface Controls<C extends Control> {
    /** Controls that certainly apply to the bucket (its own properties first). */
    readonly certain: C[];
    /** Controls that may apply to it: their unknown `bucket` depends on it and on other buckets. */
    readonly possible: C[];
}

/**
 * The stack's controls, indexed once so that each bucket finds its own in time proportional to their number, not to
 * the stack's: a stack of 20,000 resources has thousands of buckets and controls, and every stack policy asks for each
 * bucket's. Whether a control applies is decided by `targets`, as before the index; the index only narrows the
 * candidates to the controls that can apply: those whose value is the bucket's name, and those that depend on the
 * bucket (see the header: every other control is "no" for this bucket).
 */
export class BucketJoin {
    readonly buckets: readonly ModelBucket[];
    /** The stack's own buckets, by key. */
    private readonly byKey: ReadonlyMap<string, ModelBucket>;
    /** The separate controls of each kind, by their target. */
    private readonly separate: ReadonlyMap<Control["kind"], TargetIndex<Control>>;
    /** Every logging control (the buckets' own, then the separate ones), by where it delivers the logs. */
    private readonly logging: TargetIndex<Extract<Control, { kind: "logging" }>>;

    /** The buckets of the stack whose name is unknown, by each resource their name depends on. */
    private readonly unnamedByNameDep: ReadonlyMap<string, readonly ModelBucket[]>;

    constructor(model: { buckets: readonly ModelBucket[]; controls: readonly Control[] }) {
        this.byKey = new Map(model.buckets.map((b) => [b.key, b]));
        const unnamedByNameDep = new Map<string, ModelBucket[]>();
        for (const b of model.buckets) if (b.name === undefined) for (const dep of new Set(b.nameDeps ?? [])) push(unnamedByNameDep, dep, b);
        this.unnamedByNameDep = unnamedByNameDep;
        const separate = new Map<Control["kind"], TargetIndex<Control>>();
        for (const c of model.controls) {
            let index = separate.get(c.kind);
            if (index === undefined) separate.set(c.kind, (index = new TargetIndex()));
            index.add(c, c.target);
        }
        this.separate = separate;
        this.buckets = [...model.buckets, ...outsideBuckets(this.byKey, model.controls, this.unnamedByNameDep)];
        this.logging = new TargetIndex();
        for (const c of [...model.buckets.flatMap((b) => b.inline), ...model.controls]) if (c.kind === "logging") this.logging.add(c, c.destination);
    }

    /** The controls of `kind` that apply to `bucket`. */
    controlsOf<K extends Control["kind"]>(bucket: ModelBucket, kind: K): Controls<Extract<Control, { kind: K }>> {
        type C = Extract<Control, { kind: K }>;
        const certain = bucket.inline.filter((c): c is C => c.kind === kind);
        const possible: C[] = [];
        // A bucket outside the stack has exactly the control it was stood up for (as `inline`).
        if (bucket.outside) return { certain, possible };
        for (const { item, target } of this.separate.get(kind)?.candidates(bucket) ?? []) {
            const match = this.targets(target, bucket);
            if (match === "certain") certain.push(item as C);
            else if (match === "possible") possible.push(item as C);
        }
        return { certain, possible };
    }

    /** The logging controls (of any bucket) that deliver their logs to `bucket`. */
    loggingInto(bucket: ModelBucket): Controls<Extract<Control, { kind: "logging" }>> {
        type C = Extract<Control, { kind: "logging" }>;
        const certain: C[] = [];
        const possible: C[] = [];
        for (const { item, target } of this.logging.candidates(bucket)) {
            const match = this.targets(target, bucket);
            if (match === "certain") certain.push(item);
            else if (match === "possible") possible.push(item);
        }
        return { certain, possible };
    }

    /** Whether `target` names `bucket`. */
    private targets(target: Target, bucket: ModelBucket): "certain" | "possible" | "no" {
        const deps = target.deps.filter((key) => this.byKey.has(key));
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
        if (isUnknown(value) && deps.length === 0 && bucket.name === undefined && sharesNameDependency(target, bucket)) return "possible";
        return "no";
    }
}

/** Whether the unknown `target` depends on a resource the unknown name of `bucket` depends on too (one random suffix). */
function sharesNameDependency(target: Target, bucket: ModelBucket): boolean {
    const nameDeps = bucket.nameDeps ?? [];
    return nameDeps.length > 0 && target.deps.some((d) => nameDeps.includes(d));
}

/** The kinds of control judged on their own when their bucket is outside the stack (logging has nothing to judge then). */
const OUTSIDE_KINDS: ReadonlySet<Control["kind"]> = new Set(["encryption", "policy", "publicAccessBlock"]);

/**
 * A bucket for each control that targets no bucket of the stack, judged with that control alone (issue 18: a
 * BucketPolicy dropping the TLS deny, or a public access block turned off, on an existing bucket passed unjudged).
 * Whether a control targets a bucket of the stack is `BucketJoin.targets` asked of every bucket at once, by name and by
 * dependency: a known name names the stack's bucket of that name, or one whose name is unknown that it depends on; a
 * template's symbol names its own bucket; an unknown value names the buckets it depends on, or may name a bucket whose
 * unknown name shares a dependency with it.
 */
function outsideBuckets(
    byKey: ReadonlyMap<string, ModelBucket>,
    controls: readonly Control[],
    unnamedByNameDep: ReadonlyMap<string, readonly ModelBucket[]>,
): ModelBucket[] {
    const named = new Set([...byKey.values()].flatMap((b) => (b.name === undefined ? [] : [b.name])));
    const targetsStackBucket = ({ value, deps }: Target): boolean => {
        if (typeof value !== "string") return true; // no bucket set: nothing to judge it against
        if (isUnknown(value)) return deps.some((d) => byKey.has(d) || unnamedByNameDep.has(d));
        if (isSymbolic(value)) return deps.some((d) => byKey.get(d)?.name === value);
        return named.has(value) || deps.some((d) => byKey.has(d) && byKey.get(d)!.name === undefined);
    };
    return controls.filter((c) => OUTSIDE_KINDS.has(c.kind) && !targetsStackBucket(c.target)).map(outsideBucket);
}

/** The bucket outside the stack that `control` targets, labelled by its name when known, reported on the control. */
export function outsideBucket(control: Control): ModelBucket {
    const value = control.target.value;
    const name = typeof value === "string" && !isUnknown(value) && !isSymbolic(value) ? value : undefined;
    const arns = name === undefined ? undefined : partitionArns(name);
    const unsupported = () => `is outside this stack, and ${control.label} is judged on its own.`;
    return {
        key: `${control.urn}#outside`,
        urn: control.urn,
        provider: "aws",
        label: `S3 bucket ${name === undefined ? "outside this stack (name unknown)" : `"${name}" (outside this stack)`}`,
        name,
        arns,
        symbolicName: false,
        outside: true,
        // Its tags are set where it is declared: unknown here.
        tagSets: [UNKNOWN],
        pending: control.pending,
        inline: [control],
        ignoredInline: {},
        resourceHint: arnHint(arns?.[0]),
        hints: { noEncryption: unsupported, noPolicy: unsupported, noPublicAccessBlock: unsupported, noLogging: unsupported },
    };
}

interface Indexed<T> {
    /** The item's position in the order it was added, which the candidates keep (messages list controls in it). */
    readonly position: number;
    readonly item: T;
    readonly target: Target;
}

/** Items by the bucket name their target's value is, and by each bucket key their target depends on. */
class TargetIndex<T> {
    private readonly byName = new Map<string, Indexed<T>[]>();
    private readonly byDependency = new Map<string, Indexed<T>[]>();
    private size = 0;

    add(item: T, target: Target): void {
        const entry = { position: this.size++, item, target };
        if (typeof target.value === "string" && !isUnknown(target.value)) push(this.byName, target.value, entry);
        for (const key of new Set(target.deps)) push(this.byDependency, key, entry);
    }

    /**
     * The items whose target may name `bucket`, in the order they were added, each once: a target names a bucket only
     * by its value (the bucket's name) or by depending on it.
     */
    candidates(bucket: ModelBucket): Indexed<T>[] {
        const lists = [bucket.name === undefined ? [] : (this.byName.get(bucket.name) ?? []), this.byDependency.get(bucket.key) ?? []];
        // While its name is unknown, also those that share a dependency with its name (BucketJoin.targets).
        if (bucket.name === undefined) for (const dep of new Set(bucket.nameDeps ?? [])) lists.push(this.byDependency.get(dep) ?? []);
        const found = lists.filter((list) => list.length > 0);
        if (found.length <= 1) return found[0] ?? [];
        // Each list is in the order of addition: keep that order, each item once.
        const seen = new Set<number>();
        return found
            .flat()
            .filter((entry) => !seen.has(entry.position) && seen.add(entry.position))
            .sort((a, b) => a.position - b.position);
    }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list === undefined) map.set(key, [value]);
    else list.push(value);
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
    const join = joinOf(args.resources);
    reportFindings(
        join.buckets.flatMap((bucket) => check(join, bucket)),
        reportViolation,
        description,
    );
}

/** Each stack `joinOf` has read, under its first resource's raw properties, with every resource's to check a hit by. */
const joins = new WeakMap<object, { readonly props: readonly unknown[]; readonly join: BucketJoin }>();

/**
 * The buckets and controls of the stack `resources` describe, read once per `analyzeStack` call however many stack
 * policies ask: each S3 stack policy reads the same stack, and reading it (every resource through its adapter, then the
 * index) is most of what a policy costs on a large stack.
 *
 * The SDK hands each policy of one call a new array of new resource objects, so neither is the same for two policies;
 * what is the same is each resource's raw properties, once the SDK's deserialisation is shared
 * (sharedDeserialization.ts; without it, each policy reads the stack again, as before). A request's properties are
 * deserialised into new objects, so a stack read for one call is never taken for another's, and the WeakMap lets it go
 * with them. The memo is found by the first resource's properties and used only if every resource's are the very same
 * objects, in the same order. No policy of the pack writes to properties.
 */
export function joinOf(resources: readonly PolicyResource[]): BucketJoin {
    const props = resources.map((r) => rawProps(r.props));
    const key = props[0];
    const memo = key === undefined ? undefined : joins.get(key);
    if (memo !== undefined && memo.props.length === props.length && memo.props.every((p, i) => p === props[i])) return memo.join;
    const join = new BucketJoin(readStack(stackResources(resources)));
    if (key !== undefined) joins.set(key, { props, join });
    return join;
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
        if (bucket.outside) return [];
        const inline = (bucket.ignoredInline as Partial<Record<Control["kind"], string>>)[kind];
        return [violation(bucket.urn, `${describeBucket(bucket)} ${rule.missing()}${inline ? ` ${inline}` : ""}`)];
    }
    const findings = certain.flatMap(rule.judge);
    if (certain.length === 0) {
        findings.push(unverified(bucket.urn, `Could not verify ${rule.couldNotVerify}: ${possibleTargets(possible)}. ${bucket.pending}`));
    }
    return findings;
}
