// CloudFormation through Pulumi: the buckets, bucket policies and keys that a CloudFormation stack's (STACK_TYPES)
// `templateBody` declares, judged by the same rules and reported on the stack's URN, naming the logical id. Controls
// are joined inside the template, by `Ref`, `Fn::GetAtt` and `Fn::Sub` (see ../cloudformationTemplate.ts).
import { isUnknown, UNKNOWN } from "../unknowns";
import { Control, ModelBucket, ModelKey, Target } from "../model";
import { JUDGED_AT_UPDATE, listed } from "../report";
import {
    clip,
    describeStack,
    isSymbolic,
    parseTemplate,
    READ_BOUNDS,
    STACK_TYPES,
    stackParameters,
    symbol,
    templateText,
    TemplateResource,
} from "../cloudformationTemplate";
import { InlineVocabulary, inlineControls, partitionArns, ProviderAdapter, StackResource } from "./common";
import { tagList } from "./awsNative";

const VOCABULARY: InlineVocabulary = {
    encryption: "BucketEncryption",
    rules: "ServerSideEncryptionConfiguration",
    byDefault: "ServerSideEncryptionByDefault",
    algorithm: "SSEAlgorithm",
    kmsKeyId: "KMSMasterKeyID",
    bucketKeyEnabled: "BucketKeyEnabled",
    blocked: "BlockedEncryptionTypes",
    blockedList: "EncryptionType",
    publicAccessBlock: "PublicAccessBlockConfiguration",
    flags: {
        blockPublicAcls: "BlockPublicAcls",
        blockPublicPolicy: "BlockPublicPolicy",
        ignorePublicAcls: "IgnorePublicAcls",
        restrictPublicBuckets: "RestrictPublicBuckets",
    },
    logging: "LoggingConfiguration",
    destination: "DestinationBucketName",
};

/** The template's resources, or undefined when the stack has no inline template the pack can read. */
export function templateResources(stack: StackResource): readonly TemplateResource[] | undefined {
    const body = templateText(stack.props.templateBody);
    if (body === undefined || isUnknown(body) || body.trim() === "") return undefined;
    const parsed = parseTemplate(body, stackParameters(stack.props.parameters), typeof stack.props.templateBody === "string" ? "text" : "object");
    return parsed.kind === "template" ? parsed.resources : undefined;
}

/** Each stack's template, parsed once for its buckets and its bucket policies (the adapter reads both). */
const parsed = new WeakMap<StackResource, readonly TemplateResource[]>();

function resourcesOf(stack: StackResource): readonly TemplateResource[] {
    let resources = parsed.get(stack);
    if (resources === undefined) {
        resources = templateResources(stack) ?? [];
        parsed.set(stack, resources);
    }
    return resources;
}

/** CloudFormation takes "true"/"false" strings for booleans as well. */
function cfnBoolean(value: unknown): unknown {
    return value === "true" ? true : value === "false" ? false : value;
}

/** `in CloudFormation stack "legacy"`. */
export function inStack(stack: StackResource): string {
    return `in ${describeStack(stack.type, stack.name)}`;
}

/**
 * How an "unverified" message ends for a template resource: what the engine never resolves, what the pack did not
 * read, and what to do. Each list names at most NAMED_ENTRIES entries: every finding about the resource ends so.
 */
export function templatePending(r: TemplateResource): string {
    const sentences: string[] = [];
    if (r.unresolved.length > 0) {
        sentences.push(
            `Inside the template, ${listed(r.unresolved)} ${r.unresolved.length > 1 ? "are" : "is"} resolved by CloudFormation alone: Pulumi passes the ` +
                "template through unresolved, so the pack cannot verify this, at preview or at pulumi up. Write the value into the " +
                "template, or pass it through the stack's parameters.",
        );
    }
    if (r.unread.length > 0) {
        sentences.push(
            `Inside the template, the pack does not read ${listed(r.unread)}, so it cannot verify this: ${READ_BOUNDS}. Write the value out plainly.`,
        );
    }
    if (sentences.length > 0) return sentences.join(" ");
    if (r.pendingPulumi) return JUDGED_AT_UPDATE;
    return (
        "CloudFormation names the bucket when it creates it, and Pulumi passes the template through unresolved, so the pack " +
        "cannot match other names against it: refer to the bucket with Ref and Fn::GetAtt."
    );
}

const keyOf = (stack: StackResource, logicalId: string) => `${stack.urn}#${logicalId}`;

function targetOf(stack: StackResource, r: TemplateResource, property: string): Target {
    return {
        value: r.properties[property] ?? (r.dependencies[property] ? UNKNOWN : undefined),
        deps: (r.dependencies[property] ?? []).map((id) => keyOf(stack, id)),
    };
}

