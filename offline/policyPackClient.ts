// Starts a CrossGuard policy pack exactly as the Pulumi CLI does and talks to it over the Analyzer gRPC API.
//
// The CLI's analyzer plugin runs `node <pack>/node_modules/@pulumi/pulumi/cmd/run-policy-pack <engine> <pack>` in the
// pack's directory; the pack's PolicyPack starts a gRPC server on a free port and prints the port on stdout. The CLI
// then calls GetAnalyzerInfo, Configure (every policy's level and config, defaults filled in), Analyze (each resource's
// inputs, before it is created or updated) and AnalyzeStack (every resource's outputs, after a preview or an update).
// Values unknown at preview travel as the engine's unknown sentinel string, secrets as the SDK's secret envelope.
import { ChildProcess, spawn } from "child_process";
import { createRequire } from "module";
import * as path from "path";

import type * as AnalyzerPb from "@pulumi/pulumi/proto/analyzer_pb";

import { PolicyConfigError, resolvePolicyConfig } from "./policyConfig";

export { PolicyConfigError };

// The gRPC runtime, protobuf messages and Struct must be the very modules @pulumi/pulumi's generated code uses.
const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const grpc = pulumiRequire("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const analyzerPb = pulumiRequire("./proto/analyzer_pb") as typeof AnalyzerPb;
const analyzerGrpc = pulumiRequire("./proto/analyzer_grpc_pb") as {
    AnalyzerClient: new (address: string, credentials: unknown, options?: Record<string, unknown>) => any;
};
const { Struct } = pulumiRequire("google-protobuf/google/protobuf/struct_pb") as { Struct: { fromJavaScript(v: Record<string, unknown>): any } };
const { Empty } = pulumiRequire("google-protobuf/google/protobuf/empty_pb") as { Empty: new () => unknown };

/** The Pulumi CLI's receive limit on a plugin's gRPC replies (rpcutil.maxRPCMessageSize). */
export const CLI_MAX_RPC_MESSAGE_BYTES = 400 * 1024 * 1024;

/** The engine's unknown value (what `runUnderMocks` records for values unknown at preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The key and value that mark a secret envelope: `{[SECRET_SIG_KEY]: SECRET_SIG, value}`. */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

export interface AnalyzedResource {
    urn: string;
    type: string;
    name: string;
    /** Inputs for `analyze`, outputs for `analyzeStack`; unknowns as `UNKNOWN`, secrets as envelopes. */
    properties: Record<string, unknown>;
    parent?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    protect?: boolean;
    /** The provider resource's URN; informational (the pack sees no provider properties). */
    provider?: string;
}

export interface PackViolation {
    policy: string;
    enforcementLevel: EnforcementLevel;
    /** The resource the violation is about; for `analyze`, the analyzed resource unless the policy named another. */
    urn?: string;
    /** As the CLI prints it: the policy's description, a newline, then the policy's own message. */
    message: string;
}

export type Severity = "unspecified" | "low" | "medium" | "high" | "critical";

export interface PackPolicyInfo {
    name: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    /** The JSON schema of the policy's config properties, if it takes any. */
    configSchema?: { properties: Record<string, any>; required: string[] };
    /** What Pulumi Cloud files with each finding (@pulumi/policy 1.18+); empty strings and "unspecified" when not set. */
    displayName: string;
    severity: Severity;
    framework?: { name: string; version: string; reference: string; specification: string };
    tags: string[];
    remediationSteps: string;
    url: string;
}

export interface AnalyzerInfo {
    name: string;
    version: string;
    supportsConfig: boolean;
    policies: PackPolicyInfo[];
    /** The pack-level metadata (empty when not set). */
    displayName: string;
    readme: string;
    provider: string;
    tags: string[];
    repository: string;
}

/** A policy's `notApplicable(reason)` for the analyzed resource (AnalyzeResponse.notApplicable). */
export interface PackNotApplicable {
    policy: string;
    reason: string;
}

/**
 * A `--policy-pack-config` document: per policy name, its level and config properties, or just a level;
 * `"all"` sets the level of every policy not given one.
 */
export type PolicyConfig = Record<string, { enforcementLevel?: string; [key: string]: unknown } | string>;

export interface StartOptions {
    /**
     * What to run, relative to the pack directory: by default the directory itself, so Node loads the package's
     * `main` (compiled JavaScript), as the CLI does. `index.ts` runs the TypeScript through ts-node instead.
     */
    program?: string;
    /** How long to wait for the pack to print its port. @default 60000 */
    timeoutMs?: number;
}

const LEVELS: Record<number, EnforcementLevel> = {
    [analyzerPb.EnforcementLevel.ADVISORY]: "advisory",
    [analyzerPb.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzerPb.EnforcementLevel.DISABLED]: "disabled",
    [analyzerPb.EnforcementLevel.REMEDIATE]: "remediate",
};
const SEVERITIES: Record<number, Severity> = {
    [analyzerPb.PolicySeverity.POLICY_SEVERITY_UNSPECIFIED]: "unspecified",
    [analyzerPb.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
    [analyzerPb.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
    [analyzerPb.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
    [analyzerPb.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};
const LEVEL_NUMBERS = Object.fromEntries(Object.entries(LEVELS).map(([n, l]) => [l, Number(n)])) as Record<EnforcementLevel, number>;

export class PolicyPackClient {
    /** Milliseconds from spawning the pack to reading its port. */
    readonly startupMs: number;
    private info?: AnalyzerInfo;
    private exited = false;

    private constructor(
        private readonly child: ChildProcess,
        private readonly client: any,
        readonly port: number,
        startupMs: number,
        private readonly stderr: () => string,
    ) {
        this.startupMs = startupMs;
        child.once("exit", () => (this.exited = true));
    }

    /** The pack's process id (the benchmarks read its CPU time). */
    get pid(): number | undefined {
        return this.child.pid;
    }

    /** Spawns the pack in `packDir` (which must have its node_modules installed) and connects to it. */
    static async start(packDir: string, options: StartOptions = {}): Promise<PolicyPackClient> {
        const dir = path.resolve(packDir);
        const runner = path.join(dir, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack");
        const program = options.program === undefined ? dir : path.resolve(dir, options.program);
        const started = process.hrtime.bigint();
        // The first argument is the engine's address; the pack only needs it to log through the engine, which we do not run.
        const child = spawn(process.execPath, [runner, "127.0.0.1:0", program], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
        // The pack serves until it is stopped: whatever path this process ends by, it takes the pack with it.
        const stopWithThisProcess = () => child.kill();
        process.on("exit", stopWithThisProcess);
        child.once("exit", () => process.off("exit", stopWithThisProcess));
        let stderr = "";
        child.stderr!.on("data", (chunk) => (stderr += chunk));
        const port = await new Promise<number>((resolve, reject) => {
            let stdout = "";
            const timer = setTimeout(
                () => fail(new Error(`policy pack in ${dir} printed no port within ${options.timeoutMs ?? 60000} ms`)),
                options.timeoutMs ?? 60000,
            );
            const fail = (error: Error) => {
                clearTimeout(timer);
                child.kill();
                reject(error);
            };
            child.stdout!.on("data", (chunk) => {
                stdout += chunk;
                const line = /^(\d+)\s*$/m.exec(stdout);
                if (line) {
                    clearTimeout(timer);
                    resolve(Number(line[1]));
                }
            });
            child.once("error", fail);
            child.once("exit", (code) => fail(new Error(`policy pack in ${dir} exited with code ${code} before it printed its port:\n${stderr}`)));
        });
        const startupMs = Number(process.hrtime.bigint() - started) / 1e6;
        // As the CLI dials a plugin (pulumi/pulumi sdk/go/common/util/rpcutil: GrpcChannelOptions, a 400 MB receive limit
        // rather than gRPC's 4 MB): a reply the CLI takes is never refused here.
        const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": CLI_MAX_RPC_MESSAGE_BYTES,
        });
        return new PolicyPackClient(child, client, port, startupMs, () => stderr);
    }

    /** The pack's name, version and policies with their default levels and config schemas. */
    async getAnalyzerInfo(): Promise<AnalyzerInfo> {
        const reply = await this.call<AnalyzerPb.AnalyzerInfo>("getAnalyzerInfo", new Empty());
        this.info = {
            name: reply.getName(),
            version: reply.getVersion(),
            supportsConfig: reply.getSupportsconfig(),
            displayName: reply.getDisplayname(),
            readme: reply.getReadme(),
            provider: reply.getProvider(),
            tags: reply.getTagsList(),
            repository: reply.getRepository(),
            policies: reply.getPoliciesList().map((p) => {
                const schema = p.getConfigschema();
                const framework = p.getFramework();
                return {
                    name: p.getName(),
                    description: p.getDescription(),
                    enforcementLevel: LEVELS[p.getEnforcementlevel()],
                    ...(schema ? { configSchema: { properties: schema.getProperties()?.toJavaScript() ?? {}, required: schema.getRequiredList() } } : {}),
                    displayName: p.getDisplayname(),
                    severity: SEVERITIES[p.getSeverity()],
                    ...(framework
                        ? {
                              framework: {
                                  name: framework.getName(),
                                  version: framework.getVersion(),
                                  reference: framework.getReference(),
                                  specification: framework.getSpecification(),
                              },
                          }
                        : {}),
                    tags: p.getTagsList(),
                    remediationSteps: p.getRemediationSteps(),
                    url: p.getUrl(),
                };
            }),
        };
        return this.info;
    }

    /**
     * Configures the pack as the CLI does with `--policy-pack-config` (see policyConfig.ts): every policy gets a level
     * (its own, else `all`'s, else its default) and its config with the schema's defaults filled in, validated against
     * the policy's config schema. Throws a PolicyConfigError naming every problem, before configuring anything; returns
     * the notes (properties no policy takes, which the pack ignores).
     */
    async configure(config: PolicyConfig): Promise<string[]> {
        const info = this.info ?? (await this.getAnalyzerInfo());
        const resolution = resolvePolicyConfig(info, config);
        if (!resolution.ok) throw new PolicyConfigError(resolution.problems, resolution.notes);
        await this.sendConfig(resolution.policies);
        return resolution.notes;
    }

    /**
     * Configures the pack with `config` as given, unchecked: what reaches a pack whose engine does not validate config
     * (the Analyzer API's Configure does not), for tests of what the pack does with config the CLI would refuse. Each
     * policy named gets its level (else its default) and the rest of its entry as properties.
     */
    async configureUnchecked(config: PolicyConfig): Promise<void> {
        const info = this.info ?? (await this.getAnalyzerInfo());
        const policies: Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }> = {};
        for (const p of info.policies) {
            const entry = config[p.name];
            const { enforcementLevel, ...properties } = typeof entry === "object" && entry !== null ? entry : { enforcementLevel: entry };
            policies[p.name] = { enforcementLevel: (enforcementLevel ?? p.enforcementLevel) as EnforcementLevel, properties };
        }
        await this.sendConfig(policies);
    }

    private async sendConfig(policies: Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>): Promise<void> {
        const request = new analyzerPb.ConfigureAnalyzerRequest();
        const map = request.getPolicyconfigMap();
        for (const [name, { enforcementLevel, properties }] of Object.entries(policies)) {
            const entry = new analyzerPb.PolicyConfig();
            entry.setEnforcementlevel(LEVEL_NUMBERS[enforcementLevel] as AnalyzerPb.EnforcementLevel);
            entry.setProperties(Struct.fromJavaScript(withoutUndefined(properties) as Record<string, unknown>));
            map.set(name, entry);
        }
        await this.call("configure", request);
    }

    /** `Analyze`: one resource's inputs, as before it is created or updated. */
    async analyze(r: AnalyzedResource): Promise<PackViolation[]> {
        return (await this.analyzeWithNotApplicable(r)).violations;
    }

    /** `Analyze`, with the policies that said they do not apply to the resource, and why. */
    async analyzeWithNotApplicable(r: AnalyzedResource): Promise<{ violations: PackViolation[]; notApplicable: PackNotApplicable[] }> {
        const request = new analyzerPb.AnalyzeRequest();
        request.setType(r.type);
        request.setUrn(r.urn);
        request.setName(r.name);
        request.setProperties(Struct.fromJavaScript(withoutUndefined(r.properties) as Record<string, unknown>));
        request.setOptions(resourceOptions(r));
        const reply = await this.call<AnalyzerPb.AnalyzeResponse>("analyze", request);
        return {
            violations: violations(reply, r.urn),
            notApplicable: reply.getNotApplicableList().map((n) => ({ policy: n.getPolicyName(), reason: n.getReason() })),
        };
    }

    /** `AnalyzeStack`: every resource's outputs, with parents and (property) dependencies, as after a preview or update. */
    async analyzeStack(resources: AnalyzedResource[]): Promise<PackViolation[]> {
        const request = new analyzerPb.AnalyzeStackRequest();
        request.setResourcesList(
            resources.map((r) => {
                const resource = new analyzerPb.AnalyzerResource();
                resource.setType(r.type);
                resource.setUrn(r.urn);
                resource.setName(r.name);
                resource.setProperties(Struct.fromJavaScript(withoutUndefined(r.properties) as Record<string, unknown>));
                resource.setOptions(resourceOptions(r));
                if (r.parent) resource.setParent(r.parent);
                resource.setDependenciesList(r.dependencies ?? []);
                const deps = resource.getPropertydependenciesMap();
                for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
                    const list = new analyzerPb.AnalyzerPropertyDependencies();
                    list.setUrnsList(urns);
                    deps.set(key, list);
                }
                return resource;
            }),
        );
        const reply = await this.call<AnalyzerPb.AnalyzeResponse>("analyzeStack", request);
        return violations(reply, undefined);
    }

    /** Closes the connection and stops the pack. */
    async close(): Promise<void> {
        this.client.close();
        if (this.exited) return;
        const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
        this.child.kill();
        await exited;
    }

    private call<T>(method: string, request: unknown): Promise<T> {
        return new Promise((resolve, reject) => {
            this.client[method](request, (error: Error | null, reply: T) => {
                if (error) reject(new Error(`policy pack ${method} failed: ${error.message}${this.exited ? `\n${this.stderr()}` : ""}`));
                else resolve(reply);
            });
        });
    }
}

function resourceOptions(r: AnalyzedResource): AnalyzerPb.AnalyzerResourceOptions {
    const options = new analyzerPb.AnalyzerResourceOptions();
    options.setProtect(r.protect === true);
    if (r.parent) options.setParent(r.parent);
    return options;
}

function violations(reply: AnalyzerPb.AnalyzeResponse, defaultUrn: string | undefined): PackViolation[] {
    return reply.getDiagnosticsList().map((d) => {
        const urn = d.getUrn() || defaultUrn;
        return {
            policy: d.getPolicyname(),
            enforcementLevel: LEVELS[d.getEnforcementlevel()],
            ...(urn ? { urn } : {}),
            message: d.getMessage(),
        };
    });
}

/** Struct cannot hold `undefined`: drop such keys (the engine never sends them) and turn array holes into null. */
function withoutUndefined(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : withoutUndefined(v)));
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => [k, withoutUndefined(v)]),
    );
}
