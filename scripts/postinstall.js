// The set-up's second half, run by `npm ci`: install and build the policy pack (its own package), then build this
// project into bin/ so that `npm run preview` runs compiled JavaScript. Where dev dependencies were omitted
// (`npm ci --omit=dev`, e.g. a deploy pipeline that only runs `pulumi up`), there is no compiler: skip with a note.
"use strict";
const { execSync } = require("child_process");

try {
    require.resolve("typescript");
} catch {
    console.log("mezzanine-ingest: dev dependencies are not installed; skipping the policy pack and tool builds.");
    process.exit(0);
}
const run = (command) => execSync(command, { stdio: "inherit", cwd: `${__dirname}/..` });
// The pack's own `npm ci` builds its bin/ (its `prepare` script), as it does for anyone who installs it alone.
run("npm ci --prefix policies --no-audit --no-fund");
run("npm run build");