export function templateBucket(stack: StackResource, r: TemplateResource): ModelBucket {
    // What `Ref` to the bucket resolves to: its literal BucketName, or the bucket's symbol.
    const given = r.properties.BucketName;
    const name = typeof given === "string" && !isUnknown(given) ? given : symbol(r.logicalId);
    const symbolicName = isSymbolic(name);
    const pending = templatePending(r);
    const key = keyOf(stack, r.logicalId);
    const self: Target = { value: name, deps: [key] };
    // Logical ids and names are clipped in labels (CloudFormation allows 255 characters, S3 63): every finding repeats it.
    const label = `AWS::S3::Bucket "${clip(r.logicalId)}" (${symbolicName ? (given === undefined ? "name generated by CloudFormation" : "name computed by CloudFormation") : clip(name)}) ${inStack(stack)}`;
    const loggingDeps = (r.dependencies.LoggingConfiguration ?? []).map((id) => keyOf(stack, id));
    const inline = inlineControls(r.properties, VOCABULARY, { urn: stack.urn, pending, target: self }, loggingDeps, cfnBoolean);
    return {
        key,
        urn: stack.urn,
        provider: "cloudformation",
        label,
        name,
        // `Fn::GetAtt B.Arn`, and ARNs written with `${AWS::Partition}` or a literal partition.
        arns: [symbol(r.logicalId, "Arn"), `arn:${symbol("AWS::Partition")}:s3:::${name}`, ...partitionArns(name)],
        symbolicName,
        tagSets: [tagList(r.properties.Tags, "Key", "Value")],
        pending,
        inline,
        ignoredInline: {},
        resourceHint: [JSON.stringify({ "Fn::GetAtt": [r.logicalId, "Arn"] }), JSON.stringify({ "Fn::Sub": `\${${r.logicalId}.Arn}/*` })],
        hints: {
            noEncryption: (allowed) =>
                `sets no BucketEncryption: set BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm to one of ${allowed.join(", ")}.`,
            noPolicy: (statement) =>
                `has no AWS::S3::BucketPolicy in the template targeting it: add one with Bucket: !Ref ${r.logicalId} and a PolicyDocument holding the statement ${statement}.`,
            noPublicAccessBlock: () => `sets no PublicAccessBlockConfiguration: set it with ${Object.values(VOCABULARY.flags).join(", ")} all true.`,
            noLogging: () => "sets no LoggingConfiguration: set LoggingConfiguration.DestinationBucketName to the bucket that receives its logs.",
        },
    };
}

/** The template's buckets (AWS::S3::Bucket). */
export function templateBuckets(stack: StackResource): ModelBucket[] {
    return resourcesOf(stack)
        .filter((r) => r.type === "AWS::S3::Bucket")
        .map((r) => templateBucket(stack, r));
}

/** The template's bucket policies (AWS::S3::BucketPolicy). */
export function templatePolicies(stack: StackResource): Control[] {
    return resourcesOf(stack)
        .filter((r) => r.type === "AWS::S3::BucketPolicy")
        .map((r) => ({
            kind: "policy",
            urn: stack.urn,
            pending: templatePending(r),
            label: `AWS::S3::BucketPolicy "${clip(r.logicalId)}"`,
            target: targetOf(stack, r, "Bucket"),
            // Under a condition only CloudFormation decides, the policy may not exist: it may count, but not with certainty.
            document: r.undecidedCondition === undefined ? r.properties.PolicyDocument : UNKNOWN,
            path: "PolicyDocument",
        }));
}

/** The template's keys (AWS::KMS::Key, AWS::KMS::ReplicaKey). */
export function templateKeys(stack: StackResource): ModelKey[] {
    return resourcesOf(stack)
        .filter((r) => r.type === "AWS::KMS::Key" || r.type === "AWS::KMS::ReplicaKey")
        .map((r) => {
            const p = r.properties;
            return {
                urn: stack.urn,
                pending: templatePending(r),
                label: `${r.type} "${clip(r.logicalId)}" ${inStack(stack)}`,
                policy: p.KeyPolicy === undefined ? undefined : { document: p.KeyPolicy, path: "KeyPolicy" },
                deletionWindow: { days: p.PendingWindowInDays, path: "PendingWindowInDays" },
                rotation:
                    r.type === "AWS::KMS::Key"
                        ? {
                              enabled: cfnBoolean(p.EnableKeyRotation),
                              path: "EnableKeyRotation",
                              applicability: [
                                  { path: "KeySpec", value: p.KeySpec, canRotate: (v) => (v ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT" },
                                  { path: "KeyUsage", value: p.KeyUsage, canRotate: (v) => (v ?? "ENCRYPT_DECRYPT") === "ENCRYPT_DECRYPT" },
                                  { path: "Origin", value: p.Origin, canRotate: (v) => (v ?? "AWS_KMS") === "AWS_KMS" },
                              ],
                          }
                        : undefined,
            };
        });
}

/** CloudFormation's adapter: a stack's (or stack set's) inline template, its buckets, bucket policies and keys. */
export const cloudFormationAdapter: ProviderAdapter = {
    provider: "cloudformation",
    types: Object.keys(STACK_TYPES),
    buckets: templateBuckets,
    controls: templatePolicies,
    keys: templateKeys,
};
