// Values the engine does not know yet (at preview, outputs of resources not yet created), and how we read them.
//
// Why we do not let @pulumi/policy handle unknowns: the SDK hands every policy its resources' properties wrapped in a
// proxy (`unknownCheckingProxy`) that throws `UnknownValueError` on reading an unknown value. The server catches that
// error around the *whole* policy call and reports one advisory, "can't run policy ... during preview", with no URN.
// For a stack policy that means one unknown anywhere (say, a role ARN in an unrelated bucket's policy) silently skips
// every bucket, including ones that are certainly non-compliant. So every policy here reads the raw properties
// (`rawProps`, which asks the proxy for its target), looks for the sentinels itself, and decides per resource:
// certain violations are reported at the configured level, and only what an unknown really hides becomes an advisory
// on the resource it concerns (see report.ts). An unknown is never a pass.

/** The engine's unknown sentinels, as @pulumi/policy (proxy.js) and @pulumi/pulumi (runtime/rpc) define them. */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string: what the engine sends for every computed value over gRPC
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** The string the engine sends for an unknown value. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The property @pulumi/policy's proxy answers with its unwrapped target (proxy.js `getSpecialProxyTarget`). */
const PROXY_TARGET = "__getSpecialProxyTarget";

export function isUnknown(value: unknown): boolean {
    return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

/**
 * A value read from text (a JSON document): a string that happens to be a sentinel is the user's literal text, not an
 * unknown, since the engine marks unknowns only as whole property values. It is kept recognisable but never equal to a
 * sentinel, by a leading word joiner (U+2060), so that it is judged as what it is, a literal, at preview and at every
 * update after (issue 18: a policy writing the marker made a TLS violation an advisory for good).
 */
export function literalText(value: unknown): unknown {
    return isUnknown(value) ? `\u2060${value as string}` : value;
}

/** Whether `value` is unknown or holds an unknown anywhere inside. */
export function containsUnknown(value: unknown): boolean {
    if (isUnknown(value)) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}

/** A resource's properties without the SDK's unknown-checking proxy, so that reading an unknown does not throw. */
export function rawProps(props: Record<string, unknown>): Record<string, unknown> {
    const target = (props as Record<string, unknown>)[PROXY_TARGET];
    return target !== undefined && target !== null && typeof target === "object" ? (target as Record<string, unknown>) : props;
}

/**
 * Thrown while judging a value that turns out to depend on an unknown; caught by the caller that can say what it
 * could not verify. `what` names the property.
 */
export class Unknown extends Error {
    constructor(readonly what: string) {
        super(`${what} is unknown`);
    }
}

/** `value` itself, or throws `Unknown` naming `what` when the engine does not know it yet. */
export function known<T>(value: T, what: string): T {
    if (isUnknown(value)) throw new Unknown(what);
    return value;
}
