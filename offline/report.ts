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

/** GitHub's limit on the body of an issue or pull-request comment, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** Room kept for the closing note that names what did not fit (its list of names is capped to fit in it). */
const OMITTED_NOTE_ROOM = 2_000;
const OMITTED_NAMES_SHOWN = 20;

/** A stack a reviewer must look at: its config is invalid, it is blocked, or an advisory stands after the update. */
export function needsAttention(report: StackReport): boolean {
    return !report.ok || report.problems !== undefined || groupByOutcome(report.violations).standing.length > 0;
}

const stackLabel = (report: StackReport) => (report.ok ? (needsAttention(report) ? "⚠️" : "✅") : "❌");

/** The details of a stack that needs attention, folded: its config problems, or its standing violations. */
function attentionDetails(report: StackReport): string {
    const out = [`<details><summary>${stackLabel(report)} <code>${report.stack}</code>: ${verdictLine(report)}</summary>`, ""];
    if (report.problems) {
        out.push("Invalid stack config:", "", ...report.problems.map((p) => `- ${cell(p)}`));
    } else {
        out.push("| level | policy | resource | message |", "|---|---|---|---|");
        for (const v of groupByOutcome(report.violations).standing) {
            out.push(`| ${v.enforcementLevel} | \`${v.policy}\` | \`${shortUrn(v.urn)}\` | ${cell(v.message)} |`);
        }
    }
    out.push("", "</details>", "");
    return out.join("\n");
}

export interface CommentOptions {
    /** Lines placed before the summary (the CI script's marker and what it previewed, and why). */
    readonly preamble?: readonly string[];
    /** The most characters (UTF-16 code units, never fewer than GitHub's count) the comment may have. */
    readonly limit?: number;
}

/**
 * Many stacks as one pull-request comment that fits `limit`: a summary table with a row for every stack (those that
 * need attention first), then, folded, the details of each stack that needs attention (its problems, or its standing
 * violations). What does not fit is named in a closing note, never cut silently: rows of the table last, details
 * first. The resources and the advisories checked at update are left to `npm run preview -- --stack <name>`.
 */
export function renderMarkdownComment(reports: readonly StackReport[], options: CommentOptions = {}): string {
    const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
    const attention = reports.filter(needsAttention);
    const ordered = [...attention, ...reports.filter((r) => !attention.includes(r))];
    const admitted = reports.filter((r) => r.ok).length;
    const head = [
        ...(options.preamble ?? []),
        `### ${admitted === reports.length ? "✅" : "❌"} Offline preview: ${admitted} of ${reports.length} ${reports.length === 1 ? "stack" : "stacks"} admitted`,
        "",
        "| | stack | customer | verdict |",
        "|---|---|---|---|",
    ].join("\n");
    const rows = ordered.map((r) => `\n| ${stackLabel(r)} | \`${r.stack}\` | ${r.customer !== null ? `\`${r.customer}\`` : ""} | ${verdictLine(r)} |`);
    const detailsHeading = `\n\n#### ${plural(attention.length, "stack")} ${attention.length === 1 ? "needs" : "need"} attention\n\n`;
    let length = head.length;
    const room = () => limit - OMITTED_NOTE_ROOM - length;
    const shownRows: string[] = [];
    const rowsLeftOut: StackReport[] = [];
    ordered.forEach((report, i) => {
        if (rows[i].length <= room()) {
            shownRows.push(rows[i]);
            length += rows[i].length;
        } else rowsLeftOut.push(report);
    });
    const shownDetails: string[] = [];
    const detailsLeftOut: StackReport[] = [];
    if (attention.length > 0 && detailsHeading.length <= room()) {
        length += detailsHeading.length;
        for (const report of attention) {
            const details = attentionDetails(report);
            if (details.length + 1 <= room()) {
                shownDetails.push(details);
                length += details.length + 1;
            } else detailsLeftOut.push(report);
        }
    } else detailsLeftOut.push(...attention);
    const body = [
        head,
        ...shownRows,
        ...(shownDetails.length > 0 || detailsLeftOut.length < attention.length ? [detailsHeading, shownDetails.join("\n")] : []),
    ];
    const note = omittedNote(rowsLeftOut, detailsLeftOut, limit);
    const comment = `${body.join("")}${note}`.replace(/\n*$/, "\n");
    // The note's room is reserved above; a comment over the limit is a defect here, never something to cut.
    if (comment.length > limit) throw new Error(`the preview comment is ${comment.length} characters, over the limit of ${limit}`);
    return comment;
}

function omittedNote(rowsLeftOut: readonly StackReport[], detailsLeftOut: readonly StackReport[], limit: number): string {
    if (rowsLeftOut.length === 0 && detailsLeftOut.length === 0) return "";
    const names = (reports: readonly StackReport[]) => {
        const shown = reports.slice(0, OMITTED_NAMES_SHOWN).map((r) => `\`${r.stack.slice(0, 60)}\``);
        return reports.length > OMITTED_NAMES_SHOWN ? `${shown.join(", ")} and ${reports.length - OMITTED_NAMES_SHOWN} more` : shown.join(", ");
    };
    const parts: string[] = [];
    if (rowsLeftOut.length > 0) parts.push(`the summary rows of ${plural(rowsLeftOut.length, "stack")} (${names(rowsLeftOut)})`);
    if (detailsLeftOut.length > 0) parts.push(`the details of ${plural(detailsLeftOut.length, "stack")} that need attention (${names(detailsLeftOut)})`);
    return (
        `\n\n**Not shown: ${parts.join("; and ")}**, which did not fit in GitHub's ${limit.toLocaleString("en")}-character comment limit. ` +
        "The job log has every stack's report; `npm run preview -- --stack <name>` prints one.\n"
    );
}
