import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { assertBuilt, BuildOf } from "../../offline/build";

describe("a build older than its sources is refused", () => {
    let dir: string;
    let build: BuildOf;
    const at = (file: string, seconds: number) => {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        if (!fs.existsSync(path.join(dir, file))) fs.writeFileSync(path.join(dir, file), "");
        fs.utimesSync(path.join(dir, file), seconds, seconds);
    };
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "build-"));
        build = { what: "the program", dir, main: "bin/program.js", notRun: ["test"], rebuild: "npm run build", rebuiltBy: "npm ci does it too" };
        at("program.ts", 1000);
        at("config/names.ts", 1000);
        at("bin/program.js", 2000);
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("accepts a build newer than every source", () => {
        assert.doesNotThrow(() => assertBuilt(build));
    });

    it("refuses a build older than a source, naming the source and the command that rebuilds", () => {
        at("config/names.ts", 3000);
        assert.throws(() => assertBuilt(build), {
            message: `the program's build is stale: ${path.join(dir, "bin")} is older than ${path.join("config", "names.ts")}: run \`npm run build\` (npm ci does it too)`,
        });
    });

    it("refuses a missing build", () => {
        fs.rmSync(path.join(dir, "bin"), { recursive: true });
        assert.throws(() => assertBuilt(build), {
            message: `the program's build is stale: ${path.join(dir, "bin", "program.js")} is missing: run \`npm run build\` (npm ci does it too)`,
        });
    });

    it("ignores what is not run: the tests, declaration files, node_modules", () => {
        at("test/program.test.ts", 3000);
        at("types.d.ts", 3000);
        at("node_modules/x/index.ts", 3000);
        assert.doesNotThrow(() => assertBuilt(build));
    });
});
