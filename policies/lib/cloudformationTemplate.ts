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
// is finds nothing equal to it. A resource's `Condition`, and `Fn::If`, follow the conditions the template decides
// (`Fn::Equals` of resolved values, `Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`). Everything else (`Fn::If` on a
// condition only CloudFormation decides, `Fn::ImportValue`, parameters without a value, any other intrinsic) becomes
// the engine's unknown sentinel, and the reason is recorded on the resource, so that messages can say what could not
// be resolved.
//
// Whatever the template, reading it takes bounded time and memory (issue 18): a body over CloudFormation's own limit
// is not read at all (MAX_TEMPLATE_BYTES); YAML aliases may repeat values MAX_STEPS times in all, and never the node
// that holds them; values are followed MAX_DEPTH levels deep and MAX_STEPS values per template; cycles through
// Mappings and through the names of resources are cut where they close; `${...}` in `Fn::Sub` is found in one pass, with
// no regular expression; and at most CACHE_ENTRIES parsed templates are kept. What a bound cuts off is unresolved, like
// any value only CloudFormation knows (see Evaluator.never): the policies that need it report that they could not
// verify it, naming what and where, so nothing the pack does not read passes in silence.
import { createHash } from "crypto";

import { isUnknown, literalText, UNKNOWN } from "./unknowns";

/** CloudFormation's limit on a template body (CreateStack's and CreateStackSet's `TemplateBody`), in bytes. */
export const MAX_TEMPLATE_BYTES = 51_200;

/**
 * How many levels deep a value is followed, counting every object, list and intrinsic function argument from the
 * resource's property (real templates nest a policy document some ten levels deep).
 */
export const MAX_DEPTH = 100;

/**
 * How many values the pack resolves in one template: more than a 51,200-byte template holds many times over, unless
 * YAML aliases or `Fn::FindInMap` multiply it. What is left past it is unresolved.
 */
export const MAX_STEPS = 250_000;

/** How many parsed templates are kept (see parseTemplate). */
const CACHE_ENTRIES = 8;

/** How long a reason for an unresolved value may be: it quotes names and paths from the template. */
const MAX_REASON_LENGTH = 300;

/** The resources that deploy a CloudFormation template, with how messages name them. */
export const STACK_TYPES: Readonly<Record<string, string>> = {
    "aws:cloudformation/stack:Stack": "CloudFormation stack",
    "aws-native:cloudformation:Stack": "CloudFormation stack",
    "aws:cloudformation/stackSet:StackSet": "CloudFormation stack set",
    "aws-native:cloudformation:StackSet": "CloudFormation stack set",
};

/**
 * The Serverless Application Repository's stacks: they deploy an application's template that the program does not
 * hold (`applicationId`, `semanticVersion`), so the pack cannot read what they create.
 */
export const APPLICATION_STACK_TYPES: Readonly<Record<string, string>> = {
    "aws:serverlessrepository/cloudFormationStack:CloudFormationStack": "Serverless Application Repository stack",
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
    /**
     * What the pack did not follow in this resource's properties, past its bounds or round a cycle (see the top of this
     * file): `a value nested more than 100 levels deep (in Tags.a.a...)`. Unknown, like `unresolved`.
     */
    readonly unread: readonly string[];
    /** Whether a stack parameter that Pulumi does not know yet (at preview) reaches this resource's properties. */
    readonly pendingPulumi: boolean;
    /** Per top-level property, the logical ids of the template's resources it refers to (its "property dependencies"). */
    readonly dependencies: Readonly<Record<string, readonly string[]>>;
    /**
     * The resource's `Condition`, when it has one that the template does not decide (a resource whose condition is false
     * is not created, and is not among the template's resources at all; one whose condition holds is as if it had none).
     */
    readonly undecidedCondition?: string;
}

export type ParsedTemplate =
    | { readonly kind: "template"; readonly resources: readonly TemplateResource[]; readonly transforms: readonly string[] }
    | { readonly kind: "invalid"; readonly reason: string }
    /** Over MAX_TEMPLATE_BYTES: not read. `bytes` is the body's size in UTF-8. */
    | { readonly kind: "tooLarge"; readonly bytes: number };

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

