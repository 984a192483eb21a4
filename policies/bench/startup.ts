// How long the policy pack takes to start, as the Pulumi CLI starts it, with `main` as compiled JavaScript (what the
// set-up builds and the CLI runs) against running index.ts through ts-node with type-checking (what a pack whose main
// is TypeScript costs on every preview). Run with `npm run bench:pack [-- <repetitions>]` from the repository root.
//
// For each start: spawn -> port printed (the gRPC server is listening), and spawn -> first GetAnalyzerInfo answered.
import * as path from "path";

import { PolicyPackClient } from "../../offline/policyPackClient";

const PACK_DIR = path.resolve(__dirname, "..");

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
        { label: "compiled JS (main = bin/index.js)" },
        { label: "TypeScript via ts-node, type-checked (index.ts)", program: "index.ts" },
    ];
    const results: Array<{ label: string; samples: Sample[] }> = variants.map((v) => ({ label: v.label, samples: [] }));
    // Interleave the variants so that machine load affects both alike; one warm-up start each is discarded.
    for (const v of variants) await startOnce(v.program);
    for (let i = 0; i < repetitions; i++) {
        for (const [index, v] of variants.entries()) results[index].samples.push(await startOnce(v.program));
    }
    console.log(`policy pack start-up, ${repetitions} starts each (after one warm-up), node ${process.version}, ${require("os").cpus().length} CPUs\n`);
    console.log("| how the pack runs | port printed, median (min-max) | first GetAnalyzerInfo answered, median |");
    console.log("|---|---|---|");
    for (const r of results) {
        const ports = r.samples.map((s) => s.portMs);
        const infos = r.samples.map((s) => s.infoMs);
        console.log(`| ${r.label} | ${fmt(median(ports))} (${fmt(Math.min(...ports))}-${fmt(Math.max(...ports))}) | ${fmt(median(infos))} |`);
    }
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
