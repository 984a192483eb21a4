// Reads a Pulumi stack file (`Pulumi.<stack>.yaml`) into config as the Pulumi CLI passes it to the program.
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";

import { CONFIG_NAMESPACE } from "../config/namespace";

/**
 * Stands in for a `secure:` value, which only the stack's secrets provider can decrypt. It passes the config
 * rules for every key that may be secret, and is never printed: reports show `[secret]`.
 */
export const OFFLINE_SECRET_PLACEHOLDER = "offline-preview-secret";

/** The region the offline preview places a stack file in when it sets no `aws:region`. */
export const DEFAULT_REGION = "us-east-1";

export interface StackFile {
    /** The stack's name: `dev` for `Pulumi.dev.yaml`. */
    readonly stack: string;
    readonly path: string;
    /** Full keys (`mezzanine-ingest:customer`) to values as Pulumi passes them: strings, JSON for lists and maps. */
    readonly config: Record<string, string>;
    /** Full keys whose values are `secure:` in the file. */
    readonly secretKeys: string[];
    /** The Pulumi ESC environments the file imports (its `environment:` block), whose values are not read offline. */
    readonly environments?: string[];
}

export type StackFileRead = { ok: true; file: StackFile } | { ok: false; path: string; problems: string[] };

export function stackNameOf(filePath: string): string | undefined {
    return /^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(filePath))?.[1];
}

export function readStackFile(filePath: string): StackFileRead {
    const stack = stackNameOf(filePath) ?? path.basename(filePath).replace(/\.ya?ml$/, "");
    let text: string;
    try {
        text = fs.readFileSync(filePath, "utf8");
    } catch (error) {
        return { ok: false, path: filePath, problems: [`${filePath}: cannot read the stack file (${(error as NodeJS.ErrnoException).code ?? error})`] };
    }
    const doc = parseDocument(text);
    if (doc.errors.length > 0) {
        // yaml's messages end with "at line L, column C:" followed by an excerpt; the first line says it all.
        return { ok: false, path: filePath, problems: doc.errors.map((e) => `${filePath}: not valid YAML: ${e.message.split("\n")[0].replace(/:$/, "")}`) };
    }
    const root = doc.toJS() ?? {};
    const problems: string[] = [];
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    if (typeof root !== "object" || Array.isArray(root)) {
        return { ok: false, path: filePath, problems: [`${filePath}: must be a YAML mapping with a config: section (got ${JSON.stringify(root)})`] };
    }
    const section = root.config ?? {};
    if (typeof section !== "object" || Array.isArray(section) || section === null) {
        return { ok: false, path: filePath, problems: [`${filePath}: config must be a mapping of namespace:key to value (got ${JSON.stringify(section)})`] };
    }
    for (const [key, value] of Object.entries(section as Record<string, unknown>)) {
        if (!key.includes(":")) {
            problems.push(`${filePath}: config key ${key} has no namespace; write ${CONFIG_NAMESPACE}:${key}`);
            continue;
        }
        if (isSecure(value)) {
            config[key] = OFFLINE_SECRET_PLACEHOLDER;
            secretKeys.push(key);
            continue;
        }
        config[key] = asPulumiPasses(value);
    }
    if (problems.length > 0) return { ok: false, path: filePath, problems };
    const environments = root.environment === undefined || root.environment === null ? undefined : environmentsOf(root.environment);
    return { ok: true, file: { stack, path: filePath, config, secretKeys, ...(environments !== undefined ? { environments } : {}) } };
}

// A stack file's `environment:` block: a list of environment names, or (the older form) `imports:` holding that list.
function environmentsOf(block: unknown): string[] {
    const list = Array.isArray(block)
        ? block
        : typeof block === "object" && Array.isArray((block as { imports?: unknown }).imports)
          ? (block as { imports: unknown[] }).imports
          : [block];
    return list.map((entry) => (typeof entry === "string" ? entry : JSON.stringify(entry)));
}

/**
 * What a stack file with an ESC `environment:` block should be told: `pulumi up` adds the environments' `pulumiConfig`
 * values to the stack's config, but offline they are not resolved, so every key the file itself does not set is taken
 * as unset. Names the keys of this project (and aws:region) that this may leave unset. Undefined without the block.
 */
export function environmentNote(file: StackFile): string | undefined {
    if (file.environments === undefined) return undefined;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the schema loads the Pulumi SDK, which the preview loads only after spawning the pack
    const { configKeyDocs } = require("../config/stackConfig") as typeof import("../config/stackConfig");
    const unset = configKeyDocs().filter((doc) => file.config[`${CONFIG_NAMESPACE}:${doc.key}`] === undefined);
    // "required", "required, ≥ 1"; not "required in `sse-c`", which depends on another key.
    const isRequired = (doc: (typeof unset)[number]) => /^required(,|$)/.test(doc.default);
    const required = unset.filter(isRequired);
    const defaulted = unset.filter((doc) => !isRequired(doc));
    const keys = (docs: typeof unset) => docs.map((doc) => `${CONFIG_NAMESPACE}:${doc.key}`).join(", ");
    const effects = [
        ...(required.length > 0 ? [`${keys(required)} (required: refused below, though the environment may set them)`] : []),
        ...(defaulted.length > 0 ? [`${keys(defaulted)} (previewed with their defaults, where they have one)`] : []),
        ...(file.config["aws:region"] === undefined ? [`aws:region (previewed in ${DEFAULT_REGION})`] : []),
    ];
    return (
        `imports the Pulumi ESC environment${file.environments.length === 1 ? "" : "s"} ${file.environments.join(", ")}, whose values \`pulumi up\` adds ` +
        "to the stack's config but this preview does not resolve (offline there is no Pulumi Cloud): every key the file does not set itself is " +
        `previewed as unset${effects.length > 0 ? `, which here leaves unset ${effects.join("; and ")}` : ""}. ` +
        "Set in the file the keys the preview should see, or preview with the Pulumi CLI (`pulumi preview --stack <stack>`)"
    );
}

function isSecure(value: unknown): boolean {
    return typeof value === "object" && value !== null && Object.keys(value).length === 1 && typeof (value as any).secure === "string";
}

/** A stack-file value as Pulumi hands it to the program: a string; scalars as written, lists and maps as JSON. */
export function asPulumiPasses(value: unknown): string {
    if (typeof value === "string") return value;
    if (value === null || value === undefined) return "";
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
}

/** Every stack file in a project directory, sorted by stack name. */
export function stackFilesIn(projectDir: string): string[] {
    return fs
        .readdirSync(projectDir)
        .filter((name) => stackNameOf(name) !== undefined)
        .sort((a, b) => stackNameOf(a)!.localeCompare(stackNameOf(b)!, "en"))
        .map((name) => path.join(projectDir, name));
}

/** The readable stack files beside each of `files` (in their directories), reusing those already read. */
export function siblingStackFiles(files: readonly StackFile[]): StackFile[] {
    const known = new Map(files.map((f) => [path.resolve(f.path), f]));
    const siblings = new Map<string, StackFile>();
    for (const dir of new Set(files.map((f) => path.dirname(path.resolve(f.path))))) {
        for (const candidate of stackFilesIn(dir)) {
            const resolved = path.resolve(candidate);
            const file = known.get(resolved) ?? readable(candidate);
            if (file !== undefined) siblings.set(resolved, file);
        }
    }
    return [...siblings.values()];
}

// A file that cannot be read is reported when it is previewed; here it places no customer.
function readable(filePath: string): StackFile | undefined {
    const read = readStackFile(filePath);
    return read.ok ? read.file : undefined;
}
