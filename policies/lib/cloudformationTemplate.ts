// CloudFormation templates given to an `aws:cloudformation/stack:Stack` as `templateBody`: parsed (JSON, or YAML with
// the short-form tags) and resolved as far as the template itself determines its values.
//
// Pulumi passes a template to CloudFormation as text: the engine resolves nothing inside it, neither at preview nor at
// `pulumi up`. What the template alone determines is resolved here: literals, parameters with a value in the stack's
// `parameters` or a `Default`, `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::FindInMap`, and references to the
// template's own resources (`Ref`, `Fn::GetAtt`, `${X}` / `${X.Attr}` in `Fn::Sub`). A reference to a resource stands
// for that resource's identity (see `symbol`), which is all the pack needs to join a bucket to its policy and to match
// policy Resources against the bucket's ARN. A pseudo-parameter (AWS::AccountId, AWS::Partition, ...) is never given a
// value either: it stands as a symbol for the one value it has in the stack, so `arn:${AWS::Partition}:s3:::${B}` is
// known to be B's ARN and `arn:aws:iam::${AWS::AccountId}:root` known not to be `*`, while any test of what the value
// is finds nothing equal to it. Everything else (`Fn::If`, `Fn::ImportValue`, parameters without a value, any other
// intrinsic) becomes the engine's unknown sentinel, and the reason is recorded on the resource, so that messages can
// say what could not be resolved.
import { isUnknown, UNKNOWN } from "./unknowns";

/** The resources that deploy a CloudFormation template, with how messages name them. */
export const STACK_TYPES: Readonly<Record<string, string>> = {
    "aws:cloudformation/stack:Stack": "CloudFormation stack",
    "aws-native:cloudformation:Stack": "CloudFormation stack",
    "aws:cloudformation/stackSet:StackSet": "CloudFormation stack set",
};

/** `CloudFormation stack "legacy"`, or undefined when `type` deploys no template. */
export function describeStack(type: string, name: string): string | undefined {
    const kind = STACK_TYPES[type];
    return kind === undefined ? undefined : `${kind} "${name}"`;
}

/**
 * A stack's template body as text: a string, or (aws-native's `templateBody` is `any`) an object, as JSON. Undefined
 * when not given; the unknown sentinel when unknown.
 */
export function templateText(body: unknown): string | undefined {
    if (body === undefined || body === null || body === "") return undefined;
    if (typeof body === "string") return body;
    return JSON.stringify(body);
}

/** A template resource with its properties resolved (unknowns as the engine's sentinel). */
export interface TemplateResource {
    readonly logicalId: string;
    readonly type: string;
    readonly properties: Record<string, unknown>;
    /** What CloudFormation alone can resolve, in this resource's properties: `Fn::If (in PolicyDocument.Statement[0])`. */
    readonly unresolved: readonly string[];
    /** Whether a stack parameter that Pulumi does not know yet (at preview) reaches this resource's properties. */
    readonly pendingPulumi: boolean;
    /** Per top-level property, the logical ids of the template's resources it refers to (its "property dependencies"). */
    readonly dependencies: Readonly<Record<string, readonly string[]>>;
}

export type ParsedTemplate =
    | { readonly kind: "template"; readonly resources: readonly TemplateResource[]; readonly transforms: readonly string[] }
    | { readonly kind: "invalid"; readonly reason: string };

/**
 * A reference to a template resource's value, e.g. `⟨MediaBucket⟩` for `Ref MediaBucket` and `⟨MediaBucket.Arn⟩` for
 * `Fn::GetAtt MediaBucket.Arn`: the same string wherever the template writes the same reference, and never equal to a
 * literal. It holds neither `*` nor `?`, so IAM wildcard matching treats it as an exact value.
 */
export function symbol(logicalId: string, attribute?: string): string {
    return `⟨${logicalId}${attribute === undefined ? "" : `.${attribute}`}⟩`;
}

/** Whether `value` holds a reference made by `symbol`. */
export function isSymbolic(value: unknown): boolean {
    return typeof value === "string" && value.includes("⟨");
}

/** What a `Ref` to a resource of this type returns, when the template sets it: the bucket's `BucketName`. */
const REF_PROPERTY: Record<string, string> = { "AWS::S3::Bucket": "BucketName" };

const NO_VALUE = Symbol("AWS::NoValue");

