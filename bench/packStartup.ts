// How long the policy pack takes to start, as the Pulumi CLI starts it, against the runner's own floor: a pack with a
// single no-op policy (policies/bench/noop-pack, the pack's fixture), started the same way in the same run. Also:
// running index.ts through ts-node with type-checking (what a pack whose main is TypeScript costs on every preview).
// Run with `npm run bench:pack [-- <repetitions>]` from the repository root.
//
// For each start: spawn -> port printed (the gRPC server is listening), and spawn -> first GetAnalyzerInfo answered.
// Our pack's start (compiled JS, port printed, median) is printed as a ratio to the no-op pack's; the target is 1.15x.
import * as path from "path";

import { PolicyPackClient } from "../offline/policyPackClient";

/** The pack's directory, from bench/ (ts-node) or bin/bench/ (compiled). */
const PACK_DIR = path.resolve(__dirname, "..", __dirname.includes(`${path.sep}bin${path.sep}`) ? ".." : "", "policies");
/** Relative to the pack's directory, as run-policy-pack takes its program. */
const NOOP_PACK = "bench/noop-pack";
const TARGET_RATIO = 1.15;

interface Sample {
    readonly portMs: number;
    readonly infoMs: number;
}

async function startOnce(program: string | undefined): Promise<Sample> {
    const started = process.hrtime.bigint();
    const pack = await PolicyPackClient.start(PACK_DIR, { program, timeoutMs: 120000 });
    const portMs = pack.startupMs;
    const info = await pack.getAnalyzerInfo();
    const infoMs = Number(process.hrtime.bigint() - started) / 1e6;
    await pack.close();
    if (info.policies.length === 0) throw new Error("the pack reported no policies");
    if ((program === NOOP_PACK) !== (info.name === "noop-policy-pack")) throw new Error(`${program ?? PACK_DIR} started the pack ${info.name}`);
    return { portMs, infoMs };
}

const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
    const repetitions = Number(process.argv[2] ?? 5);
    const variants: Array<{ label: string; program?: string }> = [
        { label: "no-op pack: one policy that does nothing (policies/bench/noop-pack)", program: NOOP_PACK },
        { label: "compiled JS (main = bin/index.js)" },
        { label: "TypeScript via ts-node, type-checked (index.ts)", program: "index.ts" },
    ];
    const results: Array<{ label: string; samples: Sample[] }> = variants.map((v) => ({ label: v.label, samples: [] }));
    // Interleave the variants so that machine load affects all alike; one warm-up start each is discarded.
    for (const v of variants) await startOnce(v.program);
    for (let i = 0; i < repetitions; i++) {
        for (const [index, v] of variants.entries()) results[index].samples.push(await startOnce(v.program));
    }
    const medians = results.map((r) => ({ port: median(r.samples.map((s) => s.portMs)), info: median(r.samples.map((s) => s.infoMs)) }));
    const [floor, ours] = medians;
    const ratio = (ms: number, of: number) => `${(ms / of).toFixed(2)}x`;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- one-off, in a log line
    console.log(`policy pack start-up, ${repetitions} starts each (after one warm-up), node ${process.version}, ${require("os").cpus().length} CPUs\n`);
    console.log("| how the pack runs | port printed, median (min-max) | x no-op pack | first GetAnalyzerInfo answered, median | x no-op pack |");
    console.log("|---|---|---|---|---|");
    for (const [index, r] of results.entries()) {
        const ports = r.samples.map((s) => s.portMs);
        const { port, info } = medians[index];
        console.log(
            `| ${r.label} | ${fmt(port)} (${fmt(Math.min(...ports))}-${fmt(Math.max(...ports))}) | ${ratio(port, floor.port)} | ${fmt(info)} | ${ratio(info, floor.info)} |`,
        );
    }
    const within = ours.port / floor.port <= TARGET_RATIO;
    console.log(
        `\nour pack (compiled JS) starts in ${ratio(ours.port, floor.port)} the no-op pack's time (port printed, medians): ${within ? "within" : "ABOVE"} the target of ${TARGET_RATIO}x`,
    );
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
