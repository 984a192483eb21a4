import * as assert from "assert";

import type { PackViolation } from "../../offline/policyPackClient";
import { mergePhases, StackReport } from "../../offline/preview";
import { groupByOutcome, renderMarkdown, renderText, verdictLine } from "../../offline/report";

const STACK = "urn:pulumi:dev::mezzanine-ingest::pulumi:pulumi:Stack::mezzanine-ingest-dev";
const BUCKET = "urn:pulumi:dev::mezzanine-ingest::aws:s3/bucket:Bucket::b";
const KEY = "urn:pulumi:dev::mezzanine-ingest::aws:kms/key:Key::k";

const unknownPolicy: PackViolation = {
    policy: "s3-bucket-enforce-tls",
    enforcementLevel: "advisory",
    urn: BUCKET,
    message: "TLS.\nCould not verify the policy.",
};
const noDenyAtUpdate: PackViolation = { policy: "s3-bucket-enforce-tls", enforcementLevel: "mandatory", urn: BUCKET, message: "TLS.\nNo deny." };
const unknownKeyPolicy: PackViolation = {
    policy: "kms-key-disallow-public-principal",
    enforcementLevel: "advisory",
    urn: KEY,
    message: "Key.\nCould not verify the key policy.",
};
const sseCOpen: PackViolation = {
    policy: "s3-bucket-configure-blocked-encryption-types",
    enforcementLevel: "advisory",
    urn: BUCKET,
    message: "Types.\nSSE-C is not blocked.",
};

function reportOf(violations: StackReport["violations"]): StackReport {
    const resources = [
        { urn: STACK, type: "pulumi:pulumi:Stack", name: "mezzanine-ingest-dev", parent: null, inputs: {} },
        { urn: BUCKET, type: "aws:s3/bucket:Bucket", name: "b", parent: STACK, inputs: {} },
    ];
    return { stack: "dev", customer: "dev-studio", resources, violations, ok: !violations.some((v) => v.enforcementLevel === "mandatory") };
}

describe("preview report: phases", () => {
    it("lists a violation both phases report once, with both phases, and one phase alone with that phase", () => {
        assert.deepStrictEqual(mergePhases({ preview: [unknownKeyPolicy, sseCOpen], update: [sseCOpen] }), [
            { ...unknownKeyPolicy, phases: ["preview"] },
            { ...sseCOpen, phases: ["preview", "update"] },
        ]);
        assert.deepStrictEqual(mergePhases({ preview: [], update: [sseCOpen, sseCOpen] }), [{ ...sseCOpen, phases: ["update"] }]);
    });

    it("keeps a preview advisory and an update violation of the same policy and resource apart, mandatory first", () => {
        assert.deepStrictEqual(mergePhases({ preview: [unknownPolicy], update: [noDenyAtUpdate] }), [
            { ...noDenyAtUpdate, phases: ["update"] },
            { ...unknownPolicy, phases: ["preview"] },
        ]);
    });

    it("reports a violation without a URN (a stack-wide one) with urn null", () => {
        const stackWide: PackViolation = { policy: "p", enforcementLevel: "advisory", message: "m" };
        assert.deepStrictEqual(mergePhases({ preview: [stackWide], update: [stackWide] }), [
            { policy: "p", enforcementLevel: "advisory", urn: null, message: "m", phases: ["preview", "update"] },
        ]);
    });
});

