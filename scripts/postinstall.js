// The set-up's second half, run by `npm ci`: install and build the policy pack (its own package), then build this
// project into bin/ so that `npm run preview` runs compiled JavaScript. Where dev dependencies were omitted
// (`npm ci --omit=dev`, a deploy pipeline that only runs `pulumi up`), there is nothing to build: Pulumi runs the
// TypeScript program itself (index.ts, through ts-node and typescript, which are dependencies for that reason), and the
// builds need the dev dependencies (the test files' types, the pack's own compiler). Skip them with a note.
"use strict";
const { execSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const { devDependencies = {} } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const missing = Object.keys(devDependencies).filter((name) => !fs.existsSync(path.join(root, "node_modules", name, "package.json")));
if (missing.length > 0) {
    console.log(
        `mezzanine-ingest: dev dependencies are not installed (${missing.join(", ")}): skipping the policy pack and the builds; ` +
            "`pulumi up` runs the program from its TypeScript sources. Run `npm ci` for the preview, the tests and the pack.",
    );
    process.exit(0);
}
const run = (command) => execSync(command, { stdio: "inherit", cwd: root });
// The pack's own `npm ci` builds its bin/ (its `prepare` script), as it does for anyone who installs it alone.
run("npm ci --prefix policies --no-audit --no-fund");
run("npm run build");
