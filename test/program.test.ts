import * as assert from "assert";

import { CustomerIngest } from "../components/customerIngest";
import { runUnderMocks } from "../offline/runUnderMocks";
import { ADMINISTRATOR, baseConfig, PROJECT, runStack, T } from "./support/customerStack";

describe("the Pulumi program", () => {
    it("index.ts exports the customer stack's outputs when Pulumi loads it", async () => {
        const config: Record<string, string> = {};
        for (const [key, value] of Object.entries(baseConfig())) config[key] = typeof value === "string" ? value : JSON.stringify(value);
        // index.ts runs at import: load it afresh inside the mocked stack.
        const indexPath = require.resolve("../index");
        delete require.cache[indexPath];
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program runs under the mocks, so it is loaded only after setMocks
        const run = await runUnderMocks({ project: PROJECT, stack: "test", config, preview: false }, () => require(indexPath));
        assert.strictEqual(run.stackOutputs.bucketName, "acme-123456789012-eu-west-1");
        assert.strictEqual(run.stackOutputs.sseMode, "sse-s3");
    });

    it("names every resource after the customer, so two customers in one process do not collide", async () => {
        const first = await runStack(baseConfig());
        const second = await runStack({ ...baseConfig(), "mezzanine-ingest:customer": "globex" });
        const firstUrns = new Set(first.registrations.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.urn));
        for (const r of second.registrations) {
            if (r.type === "pulumi:pulumi:Stack") continue;
            assert.ok(!firstUrns.has(r.urn), `${r.urn} is used by both customers`);
            assert.match(r.name, /^globex(-|$)/);
        }
        assert.strictEqual(second.find(T.bucket, "globex-bucket").inputs.bucket, "globex-123456789012-eu-west-1");
    });

    it("lets two CustomerIngest components live side by side in one stack", async () => {
        const run = await runUnderMocks(
            { project: PROJECT, stack: "test", config: { "aws:region": "eu-west-1" }, preview: false, callerArn: ADMINISTRATOR },
            () => {
                const principals = ["210987654321"];
                const administratorPrincipals = [ADMINISTRATOR];
                const a = new CustomerIngest("acme", { customer: "acme", sseMode: "sse-kms", uploaderPrincipals: principals, administratorPrincipals });
                const b = new CustomerIngest("globex", { customer: "globex", sseMode: "sse-kms", uploaderPrincipals: principals, administratorPrincipals });
                return { a: a.bucketName, b: b.bucketName };
            },
        );
        const urns = run.registrations.map((r) => r.urn);
        assert.strictEqual(new Set(urns).size, urns.length, "URNs are unique");
        assert.deepStrictEqual(run.stackOutputs, { a: "acme-123456789012-eu-west-1", b: "globex-123456789012-eu-west-1" });
        const aliases = run.registrations
            .filter((r) => r.type === T.alias)
            .map((r) => r.inputs.name)
            .sort();
        assert.deepStrictEqual(aliases, ["alias/mezzanine-ingest/acme", "alias/mezzanine-ingest/globex"]);
    });

    it("rejects invalid component args before registering the component", async () => {
        await assert.rejects(
            runUnderMocks({ project: PROJECT, stack: "test", config: {}, preview: false }, () => {
                new CustomerIngest("bad", { customer: "acme", sseMode: "cse" as never, uploaderPrincipals: ["*"], administratorPrincipals: [ADMINISTRATOR] });
                return {};
            }),
            (error: any) => {
                assert.deepStrictEqual(
                    error.registrations.filter((r: any) => r.type !== "pulumi:pulumi:Stack"),
                    [],
                );
                assert.match(error.message, /^invalid stack config \(2 problems\)/);
                return true;
            },
        );
    });

    it("passes the component's parent as every child's parent, and the root stack as the component's", async () => {
        const run = await runStack(baseConfig());
        const component = run.find(T.component);
        for (const r of run.registrations) {
            if (r.type === "pulumi:pulumi:Stack" || r === component) continue;
            assert.strictEqual(r.parent, component.urn, r.urn);
        }
    });
});
