// How the policy pack's time grows with the size of a stack, against a pack that checks nothing, in the same run.
// Run with `npm run bench:scale [-- <repetitions> [<sizes, comma-separated>]]` from the repository root, after
// `npm run --prefix policies build` (by default 3 repetitions of 1,000, 5,000 and 20,000 resources: 3 to 5 minutes on
// a 2-core machine).
//
// Three packs are started once each, as the Pulumi CLI starts them (policies/, and its fixtures
// policies/bench/noop-pack, a pack with one policy that does nothing, and policies/bench/shape-pack, our pack's 13
// policies governed as in the pack but judging nothing), and configured with their defaults. For each size, a generated
// deployment (a realistic mix, see `deployment`) is judged as one `pulumi preview` or `pulumi up` judges it: `analyze`
// with each resource, one after the other, then one `analyzeStack` with all of them. After one warm-up pass of each
// pack over the smallest stack, the packs take turns, in an order that reverses each repetition, so that machine load
// affects all alike. Printed per size: each pack's time (median, min–max) and its ratio to the no-op pack's (medians),
// the same for `analyzeStack` alone and for the CPU time of the pack's process (which leaves out the client's encoding
// and the other processes on the machine), and the growth from the smallest to the largest stack. The shape pack
// splits our pack's cost in two: what @pulumi/policy's server and our governance charge for 13 policies that answer
// notApplicable wherever they do not apply (the shape pack over the no-op pack), and what our judgements cost (our
// pack over the shape pack).
//
// The times include this client's encoding of each request (JavaScript protobuf; the same for all packs, where the
// Pulumi CLI encodes in Go): that shared cost lowers the ratio of the wall times; the CPU-time ratio leaves it out.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { assertPackBuilt } from "../offline/build";
import { AnalyzedResource, PackViolation, PolicyPackClient } from "../offline/policyPackClient";

/** The pack's directory, from bench/ (ts-node) or bin/bench/ (compiled). */
const PACK_DIR = path.resolve(__dirname, "..", __dirname.includes(`${path.sep}bin${path.sep}`) ? ".." : "", "policies");
/** Relative to the pack's directory, as run-policy-pack takes its program. */
const NOOP_PACK = "bench/noop-pack";
const SHAPE_PACK = "bench/shape-pack";
const TARGET_RATIO = 1.3;
const DEFAULT_SIZES = [1000, 5000, 20000];

const TYPE = {
    bucket: "aws:s3/bucket:Bucket",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    logging: "aws:s3/bucketLogging:BucketLogging",
    key: "aws:kms/key:Key",
    alias: "aws:kms/alias:Alias",
    role: "aws:iam/role:Role",
    queue: "aws:sqs/queue:Queue",
    lambda: "aws:lambda/function:Function",
} as const;
const ACCOUNT = "123456789012";

