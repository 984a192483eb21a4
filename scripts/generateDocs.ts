// Writes the generated parts of the docs: `npm run docs`. Each lives between two markers in its page, and
// test/docs.test.ts fails when a committed page differs from what this would write:
// - docs/onboarding.md, the stack config table: from the schema's documentation of each key (config/stackConfig.ts);
// - docs/policy-pack.md, the policy reference: from the pack's own policy list (policies/pack.ts), each with the
//   message it reports on a deployment that breaks it (run in-process, as the pack's unit tests run it).
import * as fs from "fs";
import * as path from "path";

import { configKeyDocs } from "../config/stackConfig";
import { policies } from "../policies/pack";
import { analyzeDeployment } from "../policies/test/support/inProcess";
import { arnOf, compliantBucket, compliantKey, Deployment, denyInsecureTransport, denyOutdatedTls, policyDocument } from "../policies/test/support/fixtures";

const ROOT = path.resolve(__dirname, "..", __dirname.includes(`${path.sep}bin${path.sep}`) ? ".." : "");

export interface GeneratedPart {
    readonly file: string;
    readonly marker: string;
    readonly content: () => string;
}

const escapeCell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, "<br>");

/** The stack config table: one row per key, as the schema documents it. */
export function configTable(): string {
    return [
        "| key | type | default | rule |",
        "|---|---|---|---|",
        ...configKeyDocs().map((d) => `| \`${d.key}\` | ${d.type} | ${d.default} | ${d.rule} |`),
    ].join("\n");
}

/** For each policy, a deployment that breaks it: a compliant bucket or key with one thing changed. */
const BREAKING: Record<string, () => Deployment> = {
    "s3-bucket-enforce-encryption": () => without(bucket(), "media-encryption"),
    "s3-bucket-enforce-tls": () => bucket().patch("media-policy", { policy: policyDocument(denyOutdatedTls("media-bucket")) }),
    "s3-bucket-enforce-public-access-block": () => bucket().patch("media-public-access-block", { blockPublicPolicy: false }),
    "kms-key-enable-rotation": () => key({ enableKeyRotation: false }),
    "kms-key-configure-deletion-window": () => key({ deletionWindowInDays: 7 }),
    "kms-key-disallow-public-principal": () =>
        key({
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Sid: "Everyone", Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" }],
            }),
        }),
    "s3-bucket-enforce-minimum-tls-version": () => bucket().patch("media-policy", { policy: policyDocument(denyInsecureTransport("media-bucket")) }),
    "s3-bucket-enable-bucket-key": () => {
        const d = bucket({ algorithm: "aws:kms" });
        const rule = (d.find("media-encryption").properties.rules as Record<string, unknown>[])[0];
        return d.patch("media-encryption", { rules: [{ ...rule, bucketKeyEnabled: false }] });
    },
    "s3-bucket-configure-blocked-encryption-types": () =>
        bucket().patch("media-encryption", { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false }] }),
    "s3-bucket-disallow-conflicting-inline-arguments": () =>
        bucket().patch("media", { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } } }),
    "s3-bucket-disallow-public-policy-with-public-access-block": () =>
        bucket().patch("media-policy", {
            policy: policyDocument(denyInsecureTransport("media-bucket"), denyOutdatedTls("media-bucket"), {
                Sid: "PublicRead",
                Effect: "Allow",
                Principal: "*",
                Action: "s3:GetObject",
                Resource: `${arnOf("media-bucket")}/*`,
            }),
        }),
    "s3-bucket-enable-access-logging": () => without(bucket(), "media-logging"),
    "cloudformation-stack-inline-template": () => {
        const d = new Deployment();
        d.add("aws:cloudformation/stack:Stack", "legacy", { templateUrl: "https://example-bucket.s3.amazonaws.com/media.yaml" });
        return d;
    },
};

function bucket(options: Parameters<typeof compliantBucket>[3] = {}): Deployment {
    const d = new Deployment();
    compliantBucket(d, "media", "media-bucket", options);
    return d;
}

function key(extra: Record<string, unknown>): Deployment {
    const d = new Deployment();
    compliantKey(d, "media-key", extra);
    return d;
}

function without(d: Deployment, name: string): Deployment {
    d.resources.splice(d.resources.indexOf(d.find(name)), 1);
    return d;
}

