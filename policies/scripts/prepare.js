// `prepare`: npm runs it after `npm ci`/`npm install` in this directory and before `npm pack`, so that the pack's
// compiled bin/ (what the Pulumi CLI runs) exists wherever its sources were installed. Installed from its tarball,
// the pack has no sources (it ships bin/), and where dev dependencies are omitted there is no compiler: skip both.
"use strict";
const { execSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const dir = path.resolve(__dirname, "..");
if (!fs.existsSync(path.join(dir, "tsconfig.json")) || !fs.existsSync(path.join(dir, "index.ts"))) {
    console.log("mezzanine-ingest-policies: installed from its package; using the bin/ it ships.");
    process.exit(0);
}
try {
    require.resolve("typescript", { paths: [dir] });
} catch {
    console.log("mezzanine-ingest-policies: no TypeScript compiler (dev dependencies omitted); not building bin/.");
    process.exit(0);
}
execSync("npm run build", { stdio: "inherit", cwd: dir });
