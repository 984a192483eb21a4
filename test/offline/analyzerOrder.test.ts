// The order in which the offline preview calls the pack, which a pack that keeps notes between calls depends on (ours
// notes bucket inputs in `analyze` for `analyzeStack`): as in `pulumi up`, each phase's `analyze` calls all return
// before that phase's `analyzeStack`, and the update phase starts after the preview's `analyzeStack` has returned.
import * as assert from "assert";
import * as path from "path";

import { AnalyzedResource, PackViolation, PolicyPackClient, UNKNOWN } from "../../offline/policyPackClient";
import { previewStack } from "../../offline/preview";
import { readStackFile } from "../../offline/stackFile";

const DEV_STACK = path.join(__dirname, "..", "..", "Pulumi.dev.yaml");

/** Stands in for the pack: answers every call with no violation after a few turns of the event loop, logging each. */
function recordingPack() {
    const log: string[] = [];
    const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 2));
    const pack = {
        analyze: async (r: AnalyzedResource): Promise<PackViolation[]> => {
            log.push(`analyze ${r.name} ${phaseOf(r.properties)}`);
            const answer = await later([]);
            log.push(`analyzed ${r.name}`);
            return answer;
        },
        analyzeStack: async (resources: AnalyzedResource[]): Promise<PackViolation[]> => {
            log.push(`analyzeStack ${resources.length} ${phaseOf(resources.map((r) => r.properties))}`);
            const answer = await later([]);
            log.push("analyzedStack");
            return answer;
        },
    };
    return { log, pack: Promise.resolve(pack as unknown as PolicyPackClient) };
}

// At preview the key's ARN is unknown, in the bucket encryption's inputs and in the key's outputs.
const phaseOf = (properties: unknown) => (JSON.stringify(properties).includes(UNKNOWN) ? "preview" : "update");

describe("the offline preview calls the pack in the engine's order", function () {
    this.timeout(120000);

    it("each phase's analyze calls return before its analyzeStack; the update phase starts after the preview's analyzeStack", async () => {
        const read = readStackFile(DEV_STACK);
        assert.ok(read.ok);
        const { log, pack } = recordingPack();
        const report = await (await previewStack(read.file, pack)).report;
        assert.strictEqual(report.ok, true);

        const stackCalls = log.flatMap((entry, i) => (entry.startsWith("analyzeStack") ? [i] : []));
        assert.strictEqual(stackCalls.length, 2, log.join("\n"));
        const resources = report.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").length;
        const [atPreview, atUpdate] = [log.slice(0, stackCalls[0] + 2), log.slice(stackCalls[0] + 2)];
        for (const [phase, calls] of [
            ["preview", atPreview],
            ["update", atUpdate],
        ] as const) {
            // analyze N, analyzed N (in any order among them), then analyzeStack, analyzedStack.
            assert.strictEqual(calls.length, 2 * resources + 2, `${phase}:\n${calls.join("\n")}`);
            assert.deepStrictEqual(calls.slice(-2), [`analyzeStack ${resources + 1} ${phase}`, "analyzedStack"], `${phase}:\n${calls.join("\n")}`);
            const requests = calls.filter((c) => c.startsWith("analyze "));
            const answers = calls.filter((c) => c.startsWith("analyzed "));
            assert.strictEqual(requests.length, resources);
            assert.strictEqual(answers.length, resources);
            assert.ok(requests.includes(`analyze dev-studio-encryption ${phase}`), `${phase}:\n${requests.join("\n")}`);
        }
    });
});
