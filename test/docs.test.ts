// The generated parts of the docs cannot drift from the code: each page holds what `npm run docs` would write.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { configKeyDocs, stackConfigShape } from "../config/stackConfig";
import { generatedPages, withPart } from "../scripts/generateDocs";

describe("the generated docs", () => {
    for (const page of generatedPages()) {
        it(`${page.file} is up to date (regenerate with npm run docs)`, () => {
            assert.strictEqual(page.committed, page.expected, `${page.file} is stale: run npm run docs and commit it`);
        });
    }

    it("documents every config key the schema knows", () => {
        assert.deepStrictEqual(
            configKeyDocs().map((d) => d.key),
            Object.keys(stackConfigShape),
        );
        for (const d of configKeyDocs()) assert.ok(d.type && d.default && d.rule, `${d.key} has no documentation`);
    });

    it("replaces only what lies between a page's markers", () => {
        assert.strictEqual(withPart("a\n<!-- x:start -->\nold\n<!-- x:end -->\nb", "x", "new"), "a\n<!-- x:start -->\nnew\n<!-- x:end -->\nb");
        assert.throws(() => withPart("no markers", "x", "new"), /no <!-- x:start -->/);
    });
});

describe("the docs' links", () => {
    it("point at pages and headings that exist (README, CONTRIBUTING and docs/)", () => {
        const broken = linkProblems();
        assert.deepStrictEqual(broken, []);
    });

    it("find a broken one (a test that cannot fail is a defect)", () => {
        assert.deepStrictEqual(linkProblemsIn("README.md", "[x](docs/onboarding.md#no-such-heading) [y](docs/nowhere.md)"), [
            "README.md: docs/onboarding.md#no-such-heading has no such heading",
            "README.md: docs/nowhere.md does not exist",
        ]);
    });
});

const ROOT = path.resolve(__dirname, "..");
const PAGES = [
    "README.md",
    "CONTRIBUTING.md",
    ...fs
        .readdirSync(path.join(ROOT, "docs"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => `docs/${f}`),
];

/** GitHub's anchor for a heading: lower case, punctuation dropped (hyphens kept), spaces as hyphens. */
function anchorOf(heading: string): string {
    return heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-");
}

function anchorsOf(page: string): Set<string> {
    const text = fs.readFileSync(path.join(ROOT, page), "utf8").replace(/```[\s\S]*?```/g, "");
    return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1].trim())));
}

/** Every relative link of `text` (in `page`) whose file or heading does not exist. */
function linkProblemsIn(page: string, text: string): string[] {
    const problems: string[] = [];
    for (const [, target] of text.replace(/```[\s\S]*?```/g, "").matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
        const [file, anchor] = target.split("#");
        const resolved = file === "" ? page : path.normalize(path.join(path.dirname(page), file));
        if (!fs.existsSync(path.join(ROOT, resolved))) {
            problems.push(`${page}: ${target} does not exist`);
            continue;
        }
        if (anchor !== undefined && resolved.endsWith(".md") && !anchorsOf(resolved).has(anchor)) problems.push(`${page}: ${target} has no such heading`);
    }
    return problems;
}

function linkProblems(): string[] {
    return PAGES.filter((p) => fs.existsSync(path.join(ROOT, p))).flatMap((page) => linkProblemsIn(page, fs.readFileSync(path.join(ROOT, page), "utf8")));
}
