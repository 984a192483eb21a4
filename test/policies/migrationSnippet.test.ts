// The policy pack page's migration snippet (docs/policy-pack.md), run as written through the pack (started as the CLI starts it): copying it must draw
// no diagnostic once the bucket exists, and at preview only what the bucket's unknown ARN hides.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

import { PackViolation, PolicyPackClient } from "../../offline/policyPackClient";
import { runUnderMocks } from "../../offline/runUnderMocks";
import { asAnalyzed, detail, judge, startPack } from "./support/pack";

const PAGE = "docs/policy-pack.md";
const README = fs.readFileSync(path.resolve(__dirname, "../..", PAGE), "utf8");

/** The TypeScript between the page's migration-snippet markers. */
function snippet(): string {
    const match = /<!-- migration-snippet:start -->\n```ts\n([\s\S]*?)```\n<!-- migration-snippet:end -->/.exec(README);
    if (!match) throw new Error(`${PAGE} has no \`\`\`ts block between <!-- migration-snippet:start --> and <!-- migration-snippet:end -->`);
    return match[1];
}

/** `source` as a program body with `aws` and `pulumi` in scope, as a program that imports them has them. */
function programOf(source: string): () => void {
    const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS } }).outputText;
    return () => new Function("aws", "pulumi", js)(aws, pulumi);
}

async function judged(pack: PolicyPackClient, source: string, preview: boolean): Promise<PackViolation[]> {
    const run = await runUnderMocks({ project: "readme", stack: "dev", config: { "aws:region": "eu-west-1" }, preview }, programOf(source));
    assert.ok(
        run.registrations.some((r) => r.type === "aws:s3/bucket:Bucket"),
        "the snippet creates a bucket",
    );
    return judge(
        pack,
        run.registrations.map((r) => asAnalyzed(r, "inputs")),
        run.registrations.map((r) => asAnalyzed(r, "outputs")),
    );
}

const replaceAll = (source: string, from: string, to: string, times: number): string => {
    const parts = source.split(from);
    assert.strictEqual(parts.length - 1, times, `README's snippet holds ${JSON.stringify(from)} ${times} times`);
    return parts.join(to);
};

describe("docs/policy-pack.md: the migration snippet, copied as written", function () {
    let pack: PolicyPackClient;
    before(async () => (pack = await startPack()));
    after(async () => pack?.close());

    it("draws no diagnostic once the bucket exists", async () => {
        assert.deepStrictEqual(await judged(pack, snippet(), false), []);
    });

    it("draws, at preview of a new bucket, only advisories for the policy document its unknown ARN hides", async () => {
        const reported = await judged(pack, snippet(), true);
        assert.deepStrictEqual(
            reported.map((v) => [v.policy, v.enforcementLevel, detail(v).replace(/\(media-[0-9a-f]+\)|\(name unknown until created\)/, "(media)")]),
            [
                [
                    "s3-bucket-enforce-tls",
                    "advisory",
                    'Could not verify that BucketPolicy "media-policy" of S3 bucket "media" (media) denies plain-HTTP access to the bucket and its objects: the policy document is unknown. It is judged again with real values when the resources are created (pulumi up).',
                ],
                [
                    "s3-bucket-enforce-minimum-tls-version",
                    "advisory",
                    'Could not verify that BucketPolicy "media-policy" of S3 bucket "media" (media) denies TLS older than 1.2 on the bucket and its objects: the policy document is unknown. It is judged again with real values when the resources are created (pulumi up).',
                ],
            ],
        );
    });

    it("draws none with bucket: media.id in place of bucket: media.bucket", async () => {
        assert.deepStrictEqual(await judged(pack, replaceAll(snippet(), "bucket: media.bucket,", "bucket: media.id,", 4), false), []);
    });

    it("draws none with the SSE-KMS rule README gives", async () => {
        const kmsRule = /With SSE-KMS, the rule is `([^`]+)`/.exec(README);
        assert.ok(kmsRule, "README gives the SSE-KMS rule");
        const source = replaceAll(
            snippet(),
            '{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] }',
            kmsRule[1].replace(/\s+/g, " "),
            1,
        );
        assert.deepStrictEqual(await judged(pack, `const key = new aws.kms.Key("media-key", { enableKeyRotation: true });\n${source}`, false), []);
    });
});
