// The pack's start-up stays at an empty pack's floor: the YAML parser is loaded only when a YAML template is found.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";

/** The pack's directory, whose compiled JavaScript (bin/) `npm test` builds first. */
const PACK_DIR = path.resolve(__dirname, "..");

/** How many of the `yaml` package's modules are loaded after running `script` in the compiled pack's directory. */
function yamlModulesAfter(script: string): number {
    const count = 'console.log(Object.keys(require.cache).filter((k) => k.includes("/node_modules/yaml/")).length)';
    return Number(execFileSync(process.execPath, ["-e", `${script};${count}`], { cwd: PACK_DIR, encoding: "utf8" }).trim());
}

describe("policy pack start-up", () => {
    it("loads no YAML parser with its policies, nor for a JSON template; only for a YAML one", () => {
        assert.strictEqual(yamlModulesAfter('require("./bin/pack")'), 0);
        assert.strictEqual(yamlModulesAfter('require("./bin/pack"); require("./bin/lib/cloudformationTemplate").parseTemplate(\'{"Resources": {}}\')'), 0);
        assert.ok(yamlModulesAfter('require("./bin/pack"); require("./bin/lib/cloudformationTemplate").parseTemplate("Resources: {}")') > 0);
    });
});
