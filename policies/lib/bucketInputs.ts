// What `analyze` saw of each bucket's inputs, for the stack policies, which only see outputs.
//
// Whether a program set a bucket's deprecated inline arguments can only be told from the bucket's inputs: after
// deployment the provider reports AWS's default encryption, and the policy the bucket really has, in every bucket's
// outputs, inline argument or not. The engine calls `analyze` with each resource's inputs as the program registers it,
// then `analyzeStack` once, with the outputs of every resource registered in that run, from the same pack process
// (pulumi/pulumi pkg/resource/deploy/step_generator.go: `generateSteps` sends `inputs` to every analyzer,
// `AnalyzeResources` sends each registered resource's `Outputs`). So the S3 policies that need the inputs also have
// a `validateResource`, `recordBucketInputs`, that notes which inline arguments each bucket sets; their
// `validateStack` reads the note back by URN. Each of them records, so disabling one does not blind the others; a
// disabled policy runs in neither call. A bucket `analyze` has not seen counts as having no inline argument.
import { ResourceValidationArgs } from "@pulumi/policy";

import { isUnknown, rawProps } from "./unknowns";

/**
 * The inline arguments the pack knows, by bucket type: what the program may have set instead of a separate resource,
 * and where the provider reads back what AWS holds (readBack.ts).
 */
export const INLINE_ARGUMENTS: Readonly<Record<string, { readonly encryption: string; readonly policy: string; readonly logging: string }>> = {
    "aws:s3/bucket:Bucket": { encryption: "serverSideEncryptionConfiguration", policy: "policy", logging: "logging" },
    "aws:s3/bucketV2:BucketV2": { encryption: "serverSideEncryptionConfigurations", policy: "policy", logging: "loggings" },
};

/** The inline arguments a bucket's inputs set, by the property's name; absent when not set. */
export interface InlineArguments {
    readonly encryption?: string;
    readonly policy?: string;
    readonly logging?: string;
}

const seen = new Map<string, InlineArguments>();

/** `validateResource` of the policies that need a bucket's inputs: notes which inline arguments the bucket sets. */
export function recordBucketInputs(args: ResourceValidationArgs): void {
    const names = INLINE_ARGUMENTS[args.type];
    if (names === undefined) return;
    const props = rawProps(args.props);
    seen.set(args.urn, {
        ...(isSet(props[names.encryption]) ? { encryption: names.encryption } : {}),
        ...(isSet(props[names.policy]) ? { policy: names.policy } : {}),
        ...(isSet(props[names.logging]) ? { logging: names.logging } : {}),
    });
}

/** The inline arguments `analyze` saw the bucket set; none when it has not seen the bucket. */
export function inlineArgumentsOf(urn: string): InlineArguments {
    return seen.get(urn) ?? {};
}

/** Forgets every bucket, as a new pack process would: for harnesses that run several deployments in one process. */
export function forgetBucketInputs(): void {
    seen.clear();
}

/** Set by the program: present and not empty. An unknown value (computed at preview) is set. */
function isSet(value: unknown): boolean {
    if (isUnknown(value)) return true;
    if (value === undefined || value === null || value === "") return false;
    return !(Array.isArray(value) && value.length === 0);
}

/**
 * The closing paragraph of a "no encryption configuration" message: empty unless the bucket sets the inline argument,
 * and then says it was found, why it does not count, and how to move it.
 */
export function inlineEncryptionNote(urn: string): string {
    const property = inlineArgumentsOf(urn).encryption;
    if (property === undefined) return "";
    const rules = property === "serverSideEncryptionConfiguration" ? "rules: [<its rule>]" : "rules: <its rules>";
    return (
        ` Its inline ${property} argument was found and ignored: after deployment the provider reports AWS's default ` +
        "AES256 in every bucket's outputs, so it cannot be told apart from none. Move it to an " +
        `aws.s3.BucketServerSideEncryptionConfiguration with bucket: <bucket>.bucket and ${rules}, and remove the inline argument.`
    );
}

/** As `inlineEncryptionNote`, for a "no BucketPolicy" message and the inline policy argument. */
export function inlinePolicyNote(urn: string): string {
    if (inlineArgumentsOf(urn).policy === undefined) return "";
    return " Its inline policy argument was found and ignored: move it to an aws.s3.BucketPolicy with bucket: <bucket>.bucket and remove the inline argument.";
}

/** As `inlineEncryptionNote`, for a "no BucketLogging" message and the inline logging argument. */
export function inlineLoggingNote(urn: string): string {
    const property = inlineArgumentsOf(urn).logging;
    if (property === undefined) return "";
    return ` Its inline ${property} argument was found and ignored: move it to an aws.s3.BucketLogging with bucket: <bucket>.bucket and remove the inline argument.`;
}
