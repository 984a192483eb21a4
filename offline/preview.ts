// The offline preview of one customer stack: run the real program under the SDK's mocks, then let the real policy
// pack judge what it registered, through the Analyzer API, as the engine does during `pulumi up`:
// - at preview, `analyze` gets each resource's inputs and `analyzeStack` every resource's outputs, with the values
//   that only exist after creation (ids, ARNs of new resources) unknown;
// - during the update, the same calls again with the values the provider returned.
// A deployment is admitted when neither phase reports a mandatory violation. Each violation says in which phases it
// was reported.
import { checkStackConfig } from "../checks/readStackConfig";
import { AnalyzedResource, PackViolation, PolicyPackClient, SECRET_SIG_KEY } from "./policyPackClient";
import { ProgramError, Registration, runUnderMocks } from "./runUnderMocks";
import { StackFile } from "./stackFile";

export const PROJECT = "mezzanine-ingest";

export interface ReportedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent: string | null;
    /** The inputs `pulumi up` would send, secrets as "[secret]". Values AWS assigns (ids, ARNs) are mock values. */
    readonly inputs: Record<string, unknown>;
}

/** The two phases of `pulumi up` in which the engine calls the pack, in the order it runs them. */
export type Phase = "preview" | "update";

export interface ReportedViolation {
    readonly policy: string;
    readonly enforcementLevel: string;
    readonly urn: string | null;
    readonly message: string;
    /** The phases that reported this very violation (same policy, level, URN and message), in the order they run. */
    readonly phases: Phase[];
}

export interface StackReport {
    readonly stack: string;
    readonly customer: string | null;
    readonly resources: ReportedResource[];
    readonly violations: ReportedViolation[];
    /** True when no mandatory violation was reported and the config is valid. */
    readonly ok: boolean;
    /** Only for an invalid stack config: every problem, each naming the key and the value. */
    readonly problems?: string[];
}

/** The stack's config is invalid: nothing was run. */
export function invalidStackReport(stack: string, problems: readonly string[]): StackReport {
    return { stack, customer: null, resources: [], violations: [], ok: false, problems: [...problems] };
}

/**
 * Runs the program for `file` in both phases, then has the pack judge what it registered. The programs run at once
 * (the mock runtime holds one program at a time); the judging is returned as a promise, so that a caller previewing
 * many stacks runs the next stack's program while the pack, in its own process, judges this one.
 */
export async function previewStack(
    file: StackFile,
    pack: Promise<PolicyPackClient>,
    program: () => unknown = customerProgram,
): Promise<{ report: Promise<StackReport> }> {
    const check = checkStackConfig(file.config, (key) => file.secretKeys.includes(key));
    if (!check.ok) return { report: Promise.resolve(invalidStackReport(file.stack, check.problems)) };

    const options = { project: PROJECT, stack: file.stack, config: file.config, secretKeys: file.secretKeys };
    const preview = await runProgram({ ...options, preview: true }, program);
    const update = await runProgram({ ...options, preview: false }, program);
    const judged = pack.then(async (client) => {
        const atPreview = await judgePhase(preview, client);
        const atUpdate = await judgePhase(update, client);
        return mergePhases({ preview: atPreview, update: atUpdate });
    });
    return {
        report: judged.then((violations) => ({
            stack: file.stack,
            customer: check.config.customer,
            resources: update.map(reportedResource),
            violations,
            ok: !violations.some((v) => v.enforcementLevel === "mandatory"),
        })),
    };
}

// One phase of `pulumi up` as the engine runs the analyzer: every resource's inputs as it is registered, then, once the
// phase has finished, the whole stack's outputs. The order matters to a pack that notes in `analyze` what it reads back
// in `analyzeStack` (ours does: policies/lib/bucketInputs.ts), so the update phase starts only after the preview's
// `analyzeStack` has returned, as in `pulumi up`.
async function judgePhase(registrations: Registration[], pack: PolicyPackClient): Promise<PackViolation[]> {
    const perResource = registrations.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => pack.analyze(analyzedResource(r, "inputs")));
    const resources = await Promise.all(perResource);
    const stack = await pack.analyzeStack(registrations.map((r) => analyzedResource(r, "outputs")));
    return [...resources.flat(), ...stack];
}

// Loaded when first run, so that a report on an invalid config never loads the program's modules.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the program runs under the mocks, so it is loaded only after setMocks
const customerProgram = () => require("../program").customerStack();

async function runProgram(options: Parameters<typeof runUnderMocks>[0], program: () => unknown): Promise<Registration[]> {
    try {
        return (await runUnderMocks(options, program)).registrations;
    } catch (error) {
        // The config was checked first, so a failure here is the program's own.
        throw error instanceof ProgramError ? new Error(`the program failed for stack ${options.stack}: ${error.message}`) : error;
    }
}

/** A registration as the engine sends it to an analyzer: its inputs (`analyze`) or its outputs (`analyzeStack`). */
export function analyzedResource(r: Registration, properties: "inputs" | "outputs"): AnalyzedResource {
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        properties: properties === "inputs" ? r.inputs : r.outputs,
        parent: r.parent,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
        protect: r.protect,
    };
}

function reportedResource(r: Registration): ReportedResource {
    return { urn: r.urn, type: r.type, name: r.name, parent: r.parent ?? null, inputs: redactSecrets(r.inputs) as Record<string, unknown> };
}

/**
 * The violations of both phases, each listed once with the phases that reported it: both phases often report the same
 * finding, and a reviewer needs it once. Mandatory first, then in the order the phases reported them.
 */
export function mergePhases(reported: Record<Phase, readonly PackViolation[]>): ReportedViolation[] {
    const merged = new Map<string, { violation: Omit<ReportedViolation, "phases">; phases: Phase[] }>();
    for (const phase of ["preview", "update"] as const) {
        for (const v of reported[phase]) {
            const violation = { policy: v.policy, enforcementLevel: v.enforcementLevel, urn: v.urn ?? null, message: v.message };
            const key = JSON.stringify([violation.policy, violation.enforcementLevel, violation.urn, violation.message]);
            const entry = merged.get(key) ?? merged.set(key, { violation, phases: [] }).get(key)!;
            if (!entry.phases.includes(phase)) entry.phases.push(phase);
        }
    }
    const order = { mandatory: 0, remediate: 1, advisory: 2 } as Record<string, number>;
    return [...merged.values()]
        .map(({ violation, phases }) => ({ ...violation, phases }))
        .sort((a, b) => (order[a.enforcementLevel] ?? 3) - (order[b.enforcementLevel] ?? 3));
}

/** Replaces every secret (the SDK's secret envelope) with "[secret]". */
export function redactSecrets(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(redactSecrets);
    if (value === null || typeof value !== "object") return value;
    const record = value as Record<string, unknown>;
    if (SECRET_SIG_KEY in record) return "[secret]";
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, redactSecrets(v)]));
}
