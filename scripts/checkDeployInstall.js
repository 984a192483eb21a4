// Checks a deploy pipeline's install (`npm ci --omit=dev`, run by .ci/run in a copy of the commit): without any dev
// dependency, the program loads as `pulumi up` loads it and runs. Pulumi's Node.js runtime registers ts-node with the
// compiler it finds (the project's, else the copies @pulumi/pulumi vendors) and the project's tsconfig.json, type
// checking unless told not to; this script asks @pulumi/pulumi for the same ts-node and compiler, registers it with
// the same options, and runs index.ts for Pulumi.dev.yaml under the SDK's mocks. Plain JavaScript: nothing is built.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
process.chdir(root);
const fail = (message) => {
    console.error(`deploy install: ${message}`);
    process.exit(1);
};

const { devDependencies = {} } = JSON.parse(fs.readFileSync("package.json", "utf8"));
const present = Object.keys(devDependencies).filter((name) => fs.existsSync(path.join("node_modules", name, "package.json")));
if (present.length > 0) fail(`dev dependencies are installed (${present.join(", ")}): this checks an install without them`);
if (fs.existsSync("bin")) fail("bin/ exists: the deploy install must not need a build");

// As @pulumi/pulumi/cmd/run does for a TypeScript program (PULUMI_NODEJS_TYPESCRIPT=true).
const tsutils = require("@pulumi/pulumi/tsutils");
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
const typescript = require(typescriptRequire);
if (typescriptRequire !== "typescript") fail(`Pulumi would compile with its vendored ${typescriptRequire}, not the project's typescript`);
require(tsnodeRequire).register({
    compiler: typescriptRequire,
    transpileOnly: compilerOptions.noCheck,
    project: "tsconfig.json",
    skipProject: false,
    compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions },
});

const { runUnderMocks } = require("../offline/runUnderMocks.ts");
const { readStackFile } = require("../offline/stackFile.ts");
const read = readStackFile("Pulumi.dev.yaml");
if (!read.ok) fail(read.problems.join("; "));
runUnderMocks({ project: "mezzanine-ingest", stack: "dev", config: read.file.config, secretKeys: read.file.secretKeys, preview: false }, () =>
    require("../index.ts"),
).then(
    (run) => {
        const types = new Set(run.registrations.map((r) => r.type));
        if (!types.has("aws:s3/bucket:Bucket")) fail(`the program registered no bucket (${[...types].join(", ")})`);
        console.log(
            `deploy install: index.ts type-checked by typescript ${typescript.version} through ts-node, as pulumi up runs it, and ` +
                `registered ${run.registrations.length} resources for Pulumi.dev.yaml`,
        );
    },
    (error) => fail(`the program failed: ${error.stack ?? error}`),
);
