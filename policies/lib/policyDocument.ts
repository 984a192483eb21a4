// Reading IAM policy documents (bucket and key policies) as they reach the pack: objects or JSON strings, possibly
// holding unknown values at preview. Helpers throw `Unknown` (unknowns.ts) when an unknown decides the answer.
import { isUnknown, known, literalText, Unknown } from "./unknowns";

export type Statement = Record<string, unknown>;

export type ParsedDocument =
    | { readonly kind: "statements"; readonly statements: readonly unknown[] }
    | { readonly kind: "unknown" }
    | { readonly kind: "invalid"; readonly reason: string };

/** The statements of a policy document given as an object or a JSON string. Elements may still be unknown. */
export function parseDocument(value: unknown): ParsedDocument {
    if (isUnknown(value)) return { kind: "unknown" };
    let doc = value;
    if (typeof value === "string") {
        try {
            // The engine sends an unknown as a whole property, never inside a string: a document given as JSON text
            // holds no unknown, whatever its text says (literalText).
            doc = JSON.parse(value, (_key, v) => literalText(v));
        } catch (error) {
            return { kind: "invalid", reason: `is not valid JSON (${(error as Error).message})` };
        }
    }
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return { kind: "invalid", reason: "is not a JSON object" };
    const statement = (doc as Record<string, unknown>).Statement;
    if (isUnknown(statement)) return { kind: "unknown" };
    if (statement === undefined) return { kind: "statements", statements: [] };
    return { kind: "statements", statements: Array.isArray(statement) ? statement : [statement] };
}

/** A value that IAM accepts as one item or a list, as a list. */
export function asList(value: unknown, what: string): unknown[] {
    known(value, what);
    const list = Array.isArray(value) ? value : [value];
    return list.map((v) => known(v, what));
}

/** The statement's `Effect`, `"Allow"` or `"Deny"` (IAM compares it exactly). */
export function effectOf(s: Statement): unknown {
    return known(s.Effect, "Effect");
}

/**
 * Whether the statement's `Principal` names every principal: `"*"`, `{"AWS": "*"}` or `{"AWS": [..., "*", ...]}`.
 * A statement with `NotPrincipal` never does (it names everyone *but* someone).
 */
export function isEveryPrincipal(s: Statement): boolean {
    if (s.NotPrincipal !== undefined) return false;
    const principal = known(s.Principal, "Principal");
    if (principal === "*") return true;
    if (principal === null || typeof principal !== "object" || Array.isArray(principal)) return false;
    const aws = (principal as Record<string, unknown>).AWS;
    if (aws === undefined) return false;
    return asList(aws, "Principal.AWS").includes("*");
}

/** Whether `Action` (not `NotAction`) includes every S3 action: `s3:*` or `*` (action names are case-insensitive). */
export function coversAllS3Actions(s: Statement): boolean {
    if (s.NotAction !== undefined || s.Action === undefined) return false;
    return asList(s.Action, "Action").some((a) => typeof a === "string" && (a === "*" || a.toLowerCase() === "s3:*"));
}

/** The `Resource` patterns (never `NotResource`, which counts for nothing here). */
export function resourcesOf(s: Statement): string[] {
    if (s.NotResource !== undefined || s.Resource === undefined) return [];
    return asList(s.Resource, "Resource").filter((r): r is string => typeof r === "string");
}

/**
 * The statement's conditions as `[operator, key, values]`, with operator and key as written. Throws `Unknown` when the
 * condition block as a whole is unknown (then not even whether there are conditions is known). A key or value the engine
 * does not know yet is kept as its sentinel (an operator's whole key block unknown is one condition with the key and
 * its values unknown): a condition that narrows a statement narrows it whatever its value, so only the predicate that
 * needs the value may find it unknown (see denyCoverage.ts, `soleCondition`).
 */
export function conditionsOf(s: Statement): Array<[string, unknown, unknown[]]> {
    const block = known(s.Condition, "Condition");
    if (block === undefined || block === null) return [];
    if (typeof block !== "object" || Array.isArray(block)) return [["?", "?", [block]]];
    const out: Array<[string, unknown, unknown[]]> = [];
    for (const [operator, keys] of Object.entries(block as Record<string, unknown>)) {
        if (isUnknown(keys)) {
            out.push([operator, keys, [keys]]);
            continue;
        }
        if (keys === null || typeof keys !== "object" || Array.isArray(keys)) {
            out.push([operator, "?", [keys]]);
            continue;
        }
        for (const [key, values] of Object.entries(keys as Record<string, unknown>)) {
            out.push([operator, key, Array.isArray(values) ? values : [values]]);
        }
    }
    return out;
}

/**
 * The statement's `Sid`, quoted for messages, or its position as a 0-based path into the document, `Statement[0]`: the
 * pack numbers statements as it numbers encryption rules (`rules[0]`), the way the program and the JSON index them.
 */
export function describeStatement(s: Statement, index: number): string {
    return typeof s.Sid === "string" && s.Sid !== "" && !isUnknown(s.Sid) ? `statement "${s.Sid}"` : statementPath(index);
}

/** `Statement[<index>]`, 0-based. */
export function statementPath(index: number): string {
    return `Statement[${index}]`;
}

/**
 * Judges each statement with `judge`, which may throw `Unknown`. Returns the values `judge` produced for the
 * statements it could judge and what made the others undecidable.
 */
export function judgeStatements<T>(
    statements: readonly unknown[],
    judge: (s: Statement, index: number) => T,
): { results: Array<{ index: number; statement: Statement; result: T }>; unknowns: string[] } {
    const results: Array<{ index: number; statement: Statement; result: T }> = [];
    const unknowns: string[] = [];
    statements.forEach((raw, index) => {
        if (isUnknown(raw)) {
            unknowns.push(statementPath(index));
            return;
        }
        if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return;
        const statement = raw as Statement;
        try {
            results.push({ index, statement, result: judge(statement, index) });
        } catch (error) {
            if (!(error instanceof Unknown)) throw error;
            unknowns.push(`${error.what} of ${describeStatement(statement, index)}`);
        }
    });
    return { results, unknowns };
}

/** IAM's `*` and `?` wildcards. `\0` in `text` stands for "any object key": only `*` matches it. */
export function globMatches(pattern: string, text: string): boolean {
    // Iterative wildcard matching with backtracking to the last `*`.
    let p = 0;
    let t = 0;
    let star = -1;
    let mark = 0;
    while (t < text.length) {
        if (p < pattern.length && pattern[p] === "*") {
            star = p++;
            mark = t;
        } else if (p < pattern.length && (pattern[p] === text[t] || (pattern[p] === "?" && text[t] !== "\0"))) {
            p++;
            t++;
        } else if (star >= 0) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.length && pattern[p] === "*") p++;
    return p === pattern.length;
}
