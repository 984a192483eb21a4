// `npm run bench`: how fast the offline preview is, against the floor of any Node program that uses Pulumi's AWS SDK.
// Measured in one run on one machine:
//   floor        node, loading @pulumi/pulumi and @pulumi/aws and nothing else
//   one stack    `npm run preview -- --stack dev --json` (without npm's own start-up)
//   100 stacks   `npm run preview -- --all` over 100 generated customer stacks, and beside it, run in turn with it so
//                that all three see the same machine, its two floors (bench/previewFloors.ts): the programs alone, and
//                the command with a pack that checks nothing
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { SSE_MODES } from "../config/stackConfig";

const ROOT = path.resolve(__dirname, "..", __dirname.includes(`${path.sep}bin${path.sep}`) ? ".." : "");
const CLI = path.join(ROOT, "bin", "cli", "preview.js");
const FLOORS = path.join(ROOT, "bin", "bench", "previewFloors.js");
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);

function timeOnce(args: string[], okCodes = [0]): number {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (!okCodes.includes(result.status ?? -1)) {
        throw new Error(`${args.join(" ")} exited ${result.status}:\n${result.stderr.slice(0, 2000)}`);
    }
    return seconds;
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

function measure(args: string[], repeats: number): number {
    return measureInTurn([args], repeats)[0];
}

/** Runs the commands in turn, `repeats` rounds (after one to warm the file cache); the median of each. */
function measureInTurn(commands: string[][], repeats: number): number[] {
    for (const args of commands) timeOnce(args);
    const samples: number[][] = commands.map(() => []);
    for (let round = 0; round < repeats; round++) commands.forEach((args, i) => samples[i].push(timeOnce(args)));
    return samples.map(median);
}

function generateStacks(count: number): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mezzanine-bench-"));
    for (let i = 0; i < count; i++) {
        const mode = SSE_MODES[i % SSE_MODES.length];
        const customer = `customer-${String(i).padStart(3, "0")}`;
        // sse-c needs the customer's key in a secret and IAM processors that can fetch it.
        const sseC =
            mode === "sse-c"
                ? [
                      `  mezzanine-ingest:sseCKeySecretArn: arn:aws:secretsmanager:eu-west-1:210987654321:secret:${customer}/sse-c-key-AbC123`,
                      "  mezzanine-ingest:processorPrincipals:",
                      `    - arn:aws:iam::345678901234:role/drm-packager-${i}`,
                  ]
                : [];
        fs.writeFileSync(
            path.join(dir, `Pulumi.customer-${i}.yaml`),
            [
                "config:",
                "  aws:region: eu-west-1",
                `  mezzanine-ingest:customer: ${customer}`,
                `  mezzanine-ingest:sseMode: ${mode}`,
                "  mezzanine-ingest:administratorPrincipals:",
                "    - arn:aws:iam::123456789012:role/platform-deployer",
                "  mezzanine-ingest:uploaderPrincipals:",
                `    - arn:aws:iam::210987654321:role/transfer-${i}`,
                ...sseC,
                "",
            ].join("\n"),
        );
    }
    return dir;
}

function main() {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    const stacksDir = generateStacks(100);
    try {
        const floor = measure(["-e", 'require("@pulumi/pulumi"); require("@pulumi/aws")'], REPEATS);
        const one = measure([CLI, "--stack", "dev", "--json"], REPEATS);
        const [hundred, programsOnly, noopPack] = measureInTurn(
            [
                [CLI, "--all", "--project-dir", stacksDir, "--json"],
                [FLOORS, "programs", stacksDir],
                [FLOORS, "noop-pack", stacksDir],
            ],
            REPEATS,
        );
        const rows = [
            ["floor (node + @pulumi/pulumi + @pulumi/aws)", floor],
            ["preview --stack dev --json", one],
            ["preview --all --json (100 stacks)", hundred],
            ["100 stacks, the programs alone (both phases, nothing judged)", programsOnly],
            ["100 stacks, judged by a pack that checks nothing", noopPack],
        ] as const;
        console.log(`median of ${REPEATS} runs, ${os.cpus().length} cores, node ${process.version}`);
        console.log("| what | seconds | × floor |");
        console.log("|---|---:|---:|");
        for (const [what, seconds] of rows) console.log(`| ${what} | ${seconds.toFixed(2)} | ${(seconds / floor).toFixed(1)} |`);
        // What each stack beyond the first adds to a run of --all, and how the 100 stacks' time divides.
        console.log(`per additional stack in --all: ${(((hundred - one) / 99) * 1000).toFixed(0)} ms`);
        console.log(
            `of the 100 stacks' ${hundred.toFixed(2)} s: start-up and the programs ${programsOnly.toFixed(2)} s, the Analyzer calls ` +
                `${(noopPack - programsOnly).toFixed(2)} s, our policies ${(hundred - noopPack).toFixed(2)} s`,
        );
    } finally {
        fs.rmSync(stacksDir, { recursive: true, force: true });
    }
}

main();