/** What `Ref` to a resource is, in Evaluator.refs, when its name depends on itself. */
const CIRCULAR = Symbol("circular");

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

/** Parsed templates by a hash of body and parameters, least recently used first (Map keeps insertion order). */
const cache = new Map<string, ParsedTemplate>();

/** The stack's `parameters`: values (the unknown sentinel where Pulumi does not know them yet), or all unknown. */
export type StackParameters = Record<string, unknown> | "unknown";

/**
 * A stack's `parameters` property as the template reads them: a map (aws's Stack and StackSet, aws-native's Stack) or
 * aws-native StackSet's list of `{ parameterKey, parameterValue }`; all unknown while the property, or an entry of the
 * list, is.
 */
export function stackParameters(value: unknown): StackParameters {
    if (isUnknown(value)) return "unknown";
    if (Array.isArray(value)) {
        const map: Record<string, unknown> = {};
        for (const entry of value) {
            if (isUnknown(entry)) return "unknown";
            const { parameterKey, parameterValue } = (entry ?? {}) as Record<string, unknown>;
            if (isUnknown(parameterKey)) return "unknown";
            if (typeof parameterKey === "string") map[parameterKey] = parameterValue;
        }
        return map;
    }
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

/**
 * Parses and resolves a template body. `parameters` are the stack's parameter values (strings, or the unknown sentinel
 * at preview). A body over MAX_TEMPLATE_BYTES is not read. The last CACHE_ENTRIES results are kept, by a hash of body
 * and parameters: the pack sees each stack in several policies, and each entry is bounded by the size limit and
 * MAX_STEPS, so the cache is too.
 *
 * `from` says how the stack gave the body: as `text` (a string property), which the engine never puts an unknown
 * inside, so the engine's marker written in it is literal text (`literalText`); or as an `object` (aws-native's
 * `templateBody`), whose values the engine may mark unknown at preview.
 */
export function parseTemplate(body: string, parameters: StackParameters = {}, from: "text" | "object" = "text"): ParsedTemplate {
    const bytes = Buffer.byteLength(body, "utf8");
    if (bytes > MAX_TEMPLATE_BYTES) return { kind: "tooLarge", bytes };
    const key = createHash("sha256")
        .update(JSON.stringify([body, parameters, from]))
        .digest("base64");
    let parsed = cache.get(key);
    if (parsed === undefined) parsed = resolveTemplate(body, parameters, from);
    else cache.delete(key);
    cache.set(key, parsed);
    if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    return parsed;
}

/** How many parsed templates are kept now (for tests). */
export function cachedTemplates(): number {
    return cache.size;
}

function resolveTemplate(body: string, parameters: StackParameters, from: "text" | "object"): ParsedTemplate {
    let doc: unknown;
    const text = body.trim();
    if (text.startsWith("{")) {
        // JSON.parse does not recurse on the stack, however deep the text nests.
        try {
            doc = JSON.parse(text);
        } catch (error) {
            return { kind: "invalid", reason: `is not valid JSON (${(error as Error).message})` };
        }
    } else {
        const result = parseYaml(text);
        if ("error" in result) return { kind: "invalid", reason: result.error };
        doc = result.value;
    }
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return { kind: "invalid", reason: "is not a template (not a JSON or YAML object)" };
    const template = doc as Record<string, unknown>;
    const resources = template.Resources;
    if (resources === null || typeof resources !== "object" || Array.isArray(resources)) return { kind: "invalid", reason: "has no Resources section" };
    const evaluator = new Evaluator(template, resources as Record<string, unknown>, parameters, from);
    const transform = template.Transform;
    return {
        kind: "template",
        transforms: (Array.isArray(transform) ? transform : transform === undefined ? [] : [transform]).map(show),
        resources: Object.entries(resources as Record<string, unknown>)
            .filter(([, r]) => r !== null && typeof r === "object")
            .flatMap(([logicalId, r]) => evaluator.resource(logicalId, r as Record<string, unknown>) ?? []),
    };
}

/** A template's Transform as messages quote it: a string as is, anything else as JSON, at most 4,000 characters. */
function show(value: unknown): string {
    let text: string;
    try {
        text = typeof value === "string" ? value : JSON.stringify(value);
    } catch {
        text = "a value nested too deeply to show"; // JSON.stringify recurses, and throws past some thousands of levels
    }
    return clip(text, 4000);
}

/** What the pack follows in a template, for messages about what it did not read (`TemplateResource.unread`). */
export const READ_BOUNDS =
    `it follows a value at most ${MAX_DEPTH} levels deep and ${MAX_STEPS.toLocaleString("en-US")} values in a template, ` +
    "and never round a cycle (which CloudFormation refuses too)";

/** `text`, cut to `length` characters: names and paths from a template, as messages quote them. */
export function clip(text: string, length = MAX_REASON_LENGTH): string {
    return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/**
 * YAML, loaded only when a YAML template is found (the pack's start-up must not pay for it); the error is the reason
 * `ParsedTemplate.invalid` gives. Aliases are refused where they would make the value recursive or repeat it past
 * MAX_STEPS values (aliasProblem); collections nested deeper than yaml's composer can recurse are reported by yaml as
 * RESOURCE_EXHAUSTION (it catches the stack overflow).
 */
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
        if (doc.errors.length > 0) {
            const [error] = doc.errors;
            const where = error.linePos === undefined ? "" : ` (at line ${error.linePos[0].line}, column ${error.linePos[0].col})`;
            if (error.code === "RESOURCE_EXHAUSTION") return { error: `nests its YAML collections deeper than the pack can read${where}` };
            return { error: `is not valid YAML (${error.message.split("\n")[0]})` };
        }
        const problem = aliasProblem(yaml, doc.contents);
        if (problem !== undefined) return { error: problem };
        // Aliases were bounded above: yaml's own bound (maxAliasCount) is off, as it re-reads the whole document for
        // each alias inside an anchored node, and again at each use of an anchor whose count it finds to be 0 (an
        // anchor of aliases to an empty list): 8.7 s for a 31 KB template of 100 such aliases, never tripping it.
        return { value: doc.toJS({ maxAliasCount: -1 }) };
    } catch (error) {
        return { error: `is not valid YAML (${(error as Error).message.split("\n")[0]})` };
    }
}

