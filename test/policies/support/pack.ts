// The real pack, started as the Pulumi CLI starts it (compiled JavaScript in policies/bin), once per test file.
import * as fs from "fs";
import * as path from "path";

import { AnalyzedResource, PackViolation, PolicyPackClient } from "../../../offline/policyPackClient";

export const PACK_DIR = path.resolve(__dirname, "../../../policies");

/** Starts the pack, refusing to test a build older than its sources (the set-up, `npm ci`, builds it). */
export async function startPack(): Promise<PolicyPackClient> {
    const newestSource = newestMtime(PACK_DIR, (f) => f.endsWith(".ts") && !f.includes(`${path.sep}bench${path.sep}`));
    const main = path.join(PACK_DIR, "bin", "index.js");
    if (!fs.existsSync(main) || fs.statSync(main).mtimeMs < newestSource) {
        throw new Error(`policies/bin is missing or older than the pack's sources: run \`npm run --prefix policies build\` (npm ci at the root does it)`);
    }
    return PolicyPackClient.start(PACK_DIR);
}

function newestMtime(dir: string, keep: (file: string) => boolean): number {
    let newest = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === "node_modules" || entry.name === "bin") continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, keep));
        else if (keep(full)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
    return newest;
}

/** What one preview or update reports: `analyze` with each resource's inputs, then `analyzeStack` with the outputs. */
export async function judge(pack: PolicyPackClient, inputs: readonly AnalyzedResource[], outputs: readonly AnalyzedResource[] = inputs): Promise<PackViolation[]> {
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
