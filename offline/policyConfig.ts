// A `--policy-pack-config` document, read and checked as the Pulumi CLI reads and checks it, against what the pack itself
// reports (GetAnalyzerInfo: its policies, their default levels and the JSON schema of their config):
// - each entry is a policy name (or `all`) to an enforcement level, or to an object of `enforcementLevel` and config
//   properties; a level is one of advisory, mandatory, remediate, disabled;
// - every policy gets its schema's defaults, then `all`'s level, then its own level and properties;
// - each policy's resulting properties are validated against its schema (`{type: object, properties, required}`), as
//   the CLI validates them with a JSON-schema validator; a value outside it is refused.
// Stricter than the CLI, which passes them on to the pack: a name that is no policy of the pack, and properties given
// to `all`, are refused. Like the CLI, a property the schema does not name is accepted; here it gets a note.
import Ajv, { ErrorObject } from "ajv";

import { closestNames } from "../config/didYouMean";
import type { AnalyzerInfo, EnforcementLevel } from "./policyPackClient";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** One policy's level and config, as the pack is to be configured. */
export interface ResolvedPolicyConfig {
    readonly enforcementLevel: EnforcementLevel;
    readonly properties: Record<string, unknown>;
}

export type PolicyConfigResolution =
    | { readonly ok: true; readonly policies: Record<string, ResolvedPolicyConfig>; readonly notes: string[] }
    | { readonly ok: false; readonly problems: string[]; readonly notes: string[] };

/** The policy config is not one the CLI would accept: every problem names the policy, the key, the value and what is allowed. */
export class PolicyConfigError extends Error {
    constructor(
        readonly problems: readonly string[],
        /** What was accepted but ignored (see PolicyConfigResolution's notes). */
        readonly notes: readonly string[] = [],
    ) {
        super(`the policy pack config is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
}

const ajv = new Ajv({ allErrors: true, strict: false });
const show = (value: unknown) => JSON.stringify(value) ?? String(value);

/** Resolves `config` (a parsed `--policy-pack-config` document) against the pack's own description of its policies. */
export function resolvePolicyConfig(info: AnalyzerInfo, config: unknown): PolicyConfigResolution {
    const problems: string[] = [];
    const notes: string[] = [];
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
        return { ok: false, problems: [`must be a JSON object of policy name to config (got ${show(config)})`], notes };
    }
    const names = info.policies.map((p) => p.name);
    const given = new Map<string, { level?: EnforcementLevel; properties: Record<string, unknown> }>();
    for (const [name, value] of Object.entries(config as Record<string, unknown>)) {
        if (name !== "all" && !names.includes(name)) {
            const close = closestNames(name, names);
            problems.push(
                `${name} is not a policy of ${info.name}: ${close.length > 0 ? `did you mean ${close.join(" or ")}? ` : ""}` +
                    `its policies are ${names.join(", ")}, and all sets the level of every policy (got ${show(value)})`,
            );
            continue;
        }
        const entry = parseEntry(name, value, problems);
        if (entry === undefined) continue;
        if (name === "all" && Object.keys(entry.properties).length > 0) {
            problems.push(
                `all takes only an enforcementLevel: config properties belong to one policy (got ${Object.keys(entry.properties).join(", ")} in ${show(value)})`,
            );
            continue;
        }
        given.set(name, entry);
    }

    const policies: Record<string, ResolvedPolicyConfig> = {};
    for (const policy of info.policies) {
        const schema = policy.configSchema;
        const own = given.get(policy.name);
        const defaults = Object.fromEntries(
            Object.entries(schema?.properties ?? {})
                .filter(([, property]) => property !== null && typeof property === "object" && property.default !== undefined)
                .map(([key, property]) => [key, property.default]),
        );
        const properties = { ...defaults, ...own?.properties };
        const unknownKeys = Object.keys(own?.properties ?? {}).filter((key) => !(key in (schema?.properties ?? {})));
        if (unknownKeys.length > 0) {
            const known = Object.keys(schema?.properties ?? {});
            notes.push(
                `${policy.name}: ${unknownKeys.join(", ")} ${unknownKeys.length === 1 ? "is not a config property" : "are not config properties"} of the policy, ` +
                    `which ignores ${unknownKeys.length === 1 ? "it" : "them"} (as \`pulumi up\` does); ` +
                    (known.length === 0 ? "the policy takes none" : `it takes ${known.join(", ")}${unknownKeys.map((k) => didYouMeanKey(k, known)).join("")}`),
            );
        }
        if (schema !== undefined) problems.push(...schemaProblems(policy.name, schema, properties));
        policies[policy.name] = { enforcementLevel: own?.level ?? given.get("all")?.level ?? policy.enforcementLevel, properties };
    }
    return problems.length > 0 ? { ok: false, problems, notes } : { ok: true, policies, notes };
}