/**
 * Why the document's aliases make it unreadable, or undefined: an alias inside the node it refers to (which yaml would
 * turn into a recursive value), or aliases that repeat its nodes into more than MAX_STEPS values in all (an alias
 * bomb: `b: &b [*a, *a, ...]`, `c: &c [*b, *b, ...]`, ...). One walk over the document in document order (an alias
 * refers to the last anchor of its name before it), with a stack of its own rather than recursion, counting each
 * node's values once (an alias counts the values of the node it repeats).
 */
function aliasProblem(yaml: typeof import("yaml"), root: unknown): string | undefined {
    const anchored = new Map<string, unknown>();
    /** Values in each anchored node, aliases expanded. */
    const sizes = new Map<unknown, number>();
    /** The collections that contain the node being read. */
    const open = new Set<unknown>();
    /** The values counted so far in each open collection, innermost last (the first entry is the document's). */
    const counted: number[] = [0];
    const add = (n: number) => (counted[counted.length - 1] = Math.min(counted[counted.length - 1] + n, MAX_STEPS + 1));
    const work: Array<{ readonly node: unknown; readonly leave?: true }> = [{ node: root }];
    while (work.length > 0) {
        const { node, leave } = work.pop()!;
        if (leave) {
            open.delete(node);
            const size = Math.min(counted.pop()! + 1, MAX_STEPS + 1);
            if ((node as import("yaml").Node).anchor !== undefined) sizes.set(node, size);
            add(size);
        } else if (yaml.isAlias(node)) {
            const target = anchored.get(node.source);
            if (open.has(target)) return `uses a recursive YAML alias (*${clip(node.source)}, inside the node it refers to), which repeats without end`;
            add(sizes.get(target) ?? 1);
        } else if (yaml.isPair(node)) {
            work.push({ node: node.value }, { node: node.key });
        } else if (yaml.isNode(node)) {
            if (node.anchor !== undefined) anchored.set(node.anchor, node);
            if (yaml.isCollection(node)) {
                open.add(node);
                counted.push(0);
                work.push({ node, leave: true });
                for (let i = node.items.length - 1; i >= 0; i--) work.push({ node: node.items[i] });
            } else {
                if (node.anchor !== undefined) sizes.set(node, 1);
                add(1);
            }
        }
    }
    if (counted[0] > MAX_STEPS) {
        return `uses YAML aliases that repeat its values into more than ${MAX_STEPS.toLocaleString("en-US")} values (an alias bomb)`;
    }
    return undefined;
}

