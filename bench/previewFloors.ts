// The two floors `npm run bench` sets beside `preview --all`, each run like the command itself, in a fresh process:
//   node bin/bench/previewFloors.js programs <dir>   every stack's program in both phases under the SDK's mocks, as
//                                                    the preview runs them, and nothing judged: no pack, no Analyzer calls
//   node bin/bench/previewFloors.js noop-pack <dir>  the preview command itself, with the policy pack replaced by one
//                                                    whose single policy does nothing (policies/bench/noop-pack): the
//                                                    same Analyzer calls, answered without any policy logic
// Between them they split the command's time into the programs, the Analyzer API (both ends of gRPC) and our policies.
// Only what the command itself loads before it starts the pack: the SDKs are required later, as the command does.
import { runAsCommand } from "../cli/command";
import { main } from "../cli/preview";
import { readStackFile, stackFilesIn } from "../offline/stackFile";

const NOOP_PACK = "bench/noop-pack";

async function programsOnly(dir: string): Promise<number> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only after the pack has been spawned, as the preview loads them
    const { runUnderMocks } = require("../offline/runUnderMocks") as typeof import("../offline/runUnderMocks");
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only after the pack has been spawned, as the preview loads them
    const { PROJECT } = require("../offline/preview") as typeof import("../offline/preview");
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only after the pack has been spawned, as the preview loads them
    const program = () => require("../program").customerStack();
    for (const path of stackFilesIn(dir)) {
        const read = readStackFile(path);
        if (!read.ok) throw new Error(`${path}: ${read.problems.join("; ")}`);
        const { stack, config, secretKeys } = read.file;
        for (const preview of [true, false]) await runUnderMocks({ project: PROJECT, stack, config, secretKeys, preview }, program);
    }
    return 0;
}

runAsCommand(async ([floor, dir], io) => {
    switch (floor) {
        case "programs":
            return programsOnly(dir);
        case "noop-pack":
            return main(["--all", "--project-dir", dir, "--json"], io, undefined, NOOP_PACK);
        default:
            throw new Error("usage: previewFloors.js programs|noop-pack <dir of stack files>");
    }
});
