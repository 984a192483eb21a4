// Pins, against the installed @pulumi/policy, what sharedDeserialization.ts relies on: its server deserialises
// through the module export we replace, and a decoded request hands out the same Struct each time. Driven through the
// server's own request handlers, with requests decoded from bytes as gRPC decodes them.
import * as assert from "assert";

import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";

import { BucketJoin, joinOf } from "../../lib/buckets";
import { policies as packPolicies } from "../../pack";
import { shareDeserializedProperties } from "../../lib/sharedDeserialization";
import { rawProps } from "../../lib/unknowns";

/* eslint-disable @typescript-eslint/no-require-imports -- the SDK's internals, untyped */
const server = require("@pulumi/policy/server") as {
    makeAnalyzeStackRpcFun(name: string, version: string, level: string, policies: unknown[]): Handler;
    makeAnalyzeRpcFun(name: string, version: string, level: string, policies: unknown[]): Handler;
};
const deserialize = require("@pulumi/policy/deserialize") as { deserializeProperties: unknown };
const pb = require("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

type Handler = (call: { request: unknown }, callback: (error: Error | null, reply: unknown) => void) => Promise<void>;

const STACK = [
    { urn: "urn:pulumi:dev::corpus::aws:s3/bucket:Bucket::media", type: "aws:s3/bucket:Bucket", name: "media", props: { bucket: "acme-media" } },
    {
        urn: "urn:pulumi:dev::corpus::aws:s3/bucketPolicy:BucketPolicy::media-policy",
        type: "aws:s3/bucketPolicy:BucketPolicy",
        name: "media-policy",
        props: { bucket: "acme-media", policy: "{}" },
    },
];

/** An AnalyzeStackRequest for STACK, encoded and decoded again, as the server receives it. */
function stackRequest(): unknown {
    const request = new pb.AnalyzeStackRequest();
    request.setResourcesList(
        STACK.map((r) => {
            const resource = new pb.AnalyzerResource();
            resource.setUrn(r.urn);
            resource.setType(r.type);
            resource.setName(r.name);
            resource.setProperties(Struct.fromJavaScript(r.props));
            resource.setOptions(new pb.AnalyzerResourceOptions());
            return resource;
        }),
    );
    return pb.AnalyzeStackRequest.deserializeBinary(request.serializeBinary());
}

/** An AnalyzeRequest for `r` (STACK's first resource unless given), encoded and decoded again, as the server receives it. */
function resourceRequest(r: { urn: string; type: string; name: string; props: Record<string, unknown> } = STACK[0]): unknown {
    const request = new pb.AnalyzeRequest();
    request.setUrn(r.urn);
    request.setType(r.type);
    request.setName(r.name);
    request.setProperties(Struct.fromJavaScript(r.props));
    request.setOptions(new pb.AnalyzerResourceOptions());
    return pb.AnalyzeRequest.deserializeBinary(request.serializeBinary());
}

/** Calls `handler` with `request` as the gRPC server does; its reply. */
async function call(handler: Handler, request: unknown): Promise<any> {
    return new Promise((resolve, reject) => handler({ request }, (error, reply) => (error ? reject(error) : resolve(reply))));
}

describe("one deserialisation per request, shared by every policy", () => {
    before(() => shareDeserializedProperties());

    it("is installed once, however often it is asked", () => {
        const installed = deserialize.deserializeProperties;
        shareDeserializedProperties();
        assert.strictEqual(deserialize.deserializeProperties, installed);
    });

    it("analyzeStack: every stack policy of one call reads the same properties and the same join; another call, new ones", async () => {
        const seen: Array<{ call: number; props: unknown[]; join: BucketJoin }> = [];
        let callNumber = 0;
        const record = (name: string) => ({
            name,
            description: `Records what ${name} is given.`,
            enforcementLevel: "advisory",
            validateStack: (args: StackValidationArgs) => {
                seen.push({ call: callNumber, props: args.resources.map((r: PolicyResource) => rawProps(r.props)), join: joinOf(args.resources) });
            },
        });
        const handler = server.makeAnalyzeStackRpcFun("test-pack", "0.0.1", "advisory", [record("first"), record("second"), record("third")]);
        for (callNumber = 0; callNumber < 2; callNumber++) await call(handler, stackRequest());

        assert.strictEqual(seen.length, 6);
        assert.deepStrictEqual(seen[0].props, [{ bucket: "acme-media" }, { bucket: "acme-media", policy: "{}" }]);
        for (const [i, s] of seen.entries()) {
            const first = seen[s.call * 3];
            for (const [j, props] of s.props.entries()) {
                assert.strictEqual(props, first.props[j], `call ${s.call}, policy ${i % 3}, resource ${j}: the first policy's properties`);
                assert.strictEqual(props === seen[(1 - s.call) * 3].props[j], false, `call ${s.call}, resource ${j}: not the other call's`);
            }
            assert.strictEqual(s.join, first.join, `call ${s.call}, policy ${i % 3}: the first policy's join`);
        }
        assert.notStrictEqual(seen[0].join, seen[3].join);
        assert.deepStrictEqual(
            seen[3].join.buckets.map((b) => [b.name, seen[3].join.controlsOf(b, "policy").certain.map((c) => c.label)]),
            [["acme-media", ['BucketPolicy "media-policy"']]],
        );
    });

    it("analyze: every resource policy of one call reads the same properties, with the SDK's values", async () => {
        const seen: unknown[] = [];
        const record = (name: string) => ({
            name,
            description: `Records what ${name} is given.`,
            enforcementLevel: "advisory",
            validateResource: (args: { props: Record<string, unknown> }) => {
                seen.push(rawProps(args.props));
            },
        });
        const handler = server.makeAnalyzeRpcFun("test-pack", "0.0.1", "advisory", [record("first"), record("second")]);
        await call(handler, resourceRequest());
        await call(handler, resourceRequest());
        assert.deepStrictEqual(seen, [STACK[0].props, STACK[0].props, STACK[0].props, STACK[0].props]);
        assert.strictEqual(seen[0], seen[1]);
        assert.notStrictEqual(seen[1], seen[2]);
        assert.strictEqual(seen[2], seen[3]);
    });
});

describe("the unknown-checking proxy, shared by every policy of one request", () => {
    before(() => shareDeserializedProperties());

    /** A request for STACK's bucket with `policy` as its `policy` property. */
    const bucketRequest = (policy: unknown) => resourceRequest({ ...STACK[0], props: { bucket: "acme-media", policy } });

    /** `analyze` of `request` by `policies`, through the SDK's handler: the policy and message of each diagnostic, and each not-applicable answer. */
    async function analyze(policies: unknown[], request: unknown): Promise<{ diagnostics: string[]; notApplicable: string[][] }> {
        const reply = await call(server.makeAnalyzeRpcFun("test-pack", "0.0.1", "advisory", policies), request);
        return {
            diagnostics: reply.getDiagnosticsList().map((d: any) => `${d.getPolicyname()}: ${d.getMessage()}`),
            notApplicable: reply.getNotApplicableList().map((n: any) => [n.getPolicyName(), n.getReason()]),
        };
    }

    it("one proxy per request's properties, and a new one for the next request", async () => {
        const seen: unknown[] = [];
        const record = (name: string) => ({
            name,
            description: `Records what ${name} is given.`,
            enforcementLevel: "advisory",
            validateResource: (args: { props: unknown }) => {
                seen.push(args.props);
            },
        });
        await analyze([record("first"), record("second")], bucketRequest("{}"));
        await analyze([record("first"), record("second")], bucketRequest("{}"));
        assert.strictEqual(seen.length, 4);
        assert.strictEqual(seen[0], seen[1]);
        assert.notStrictEqual(seen[1], seen[2]);
        assert.strictEqual(seen[2], seen[3]);
    });

    it("still stops every policy that reads an unknown value, at any depth, as the SDK's own proxy does", async () => {
        const reads = (name: string) => ({
            name,
            description: `Reads the policy of the bucket (${name}).`,
            enforcementLevel: "mandatory",
            validateResource: (args: { props: { policy: { Statement: unknown[] } } }, report: (m: string) => void) => {
                if (args.props.policy.Statement.length === 0) report("no statements");
            },
        });
        const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        const { diagnostics } = await analyze([reads("first"), reads("second")], bucketRequest({ Statement: unknown }));
        assert.deepStrictEqual(
            diagnostics.map((d) => d.split(":")[0]),
            ["first", "second"],
        );
        for (const d of diagnostics) assert.ok(d.includes("can't run policy") && d.includes("during preview"), d);
        const known = await analyze([reads("first"), reads("second")], bucketRequest({ Statement: [] }));
        assert.deepStrictEqual(known.diagnostics, [
            "first: Reads the policy of the bucket (first).\nno statements",
            "second: Reads the policy of the bucket (second).\nno statements",
        ]);
    });

    it("the pack's policies answer notApplicable with the same reasons for every resource they do not apply to", async () => {
        const queue = (n: number) =>
            resourceRequest({
                urn: `urn:pulumi:dev::corpus::aws:sqs/queue:Queue::q${n}`,
                type: "aws:sqs/queue:Queue",
                name: `q${n}`,
                props: { name: `q${n}` },
            });
        const replies = [];
        for (let n = 0; n < 3; n++) replies.push(await analyze(packPolicies, queue(n)));
        assert.deepStrictEqual(
            replies[0].notApplicable.map(([policy]) => policy),
            packPolicies.map((p) => p.name),
        );
        for (const reply of replies) {
            assert.deepStrictEqual(reply.diagnostics, []);
            assert.deepStrictEqual(reply.notApplicable, replies[0].notApplicable);
        }
        assert.ok(
            replies[0].notApplicable.every(([, reason]) => reason.startsWith("Judges ")),
            JSON.stringify(replies[0].notApplicable),
        );
    });
});