/**
 * The `${...}` placeholders of an `Fn::Sub` string, left to right, as CloudFormation reads them: from `${` to the first
 * `}` after it, `name` what lies between (`!Literal` for `${!Literal}`); a `${` with no `}` after it is text. One pass,
 * each character read at most twice: a regular expression here backtracked on text such as `${${${...` (issue 18).
 */
export function placeholders(text: string): Array<{ readonly start: number; readonly end: number; readonly name: string }> {
    const found: Array<{ start: number; end: number; name: string }> = [];
    let from = 0;
    for (;;) {
        const start = text.indexOf("${", from);
        if (start < 0) break;
        const close = text.indexOf("}", start + 2);
        if (close < 0) break;
        found.push({ start, end: close + 1, name: text.slice(start + 2, close) });
        from = close + 1;
    }
    return found;
}

/** The logical id a placeholder names: `B` of `${B}` and `${B.Arn}`; empty for `${!Literal}`. */
export function placeholderId(name: string): string {
    let end = name.length;
    for (const stop of [".", "!"]) {
        const at = name.indexOf(stop);
        if (at >= 0 && at < end) end = at;
    }
    return name.slice(0, end);
}

function invert(holds: boolean | undefined): boolean | undefined {
    return holds === undefined ? undefined : !holds;
}

class Evaluator {
    private unresolved = new Set<string>();
    private unread = new Set<string>();
    private pendingPulumi = false;
    private dependencies: Record<string, Set<string>> = {};
    private property = "";
    private readonly refs = new Map<string, unknown>();
    /** The resources whose name (REF_PROPERTY) is being resolved, innermost last. */
    private readonly resolving = new Set<string>();
    /** Whether the name being resolved turned out to depend on itself (see resourceRef). */
    private circular = false;
    /** The `Fn::FindInMap` lookups being resolved, to cut a cycle through the Mappings where it closes. */
    private readonly lookups = new Set<string>();
    /** Values resolved so far in this template, against MAX_STEPS. */
    private steps = 0;
    /** Each condition decided so far: whether it holds (undefined: only CloudFormation knows) and why not known. */
    private readonly decided = new Map<string, { readonly holds: boolean | undefined; readonly pendingPulumi: boolean; readonly why: readonly string[] }>();

    constructor(
        private readonly template: Record<string, unknown>,
        private readonly resources: Record<string, unknown>,
        private readonly stackParameters: StackParameters,
        /** How the stack gave the body (parseTemplate): in text, the engine's marker is literal text. */
        private readonly from: "text" | "object",
    ) {}

    /** The resource, resolved; undefined when its `Condition` is false (CloudFormation does not create it). */
    resource(logicalId: string, raw: Record<string, unknown>): TemplateResource | undefined {
        this.unresolved = new Set();
        this.unread = new Set();
        this.pendingPulumi = false;
        this.dependencies = {};
        this.circular = false;
        const condition = raw.Condition;
        const holds = typeof condition === "string" ? this.condition(condition) : true;
        if (holds === false) return undefined;
        const props = raw.Properties;
        const properties: Record<string, unknown> = {};
        if (props !== null && typeof props === "object" && !Array.isArray(props)) {
            for (const [key, value] of Object.entries(props as Record<string, unknown>)) {
                this.property = key;
                const resolved = this.resolve(value, key, 1);
                if (resolved !== NO_VALUE) properties[key] = resolved;
            }
        }
        return {
            logicalId,
            type: typeof raw.Type === "string" ? raw.Type : "",
            properties,
            unresolved: [...this.unresolved],
            unread: [...this.unread],
            pendingPulumi: this.pendingPulumi,
            dependencies: Object.fromEntries(Object.entries(this.dependencies).map(([k, v]) => [k, [...v]])),
            ...(holds === undefined ? { undecidedCondition: clip(String(condition)) } : {}),
        };
    }

