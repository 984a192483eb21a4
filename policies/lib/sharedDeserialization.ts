// One deserialisation of each resource's properties per request, shared by every policy.
//
// @pulumi/policy's server (server.js) deserialises every resource's properties again for each policy: in
// `analyzeStack`, the whole stack once per stack policy (nine in this pack), in `analyze`, the resource once per
// resource policy. On a stack of 20,000 resources that is most of what `analyzeStack` costs, and the per-policy objects
// leave each policy nothing to recognise the stack by (see buckets.ts, joinOf). The server calls the deserialiser through
// its module's exports (`deserialize_1.deserializeProperties(r.getProperties(), false)`), and the protobuf message
// hands out the same Struct for a field each time it is asked: so replacing that export with one that remembers its
// result per Struct makes every policy of one call read the very same properties objects.
//
// Why this is safe: a request's Structs are new objects, decoded from that request, so nothing is shared between calls,
// and a WeakMap lets them go with the request; no policy of the pack writes to the properties it reads; the values are
// those the SDK's own deserialiser returns. Secret-preserving deserialisation (`proxySecrets`, for remediations) is
// left alone. Should a later SDK call its deserialiser otherwise, this does nothing and the pack is only slower:
// test/lib/sharedDeserialization.test.ts pins it against the installed SDK.

// The same for the unknown-checking proxy the SDK then wraps those properties in, once per policy
// (`proxy_1.unknownCheckingProxy(deserd)`): every policy of a call gets the same proxy of the same properties. The
// proxy keeps no state of its own (each read starts from the top object), so one serves all.

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's internals, untyped
const sdk = require("@pulumi/policy/deserialize") as { deserializeProperties: Shared<(struct: object, proxySecrets: boolean) => Record<string, unknown>> };
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's internals, untyped
const proxies = require("@pulumi/policy/proxy") as { unknownCheckingProxy: Shared<(props: object) => object> };

type Shared<F> = F & { readonly shared?: true };

/** Makes the SDK deserialise each resource's properties, and proxy them, once per request (see above). Idempotent. */
export function shareDeserializedProperties(): void {
    // Secret-preserving deserialisation (for remediations) is left alone.
    if (!sdk.deserializeProperties.shared) sdk.deserializeProperties = perObject(sdk.deserializeProperties, (_struct, proxySecrets) => proxySecrets);
    if (!proxies.unknownCheckingProxy.shared) proxies.unknownCheckingProxy = perObject(proxies.unknownCheckingProxy, () => false);
}

/**
 * `fn`, remembering its result (an object) for each object it is given first, in a WeakMap, so that the result goes
 * with that object; called afresh for anything else, and where `bypass` says so.
 */
function perObject<A extends unknown[], R extends object>(
    fn: (first: object, ...rest: A) => R,
    bypass: (first: object, ...rest: A) => boolean,
): Shared<(first: object, ...rest: A) => R> {
    const done = new WeakMap<object, R>();
    return Object.assign(
        (first: object, ...rest: A): R => {
            if (first === null || typeof first !== "object" || bypass(first, ...rest)) return fn(first, ...rest);
            let result = done.get(first);
            if (result === undefined) done.set(first, (result = fn(first, ...rest)));
            return result;
        },
        { shared: true as const },
    );
}