// The short-form tags of CloudFormation YAML, each for the long form `{ "Fn::<name>": value }` (Ref and Condition
// have no `Fn::`).
const SHORT_FORMS = [
    "Ref",
    "Condition",
    "GetAtt",
    "Sub",
    "Join",
    "If",
    "ImportValue",
    "Select",
    "Split",
    "FindInMap",
    "Base64",
    "GetAZs",
    "Cidr",
    "Equals",
    "And",
    "Or",
    "Not",
    "Transform",
    "Length",
    "ToJsonString",
];

const cache = new Map<string, ParsedTemplate>();

/** The stack's `parameters`: values (the unknown sentinel where Pulumi does not know them yet), or all unknown. */
export type StackParameters = Record<string, unknown> | "unknown";

/**
 * Parses and resolves a template body. `parameters` are the stack's parameter values (strings, or the unknown sentinel
 * at preview). Results are cached by body and parameters: the pack sees each stack in several policies.
 */
export function parseTemplate(body: string, parameters: StackParameters = {}): ParsedTemplate {
    const key = JSON.stringify([body, parameters]);
    let parsed = cache.get(key);
    if (parsed === undefined) {
        parsed = resolveTemplate(body, parameters);
        if (cache.size > 100) cache.clear();
        cache.set(key, parsed);
    }
    return parsed;
}

function resolveTemplate(body: string, parameters: StackParameters): ParsedTemplate {
    let doc: unknown;
    const text = body.trim();
    if (text.startsWith("{")) {
        try {
            doc = JSON.parse(text);
        } catch (error) {
            return { kind: "invalid", reason: `is not valid JSON (${(error as Error).message})` };
        }
    } else {
        const result = parseYaml(text);
        if ("error" in result) return { kind: "invalid", reason: `is not valid YAML (${result.error})` };
        doc = result.value;
    }
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return { kind: "invalid", reason: "is not a template (not a JSON or YAML object)" };
    const template = doc as Record<string, unknown>;
    const resources = template.Resources;
    if (resources === null || typeof resources !== "object" || Array.isArray(resources)) return { kind: "invalid", reason: "has no Resources section" };
    const evaluator = new Evaluator(template, resources as Record<string, unknown>, parameters);
    const transform = template.Transform;
    return {
        kind: "template",
        transforms: (Array.isArray(transform) ? transform : transform === undefined ? [] : [transform]).map((t) =>
            typeof t === "string" ? t : JSON.stringify(t),
        ),
        resources: Object.entries(resources as Record<string, unknown>)
            .filter(([, r]) => r !== null && typeof r === "object")
            .map(([logicalId, r]) => evaluator.resource(logicalId, r as Record<string, unknown>)),
    };
}

/** YAML, loaded only when a YAML template is found (the pack's start-up must not pay for it). */
function parseYaml(text: string): { value: unknown } | { error: string } {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const yaml = require("yaml") as typeof import("yaml");
    const longForm = (name: string) => (name === "Ref" || name === "Condition" ? name : `Fn::${name}`);
    type Collection = import("yaml").YAMLMap.Parsed | import("yaml").YAMLSeq.Parsed;
    const customTags: import("yaml").Tags = SHORT_FORMS.flatMap((name) => [
        { tag: `!${name}`, resolve: (value: string) => ({ [longForm(name)]: name === "GetAtt" ? value.split(".") : value }) },
        { tag: `!${name}`, collection: "seq" as const, resolve: (seq: Collection) => ({ [longForm(name)]: seq.toJSON() }) },
        { tag: `!${name}`, collection: "map" as const, resolve: (map: Collection) => ({ [longForm(name)]: map.toJSON() }) },
    ]);
    try {
        const doc = yaml.parseDocument(text, { customTags, uniqueKeys: false });
        if (doc.errors.length > 0) return { error: doc.errors[0].message.split("\n")[0] };
        return { value: doc.toJS({ maxAliasCount: 1000 }) };
    } catch (error) {
        return { error: (error as Error).message.split("\n")[0] };
    }
}

class Evaluator {
    private unresolved: string[] = [];
    private pendingPulumi = false;
    private dependencies: Record<string, Set<string>> = {};
    private property = "";
    private readonly refs = new Map<string, unknown>();
    private readonly resolving = new Set<string>();

    constructor(
        private readonly template: Record<string, unknown>,
        private readonly resources: Record<string, unknown>,
        private readonly stackParameters: StackParameters,
    ) {}

