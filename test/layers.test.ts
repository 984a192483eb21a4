// The layers read bottom-up, and no import runs upward: config (schema and naming) -> components (pure builders and
// the component) -> checks (what AWS would refuse, measured with the builders) -> program and offline -> cli. The
// policy pack stands apart: it imports nothing of the project, and the project imports nothing of it.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

/** What each layer may import (besides itself and packages). */
const MAY_IMPORT: Record<string, readonly string[]> = {
    config: [],
    components: ["config"],
    checks: ["config", "components"],
    // The offline preview runs the program under the mocks: one layer with it.
    offline: ["config", "components", "checks", "program.ts"],
    "program.ts": ["config", "components", "checks"],
    "index.ts": ["program.ts"],
    cli: ["config", "components", "checks", "offline", "program.ts"],
    bench: ["config", "components", "checks", "offline", "program.ts", "cli"],
};

function sourcesOf(entry: string): string[] {
    const full = path.join(ROOT, entry);
    if (fs.statSync(full).isFile()) return [full];
    return fs
        .readdirSync(full, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
        .map((f) => path.join(full, f));
}

/** The relative module specifiers a file imports (import ... from, import(), require()). */
export function relativeImports(file: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    const specifiers = [...text.matchAll(/(?:from\s+|import\(\s*|require\(\s*)"(\.[^"]*)"/g)].map((m) => m[1]);
    return specifiers.map((s) => path.resolve(path.dirname(file), s));
}

/** The layer a path belongs to: its first segment under the root (a folder, or program.ts / index.ts). */
const layerOf = (file: string) =>
    path
        .relative(ROOT, file)
        .split(path.sep)[0]
        .replace(/^(program|index)$/, "$1.ts");

describe("the layers", () => {
    for (const [layer, allowed] of Object.entries(MAY_IMPORT)) {
        it(`${layer} imports only ${allowed.length > 0 ? allowed.join(", ") : "itself"} (and packages)`, () => {
            const upward = sourcesOf(layer).flatMap((file) =>
                relativeImports(file)
                    .map(layerOf)
                    .filter((target) => target !== layerOf(file) && !allowed.includes(target))
                    .map((target) => `${path.relative(ROOT, file)} imports ${target}`),
            );
            assert.deepStrictEqual(upward, []);
        });
    }

    it("nothing of the project imports the policy pack, which is a package of its own", () => {
        const intoThePack = Object.keys(MAY_IMPORT).flatMap((layer) =>
            sourcesOf(layer).flatMap((file) =>
                relativeImports(file)
                    .filter((target) => layerOf(target) === "policies")
                    .map(() => path.relative(ROOT, file)),
            ),
        );
        assert.deepStrictEqual(intoThePack, []);
    });

    it("finds imports of every form it checks (a test that cannot fail is a defect)", () => {
        const probe = path.join(ROOT, "config", "names.ts");
        assert.ok(fs.existsSync(probe));
        const offline = relativeImports(path.join(ROOT, "cli", "preview.ts")).map(layerOf);
        assert.ok(offline.includes("offline") && offline.includes("checks"), offline.join(", "));
    });
});
