// The real pack, started as the Pulumi CLI starts it (compiled JavaScript in policies/bin), once per test file.
import * as path from "path";

import { assertPackBuilt } from "../../../offline/build";
import { AnalyzedResource, PackViolation, PolicyPackClient } from "../../../offline/policyPackClient";

export const PACK_DIR = path.resolve(__dirname, "../../../policies");

/** Starts the pack, refusing to test a build older than its sources (the set-up, `npm ci`, builds it). */
export async function startPack(): Promise<PolicyPackClient> {
    assertPackBuilt(PACK_DIR);
    return PolicyPackClient.start(PACK_DIR);
}

/** What one preview or update reports: `analyze` with each resource's inputs, then `analyzeStack` with the outputs. */
export async function judge(
    pack: PolicyPackClient,
    inputs: readonly AnalyzedResource[],
    outputs: readonly AnalyzedResource[] = inputs,
): Promise<PackViolation[]> {
    const violations: PackViolation[] = [];
    for (const r of inputs) violations.push(...(await pack.analyze(r)));
    violations.push(...(await pack.analyzeStack([...outputs])));
    return violations;
}

/** A registration recorded under mocks, as the engine sends it: inputs to `analyze`, outputs to `analyzeStack`. */
export { analyzedResource as asAnalyzed } from "../../../offline/preview";

/** The policy's own message: what follows the description the SDK puts first. */
export function detail(v: PackViolation): string {
    return v.message.slice(v.message.indexOf("\n") + 1);
}