    /**
     * Whether the template's condition `name` holds: true or false when the template decides it (Fn::Equals of values it
     * resolves, Fn::And, Fn::Or, Fn::Not, Condition), undefined when only CloudFormation does, with the reason recorded
     * on the resource being read, as for any unresolved value. Each condition is decided once per template; one that
     * refers back to itself is undecided (CloudFormation refuses the template).
     */
    private condition(name: string): boolean | undefined {
        const decided = this.decidedCondition(name);
        if (decided.holds === undefined) {
            this.pendingPulumi ||= decided.pendingPulumi;
            if (!decided.pendingPulumi) for (const why of decided.why) this.never(why, "");
        }
        return decided.holds;
    }

    /** Whether the condition `name` holds, decided once per template, with why not when undecided (see `condition`). */
    private decidedCondition(name: string): { readonly holds: boolean | undefined; readonly pendingPulumi: boolean; readonly why: readonly string[] } {
        let decided = this.decided.get(name);
        if (decided === undefined) {
            const saved = [this.unresolved, this.unread, this.pendingPulumi, this.dependencies] as const;
            this.unresolved = new Set();
            this.unread = new Set();
            this.pendingPulumi = false;
            this.decided.set(name, { holds: undefined, pendingPulumi: false, why: [`the Condition ${name}, which refers back to itself`] });
            const conditions = (this.template.Conditions ?? {}) as Record<string, unknown>;
            const holds =
                conditions !== null && typeof conditions === "object" && name in conditions
                    ? this.decide(conditions[name], `Conditions.${name}`, 1)
                    : undefined;
            decided = {
                holds,
                pendingPulumi: this.pendingPulumi,
                why: holds !== undefined ? [] : this.unresolved.size + this.unread.size > 0 ? [...this.unresolved, ...this.unread] : [`the Condition ${name}`],
            };
            this.decided.set(name, decided);
            [this.unresolved, this.unread, this.pendingPulumi, this.dependencies] = saved;
        }
        return decided;
    }

    /** A condition expression's truth, as `condition` says. */
    private decide(expression: unknown, path: string, depth: number): boolean | undefined {
        if (!this.within(expression, path, depth) || expression === null || typeof expression !== "object" || Array.isArray(expression)) return undefined;
        const entries = Object.entries(expression as Record<string, unknown>);
        if (entries.length !== 1) return undefined;
        const [fn, arg] = entries[0];
        const list = Array.isArray(arg) ? arg : [];
        switch (fn) {
            case "Condition":
                return typeof arg === "string" ? this.condition(arg) : undefined;
            case "Fn::Not":
                return list.length === 1 ? invert(this.decide(list[0], path, depth + 1)) : undefined;
            case "Fn::And":
            case "Fn::Or": {
                // The first operand that decides, decides; otherwise undecided if any operand is.
                const decisive = fn === "Fn::Or";
                let undecided = list.length === 0;
                for (const operand of list) {
                    const holds = this.decide(operand, path, depth + 1);
                    if (holds === decisive) return decisive;
                    if (holds === undefined) undecided = true;
                }
                return undecided ? undefined : !decisive;
            }
            case "Fn::Equals": {
                if (list.length !== 2) return undefined;
                const [a, b] = list.map((v) => this.resolve(v, path, depth + 1));
                const plain = (v: unknown) => (typeof v === "string" || typeof v === "number" || typeof v === "boolean") && !isUnknown(v) && !isSymbolic(v);
                return plain(a) && plain(b) ? String(a) === String(b) : undefined;
            }
            default:
                return undefined;
        }
    }

