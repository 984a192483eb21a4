// What the commands share: their output streams, flags, usage errors and exit codes, and how they run from the shell.
import { parseArgs, ParseArgsConfig } from "util";

export interface Io {
    stdout(text: string): void;
    stderr(text: string): void;
}

/** Exit codes of every command (a public interface: CI scripts depend on them). */
export const EXIT = { admitted: 0, blocked: 1, invalidConfig: 2, usage: 3, failure: 4 } as const;

/** The command line is wrong; the message says how. An empty message only asks for the usage text. */
export class UsageError extends Error {}

/**
 * The flags of a command that takes no positional arguments, with `--help` (`-h`) added: unknown flags and missing
 * values are usage errors, and `--help` asks for the usage text.
 */
export function parseFlags<const O extends Options>(argv: string[], options: O): Flags<O> {
    try {
        const values = parseArgs({ args: argv, options: { ...options, ...HELP }, strict: true, allowPositionals: false }).values as Flags<O> & {
            help?: boolean;
        };
        if (values.help) throw new UsageError("");
        return values;
    } catch (error) {
        throw error instanceof UsageError ? error : new UsageError((error as Error).message);
    }
}

type Options = NonNullable<ParseArgsConfig["options"]>;
const HELP = { help: { type: "boolean", short: "h" } } as const;
type Flags<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O & typeof HELP; strict: true; allowPositionals: false }>>["values"];

/** Parses the command line; on a usage error prints it with the usage text and returns undefined. */
export function parseOrExplain<T>(parse: () => T, usage: string, io: Io): T | undefined {
    try {
        return parse();
    } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        if (error.message) io.stderr(`error: ${error.message}\n`);
        io.stderr(`${usage}\n`);
        return undefined;
    }
}

/** Runs `main` with the process's arguments and streams, and exits with its code (4 if it throws). */
export function runAsCommand(main: (argv: string[], io: Io) => Promise<number>): void {
    main(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }).then(
        (code) => {
            process.exitCode = code;
        },
        (error) => {
            process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
            process.exitCode = EXIT.failure;
        },
    );
}
