// Renders preview reports for people: a terminal table, or Markdown for a pull-request comment.
import { ReportedResource, ReportedViolation, StackReport } from "./preview";

/** `aws:s3/bucket:Bucket::acme-bucket`: the part of a URN a reader needs. */
export function shortUrn(urn: string | null): string {
    if (urn === null) return "(stack)";
    const parts = urn.split("::");
    const type = (parts[2] ?? "").split("$").pop();
    return `${type}::${parts[3] ?? ""}`;
}

/**
 * Splits a report's violations into those still standing and the advisories the update resolved ("checked at update:
 * passed"): reported at preview only, and the update phase, judging with real values, reported nothing for the same
 * policy on the same resource. A preview advisory whose policy reported anything at update on that resource (another
 * advisory, a mandatory violation) stands; so does a mandatory violation at preview, which stops `pulumi up` before
 * its update.
 */
export function groupByOutcome(violations: readonly ReportedViolation[]): { standing: ReportedViolation[]; passedAtUpdate: ReportedViolation[] } {
    const judgedAtUpdate = new Set(violations.filter((v) => v.phases.includes("update")).map((v) => JSON.stringify([v.policy, v.urn])));
    const passed = (v: ReportedViolation) =>
        v.enforcementLevel === "advisory" && !v.phases.includes("update") && !judgedAtUpdate.has(JSON.stringify([v.policy, v.urn]));
    return { standing: violations.filter((v) => !passed(v)), passedAtUpdate: violations.filter(passed) };
}

const PASSED_AT_UPDATE = "checked at update: passed";
const PASSED_AT_UPDATE_WHY = "Reported at preview only; at update, with real values, the policy reported nothing on that resource.";

function countOf(violations: ReportedViolation[], level: string): number {
    return violations.filter((v) => v.enforcementLevel === level).length;
}

function plural(n: number, word: string): string {
    return `${n} ${n === 1 ? word : word.replace(/y$/, "ie") + "s"}`;
}

export function verdictLine(report: StackReport): string {
    if (report.problems) return `invalid: ${plural(report.problems.length, "config problem")}; nothing was run`;
    const { standing, passedAtUpdate } = groupByOutcome(report.violations);
    const mandatory = countOf(standing, "mandatory");
    const advisory = standing.length - mandatory;
    const passed = passedAtUpdate.length > 0 ? `, ${passedAtUpdate.length} ${PASSED_AT_UPDATE}` : "";
    return `${report.ok ? "admitted" : "blocked"}: ${plural(mandatory, "mandatory violation")}, ${plural(advisory, "advisory")}${passed}`;
}

/** Resources as a tree of (type, name) lines, children under their parent. */
function treeLines(resources: ReportedResource[]): Array<{ prefix: string; resource: ReportedResource }> {
    const children = new Map<string | null, ReportedResource[]>();
    const urns = new Set(resources.map((r) => r.urn));
    for (const r of resources) {
        const parent = r.parent !== null && urns.has(r.parent) ? r.parent : null;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const lines: Array<{ prefix: string; resource: ReportedResource }> = [];
    const walk = (parent: string | null, indent: string) => {
        const list = children.get(parent) ?? [];
        list.forEach((r, i) => {
            const last = i === list.length - 1;
            lines.push({ prefix: parent === null ? "" : `${indent}${last ? "└─ " : "├─ "}`, resource: r });
            walk(r.urn, parent === null ? "" : `${indent}${last ? "   " : "│  "}`);
        });
    };
    walk(null, "");
    return lines;
}

export function renderText(report: StackReport): string {
    const out: string[] = [`Stack ${report.stack}${report.customer ? ` (customer ${report.customer})` : ""}`];
    if (report.problems) {
        out.push("", "Invalid stack config: the problems are listed on stderr.");
    } else {
        out.push("", `Resources (${report.resources.length}):`);
        const lines = treeLines(report.resources);
        const width = Math.max(...lines.map((l) => l.prefix.length + l.resource.type.length));
        for (const { prefix, resource } of lines) out.push(`  ${(prefix + resource.type).padEnd(width)}  ${resource.name}`);
        const { standing, passedAtUpdate } = groupByOutcome(report.violations);
        const textLines = (v: ReportedViolation) => [
            `  ${v.enforcementLevel.padEnd(9)} ${v.policy}  ${shortUrn(v.urn)}`,
            `            ${v.message.replace(/\n/g, "\n            ")}`,
        ];
        out.push("", `Policy violations (${standing.length}):`);
        if (standing.length === 0) out.push("  none");
        for (const v of standing) out.push(...textLines(v));
        if (passedAtUpdate.length > 0) {
            out.push("", `Checked at update: passed (${passedAtUpdate.length}). ${PASSED_AT_UPDATE_WHY}`);
            for (const v of passedAtUpdate) out.push(...textLines(v));
        }
    }
    out.push("", `Verdict: ${verdictLine(report)}`);
    return out.join("\n");
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, "<br>");

export function renderMarkdown(report: StackReport): string {
    const icon = report.ok ? "✅" : "❌";
    const out: string[] = [`### ${icon} Stack \`${report.stack}\`${report.customer ? ` (customer \`${report.customer}\`)` : ""}`, ""];
    out.push(`**Verdict:** ${verdictLine(report)}`, "");
    if (report.problems) {
        out.push("Invalid stack config:", "", ...report.problems.map((p) => `- ${cell(p)}`), "");
        return out.join("\n");
    }
    const { standing, passedAtUpdate } = groupByOutcome(report.violations);
    const header = ["| level | policy | resource | message |", "|---|---|---|---|"];
    const row = (v: ReportedViolation) => `| ${v.enforcementLevel} | \`${v.policy}\` | \`${shortUrn(v.urn)}\` | ${cell(v.message)} |`;
    out.push(...header);
    if (standing.length === 0) out.push("| | | | no violations |");
    out.push(...standing.map(row));
    if (passedAtUpdate.length > 0) {
        out.push("", `<details><summary>${plural(passedAtUpdate.length, "advisory")} ${PASSED_AT_UPDATE}</summary>`, "", PASSED_AT_UPDATE_WHY, "");
        out.push(...header, ...passedAtUpdate.map(row), "", "</details>");
    }
    out.push("", `<details><summary>${report.resources.length} resources</summary>`, "", "```");
    const lines = treeLines(report.resources);
    const width = Math.max(...lines.map((l) => l.prefix.length + l.resource.type.length));
    for (const { prefix, resource } of lines) out.push(`${(prefix + resource.type).padEnd(width)}  ${resource.name}`);
    out.push("```", "", "</details>", "");
    return out.join("\n");
}
