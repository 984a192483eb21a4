// Runs a Pulumi program under the SDK's own mock runtime with real stack config, and records every resource
// registration as the engine would receive it: inputs, parent, dependencies and property dependencies.
import * as pulumi from "@pulumi/pulumi";

import { DEFAULT_REGION, listedAdministrators, MockCloud, offlineCallerArn } from "./mockCloud";

// The SDK's settings module keeps the monitor that setMocks installs; it is not part of the typed surface.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): any; waitForRPCs(): Promise<void> };

export interface Registration {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
    readonly custom: boolean;
    /** Inputs as the SDK serialised them: unknowns as the engine's unknown sentinel, secrets as secret envelopes. */
    readonly inputs: Record<string, unknown>;
    /** What the (mock) provider returned, or undefined for components. */
    readonly outputs: Record<string, unknown>;
    readonly id?: string;
    readonly dependencies: string[];
    readonly propertyDependencies: Record<string, string[]>;
    readonly protect: boolean;
    /** Whether `pulumi destroy` (or removing it from the program) leaves the cloud resource in place. */
    readonly retainOnDelete: boolean;
    /** The URN of the resource whose deletion makes the engine skip this one's (`deletedWith`), if any. */
    readonly deletedWith?: string;
}

export interface MockRunOptions {
    readonly project: string;
    readonly stack: string;
    /** Full keys (`mezzanine-ingest:customer`) to their values as Pulumi passes them: strings, JSON for lists. */
    readonly config: Record<string, string>;
    readonly secretKeys?: readonly string[];
    readonly preview: boolean;
    /** Who runs the deployment (`getCallerIdentity`). @default - offlineCallerArn(config) */
    readonly callerArn?: string;
    /** The IAM roles and users IAM knows in the caller's account. @default - the listed administrators, as listed */
    readonly iamArns?: readonly string[];
    /** The buckets that exist, by name (see MockCloudOptions.buckets). @default - none: the first deployment */
    readonly buckets?: Readonly<Record<string, string | null | "another account">>;
    /** Keep the SDK's per-promise stack traces (slow; for debugging the program). */
    readonly keepStackTraces?: boolean;
}

export interface MockRun {
    readonly registrations: Registration[];
    readonly stackOutputs: Record<string, unknown>;
    /** What the program logged with `pulumi.log.warn`, which the engine would show as warnings. */
    readonly warnings: string[];
}

// Without an engine the SDK prints a program's warnings to the console with this prefix (@pulumi/pulumi/log).
const RUNTIME_WARNING = "warning: [runtime] ";

