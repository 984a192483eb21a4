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

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's internals, untyped
const sdk = require("@pulumi/policy/deserialize") as { deserializeProperties: Deserializer };
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's internals, untyped
const proxies = require("@pulumi/policy/proxy") as { unknownCheckingProxy: ProxyMaker };

type ProxyMaker = ((props: object) => object) & { readonly shared?: true };
type Deserializer = ((struct: object, proxySecrets: boolean) => Record<string, unknown>) & { readonly shared?: true };

/** Makes the SDK deserialise each resource's properties once per request (see above). Idempotent. */
export function shareDeserializedProperties(): void {
    shareUnknownCheckingProxies();
    if (sdk.deserializeProperties.shared) return;
    const deserialize = sdk.deserializeProperties;
    const done = new WeakMap<object, Record<string, unknown>>();
    sdk.deserializeProperties = Object.assign(
        (struct: object, proxySecrets: boolean): Record<string, unknown> => {
            if (proxySecrets || struct === null || typeof struct !== "object") return deserialize(struct, proxySecrets);
            let props = done.get(struct);
            if (props === undefined) done.set(struct, (props = deserialize(struct, false)));
            return props;
        },
        { shared: true as const },
    );
}

/**
 * The same for the unknown-checking proxy the SDK wraps each resource's properties in, once per policy (the server
 * calls `proxy_1.unknownCheckingProxy(deserd)`): with the properties shared, every policy of a call gets the same
 * proxy of them. The proxy keeps no state of its own (each read starts from the top object), so one serves all.
 */
function shareUnknownCheckingProxies(): void {
    if (proxies.unknownCheckingProxy.shared) return;
    const wrap = proxies.unknownCheckingProxy;
    const made = new WeakMap<object, object>();
    proxies.unknownCheckingProxy = Object.assign(
        (props: object): object => {
            if (props === null || typeof props !== "object") return wrap(props);
            let proxy = made.get(props);
            if (proxy === undefined) made.set(props, (proxy = wrap(props)));
            return proxy;
        },
        { shared: true as const },
    );
}
