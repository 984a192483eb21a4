// Real Pulumi programs run under the SDK's mocks, in the two shapes the engine sends them to the pack.
import type { AnalyzedResource, PackViolation } from "../../../offline/policyPackClient";
import { runUnderMocks } from "../../../offline/runUnderMocks";
import { asAnalyzed } from "./pack";

export interface Shape {
    readonly label: "at preview" | "after deployment";
    readonly inputs: AnalyzedResource[];
    readonly outputs: AnalyzedResource[];
}

/** Runs `body` as a program under the SDK's mocks, at preview (unknowns) and after deployment (real values). */
export async function programShapes(body: () => void): Promise<Shape[]> {
    const shapes: Shape[] = [];
    for (const preview of [true, false]) {
        const run = await runUnderMocks({ project: "corpus", stack: "dev", config: { "aws:region": "eu-west-1" }, preview }, body);
        shapes.push({
            label: preview ? "at preview" : "after deployment",
            inputs: run.registrations.map((r) => asAnalyzed(r, "inputs")),
            outputs: run.registrations.map((r) => asAnalyzed(r, "outputs")),
        });
    }
    return shapes;
}

/** The distinct [policy, name of the resource reported on] of the mandatory violations, sorted. */
export function mandatoryPairs(violations: readonly PackViolation[]): Array<[string, string]> {
    const pairs = violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => JSON.stringify([v.policy, v.urn!.split("::").pop()]));
    return [...new Set(pairs)].map((s) => JSON.parse(s)).sort();
}
