// Reads a stack, whichever providers and tools declare its buckets and keys, into the model the policies judge: each
// resource is read by the one adapter that claims its type (ADAPTERS); resources of other types declare nothing here.
import { Control, ModelBucket, ModelKey } from "../model";
import { awsAdapter } from "./aws";
import { awsNativeAdapter } from "./awsNative";
import { cloudFormationAdapter } from "./cloudformation";
import { ProviderAdapter, StackResource } from "./common";

export { stackResources } from "./common";
export type { ProviderAdapter, StackResource } from "./common";

/** Every provider the pack reads. To support another, write its adapter (see ProviderAdapter) and list it here. */
export const ADAPTERS: readonly ProviderAdapter[] = [awsAdapter, awsNativeAdapter, cloudFormationAdapter];

const BY_TYPE: ReadonlyMap<string, ProviderAdapter> = adaptersByType(ADAPTERS);

/** The adapter of each claimed type; throws if two adapters claim the same type. */
export function adaptersByType(adapters: readonly ProviderAdapter[]): Map<string, ProviderAdapter> {
    const byType = new Map<string, ProviderAdapter>();
    for (const adapter of adapters) {
        for (const type of adapter.types) {
            const other = byType.get(type);
            if (other !== undefined) throw new Error(`${type} is claimed by the ${other.provider} and the ${adapter.provider} adapters`);
            byType.set(type, adapter);
        }
    }
    return byType;
}

/** The adapter that reads resources of `type`, if any. */
export function adapterOf(type: string): ProviderAdapter | undefined {
    return BY_TYPE.get(type);
}

export interface StackModel {
    readonly buckets: readonly ModelBucket[];
    /** Controls that are resources of their own, joined to buckets by name and by dependency. */
    readonly controls: readonly Control[];
}

export function readStack(resources: readonly StackResource[]): StackModel {
    const buckets: ModelBucket[] = [];
    const controls: Control[] = [];
    for (const r of resources) {
        const adapter = adapterOf(r.type);
        if (adapter === undefined) continue;
        buckets.push(...adapter.buckets(r));
        controls.push(...adapter.controls(r));
    }
    return { buckets, controls };
}

/** The keys (and key policies) a resource declares: none, one, or a template's. */
export function keysOf(r: StackResource): ModelKey[] {
    return adapterOf(r.type)?.keys(r) ?? [];
}