/** Runs `program` as the stack's root and waits for every registration to finish. */
export async function runUnderMocks(options: MockRunOptions, program: () => unknown): Promise<MockRun> {
    const region = options.config["aws:region"] ?? DEFAULT_REGION;
    pulumi.runtime.setAllConfig(options.config, [...(options.secretKeys ?? [])]);
    await pulumi.runtime.setMocks(
        new MockCloud({
            region,
            preview: options.preview,
            callerArn: options.callerArn ?? offlineCallerArn(options.config),
            iamArns: options.iamArns ?? listedAdministrators(options.config),
            buckets: options.buckets,
        }),
        options.project,
        options.stack,
        options.preview,
    );
    const registrations = recordRegistrations(settings.getMonitor());
    // The SDK records a stack trace for every promise it makes (to report leaks); with source maps on, those traces
    // cost most of a run's time. Mocked runs have no use for them: the program's errors keep their messages.
    const stackTraceLimit = Error.stackTraceLimit;
    const prepareStackTrace = Error.prepareStackTrace;
    if (!options.keepStackTraces) {
        Error.stackTraceLimit = 0;
        // With no frames to show, skip formatting the header too: the SDK reads `new Error().stack` for every promise
        // and every resource. Messages are unaffected.
        Error.prepareStackTrace = () => "";
    }
    // A rejection nobody awaits is how a failure inside an `apply` surfaces: the resources that wait for that value never
    // register, so the run would wait for them forever. It ends the run as the program's failure. (When the program
    // itself throws, the SDK also rejects one unawaited copy of that error.)
    const unawaited: unknown[] = [];
    let failRun: (reason: unknown) => void = () => undefined;
    const unawaitedFailure = new Promise<never>((_, reject) => (failRun = reject));
    unawaitedFailure.catch(() => undefined);
    const hold = (reason: unknown) => {
        unawaited.push(reason);
        failRun(reason);
    };
    process.on("unhandledRejection", hold);
    // The program's warnings are the run's to report (the preview prints its own notes), not the console's.
    const warnings: string[] = [];
    const consoleWarn = console.warn;
    console.warn = (...args: unknown[]) => {
        const text = args.map(String).join(" ");
        if (text.startsWith(RUNTIME_WARNING)) warnings.push(text.slice(RUNTIME_WARNING.length));
        else consoleWarn(...args);
    };
    let run: MockRun | ProgramError;
    try {
        const completed = (async () => {
            const stackOutputs = (await pulumi.runtime.runInPulumiStack(program as () => Promise<Record<string, unknown>>)) ?? {};
            await settings.waitForRPCs();
            return { registrations: await Promise.all(registrations), stackOutputs, warnings };
        })();
        completed.catch(() => undefined);
        run = await Promise.race([completed, unawaitedFailure]);
    } catch (error) {
        run = new ProgramError(error, await Promise.all(registrations.map((r) => r.catch(() => undefined))));
    }
    await new Promise((resolve) => setImmediate(resolve));
    process.off("unhandledRejection", hold);
    console.warn = consoleWarn;
    Error.stackTraceLimit = stackTraceLimit;
    Error.prepareStackTrace = prepareStackTrace;
    if (run instanceof ProgramError) throw run;
    if (unawaited.length > 0) throw unawaited[0];
    return run;
}

/** The program failed; `registrations` says what it had registered by then. */
export class ProgramError extends Error {
    readonly registrations: Registration[];
    constructor(
        readonly cause: unknown,
        registrations: (Registration | undefined)[],
    ) {
        super(cause instanceof Error ? cause.message : String(cause));
        this.name = "ProgramError";
        this.registrations = registrations.filter((r): r is Registration => r !== undefined);
    }
}

function recordRegistrations(monitor: any): Promise<Registration>[] {
    const recorded: Promise<Registration>[] = [];
    // Real URNs name the parent chain without the root stack resource.
    const newUrn = monitor.newUrn.bind(monitor);
    monitor.newUrn = (parent: string, type: string, name: string) => newUrn(parent && !parent.endsWith(`::${rootName(parent)}`) ? parent : "", type, name);
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: any, resp: any) => void) => {
        recorded.push(
            new Promise((resolve, reject) => {
                register(req, (err: any, resp: any) => {
                    callback(err, resp);
                    if (err) return reject(err);
                    const propertyDependencies: Record<string, string[]> = {};
                    req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
                        propertyDependencies[key] = deps.getUrnsList();
                    });
                    resolve({
                        urn: resp.getUrn(),
                        type: req.getType(),
                        name: req.getName(),
                        parent: req.getParent() || undefined,
                        custom: req.getCustom(),
                        inputs: req.getObject()?.toJavaScript() ?? {},
                        outputs: resp.getObject()?.toJavaScript() ?? {},
                        id: resp.getId() || undefined,
                        dependencies: req.getDependenciesList(),
                        propertyDependencies,
                        protect: req.getProtect() === true,
                        retainOnDelete: req.getRetainondelete() === true,
                        deletedWith: req.getDeletedwith() || undefined,
                    });
                });
            }),
        );
    };
    return recorded;
}

// The root stack resource is `pulumi:pulumi:Stack`; its URN ends with `::<project>-<stack>`.
function rootName(urn: string): string {
    return urn.includes("::pulumi:pulumi:Stack::") ? urn.split("::").pop()! : "\0";
}
