// The commands run compiled JavaScript (the pack's `policies/bin`, the project's `bin`), so a build older than its
// sources would judge with yesterday's policies, or preview yesterday's program: both are refused, by one check.
import * as fs from "fs";
import * as path from "path";

export interface BuildOf {
    /** What was built, for the message: "the pack", "the program". */
    readonly what: string;
    /** The package directory: its sources are the TypeScript files below it. */
    readonly dir: string;
    /** The compiled file that stands for the build (tsc rewrites every output at each build), relative to `dir`. */
    readonly main: string;
    /** Directories (relative to `dir`) whose TypeScript is not part of what is run: tests, benchmarks, other packages. */
    readonly notRun: readonly string[];
    /** The command that rebuilds it. */
    readonly rebuild: string;
    /** What else runs that command. */
    readonly rebuiltBy: string;
}

/** Throws unless `main` exists and is at least as new as every TypeScript source that is run, naming the newest one. */
export function assertBuilt(build: BuildOf): void {
    const skipped = new Set(["node_modules", "bin", ...build.notRun].map((d) => path.join(build.dir, d)));
    const newest = newestSource(build.dir, skipped);
    const main = path.join(build.dir, build.main);
    const builtAt = fs.existsSync(main) ? fs.statSync(main).mtimeMs : undefined;
    if (builtAt === undefined || (newest !== undefined && newest.mtimeMs > builtAt)) {
        const why = builtAt === undefined ? `${main} is missing` : `${path.dirname(main)} is older than ${path.relative(build.dir, newest!.file)}`;
        throw new Error(`${build.what}'s build is stale: ${why}: run \`${build.rebuild}\` (${build.rebuiltBy})`);
    }
}

/** The policy pack's build (`policies/bin`), which the CLI runs. */
export function assertPackBuilt(packDir: string): void {
    assertBuilt({
        what: "the policy pack",
        dir: packDir,
        main: "bin/index.js",
        notRun: ["bench", "test"],
        rebuild: "npm run --prefix policies build",
        rebuiltBy: "npm ci at the root does it",
    });
}

/** The project's build (`bin`), which `npm run preview` and `npm run onboard` run: the program and the commands. */
export function assertProgramBuilt(projectDir: string): void {
    assertBuilt({
        what: "the program",
        dir: projectDir,
        main: "bin/program.js",
        notRun: ["policies", "test", "bench", "scripts"],
        rebuild: "npm run build",
        rebuiltBy: "npm ci and npm test do it too",
    });
}

function newestSource(dir: string, skipped: ReadonlySet<string>): { file: string; mtimeMs: number } | undefined {
    let newest: { file: string; mtimeMs: number } | undefined;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.name.startsWith(".") || skipped.has(full)) continue;
        const candidate = entry.isDirectory()
            ? newestSource(full, skipped)
            : entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")
              ? { file: full, mtimeMs: fs.statSync(full).mtimeMs }
              : undefined;
        if (candidate !== undefined && (newest === undefined || candidate.mtimeMs > newest.mtimeMs)) newest = candidate;
    }
    return newest;
}
