// Runs a command of the project as a user does, in a process of its own, and finds the processes it left behind.
import { spawn } from "child_process";
import { randomUUID } from "crypto";
import * as fs from "fs";
import * as path from "path";

export const PROJECT_DIR = path.resolve(__dirname, "..", "..");

export interface CommandRun {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
    /** The processes still alive, after it exited, that it (or a process it started) spawned. */
    readonly leftAlive: number[];
}

/**
 * Runs `command` with `args` in the project directory and waits for it to exit (mocha's timeout ends a command that
 * never does). Every process it starts inherits a marker in its environment, by which the survivors are found.
 */
export async function runCommand(command: string, args: readonly string[], options: { cwd?: string } = {}): Promise<CommandRun> {
    const marker = `MEZZANINE_INGEST_TEST_RUN=${randomUUID()}`;
    const [key, value] = marker.split("=");
    // As from a user's shell: without the npm_* variables npm gives the scripts it runs (`npm test` runs these tests),
    // among them npm_config_loglevel, which would stand in for the project's .npmrc.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_")));
    const child = spawn(command, args, { cwd: options.cwd ?? PROJECT_DIR, env: { ...env, [key]: value }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve, reject) => {
        child.once("error", reject);
        child.once("close", (exitCode) => resolve(exitCode));
    });
    return { code, stdout, stderr, leftAlive: processesWith(marker) };
}

// Linux: a process's environment is /proc/<pid>/environ, NUL-separated; our own user's processes are readable.
function processesWith(marker: string): number[] {
    const alive: number[] = [];
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            if (fs.readFileSync(`/proc/${entry}/environ`, "latin1").split("\0").includes(marker)) alive.push(Number(entry));
        } catch {
            // Gone meanwhile, or not ours.
        }
    }
    return alive;
}