    resource(logicalId: string, raw: Record<string, unknown>): TemplateResource {
        this.unresolved = [];
        this.pendingPulumi = false;
        this.dependencies = {};
        const props = raw.Properties;
        const properties: Record<string, unknown> = {};
        if (props !== null && typeof props === "object" && !Array.isArray(props)) {
            for (const [key, value] of Object.entries(props as Record<string, unknown>)) {
                this.property = key;
                const resolved = this.resolve(value, key);
                if (resolved !== NO_VALUE) properties[key] = resolved;
            }
        }
        return {
            logicalId,
            type: typeof raw.Type === "string" ? raw.Type : "",
            properties,
            unresolved: [...new Set(this.unresolved)],
            pendingPulumi: this.pendingPulumi,
            dependencies: Object.fromEntries(Object.entries(this.dependencies).map(([k, v]) => [k, [...v]])),
        };
    }

    /** Records every template resource that `raw` (unresolved) refers to. */
    private referencesIn(raw: unknown): void {
        if (Array.isArray(raw)) return raw.forEach((v) => this.referencesIn(v));
        if (raw === null || typeof raw !== "object") return;
        for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
            if (key === "Ref" && typeof value === "string" && value in this.resources) this.dependOn(value);
            else if (key === "Fn::GetAtt") {
                const id = Array.isArray(value) ? String(value[0]) : String(value).split(".")[0];
                if (id in this.resources) this.dependOn(id);
            } else if (key === "Fn::Sub") {
                const text = Array.isArray(value) ? value[0] : value;
                for (const m of String(text).matchAll(/\$\{([^}.!]*)[^}]*\}/g)) if (m[1] in this.resources) this.dependOn(m[1]);
                if (Array.isArray(value)) this.referencesIn(value[1]);
            } else this.referencesIn(value);
        }
    }

    private dependOn(logicalId: string): void {
        (this.dependencies[this.property] ??= new Set()).add(logicalId);
    }

    private never(what: string, path: string): string {
        this.unresolved.push(path === "" ? what : `${what} (in ${path})`);
        return UNKNOWN;
    }

    private resolve(value: unknown, path: string): unknown {
        if (Array.isArray(value)) {
            return value.map((v, i) => this.resolve(v, `${path}[${i}]`)).filter((v) => v !== NO_VALUE);
        }
        // A value Pulumi does not know yet, inside a template given as an object (aws-native's templateBody).
        if (isUnknown(value)) this.pendingPulumi = true;
        if (value === null || typeof value !== "object") return value;
        const entries = Object.entries(value as Record<string, unknown>);
        if (entries.length === 1) {
            const [fn, arg] = entries[0];
            if (fn === "Ref" || fn.startsWith("Fn::")) return this.intrinsic(fn, arg, path);
        }
        const out: Record<string, unknown> = {};
        for (const [k, v] of entries) {
            const resolved = this.resolve(v, path === "" ? k : `${path}.${k}`);
            if (resolved !== NO_VALUE) out[k] = resolved;
        }
        return out;
    }

    private intrinsic(fn: string, arg: unknown, path: string): unknown {
        switch (fn) {
            case "Ref":
                return typeof arg === "string" ? this.ref(arg, path) : this.never("a Ref that is not a name", path);
            case "Fn::GetAtt": {
                const [id, ...attribute] = Array.isArray(arg) ? arg.map(String) : typeof arg === "string" ? arg.split(".") : [];
                if (id === undefined || attribute.length === 0) return this.never("a malformed Fn::GetAtt", path);
                if (!(id in this.resources)) return this.never(`Fn::GetAtt of ${id}, which the template does not declare`, path);
                this.dependOn(id);
                return symbol(id, attribute.join("."));
            }
            case "Fn::Sub":
                return this.sub(arg, path);
            case "Fn::Join": {
                if (!Array.isArray(arg) || arg.length !== 2) return this.never("a malformed Fn::Join", path);
                const delimiter = this.resolve(arg[0], path);
                const list = this.resolve(arg[1], path);
                if (typeof delimiter !== "string" || !Array.isArray(list) || !list.every((v) => typeof v === "string" && v !== UNKNOWN)) return UNKNOWN;
                return list.join(delimiter);
            }
            case "Fn::Select": {
                if (!Array.isArray(arg) || arg.length !== 2) return this.never("a malformed Fn::Select", path);
                const index = Number(this.resolve(arg[0], path));
                const list = this.resolve(arg[1], path);
                if (!Array.isArray(list) || !Number.isInteger(index)) return UNKNOWN;
                return index >= 0 && index < list.length ? list[index] : this.never("an Fn::Select out of range", path);
            }
            case "Fn::Split": {
                if (!Array.isArray(arg) || arg.length !== 2) return this.never("a malformed Fn::Split", path);
                const delimiter = this.resolve(arg[0], path);
                const text = this.resolve(arg[1], path);
                if (typeof delimiter !== "string" || typeof text !== "string" || text === UNKNOWN) return UNKNOWN;
                return text.split(delimiter);
            }
            case "Fn::FindInMap": {
                if (!Array.isArray(arg) || arg.length < 3) return this.never("a malformed Fn::FindInMap", path);
                const keys = arg.slice(0, 3).map((k) => this.resolve(k, path));
                if (!keys.every((k) => typeof k === "string" && k !== UNKNOWN)) return UNKNOWN;
                const mappings = (this.template.Mappings ?? {}) as Record<string, any>;
                const found = mappings?.[keys[0] as string]?.[keys[1] as string]?.[keys[2] as string];
                return found === undefined
                    ? this.never(`Fn::FindInMap of ${keys.join(".")}, which the template's Mappings lack`, path)
                    : this.resolve(found, path);
            }
            default:
                // Fn::If, Fn::ImportValue, Fn::Base64, Fn::GetAZs, Fn::Cidr, Fn::Transform, ...: decided by CloudFormation.
                // The value is unknown, but which resources it may refer to is not.
                this.referencesIn(arg);
                return this.never(fn, path);
        }
    }

    /** `Ref` to a parameter, a pseudo-parameter or a resource of the template. */
    private ref(name: string, path: string): unknown {
        if (name === "AWS::NoValue") return NO_VALUE;
        if (name.startsWith("AWS::")) return symbol(name);
        const parameters = (this.template.Parameters ?? {}) as Record<string, Record<string, unknown> | undefined>;
        if (parameters[name] !== undefined) {
            const given = this.stackParameters === "unknown" ? UNKNOWN : this.stackParameters[name];
            const list = typeof parameters[name]?.Type === "string" && /List/.test(parameters[name]!.Type as string);
            const value = given !== undefined ? given : parameters[name]?.Default;
            if (value === UNKNOWN) {
                this.pendingPulumi = true;
                return UNKNOWN;
            }
            if (value === undefined) return this.never(`the parameter ${name}, which has no Default and no value in the stack's parameters`, path);
            return list && typeof value === "string" ? value.split(",") : value;
        }
        if (name in this.resources) return this.resourceRef(name, path);
        return this.never(`Ref to ${name}, which the template does not declare`, path);
    }

    /** The value of `Ref <resource>`: a set name (a bucket's `BucketName`) when literal, else the resource's symbol. */
    private resourceRef(logicalId: string, path: string): unknown {
        this.dependOn(logicalId);
        if (this.refs.has(logicalId)) return this.refs.get(logicalId);
        const raw = this.resources[logicalId] as Record<string, any> | null;
        const property = REF_PROPERTY[raw?.Type];
        let value: unknown = symbol(logicalId);
        if (property !== undefined && raw?.Properties?.[property] !== undefined && !this.resolving.has(logicalId)) {
            // Resolved on its own: what makes the name unknown belongs to the named resource, not to the one naming it.
            this.resolving.add(logicalId);
            const saved = [this.unresolved, this.pendingPulumi, this.dependencies] as const;
            const name = this.resolve(raw.Properties[property], path);
            [this.unresolved, this.pendingPulumi, this.dependencies] = [saved[0], saved[1], saved[2]];
            this.resolving.delete(logicalId);
            // A name computed from pseudo-parameters stays that expression; one the template cannot resolve is still
            // this resource's own name: keep the symbol.
            if (typeof name === "string" && name !== UNKNOWN) value = name;
        }
        this.refs.set(logicalId, value);
        return value;
    }

    private sub(arg: unknown, path: string): unknown {
        const [text, vars] = Array.isArray(arg) ? [arg[0], arg[1] ?? {}] : [arg, {}];
        if (typeof text !== "string" || vars === null || typeof vars !== "object") return this.never("a malformed Fn::Sub", path);
        let unknown = false;
        const out = text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
            if (name.startsWith("!")) return `\${${name.slice(1)}}`;
            let value: unknown;
            if (name in (vars as Record<string, unknown>)) value = this.resolve((vars as Record<string, unknown>)[name], path);
            else if (name.includes(".") && !name.startsWith("AWS::")) {
                const [id, ...attribute] = name.split(".");
                if (id in this.resources) this.dependOn(id);
                value = id in this.resources ? symbol(id, attribute.join(".")) : this.never(`\${${name}}, which the template does not declare`, path);
            } else value = this.ref(name, path);
            if (typeof value !== "string" || value === UNKNOWN) {
                unknown = true;
                return whole;
            }
            return value;
        });
        return unknown ? UNKNOWN : out;
    }
}