    /** Records every template resource that `raw` (unresolved) refers to. */
    private referencesIn(raw: unknown, path: string, depth: number): void {
        if (!this.within(raw, path, depth) || raw === null || typeof raw !== "object") return;
        if (Array.isArray(raw)) return raw.forEach((v) => this.referencesIn(v, path, depth + 1));
        for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
            if (key === "Ref" && typeof value === "string" && value in this.resources) this.dependOn(value);
            else if (key === "Fn::GetAtt") {
                const id = Array.isArray(value) ? String(value[0]) : String(value).split(".")[0];
                if (id in this.resources) this.dependOn(id);
            } else if (key === "Fn::Sub") {
                const text = Array.isArray(value) ? value[0] : value;
                for (const { name } of placeholders(String(text))) {
                    const id = placeholderId(name);
                    if (id in this.resources) this.dependOn(id);
                }
                if (Array.isArray(value)) this.referencesIn(value[1], path, depth + 1);
            } else this.referencesIn(value, path, depth + 1);
        }
    }

    private dependOn(logicalId: string): void {
        (this.dependencies[this.property] ??= new Set()).add(logicalId);
    }

    /** A value only CloudFormation resolves: unknown, saying what and where (`TemplateResource.unresolved`). */
    private never(what: string, path: string): string {
        this.unresolved.add(clip(path === "" ? what : `${what} (in ${path})`));
        return UNKNOWN;
    }

    /**
     * A value the pack does not follow, past one of its bounds or round a cycle: unknown, saying what and where
     * (`TemplateResource.unread`). Unknown rather than an error: what is unknown is reported, where a policy needs it,
     * as an advisory naming it, exactly as a value only CloudFormation resolves is (an unknown is never a pass), while
     * the rest of the template is still judged with certainty.
     */
    private stop(what: string, path: string): string {
        this.unread.add(clip(path === "" ? what : `${what} (in ${path})`));
        return UNKNOWN;
    }

    /**
     * Whether `value`, at `depth`, is within the bounds: MAX_STEPS values in the template (each counts, so that a list
     * repeated by aliases counts every time it is read), and for an object or a list MAX_DEPTH; if not, records why
     * (the steps once per resource).
     */
    private within(value: unknown, path: string, depth: number): boolean {
        if (++this.steps > MAX_STEPS) {
            this.stop(`every value after the first ${MAX_STEPS.toLocaleString("en-US")} of the template (the most the pack resolves in one template)`, "");
            return false;
        }
        if (depth > MAX_DEPTH && value !== null && typeof value === "object") {
            this.stop(`a value nested more than ${MAX_DEPTH} levels deep`, path);
            return false;
        }
        return true;
    }

    /**
     * `value` with what the template determines resolved (see the top of this file). `depth` counts the levels from the
     * resource's property; `literal` copies a value that is data, not template (a parameter's value), without reading
     * intrinsic functions in it, within the same bounds.
     */
    private resolve(value: unknown, path: string, depth: number, literal = false): unknown {
        if (!this.within(value, path, depth)) return UNKNOWN;
        if (Array.isArray(value)) {
            return value.map((v, i) => this.resolve(v, `${path}[${i}]`, depth + 1, literal)).filter((v) => v !== NO_VALUE);
        }
        // A value Pulumi does not know yet, inside a template given as an object (aws-native's templateBody); in a template
        // given as text, the marker is the text the template holds, as the engine never puts an unknown inside a string.
        if (!literal && isUnknown(value)) {
            if (this.from === "text") return literalText(value);
            this.pendingPulumi = true;
        }
        if (value === null || typeof value !== "object") return value;
        const entries = Object.entries(value as Record<string, unknown>);
        if (!literal && entries.length === 1) {
            const [fn, arg] = entries[0];
            if (fn === "Ref" || fn.startsWith("Fn::")) return this.intrinsic(fn, arg, path, depth);
        }
        const out: Record<string, unknown> = {};
        for (const [k, v] of entries) {
            const resolved = this.resolve(v, path === "" ? k : `${path}.${k}`, depth + 1, literal);
            if (resolved !== NO_VALUE) out[k] = resolved;
        }
        return out;
    }

    private intrinsic(fn: string, arg: unknown, path: string, depth: number): unknown {
        const inner = depth + 1;
        switch (fn) {
            case "Ref":
                return typeof arg === "string" ? this.ref(arg, path, inner) : this.never("a Ref that is not a name", path);
            case "Fn::GetAtt": {
                const [id, ...attribute] = Array.isArray(arg) ? arg.map(String) : typeof arg === "string" ? arg.split(".") : [];
                if (id === undefined || attribute.length === 0) return this.never("a malformed Fn::GetAtt", path);
                if (!(id in this.resources)) return this.never(`Fn::GetAtt of ${id}, which the template does not declare`, path);
                this.dependOn(id);
                return symbol(id, attribute.join("."));
            }
            case "Fn::Sub":
                return this.sub(arg, path, inner);
            case "Fn::Join": {
                if (!Array.isArray(arg) || arg.length !== 2) return this.never("a malformed Fn::Join", path);
                const delimiter = this.resolve(arg[0], path, inner);
                const list = this.resolve(arg[1], path, inner);
                if (typeof delimiter !== "string" || !Array.isArray(list) || !list.every((v) => typeof v === "string" && v !== UNKNOWN)) return UNKNOWN;
                return list.join(delimiter);
            }
            case "Fn::Select": {
                if (!Array.isArray(arg) || arg.length !== 2) return this.never("a malformed Fn::Select", path);
                const index = Number(this.resolve(arg[0], path, inner));
                const list = this.resolve(arg[1], path, inner);
                if (!Array.isArray(list) || !Number.isInteger(index)) return UNKNOWN;
                return index >= 0 && index < list.length ? list[index] : this.never("an Fn::Select out of range", path);
            }
            case "Fn::Split": {
                if (!Array.isArray(arg) || arg.length !== 2) return this.never("a malformed Fn::Split", path);
                const delimiter = this.resolve(arg[0], path, inner);
                const text = this.resolve(arg[1], path, inner);
                if (typeof delimiter !== "string" || typeof text !== "string" || text === UNKNOWN) return UNKNOWN;
                return text.split(delimiter);
            }
            case "Fn::FindInMap": {
                if (!Array.isArray(arg) || arg.length < 3) return this.never("a malformed Fn::FindInMap", path);
                const keys = arg.slice(0, 3).map((k) => this.resolve(k, path, inner));
                if (!keys.every((k) => typeof k === "string" && k !== UNKNOWN)) return UNKNOWN;
                const mappings = (this.template.Mappings ?? {}) as Record<string, any>;
                const found = mappings?.[keys[0] as string]?.[keys[1] as string]?.[keys[2] as string];
                if (found === undefined) return this.never(`Fn::FindInMap of ${keys.join(".")}, which the template's Mappings lack`, path);
                // CloudFormation allows no intrinsic function in Mappings; one that leads back to the same entry would
                // never end.
                const lookup = JSON.stringify(keys);
                if (this.lookups.has(lookup))
                    return this.stop(`Fn::FindInMap of ${keys.join(".")}, which refers back to itself through the template's Mappings`, path);
                this.lookups.add(lookup);
                try {
                    return this.resolve(found, path, inner);
                } finally {
                    this.lookups.delete(lookup);
                }
            }
            case "Fn::If": {
                // The branch of a condition the template decides (see `condition`); otherwise only CloudFormation knows.
                const [name, whenTrue, whenFalse] = Array.isArray(arg) ? arg : [];
                const decided = typeof name === "string" && Array.isArray(arg) && arg.length === 3 ? this.decidedCondition(name) : undefined;
                if (decided?.holds !== undefined) return this.resolve(decided.holds ? whenTrue : whenFalse, path, inner);
                if (decided?.pendingPulumi) {
                    // Decided at pulumi up, once Pulumi knows the stack's parameters.
                    this.referencesIn(arg, path, inner);
                    this.pendingPulumi = true;
                    return UNKNOWN;
                }
                this.referencesIn(arg, path, inner);
                return this.never(fn, path);
            }
            default:
                // Fn::ImportValue, Fn::Base64, Fn::GetAZs, Fn::Cidr, Fn::Transform, ...: decided by CloudFormation.
                // The value is unknown, but which resources it may refer to is not.
                this.referencesIn(arg, path, inner);
                return this.never(fn, path);
        }
    }

    /** `Ref` to a parameter, a pseudo-parameter or a resource of the template. */
    private ref(name: string, path: string, depth: number): unknown {
        if (name === "AWS::NoValue") return NO_VALUE;
        if (name.startsWith("AWS::")) return symbol(name);
        const parameters = (this.template.Parameters ?? {}) as Record<string, Record<string, unknown> | undefined>;
        if (parameters[name] !== undefined) {
            const given = this.stackParameters === "unknown" ? UNKNOWN : this.stackParameters[name];
            const type = parameters[name]?.Type;
            const list = typeof type === "string" && type.includes("List");
            const value = given !== undefined ? given : parameters[name]?.Default;
            if (value === UNKNOWN) {
                this.pendingPulumi = true;
                return UNKNOWN;
            }
            if (value === undefined) return this.never(`the parameter ${name}, which has no Default and no value in the stack's parameters`, path);
            return list && typeof value === "string" ? value.split(",") : this.resolve(value, path, depth, true);
        }
        if (name in this.resources) return this.resourceRef(name, path, depth);
        return this.never(`Ref to ${name}, which the template does not declare`, path);
    }

    /**
     * The value of `Ref <resource>`: a set name (a bucket's `BucketName`) when literal, else the resource's symbol. A
     * name that depends on itself (A's name refers to B, whose name refers to A) is cut where the cycle closes, and every
     * name on the way is unknown: CloudFormation refuses such a template ("Circular dependency between resources").
     */
    private resourceRef(logicalId: string, path: string, depth: number): unknown {
        this.dependOn(logicalId);
        const raw = this.resources[logicalId] as Record<string, any> | null;
        const property = REF_PROPERTY[raw?.Type];
        const circularName = () => {
            this.circular = true;
            return this.stop(`Ref to ${logicalId}, whose ${property} depends on itself`, path);
        };
        if (this.refs.has(logicalId)) {
            const known = this.refs.get(logicalId);
            return known === CIRCULAR ? circularName() : known;
        }
        let value: unknown = symbol(logicalId);
        if (property !== undefined && raw?.Properties?.[property] !== undefined) {
            if (this.resolving.has(logicalId)) return circularName();
            // Resolved on its own: what makes the name unknown belongs to the named resource, not to the one naming it.
            this.resolving.add(logicalId);
            const saved = [this.unresolved, this.unread, this.pendingPulumi, this.dependencies, this.circular] as const;
            this.circular = false;
            const name = this.resolve(raw.Properties[property], path, depth);
            const circular = this.circular;
            [this.unresolved, this.unread, this.pendingPulumi, this.dependencies, this.circular] = saved;
            this.resolving.delete(logicalId);
            if (circular) {
                this.refs.set(logicalId, CIRCULAR);
                return circularName();
            }
            // A name computed from pseudo-parameters stays that expression; one the template cannot resolve is still
            // this resource's own name: keep the symbol.
            if (typeof name === "string" && name !== UNKNOWN) value = name;
        }
        this.refs.set(logicalId, value);
        return value;
    }

    private sub(arg: unknown, path: string, depth: number): unknown {
        const [text, vars] = Array.isArray(arg) ? [arg[0], arg[1] ?? {}] : [arg, {}];
        if (typeof text !== "string" || vars === null || typeof vars !== "object") return this.never("a malformed Fn::Sub", path);
        let unknown = false;
        let out = "";
        let from = 0;
        for (const { start, end, name } of placeholders(text)) {
            out += text.slice(from, start);
            from = end;
            if (name.startsWith("!")) {
                out += `\${${name.slice(1)}}`;
                continue;
            }
            let value: unknown;
            if (name in (vars as Record<string, unknown>)) value = this.resolve((vars as Record<string, unknown>)[name], path, depth);
            else if (name.includes(".") && !name.startsWith("AWS::")) {
                const [id, ...attribute] = name.split(".");
                if (id in this.resources) this.dependOn(id);
                value = id in this.resources ? symbol(id, attribute.join(".")) : this.never(`\${${name}}, which the template does not declare`, path);
            } else value = this.ref(name, path, depth);
            if (typeof value !== "string" || value === UNKNOWN) {
                unknown = true;
                out += text.slice(start, end);
            } else out += value;
        }
        return unknown ? UNKNOWN : out + text.slice(from);
    }
}
