// What the provider adapters share: the stack's resources as the engine sends them, read without the SDK's proxy.
import { PolicyResource } from "@pulumi/policy";

import { Control, EncryptionRule, ModelBucket, ModelKey, Provider, PUBLIC_ACCESS_FLAGS, PublicAccessFlag, Target } from "../model";
import { isUnknown, rawProps } from "../unknowns";

/**
 * How the pack reads one provider's (or tool's) resources into the model the policies judge. Each adapter claims the
 * resource types it reads (no type is claimed twice: see index.ts, ADAPTERS), and for a resource of one of them says
 * what it declares; for a type it claims but that declares none of a kind, the answer is empty. The provider's own
 * property names and fixes travel with what it returns (`ModelBucket.hints`, `label`s, `path`s), for the messages.
 */
export interface ProviderAdapter {
    /** The provider or tool, as `ModelBucket.provider` names it. */
    readonly provider: Provider;
    /** The resource types this adapter reads, e.g. `aws:s3/bucket:Bucket`. */
    readonly types: readonly string[];
    /** The S3 buckets a resource declares, each with the controls declared on the bucket itself (`inline`). */
    buckets(r: StackResource): ModelBucket[];
    /** The controls a resource declares that are resources of their own, joined to buckets by name and by dependency. */
    controls(r: StackResource): Control[];
    /** The KMS keys (and key policies) a resource declares. */
    keys(r: StackResource): ModelKey[];
}

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

/** `BucketPolicy "<resource name>"`: how messages name a resource of the aws provider. */
export function describeType(r: { type: string; name: string }): string {
    return `${r.type.split(":").pop()} "${r.name}"`;
}

/** A known, non-empty string, else undefined. */
export function knownString(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" && !isUnknown(value) ? value : undefined;
}

const PARTITIONS = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

/** The ARNs a bucket named `name` has in each AWS partition. */
export function partitionArns(name: string): string[] {
    return PARTITIONS.map((p) => `arn:${p}:s3:::${name}`);
}

/** A property that may be unknown as a whole: its fields, or the sentinel for each of them. */
export function fieldsOf(value: unknown): (field: string) => unknown {
    if (isUnknown(value)) return () => value;
    const object = (value ?? {}) as Record<string, unknown>;
    return (field) => object[field];
}

/**
 * How a provider whose bucket carries its controls as properties (aws-native, CloudFormation) names them: the same
 * CloudFormation properties, in camelCase or PascalCase.
 */
export interface InlineVocabulary {
    readonly encryption: string;
    readonly rules: string;
    readonly byDefault: string;
    readonly algorithm: string;
    readonly kmsKeyId: string;
    readonly bucketKeyEnabled: string;
    readonly blocked: string;
    readonly blockedList: string;
    readonly publicAccessBlock: string;
    readonly flags: Readonly<Record<PublicAccessFlag, string>>;
    readonly logging: string;
    readonly destination: string;
}

/**
 * The controls a bucket declares on itself. `self` is the bucket as a target (for logs delivered to itself);
 * `loggingDeps` the buckets its logging property depends on.
 */
export function inlineControls(
    props: Record<string, unknown>,
    v: InlineVocabulary,
    base: { readonly urn: string; readonly pending: string; readonly target: Target },
    loggingDeps: readonly string[],
    toBoolean: (value: unknown) => unknown = (value) => value,
): Control[] {
    const controls: Control[] = [];
    const encryption = props[v.encryption];
    if (encryption !== undefined) {
        const rules = fieldsOf(encryption)(v.rules);
        controls.push({
            ...base,
            kind: "encryption",
            label: `the ${v.encryption}`,
            rules: Array.isArray(rules)
                ? rules.map((rule): EncryptionRule | unknown => {
                      if (isUnknown(rule) || rule === null || typeof rule !== "object") return rule;
                      const field = fieldsOf(rule);
                      const defaults = field(v.byDefault);
                      const blocked = field(v.blocked);
                      return {
                          defaults,
                          algorithm: fieldsOf(defaults)(v.algorithm),
                          kmsKeyId: fieldsOf(defaults)(v.kmsKeyId),
                          bucketKeyEnabled: toBoolean(field(v.bucketKeyEnabled)),
                          blockedEncryptionTypes: blocked === undefined ? undefined : fieldsOf(blocked)(v.blockedList),
                      };
                  })
                : rules,
            paths: {
                rules: `${v.encryption}.${v.rules}`,
                algorithm: `${v.byDefault}.${v.algorithm}`,
                kmsKeyId: `${v.byDefault}.${v.kmsKeyId}`,
                bucketKeyEnabled: v.bucketKeyEnabled,
                blockedEncryptionTypes: `${v.blocked}.${v.blockedList}`,
            },
        });
    }
    const block = props[v.publicAccessBlock];
    if (block !== undefined) {
        controls.push({
            ...base,
            kind: "publicAccessBlock",
            label: `the ${v.publicAccessBlock}`,
            flags: Object.fromEntries(PUBLIC_ACCESS_FLAGS.map((f) => [f, toBoolean(fieldsOf(block)(v.flags[f]))])) as Record<PublicAccessFlag, unknown>,
            paths: Object.fromEntries(PUBLIC_ACCESS_FLAGS.map((f) => [f, `${v.publicAccessBlock}.${v.flags[f]}`])) as Record<PublicAccessFlag, string>,
        });
    }
    const logging = props[v.logging];
    if (logging !== undefined) {
        const destination = fieldsOf(logging)(v.destination);
        controls.push({
            ...base,
            kind: "logging",
            label: `the ${v.logging}`,
            // Without a destination, S3 delivers the logs to the bucket itself.
            destination: destination === undefined ? base.target : { value: destination, deps: loggingDeps },
        });
    }
    return controls;
}

/** `resourceHint` of a bucket whose ARN may be known (after creation). */
export function arnHint(arn: string | undefined): readonly [string, string] {
    const shown = arn ?? "<bucket ARN>";
    return [JSON.stringify(shown), JSON.stringify(`${shown}/*`)];
}
