// The pack as a security team takes it: `npm pack` in policies/ yields a tarball that, extracted into an empty
// directory and installed there (its production dependencies only), starts on its own and answers over the Analyzer
// gRPC API. Offline: npm's cache holds the dependencies, which the set-up (`npm ci`) put there.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { assertPackBuilt } from "../../offline/build";
import { PolicyPackClient } from "../../offline/policyPackClient";
import { compliantKey, Deployment } from "../../policies/test/support/fixtures";
import { PACK_DIR } from "./support/pack";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

describe("the pack's npm package", function () {
    this.timeout(600_000);
    let work: string;
    let tarball: string;
    let pack: PolicyPackClient | undefined;

    before(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "pack-tarball-"));
        // The build under test (the set-up built it; `npm pack` alone would rebuild it through `prepare`).
        assertPackBuilt(PACK_DIR);
        const out = execFileSync(npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", work], {
            cwd: PACK_DIR,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
        const [{ filename }] = JSON.parse(out.slice(out.indexOf("[")));
        tarball = path.join(work, filename);
    });
    after(async () => {
        await pack?.close();
        fs.rmSync(work, { recursive: true, force: true });
    });

    it("holds the compiled pack, its manifest, its README and the example config, and no sources or tests", () => {
        const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n").sort();
        for (const expected of [
            "package/package.json",
            "package/PulumiPolicy.yaml",
            "package/README.md",
            "package/policy-config.example.json",
            "package/bin/index.js",
        ]) {
            assert.ok(files.includes(expected), `${expected} in ${files.join(", ")}`);
        }
        assert.deepStrictEqual(
            files.filter((f) => f.endsWith(".ts") || f.includes("/test/")),
            [],
        );
    });

    it("installs into an empty directory and starts standalone, offline", async () => {
        const dir = path.join(work, "installed");
        fs.mkdirSync(dir);
        execFileSync("tar", ["-xzf", tarball, "-C", dir, "--strip-components", "1"]);
        // npm never packs package-lock.json; offline, resolving the version ranges would need the registry, so the
        // install uses the committed lockfile (online, `npm install` alone resolves them).
        fs.copyFileSync(path.join(PACK_DIR, "package-lock.json"), path.join(dir, "package-lock.json"));
        execFileSync(npm, ["ci", "--omit=dev", "--offline", "--no-audit", "--no-fund"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
        pack = await PolicyPackClient.start(dir);
        const info = await pack.getAnalyzerInfo();
        assert.strictEqual(info.name, "mezzanine-ingest-policies");
        assert.strictEqual(info.policies.length, 13);
        const key = compliantKey(new Deployment(), "tarball-key", { enableKeyRotation: false });
        assert.deepStrictEqual(
            (await pack.analyze(key)).map((v) => [v.policy, v.enforcementLevel]),
            [["kms-key-enable-rotation", "mandatory"]],
        );
    });
});