function parseEntry(name: string, value: unknown, problems: string[]): { level?: EnforcementLevel; properties: Record<string, unknown> } | undefined {
    const levels = ENFORCEMENT_LEVELS.join(", ");
    if (typeof value === "string") {
        if (isLevel(value)) return { level: value, properties: {} };
        problems.push(`${name}: the enforcement level must be one of ${levels}${didYouMeanLevel(value)} (got ${show(value)})`);
        return undefined;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        problems.push(`${name} must be an enforcement level (${levels}) or an object of enforcementLevel and config properties (got ${show(value)})`);
        return undefined;
    }
    const { enforcementLevel, ...properties } = value as Record<string, unknown>;
    if (enforcementLevel === undefined) return { properties };
    if (typeof enforcementLevel === "string" && isLevel(enforcementLevel)) return { level: enforcementLevel, properties };
    const hint = typeof enforcementLevel === "string" ? didYouMeanLevel(enforcementLevel) : "";
    problems.push(`${name}: enforcementLevel must be one of ${levels}${hint} (got ${show(enforcementLevel)})`);
    return undefined;
}

const isLevel = (value: string): value is EnforcementLevel => (ENFORCEMENT_LEVELS as readonly string[]).includes(value);

function didYouMeanLevel(level: string): string {
    const close = closestNames(level, ENFORCEMENT_LEVELS);
    return close.length === 0 ? "" : ` (did you mean ${close.join(" or ")}?)`;
}

function didYouMeanKey(name: string, known: readonly string[]): string {
    const close = closestNames(name, known);
    return close.length === 0 ? "" : ` (did you mean ${close.join(" or ")} for ${name}?)`;
}

interface PolicySchema {
    properties: Record<string, any>;
    required: string[];
}

const compiled = new Map<string, ReturnType<typeof ajv.compile>>();

// The CLI's check: the policy's properties as one object schema, validated by a JSON-schema validator.
function schemaProblems(policy: string, schema: PolicySchema, properties: Record<string, unknown>): string[] {
    const objectSchema = {
        type: "object",
        ...(Object.keys(schema.properties).length > 0 ? { properties: schema.properties } : {}),
        ...(schema.required.length > 0 ? { required: schema.required } : {}),
    };
    const key = JSON.stringify(objectSchema);
    const validate = compiled.get(key) ?? compiled.set(key, ajv.compile(objectSchema)).get(key)!;
    if (validate(properties)) return [];
    // One problem per offending value: the validator may report several keywords of the same value.
    const byPath = new Map<string, ErrorObject[]>();
    for (const error of validate.errors ?? []) {
        const path = error.keyword === "required" ? `/${(error.params as { missingProperty: string }).missingProperty}` : error.instancePath;
        byPath.set(path, [...(byPath.get(path) ?? []), error]);
    }
    return [...byPath].map(([pointer, errors]) => {
        const segments = pointer.split("/").slice(1).map(unescapePointer);
        const where = segments.map((s, i) => (i === 0 ? s : /^\d+$/.test(s) ? `[${s}]` : `.${s}`)).join("");
        const propertySchema = schemaAt(schema.properties, segments);
        if (errors.some((e) => e.keyword === "required")) {
            return `${policy}: ${where} is required${propertySchema ? `: ${allowed(propertySchema)}` : ""}`;
        }
        const value = segments.reduce<any>((v, s) => (v === undefined || v === null ? undefined : v[s]), properties);
        const rule = propertySchema ? `must be ${allowed(propertySchema)}` : errors.map((e) => e.message).join(", ");
        return `${policy}: ${where} ${rule} (got ${show(value)})`;
    });
}

const unescapePointer = (segment: string) => segment.replace(/~1/g, "/").replace(/~0/g, "~");

// The schema of the value at `segments` (a property, then array items), if the schema says.
function schemaAt(properties: Record<string, any>, segments: string[]): any {
    let schema: any = properties[segments[0]];
    for (const segment of segments.slice(1)) {
        if (schema === undefined || schema === null) return undefined;
        schema = /^\d+$/.test(segment) && schema.items !== undefined ? schema.items : schema.properties?.[segment];
    }
    return schema;
}

/** What a JSON schema allows, in words: "an integer from 7 to 30", "one of 1.2, 1.3", "a list of at least 1 item, each ...". */
export function allowed(schema: any): string {
    if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v: unknown) => (typeof v === "string" ? v : show(v))).join(", ")}`;
    const type = Array.isArray(schema.type) ? schema.type.join(" or ") : schema.type;
    // `unit` is singular: "1 item", "2 items".
    const counted = (n: unknown, unit: string) => (unit === "" ? `${n}` : `${n} ${unit}${n === 1 ? "" : "s"}`);
    const bounds = (min: unknown, max: unknown, unit: string) =>
        min !== undefined && max !== undefined
            ? ` from ${min} to ${counted(max, unit)}`
            : min !== undefined
              ? ` of at least ${counted(min, unit)}`
              : max !== undefined
                ? ` of at most ${counted(max, unit)}`
                : "";
    switch (type) {
        case "integer":
            return `an integer${bounds(schema.minimum, schema.maximum, "")}`;
        case "number":
            return `a number${bounds(schema.minimum, schema.maximum, "")}`;
        case "string":
            return schema.minLength === 1 && schema.maxLength === undefined
                ? "a non-empty string"
                : `a string${bounds(schema.minLength, schema.maxLength, "character")}`;
        case "boolean":
            return "true or false";
        case "array": {
            const items = schema.items && !Array.isArray(schema.items) ? `, each ${allowed(schema.items)}` : "";
            return `a list${bounds(schema.minItems, schema.maxItems, "item")}${items}`;
        }
        case "object":
            return "an object";
        default:
            return "what the policy's config schema allows";
    }
}
