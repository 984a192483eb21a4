// Runs the pack's policies in this process the way @pulumi/policy's server does (server.js): properties go through the
// SDK's own deserialisation (secrets unwrapped) and unknown-checking proxy, stack policies get parents and property
// dependencies as resource objects, levels come from the config or the policy's default. Messages are returned
// without the policy description the server prefixes, so tests read what each policy says.
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

import { forgetBucketInputs } from "../../lib/bucketInputs";
import { forgetReadBack } from "../../lib/readBack";
import { policies } from "../../pack";
import type { EnforcementLevel, EngineResource, PolicyConfig } from "./engine";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's internals, untyped
const sdk = require("@pulumi/policy") as { unknownCheckingProxy(v: object): any; UnknownValueError: new (...a: any[]) => Error };
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's internals, untyped
const { deserializeProperties } = require("@pulumi/policy/deserialize") as {
    deserializeProperties(s: unknown, proxySecrets: boolean): Record<string, unknown>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's internals, untyped
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as { Struct: { fromJavaScript(v: object): unknown } };

export interface Diagnostic {
    readonly policy: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly urn?: string;
    readonly message: string;
}

function propsOf(r: EngineResource): Record<string, unknown> {
    const clean = JSON.parse(JSON.stringify(r.properties));
    return sdk.unknownCheckingProxy(deserializeProperties(Struct.fromJavaScript(clean), false));
}

function levelOf(policy: { name: string; enforcementLevel?: EnforcementLevel }, config: PolicyConfig): EnforcementLevel {
    const own = config[policy.name];
    const all = config.all;
    const pick = (v: PolicyConfig[string] | undefined) => (typeof v === "string" ? v : v?.enforcementLevel);
    return (pick(own) ?? pick(all) ?? policy.enforcementLevel ?? "advisory") as EnforcementLevel;
}

function configOf(name: string, config: PolicyConfig): any {
    const own = config[name];
    if (own === undefined || typeof own === "string") return {};
    const { enforcementLevel: _, ...rest } = own;
    return rest;
}

function reporter(policy: { name: string; description: string }, level: EnforcementLevel, out: Diagnostic[], defaultUrn?: string) {
    const effective: EnforcementLevel = level === "remediate" ? "mandatory" : level;
    return (message: any, urn?: string) => {
        if (typeof message === "object") {
            const text: string = message.message;
            const prefix = `${policy.description}\n`;
            out.push({
                policy: policy.name,
                enforcementLevel: message.enforcementLevel ?? effective,
                urn: message.urn ?? defaultUrn,
                message: text.startsWith(prefix) ? text.slice(prefix.length) : text,
            });
        } else {
            out.push({ policy: policy.name, enforcementLevel: effective, urn: urn ?? defaultUrn, message });
        }
    };
}

/**
 * What the stack policies report for `resources` (their outputs, as `analyzeStack` gets them). This ends the run: what
 * `analyze` saw of the buckets' inputs is forgotten afterwards, as the engine's next run starts a new pack process.
 */
export function analyzeStack(resources: readonly EngineResource[], config: PolicyConfig = {}): Diagnostic[] {
    try {
        return judgeStack(resources, config);
    } finally {
        forgetBucketInputs();
        forgetReadBack();
    }
}

function judgeStack(resources: readonly EngineResource[], config: PolicyConfig): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const policy of policies) {
        const level = levelOf(policy, config);
        if (level === "disabled" || !("validateStack" in policy)) continue;
        const stackPolicy = policy as StackValidationPolicy;
        const byUrn = new Map<string, PolicyResource>();
        const converted = resources.map((r) => {
            const resource = {
                type: r.type,
                urn: r.urn,
                name: r.name,
                props: propsOf(r),
                opts: {} as any,
                dependencies: [],
                propertyDependencies: {},
            } as unknown as PolicyResource;
            byUrn.set(r.urn, resource);
            return resource;
        });
        resources.forEach((r, i) => {
            const resource = converted[i] as any;
            if (r.parent && byUrn.has(r.parent)) resource.parent = byUrn.get(r.parent);
            resource.dependencies = (r.dependencies ?? []).map((d) => byUrn.get(d)).filter((d) => d);
            for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
                resource.propertyDependencies[key] = urns.map((d) => byUrn.get(d)).filter((d) => d);
            }
        });
        try {
            stackPolicy.validateStack(
                {
                    resources: converted,
                    getConfig: () => configOf(policy.name, config),
                    stackTags: new Map(),
                    notApplicable: () => {
                        throw new Error("not applicable");
                    },
                } as any,
                reporter(stackPolicy, level, out),
            );
        } catch (error) {
            if (error instanceof sdk.UnknownValueError) throw new Error(`${policy.name} let the SDK skip it: ${error.message}`);
            throw error;
        }
    }
    return out;
}

/** A policy's `notApplicable(reason)` for one resource, as AnalyzeResponse.notApplicable carries it. */
export interface NotApplicable {
    readonly policy: string;
    readonly reason: string;
}

class NotApplicableSignal extends Error {
    constructor(readonly reason: string) {
        super(reason);
    }
}

/** What the resource policies report for one resource (its inputs, as `analyze` gets them). */
export function analyze(resource: EngineResource, config: PolicyConfig = {}): Diagnostic[] {
    return analyzeResource(resource, config).diagnostics;
}

/** `analyze`, with the policies that said they do not apply to the resource, and why. */
export function analyzeResource(resource: EngineResource, config: PolicyConfig = {}): { diagnostics: Diagnostic[]; notApplicable: NotApplicable[] } {
    const out: Diagnostic[] = [];
    const notApplicable: NotApplicable[] = [];
    for (const policy of policies) {
        const level = levelOf(policy, config);
        if (level === "disabled" || !("validateResource" in policy)) continue;
        const resourcePolicy = policy as ResourceValidationPolicy;
        const props = propsOf(resource);
        const validations = Array.isArray(resourcePolicy.validateResource) ? resourcePolicy.validateResource : [resourcePolicy.validateResource!];
        for (const validate of validations) {
            try {
                validate(
                    {
                        type: resource.type,
                        urn: resource.urn,
                        name: resource.name,
                        props,
                        opts: {} as any,
                        stackTags: new Map(),
                        getConfig: () => configOf(policy.name, config),
                        notApplicable: (reason?: string) => {
                            throw new NotApplicableSignal(reason ?? "");
                        },
                    } as any,
                    reporter(resourcePolicy, level, out, resource.urn),
                );
            } catch (error) {
                if (error instanceof NotApplicableSignal) {
                    notApplicable.push({ policy: policy.name, reason: error.reason });
                    continue;
                }
                if (error instanceof sdk.UnknownValueError) throw new Error(`${policy.name} let the SDK skip it: ${error.message}`);
                throw error;
            }
        }
    }
    return { diagnostics: out, notApplicable };
}

/**
 * `analyze` with every resource's inputs, then `analyzeStack` with the outputs (the inputs unless given): what one
 * preview or update reports.
 */
export function analyzeDeployment(inputs: readonly EngineResource[], config: PolicyConfig = {}, outputs: readonly EngineResource[] = inputs): Diagnostic[] {
    forgetBucketInputs();
    return [...inputs.flatMap((r) => analyze(r, config)), ...analyzeStack(outputs, config)];
}
