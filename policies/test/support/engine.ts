// What the Pulumi engine sends a policy pack, as the pack's tests build it: the shapes of the Analyzer's requests and
// of a `--policy-pack-config` document. The pack's own types, so that its tests need nothing outside policies/.

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** A resource as `analyze` (inputs) or `analyzeStack` (outputs) receives it. */
export interface EngineResource {
    urn: string;
    type: string;
    name: string;
    /** Inputs for `analyze`, outputs for `analyzeStack`; unknowns as the engine's sentinel, secrets as envelopes. */
    properties: Record<string, unknown>;
    parent?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
}

/**
 * A `--policy-pack-config` document: per policy name, its level and config properties, or just a level;
 * `"all"` sets the level of every policy not given one.
 */
export type PolicyConfig = Record<string, { enforcementLevel?: string; [key: string]: unknown } | string>;