/** A bucket's policy: plain HTTP and TLS older than 1.2 denied to everyone, on the bucket and its objects. */
function bucketPolicy(bucketName: string): string {
    const deny = (sid: string, condition: Record<string, unknown>) => ({
        Sid: sid,
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${bucketName}`, `arn:aws:s3:::${bucketName}/*`],
        Condition: condition,
    });
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            deny("DenyInsecureTransport", { Bool: { "aws:SecureTransport": "false" } }),
            deny("DenyOutdatedTls", { NumericLessThan: { "s3:TlsVersion": "1.2" } }),
        ],
    });
}

/**
 * A stack of `size` resources, in blocks of 20 as an organisation's stacks mix them: three buckets, each with its
 * encryption configuration (one of the three under the block's KMS key), bucket policy (TLS denies), public access
 * block and access logging (15 resources); a KMS key and its alias; an IAM role, an SQS queue and a Lambda function;
 * queues make up the rest. Every bucket is compliant except the last one, which has no public access block: the pack
 * must find exactly that, which shows it judged the whole stack. Values are known, as `pulumi up` sends them; each
 * control names its bucket and depends on it, as a program writes `bucket: media.bucket`.
 */
export function deployment(size: number): { resources: AnalyzedResource[]; insecureBucket: string } {
    const resources: AnalyzedResource[] = [];
    const add = (type: string, name: string, properties: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}) => {
        const urn = `urn:pulumi:bench::scale::${type}::${name}`;
        const dependencies = [...new Set(Object.values(propertyDependencies).flat())];
        resources.push({ urn, type, name, properties, propertyDependencies, dependencies });
        return urn;
    };
    let insecureBucket = "";
    for (let block = 0; resources.length + 20 <= size; block++) {
        const lastBlock = resources.length + 40 > size;
        const team = { team: `team-${block % 50}` };
        const keyArn = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/00000000-0000-0000-0000-${String(block).padStart(12, "0")}`;
        const key = add(TYPE.key, `key-${block}`, {
            description: "bench key",
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Sid: "RootAdministers", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }],
            }),
            tags: team,
        });
        add(TYPE.alias, `key-${block}-alias`, { name: `alias/key-${block}`, targetKeyId: keyArn }, { targetKeyId: [key] });
        for (let b = 0; b < 3; b++) {
            const name = `media-${block}-${b}`;
            const bucketName = `${name}-bucket`;
            const bucket = add(TYPE.bucket, name, { bucket: bucketName, tags: team });
            const control = (type: string, suffix: string, properties: Record<string, unknown>) =>
                add(type, `${name}-${suffix}`, { bucket: bucketName, ...properties }, { bucket: [bucket] });
            const kms = b === 0;
            control(TYPE.encryption, "encryption", {
                rules: [
                    {
                        applyServerSideEncryptionByDefault: kms ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn } : { sseAlgorithm: "AES256" },
                        bucketKeyEnabled: kms,
                        blockedEncryptionTypes: ["SSE-C"],
                    },
                ],
            });
            control(TYPE.bucketPolicy, "policy", { policy: bucketPolicy(bucketName) });
            if (lastBlock && b === 2) insecureBucket = bucket;
            else
                control(TYPE.publicAccessBlock, "public-access-block", {
                    blockPublicAcls: true,
                    blockPublicPolicy: true,
                    ignorePublicAcls: true,
                    restrictPublicBuckets: true,
                });
            control(TYPE.logging, "logging", { targetBucket: "org-access-logs", targetPrefix: `${bucketName}/` });
        }
        const role = add(TYPE.role, `role-${block}`, {
            name: `role-${block}`,
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
            tags: team,
        });
        add(TYPE.queue, `queue-${block}`, {
            name: `queue-${block}`,
            visibilityTimeoutSeconds: 60,
            messageRetentionSeconds: 345600,
            kmsMasterKeyId: "alias/aws/sqs",
        });
        add(
            TYPE.lambda,
            `ingest-${block}`,
            {
                name: `ingest-${block}`,
                role: `arn:aws:iam::${ACCOUNT}:role/role-${block}`,
                runtime: "nodejs20.x",
                handler: "index.handler",
                memorySize: 256,
                timeout: 30,
            },
            { role: [role] },
        );
    }
    for (let i = 0; resources.length < size; i++) add(TYPE.queue, `extra-queue-${i}`, { name: `extra-queue-${i}` });
    return { resources, insecureBucket };
}

interface Sample {
    /** Wall time of the `analyze` calls, and of the `analyzeStack` call, as the client sees them. */
    readonly analyzeMs: number;
    readonly stackMs: number;
    /** CPU time the pack's process spent in the whole pass (user + system), when /proc tells it. */
    readonly packCpuMs?: number;
}

const since = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** The CPU time (user + system) of process `pid` so far, in milliseconds, from /proc (Linux); undefined elsewhere. */
function cpuMs(pid: number | undefined): number | undefined {
    try {
        // Fields 14 and 15 of /proc/<pid>/stat (after the command name in parentheses), in clock ticks of 10 ms.
        const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
        return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
        return undefined;
    }
}

/** `analyze` of every resource, then `analyzeStack` of all, timed; returns what the pack reported. */
async function judgeOnce(pack: PolicyPackClient, resources: AnalyzedResource[]): Promise<{ sample: Sample; reported: PackViolation[] }> {
    const reported: PackViolation[] = [];
    const cpuBefore = cpuMs(pack.pid);
    const started = process.hrtime.bigint();
    for (const r of resources) reported.push(...(await pack.analyze(r)));
    const analyzeMs = since(started);
    const stackStarted = process.hrtime.bigint();
    reported.push(...(await pack.analyzeStack(resources)));
    const stackMs = since(stackStarted);
    const cpuAfter = cpuMs(pack.pid);
    const packCpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
    return { sample: { analyzeMs, stackMs, ...(packCpuMs === undefined ? {} : { packCpuMs }) }, reported };
}

/** Throws unless the pack reported what it must: nothing from the no-op pack; from ours, only the missing block. */
function check(label: string, reported: PackViolation[], expected: Array<[string, string | undefined]>): void {
    const got = reported.map((v) => [v.policy, v.urn]);
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
        throw new Error(`${label} reported ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
    }
}

const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const spread = (xs: number[]) => `${seconds(median(xs))} (${seconds(Math.min(...xs))}–${seconds(Math.max(...xs))})`;
const times = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

async function main(): Promise<void> {
    const repetitions = Number(process.argv[2] ?? 3);
    const sizes = process.argv[3] ? process.argv[3].split(",").map(Number) : DEFAULT_SIZES;
    if (!(repetitions >= 1) || sizes.some((n) => !(n >= 20)))
        throw new Error("usage: packScale.ts [<repetitions>] [<sizes, comma-separated, each at least 20>]");
    assertPackBuilt(PACK_DIR);
    const packs = [
        { label: "no-op pack", pack: await PolicyPackClient.start(PACK_DIR, { program: NOOP_PACK, timeoutMs: 120000 }) },
        { label: "our pack's shape, nothing judged", pack: await PolicyPackClient.start(PACK_DIR, { program: SHAPE_PACK, timeoutMs: 120000 }) },
        { label: "our pack", pack: await PolicyPackClient.start(PACK_DIR, { timeoutMs: 120000 }) },
    ];
    const [NOOP, SHAPE, OURS] = [0, 1, 2];
    const rows: Array<{ size: number; samples: Sample[][] }> = [];
    const begun = process.hrtime.bigint();
    try {
        for (const { pack } of packs) await pack.configure({});
        // What each pack must report of a deployment: our pack, exactly the bucket without a public access block.
        const expectedOf = (insecureBucket: string): Array<Array<[string, string | undefined]>> => [
            [],
            [],
            [["s3-bucket-enforce-public-access-block", insecureBucket]],
        ];
        // One warm-up pass of each pack over the smallest stack, discarded: all start from compiled, warm code.
        const warmUp = deployment(Math.min(...sizes));
        for (const [index, { label, pack }] of packs.entries()) {
            check(label, (await judgeOnce(pack, warmUp.resources)).reported, expectedOf(warmUp.insecureBucket)[index]);
        }
        for (const size of sizes) {
            const { resources, insecureBucket } = deployment(size);
            const expected = expectedOf(insecureBucket);
            const samples: Sample[][] = packs.map(() => []);
            for (let i = 0; i < repetitions; i++) {
                const order = packs.map((_, index) => index);
                for (const index of i % 2 === 0 ? order : order.reverse()) {
                    const { sample, reported } = await judgeOnce(packs[index].pack, resources);
                    check(packs[index].label, reported, expected[index]);
                    samples[index].push(sample);
                }
            }
            rows.push({ size, samples });
            process.stderr.write(`${size} resources: done (${seconds(since(begun))} so far)\n`);
        }
    } finally {
        for (const { pack } of packs) await pack.close();
    }

    const total = (s: Sample) => s.analyzeMs + s.stackMs;
    const stack = (s: Sample) => s.stackMs;
    const cpu = (s: Sample) => s.packCpuMs ?? NaN;
    const m = (samples: Sample[], f: (s: Sample) => number) => median(samples.map(f));
    console.log(
        `\npolicy pack on large stacks: analyze of every resource + analyzeStack, ${repetitions} repetitions of each pack, in turn, ` +
            `after a warm-up; node ${process.version}, ${os.cpus().length} CPUs; ${seconds(since(begun))} in all\n`,
    );
    console.log(
        "| resources | no-op pack: analyze + analyzeStack, median (min–max) | our pack's shape, nothing judged | × no-op | our pack | × no-op | " +
            "of which analyzeStack: no-op / shape / ours (medians) | × no-op (shape / ours) | the pack process's CPU time: no-op / shape / ours (medians) | × no-op (shape / ours) |",
    );
    console.log("|---:|---|---|---:|---|---:|---|---|---|---|");
    for (const { size, samples } of rows) {
        const [noop, shape, ours] = [samples[NOOP], samples[SHAPE], samples[OURS]];
        const three = (f: (s: Sample) => number) => `${seconds(m(noop, f))} / ${seconds(m(shape, f))} / ${seconds(m(ours, f))}`;
        const two = (f: (s: Sample) => number) => `${times(m(shape, f), m(noop, f))} / ${times(m(ours, f), m(noop, f))}`;
        console.log(
            `| ${size.toLocaleString("en")} | ${spread(noop.map(total))} | ${spread(shape.map(total))} | ${times(m(shape, total), m(noop, total))} | ` +
                `${spread(ours.map(total))} | ${times(m(ours, total), m(noop, total))} | ${three(stack)} | ${two(stack)} | ${three(cpu)} | ${two(cpu)} |`,
        );
    }
    console.log("");
    for (const { size, samples } of rows) {
        const ratio = m(samples[OURS], total) / m(samples[NOOP], total);
        const shape = m(samples[SHAPE], total) / m(samples[NOOP], total);
        console.log(
            `${size} resources: our pack takes ${ratio.toFixed(2)}× the no-op pack's time: ${ratio <= TARGET_RATIO ? "within" : "ABOVE"} the target of ${TARGET_RATIO}× ` +
                `(its shape with nothing judged ${shape.toFixed(2)}×; the judgements ${(m(samples[OURS], total) / m(samples[SHAPE], total)).toFixed(2)}× the shape's time)`,
        );
    }
    if (rows.length > 1) {
        const [first, last] = [rows[0], rows[rows.length - 1]];
        const growth = (index: number, f: (s: Sample) => number) => (m(last.samples[index], f) / m(first.samples[index], f)).toFixed(1);
        console.log(
            `growth from ${first.size} to ${last.size} resources (${(last.size / first.size).toFixed(0)}× as many), medians: ` +
                `no-op pack ${growth(NOOP, total)}×, our pack's shape ${growth(SHAPE, total)}×, our pack ${growth(OURS, total)}× the time; ` +
                `analyzeStack alone: no-op pack ${growth(NOOP, stack)}×, shape ${growth(SHAPE, stack)}×, our pack ${growth(OURS, stack)}×`,
        );
    }
}

if (require.main === module) {
    main().catch((error) => {
        console.error(error);
        process.exit(1);
    });
}