/** The message `policy` reports on its breaking deployment (the first, when it reports several). */
function exampleMessage(policy: string): string {
    const build = BREAKING[policy];
    if (build === undefined) throw new Error(`no breaking deployment for ${policy}: add one to scripts/generateDocs.ts`);
    const d = build();
    const found = analyzeDeployment(d.resources).find((diagnostic) => diagnostic.policy === policy);
    if (found === undefined) throw new Error(`${policy} reported nothing on its breaking deployment`);
    return found.message;
}

interface ConfigProperty {
    readonly type?: string;
    readonly default?: unknown;
    readonly description?: string;
    readonly minimum?: number;
    readonly maximum?: number;
    readonly items?: { readonly enum?: readonly string[] };
}

/** The policy reference: one section per policy, in the order the CLI lists them. */
export function policyReference(): string {
    return policies
        .map((policy) => {
            const properties = (policy.configSchema?.properties ?? {}) as Record<string, ConfigProperty>;
            const config = Object.entries(properties)
                .filter(([name]) => name !== "exemptions")
                .map(([name, p]) => {
                    const range =
                        p.minimum !== undefined
                            ? ` (${p.minimum} to ${p.maximum})`
                            : p.items?.enum
                              ? ` (any of ${p.items.enum.map((v) => `\`${v}\``).join(", ")})`
                              : "";
                    return `- \`${name}\` (${p.type}${range}, default \`${JSON.stringify(p.default)}\`): ${p.description ?? ""}`;
                });
            const framework = policy.framework
                ? `${policy.framework.name} ${policy.framework.reference} (${policy.framework.specification})`
                : "none: no public control matches it exactly (see [Findings](#findings-severity-frameworks-and-remediation))";
            const cis = (policy.tags ?? []).filter((t) => t.startsWith("cis-"));
            return [
                `### \`${policy.name}\``,
                "",
                `**${policy.displayName}.** **Level:** ${policy.enforcementLevel}. **Severity:** ${policy.severity}. ${policy.description}`,
                "",
                `**Framework:** ${framework}${cis.length > 0 ? `; related: ${cis.map((t) => `\`${t}\``).join(", ")}` : ""}.`,
                "",
                `**Remediation:** ${policy.remediationSteps}`,
                "",
                config.length > 0
                    ? ["**Config:**", ...config, "- `exemptions`: see [Exemptions](#exemptions)."].join("\n")
                    : "**Config:** `enforcementLevel`, and `exemptions` (see [Exemptions](#exemptions)).",
                "",
                `**Example message:** ${escapeCell(exampleMessage(policy.name))}`,
            ].join("\n");
        })
        .join("\n\n");
}

/** The pack README's table: one row per policy, linking to its section of the reference (absolute: the README ships in the package). */
export function policyTable(): string {
    return [
        "| policy | requires | default level | severity | public control |",
        "|---|---|---|---|---|",
        ...policies.map(
            (p) =>
                `| [\`${p.name}\`](${p.url}) | ${p.displayName} | ${p.enforcementLevel} | ${p.severity} | ${p.framework ? `FSBP ${p.framework.reference}` : "none"} |`,
        ),
    ].join("\n");
}

export const GENERATED_PARTS: readonly GeneratedPart[] = [
    { file: "docs/onboarding.md", marker: "config-table", content: configTable },
    { file: "docs/policy-pack.md", marker: "policy-reference", content: policyReference },
    { file: "policies/README.md", marker: "policy-table", content: policyTable },
];

/** `text` with the part between `<!-- marker:start -->` and `<!-- marker:end -->` replaced by `content`. */
export function withPart(text: string, marker: string, content: string): string {
    const start = `<!-- ${marker}:start -->`;
    const end = `<!-- ${marker}:end -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`no ${start} ... ${end} block`);
    return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

/** Each generated page as it should be: [path, expected text, committed text]. */
export function generatedPages(): Array<{ readonly file: string; readonly expected: string; readonly committed: string }> {
    const byFile = new Map<string, GeneratedPart[]>();
    for (const part of GENERATED_PARTS) byFile.set(part.file, [...(byFile.get(part.file) ?? []), part]);
    return [...byFile].map(([file, parts]) => {
        const committed = fs.readFileSync(path.join(ROOT, file), "utf8");
        const expected = parts.reduce((text, part) => withPart(text, part.marker, part.content()), committed);
        return { file, expected, committed };
    });
}

if (require.main === module) {
    for (const page of generatedPages()) {
        if (page.expected === page.committed) continue;
        fs.writeFileSync(path.join(ROOT, page.file), page.expected);
        console.log(`wrote ${page.file}`);
    }
}
