// The join of controls to buckets: indexed once per stack, it finds what a scan of every control finds; read once per
// `analyzeStack` call, it is shared by the policies of that call and never by another call's.
import * as assert from "assert";

import type { PolicyResource } from "@pulumi/policy";

import { BucketJoin, joinOf } from "../../lib/buckets";
import { symbol, isSymbolic } from "../../lib/cloudformationTemplate";
import { Control, ModelBucket, Target } from "../../lib/model";
import { UNKNOWN } from "../../lib/unknowns";

/** What the join reads of a bucket: its key, its name and its own controls. */
function bucket(key: string, name: string | undefined, inline: Control[] = []): ModelBucket {
    return { key, name, inline, label: key } as unknown as ModelBucket;
}

function control(kind: Control["kind"], label: string, target: Target, destination?: Target): Control {
    return { kind, label, target, ...(kind === "logging" ? { destination: destination ?? target } : {}) } as unknown as Control;
}

/** The join as it was before the index: every control tested against every bucket (the same rules, see buckets.ts). */
function scan(buckets: readonly ModelBucket[], controls: readonly Control[]) {
    const keys = new Set(buckets.map((b) => b.key));
    const targets = (target: Target, b: ModelBucket): "certain" | "possible" | "no" => {
        const deps = target.deps.filter((k) => keys.has(k));
        const dependsOnIt = deps.includes(b.key);
        const value = target.value;
        if (typeof value === "string" && value !== UNKNOWN) {
            if (isSymbolic(value)) return value === b.name && dependsOnIt ? "certain" : "no";
            return (b.name !== undefined ? value === b.name : dependsOnIt) ? "certain" : "no";
        }
        if (value === UNKNOWN && dependsOnIt) return deps.length === 1 ? "certain" : "possible";
        return "no";
    };
    const split = (candidates: readonly Control[], b: ModelBucket, targetOf: (c: Control) => Target, certain: Control[] = []) => {
        const possible: Control[] = [];
        for (const c of candidates) {
            const match = targets(targetOf(c), b);
            if (match === "certain") certain.push(c);
            else if (match === "possible") possible.push(c);
        }
        return { certain, possible };
    };
    return {
        controlsOf: (b: ModelBucket, kind: Control["kind"]) =>
            split(
                controls.filter((c) => c.kind === kind),
                b,
                (c) => c.target,
                b.inline.filter((c) => c.kind === kind),
            ),
        loggingInto: (b: ModelBucket) =>
            split(
                [...buckets.flatMap((x) => x.inline), ...controls].filter((c) => c.kind === "logging"),
                b,
                (c) => (c as Extract<Control, { kind: "logging" }>).destination,
            ),
    };
}

const labels = (found: { certain: Control[]; possible: Control[] }) => ({
    certain: found.certain.map((c) => c.label),
    possible: found.possible.map((c) => c.label),
});

describe("the join of controls to buckets", () => {
    it("finds for each bucket exactly the controls a scan of every control finds, in the same order", () => {
        // Every way a target can name a bucket, or seem to: by name, by dependency, both, on a bucket whose name is
        // unknown, through a template's symbol, on several buckets, on a bucket outside the stack, twice on the same one.
        const media = bucket("urn:media", "acme-media");
        const logs = bucket("urn:logs", "acme-logs", [control("logging", "logs' own logging", { value: "acme-media", deps: [] })]);
        const unnamed = bucket("urn:unnamed", undefined);
        const templated = bucket("stack#Uploads", symbol("Uploads"));
        const sameName = bucket("urn:media-twin", "acme-media");
        const buckets = [media, logs, unnamed, templated, sameName];
        const targets: Target[] = [
            { value: "acme-media", deps: ["urn:media"] },
            { value: "acme-media", deps: [] },
            { value: UNKNOWN, deps: ["urn:media"] },
            { value: UNKNOWN, deps: ["urn:media", "urn:logs"] },
            { value: UNKNOWN, deps: ["urn:media", "urn:outside"] },
            { value: UNKNOWN, deps: ["urn:unnamed", "urn:unnamed"] },
            { value: "acme-logs", deps: ["urn:media"] },
            { value: "somewhere-else", deps: ["urn:unnamed"] },
            { value: symbol("Uploads"), deps: ["stack#Uploads"] },
            { value: symbol("Uploads"), deps: [] },
            { value: undefined, deps: ["urn:media"] },
            { value: UNKNOWN, deps: [] },
        ];
        const kinds: Control["kind"][] = ["encryption", "policy", "publicAccessBlock", "logging"];
        // Each target for each kind, interleaved so that matches by name and by dependency alternate in the stack.
        const controls = targets.flatMap((target, t) => kinds.map((kind, k) => control(kind, `${kind} ${t}`, target, targets[(t + k) % targets.length])));
        const join = new BucketJoin({ buckets, controls });
        const reference = scan(buckets, controls);
        let matches = 0;
        for (const b of buckets) {
            for (const kind of kinds) {
                assert.deepStrictEqual(labels(join.controlsOf(b, kind)), labels(reference.controlsOf(b, kind)), `${kind} of ${b.key}`);
                matches += join.controlsOf(b, kind).certain.length + join.controlsOf(b, kind).possible.length;
            }
            assert.deepStrictEqual(labels(join.loggingInto(b)), labels(reference.loggingInto(b)), `logging into ${b.key}`);
        }
        assert.ok(matches > 20, "the fixture must exercise the join");
        // By name and dependency; by name alone; by an unknown value that depends on no other bucket of the stack (2, and
        // 4, whose other dependency is outside it); and one that may target this bucket or another (3).
        assert.deepStrictEqual(labels(join.controlsOf(media, "policy")), {
            certain: ["policy 0", "policy 1", "policy 2", "policy 4"],
            possible: ["policy 3"],
        });
    });

    it("reads a stack once for every policy of one analyzeStack call, and again for another call", () => {
        const resource = (name: string, props: Record<string, unknown>, bucketUrn?: string) =>
            ({
                urn: `urn:pulumi:dev::corpus::${name}`,
                type: bucketUrn === undefined ? "aws:s3/bucket:Bucket" : "aws:s3/bucketPolicy:BucketPolicy",
                name,
                props,
                propertyDependencies: bucketUrn === undefined ? {} : { bucket: [{ urn: bucketUrn }] },
            }) as unknown as PolicyResource;
        const mediaProps = { bucket: "acme-media" };
        const policyProps = { bucket: "acme-media", policy: "{}" };
        // Each policy of one call gets new resource objects around the same (shared) properties.
        const stackOfOneCall = () => [resource("media", mediaProps), resource("media-policy", policyProps, "urn:pulumi:dev::corpus::media")];
        const first = joinOf(stackOfOneCall());
        assert.strictEqual(joinOf(stackOfOneCall()), first);
        assert.deepStrictEqual(
            first.buckets.map((b) => [b.name, first.controlsOf(b, "policy").certain.map((c) => c.label)]),
            [["acme-media", ['BucketPolicy "media-policy"']]],
        );
        // Another call: new properties objects, even with the same values; or one resource more or less.
        assert.notStrictEqual(joinOf([resource("media", { ...mediaProps }), resource("media-policy", { ...policyProps })]), first);
        assert.notStrictEqual(joinOf([resource("media", mediaProps), resource("media-policy", { ...policyProps })]), first);
        assert.notStrictEqual(joinOf([resource("media", mediaProps)]), first);
        assert.deepStrictEqual(
            joinOf([resource("media", mediaProps)]).buckets.map((b) => b.name),
            ["acme-media"],
        );
        assert.deepStrictEqual(joinOf([]).buckets, []);
    });
});
