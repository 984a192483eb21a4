// Reads a stack, whichever providers and tools declare its buckets and keys, into the model the policies judge.
import { Control, ModelBucket, ModelKey } from "../model";
import { awsBucket, awsControl, awsKey, BUCKET_TYPES } from "./aws";
import { NATIVE_BUCKET_TYPE, nativeBucket, nativeControl, nativeKey } from "./awsNative";
import { STACK_TYPES, templateKeys, templateModel } from "./cloudformation";
import { StackResource } from "./common";

export { stackResources } from "./common";
export type { StackResource } from "./common";

export interface StackModel {
    readonly buckets: readonly ModelBucket[];
    /** Controls that are resources of their own, joined to buckets by name and by dependency. */
    readonly controls: readonly Control[];
}

export function readStack(resources: readonly StackResource[]): StackModel {
    const buckets: ModelBucket[] = [];
    const controls: Control[] = [];
    for (const r of resources) {
        if (BUCKET_TYPES.includes(r.type)) buckets.push(awsBucket(r));
        else if (r.type === NATIVE_BUCKET_TYPE) buckets.push(nativeBucket(r));
        else if (STACK_TYPES[r.type] !== undefined) {
            const template = templateModel(r);
            buckets.push(...template.buckets);
            controls.push(...template.controls);
        } else {
            const control = awsControl(r) ?? nativeControl(r);
            if (control) controls.push(control);
        }
    }
    return { buckets, controls };
}

/** The keys (and key policies) a resource declares: none, one, or a template's. */
export function keysOf(r: StackResource): ModelKey[] {
    if (STACK_TYPES[r.type] !== undefined) return templateKeys(r);
    const key = awsKey(r) ?? nativeKey(r);
    return key ? [key] : [];
}
