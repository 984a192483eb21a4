// Where an installed package lives and which version it is: the preflight names the release its data comes from.
import * as fs from "fs";
import * as path from "path";

/** The root directory of an installed package (the one whose package.json carries its name). */
export function packageRoot(name: string): string {
    let dir = path.dirname(require.resolve(name));
    for (;;) {
        const manifest = path.join(dir, "package.json");
        // Builds often carry a package.json of their own (`{"type": "commonjs"}`) below the package's root.
        if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === name) return dir;
        const parent = path.dirname(dir);
        if (parent === dir) throw new Error(`cannot find the package.json of ${name}`);
        dir = parent;
    }
}

/** `<name> <version>` of an installed package. */
export function packageRelease(name: string): string {
    const manifest = JSON.parse(fs.readFileSync(path.join(packageRoot(name), "package.json"), "utf8"));
    return `${name} ${manifest.version}`;
}
