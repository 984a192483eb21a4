// Audit scans of discovered cloud accounts: a bucket as the provider reads it back from AWS, judged on its own.
//
// What the engine sends (docs/policy-pack.md, "Audit and `pulumi policy analyze`", has the sources):
// - `pulumi preview`/`up`: `Analyze` with each resource's inputs, then `AnalyzeStack` with every resource's outputs.
// - `pulumi policy analyze`: the same two calls over the stack's state, without running the program
//   (pulumi/pulumi pkg/resource/deploy/analyze_snapshot.go: `Analyze` gets `res.Inputs`, `AnalyzeStack` gets `res.Outputs`).
// - audit policy groups over discovered cloud accounts: resource policies only, each resource as Discovery read it;
//   stack policies do not run there, so a bucket is never joined to its separate encryption, policy or logging resources.
//
// In the last case the bucket itself is all there is, and the aws provider reads into it what AWS holds: its default
// encryption (`serverSideEncryptionConfiguration`, v7; `serverSideEncryptionConfigurations`, the v6 BucketV2), its
// bucket policy (`policy`) and its logging (`logging`; `loggings`), deprecated as arguments but still read back. So an
// aws bucket that arrives in `Analyze` with its outputs (it carries its `arn`, an output no program can set) is judged
// by the S3 policies at resource level: its read-back controls become the bucket's only controls, and the policy's own
// stack check runs over that one-bucket stack. Its public access block is not part of a bucket's state, so the
// public-access-block policies cannot verify it there and say so (an advisory).
//
// In `Analyze` calls with inputs (every deployment, `pulumi policy analyze`) no bucket carries an `arn`, and nothing
// here applies. If one run sends a bucket's outputs to `Analyze` and also calls `AnalyzeStack`, the bucket was judged
// on what AWS holds: its stack-level findings of the same policy are dropped (`judgedAtResourceLevel`).
import type { PolicyResource } from "@pulumi/policy";

import { INLINE_ARGUMENTS } from "./bucketInputs";
import { BUCKET_POLICY_TYPES, ENCRYPTION_TYPES, LOGGING_TYPES } from "./providers/aws";
import { isUnknown } from "./unknowns";

/** Whether `props` of a resource of `type` are an aws bucket's outputs (read back from AWS) rather than its inputs. */
export function isReadBackBucket(type: string, props: Record<string, unknown>): boolean {
    if (INLINE_ARGUMENTS[type] === undefined) return false;
    const arn = props.arn;
    return typeof arn === "string" && !isUnknown(arn) && arn.startsWith("arn:");
}

/** The read-back bucket and, as separate resources targeting it, the controls AWS holds for it. */
export function readBackStack(bucket: { urn: string; type: string; name: string; props: Record<string, unknown> }): PolicyResource[] {
    const p = bucket.props;
    const inline = INLINE_ARGUMENTS[bucket.type];
    const name = typeof p.bucket === "string" ? p.bucket : undefined;
    const resources: PolicyResource[] = [resource(bucket.urn, bucket.type, bucket.name, p)];
    const control = (kind: string, type: string, props: Record<string, unknown>) =>
        resources.push(resource(`${bucket.urn}$read-back:${kind}`, type, `${bucket.name} (as read back)`, { bucket: name, ...props }));
    const rules = encryptionRules(p[inline.encryption]);
    if (rules !== undefined) control("encryption", ENCRYPTION_TYPES[0], { rules });
    const policy = p[inline.policy];
    if (typeof policy === "string" && policy.trim() !== "") control("policy", BUCKET_POLICY_TYPES[0], { policy });
    // v7's `logging` is one block, v6's `loggings` a list of them.
    const loggings = p[inline.logging];
    const logging = Array.isArray(loggings) ? loggings[0] : loggings;
    const target = logging !== null && typeof logging === "object" ? (logging as Record<string, unknown>).targetBucket : undefined;
    if (typeof target === "string" && target !== "") control("logging", LOGGING_TYPES[0], { targetBucket: target });
    return resources;
}

/** The rules of a read-back encryption configuration: v7's `{ rule }`, v6's `[{ rules: [...] }]`. */
function encryptionRules(config: unknown): unknown[] | undefined {
    if (Array.isArray(config)) {
        const rules = config.flatMap((c) =>
            c !== null && typeof c === "object" && Array.isArray((c as Record<string, unknown>).rules) ? (c as { rules: unknown[] }).rules : [],
        );
        return rules.length > 0 ? rules : undefined;
    }
    if (config === null || typeof config !== "object") return undefined;
    const c = config as Record<string, unknown>;
    if (Array.isArray(c.rules)) return c.rules;
    return c.rule !== undefined && c.rule !== null ? [c.rule] : undefined;
}

function resource(urn: string, type: string, name: string, props: Record<string, unknown>): PolicyResource {
    return { urn, type, name, props, opts: {} as PolicyResource["opts"], dependencies: [], propertyDependencies: {} } as unknown as PolicyResource;
}

/** `<policy> <urn>` of each bucket judged at resource level in this process (see the header). */
const judged = new Set<string>();

export function markJudgedAtResourceLevel(policy: string, urn: string): void {
    judged.add(`${policy} ${urn}`);
}

export function judgedAtResourceLevel(policy: string, urn: string | undefined): boolean {
    return urn !== undefined && judged.has(`${policy} ${urn}`);
}

/** Forgets every bucket judged, as a new pack process would: for harnesses that run several deployments in one process. */
export function forgetReadBack(): void {
    judged.clear();
}
