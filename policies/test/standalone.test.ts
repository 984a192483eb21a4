// The pack stands alone: no module under policies/ (sources, tests, the bench's no-op pack) imports anything outside
// policies/, so that the directory can be cloned, tested and published by itself.
import * as assert from "assert";
import * as fs from "fs";
import { builtinModules } from "module";
import * as os from "os";
import * as path from "path";

const PACK_DIR = path.resolve(__dirname, "..");

/** The module specifiers a source imports: `import`/`export ... from`, side-effect imports, `require()`, `import()`. */
export function specifiersOf(source: string): string[] {
    const patterns = [
        /\b(?:import|export)\s[^;]*?\bfrom\s*["']([^"']+)["']/g,
        /\bimport\s*["']([^"']+)["']/g,
        /\b(?:require|import)\s*\(\s*["']([^"']+)["']\s*\)/g,
    ];
    return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1]));
}

/** Where `specifier`, imported by `file`, leads outside `root`: undefined when it stays inside (or is a Node built-in). */
export function outside(root: string, file: string, specifier: string): string | undefined {
    const dir = path.dirname(file);
    if (builtinModules.includes(specifier.replace(/^node:/, "").split("/")[0])) return undefined;
    let target: string;
    if (specifier.startsWith(".") || path.isAbsolute(specifier)) {
        target = path.resolve(dir, specifier);
    } else {
        // A package: where Node finds it from this file (the pack's own node_modules, or a parent's, which is outside).
        try {
            target = require.resolve(specifier, { paths: [dir] });
        } catch {
            return `${specifier} (not installed in the pack)`;
        }
    }
    const relative = path.relative(root, target);
    return relative.startsWith("..") || path.isAbsolute(relative) ? target : undefined;
}

/** The pack's own modules: .ts and .js files outside node_modules and the compiled bin/. */
function modulesIn(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "bin" ? [] : modulesIn(full);
        return /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
    });
}

/** `<file>: <specifier> -> <where it leads>` for every import under `root` that leaves it. */
function importsLeaving(root: string): string[] {
    return modulesIn(root).flatMap((file) =>
        specifiersOf(fs.readFileSync(file, "utf8")).flatMap((specifier) => {
            const target = outside(root, file, specifier);
            return target === undefined ? [] : [`${path.relative(root, file)}: ${specifier} -> ${target}`];
        }),
    );
}

describe("the pack stands alone", () => {
    it("imports nothing outside policies/ from any of its modules", () => {
        assert.deepStrictEqual(importsLeaving(PACK_DIR), []);
    });

    it("finds every form of import that leaves the directory", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "pack-imports-"));
        try {
            fs.mkdirSync(path.join(root, "lib"));
            // The quotes are spliced in, so that this file's own text imports none of these.
            const q = '"';
            fs.writeFileSync(
                path.join(root, "lib", "leaky.ts"),
                [
                    `import { a } from ${q}./inside${q};`,
                    `import type {\n    B,\n} from ${q}../../offline/policyPackClient${q};`,
                    `export { c } from ${q}../../elsewhere${q};`,
                    `import ${q}../../side-effect${q};`,
                    `const d = require(${q}../../required${q});`,
                    `const e = await import(${q}../../dynamic${q});`,
                    `import * as fs from ${q}node:fs${q};`,
                    `import * as path from ${q}path${q};`,
                    `import { f } from ${q}a-package-nobody-installed${q};`,
                ].join("\n"),
            );
            assert.deepStrictEqual(
                importsLeaving(root).map((line) => line.split(" -> ")[0]),
                [
                    "lib/leaky.ts: ../../offline/policyPackClient",
                    "lib/leaky.ts: ../../elsewhere",
                    "lib/leaky.ts: a-package-nobody-installed",
                    "lib/leaky.ts: ../../side-effect",
                    "lib/leaky.ts: ../../required",
                    "lib/leaky.ts: ../../dynamic",
                ],
            );
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });
});