describe("preview report: checked at update", () => {
    it("counts a preview-only advisory as passed when the update reported nothing for its policy and resource", () => {
        const violations = mergePhases({ preview: [unknownKeyPolicy, unknownPolicy], update: [] });
        assert.deepStrictEqual(groupByOutcome(violations), { standing: [], passedAtUpdate: violations });
    });

    it("keeps a preview-only advisory standing when the update reported its policy on the same resource", () => {
        const violations = mergePhases({ preview: [unknownPolicy, unknownKeyPolicy], update: [noDenyAtUpdate] });
        assert.deepStrictEqual(groupByOutcome(violations), {
            standing: [
                { ...noDenyAtUpdate, phases: ["update"] },
                { ...unknownPolicy, phases: ["preview"] },
            ],
            passedAtUpdate: [{ ...unknownKeyPolicy, phases: ["preview"] }],
        });
    });

    it("keeps standing an advisory reported in both phases, and a mandatory violation reported at preview only", () => {
        const previewMandatory = { ...noDenyAtUpdate };
        const violations = mergePhases({ preview: [sseCOpen, previewMandatory], update: [sseCOpen] });
        assert.deepStrictEqual(groupByOutcome(violations), { standing: violations, passedAtUpdate: [] });
    });

    it("matches the update's report on the same resource only: the same policy on another resource does not count", () => {
        const otherBucket = { ...unknownPolicy, urn: `${BUCKET}-2` };
        const violations = mergePhases({ preview: [unknownPolicy], update: [{ ...noDenyAtUpdate, urn: otherBucket.urn }] });
        assert.deepStrictEqual(groupByOutcome(violations).passedAtUpdate, [{ ...unknownPolicy, phases: ["preview"] }]);
    });

    it("says nothing of the update in the verdict when no advisory was checked there", () => {
        assert.strictEqual(verdictLine(reportOf(mergePhases({ preview: [sseCOpen], update: [sseCOpen] }))), "admitted: 0 mandatory violations, 1 advisory");
    });

    const mixed = () => reportOf(mergePhases({ preview: [unknownPolicy, unknownKeyPolicy, sseCOpen], update: [noDenyAtUpdate, sseCOpen] }));

    it("prints the standing violations, then those checked at update, and counts each group in the verdict", () => {
        assert.strictEqual(
            renderText(mixed()),
            [
                "Stack dev (customer dev-studio)",
                "",
                "Resources (2):",
                "  pulumi:pulumi:Stack      mezzanine-ingest-dev",
                "  └─ aws:s3/bucket:Bucket  b",
                "",
                "Policy violations (3):",
                "  mandatory s3-bucket-enforce-tls  aws:s3/bucket:Bucket::b",
                "            TLS.",
                "            No deny.",
                "  advisory  s3-bucket-enforce-tls  aws:s3/bucket:Bucket::b",
                "            TLS.",
                "            Could not verify the policy.",
                "  advisory  s3-bucket-configure-blocked-encryption-types  aws:s3/bucket:Bucket::b",
                "            Types.",
                "            SSE-C is not blocked.",
                "",
                "Checked at update: passed (1). Reported at preview only; at update, with real values, the policy reported nothing on that resource.",
                "  advisory  kms-key-disallow-public-principal  aws:kms/key:Key::k",
                "            Key.",
                "            Could not verify the key policy.",
                "",
                "Verdict: blocked: 1 mandatory violation, 2 advisories, 1 checked at update: passed",
            ].join("\n"),
        );
    });

    it("renders those checked at update in Markdown as a folded table of their own", () => {
        assert.strictEqual(
            renderMarkdown(mixed()),
            [
                "### ❌ Stack `dev` (customer `dev-studio`)",
                "",
                "**Verdict:** blocked: 1 mandatory violation, 2 advisories, 1 checked at update: passed",
                "",
                "| level | policy | resource | message |",
                "|---|---|---|---|",
                "| mandatory | `s3-bucket-enforce-tls` | `aws:s3/bucket:Bucket::b` | TLS.<br>No deny. |",
                "| advisory | `s3-bucket-enforce-tls` | `aws:s3/bucket:Bucket::b` | TLS.<br>Could not verify the policy. |",
                "| advisory | `s3-bucket-configure-blocked-encryption-types` | `aws:s3/bucket:Bucket::b` | Types.<br>SSE-C is not blocked. |",
                "",
                "<details><summary>1 advisory checked at update: passed</summary>",
                "",
                "Reported at preview only; at update, with real values, the policy reported nothing on that resource.",
                "",
                "| level | policy | resource | message |",
                "|---|---|---|---|",
                "| advisory | `kms-key-disallow-public-principal` | `aws:kms/key:Key::k` | Key.<br>Could not verify the key policy. |",
                "",
                "</details>",
                "",
                "<details><summary>2 resources</summary>",
                "",
                "```",
                "pulumi:pulumi:Stack      mezzanine-ingest-dev",
                "└─ aws:s3/bucket:Bucket  b",
                "```",
                "",
                "</details>",
                "",
            ].join("\n"),
        );
    });
});
