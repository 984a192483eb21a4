// Exemptions: a resource let through one policy, with a reason and an end, visible in the finding.
//
// Pulumi has no exemption mechanism of its own (pulumi/pulumi-policy#225, #438): the only way to let a resource through
// is to disable the policy for a whole policy group. So every policy of this pack takes, besides its own config, an
// `exemptions` list: `{ "resource": <URN, or URN pattern with *>, "reason": <text>, "expires": <YYYY-MM-DD> }`, all
// three required. While an exemption holds (until the end of its `expires` day, UTC), each finding of that policy on a
// matching resource is reported as an advisory whose message begins `Exempted until <date>: <reason>.` and goes on
// as before: the policy's description, then, on the next line, what is wrong. Once it has expired it changes nothing but
// the end of the message: `(exemption expired on <date>)`.
//
// What the schema cannot say: an expiry at most a year ahead, and a real calendar date. An exemption that breaks either
// rule (or, when config does not come through the CLI's schema check, any rule) exempts nothing and is refused with a
// mandatory diagnostic naming the policy, the entry, the value and the rule (see `refusals`), whatever the policy's
// level: an exemption without an end is no exemption.
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

export interface Exemption {
    /** The URN of the exempted resource, or a pattern in which each `*` stands for any run of characters. */
    readonly resource: string;
    /** Why the resource may break the policy, and who owns that decision. */
    readonly reason: string;
    /** The last day (UTC) the exemption holds, `YYYY-MM-DD`, at most a year after the day it is judged. */
    readonly expires: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The `exemptions` property every policy's configSchema carries. */
export const EXEMPTIONS_SCHEMA: PolicyConfigJSONSchema = {
    type: "array",
    default: [],
    description:
        "Resources this policy lets through, each with a reason and an end: a matching resource's finding becomes an advisory beginning " +
        '"Exempted until <expires>: <reason>." until the end of that day (UTC). resource is a URN, or a URN pattern where * matches any characters; ' +
        "expires is at most a year ahead.",
    items: {
        type: "object",
        additionalProperties: false,
        required: ["resource", "reason", "expires"],
        properties: {
            resource: { type: "string", minLength: 1, description: "The URN of the exempted resource, or a URN pattern with *." },
            reason: { type: "string", minLength: 1, description: "Why the resource may break the policy, and who decided it." },
            expires: { type: "string", pattern: DATE.source, description: "The last day the exemption holds (UTC), YYYY-MM-DD, at most a year ahead." },
        },
    },
};

/** What a policy's `exemptions` config holds once read: the exemptions that count, and what was refused. */
export interface ReadExemptions {
    readonly valid: readonly Exemption[];
    /** One sentence per refused entry, naming the entry, the value and the rule. */
    readonly refusals: readonly string[];
}

/** Today's date, UTC, as `YYYY-MM-DD` (or the date of `now`). */
export function today(now?: Date): string {
    if (now !== undefined) return now.toISOString().slice(0, 10);
    // Asked for each resource a policy judges: formatted once per day, not once per call.
    const ms = Date.now();
    if (currentDay === undefined || ms < currentDay.from || ms >= currentDay.from + DAY_MS) {
        const from = ms - (ms % DAY_MS);
        currentDay = { day: new Date(from).toISOString().slice(0, 10), from };
    }
    return currentDay.day;
}
const DAY_MS = 24 * 60 * 60 * 1000;
let currentDay: { day: string; from: number } | undefined;

/** The same calendar day a year after `day` (29 February gives 1 March when the next year has none). */
export function aYearAfter(day: string): string {
    const [y, m, d] = day.split("-").map(Number);
    return new Date(Date.UTC(y + 1, m - 1, d)).toISOString().slice(0, 10);
}

/** Whether `text` is `YYYY-MM-DD` and names a day that exists. */
export function isCalendarDate(text: string): boolean {
    if (!DATE.test(text)) return false;
    const [y, m, d] = text.split("-").map(Number);
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Reads a policy's `exemptions` config (anything the engine sent), judged on `day`. */
export function readExemptions(policy: string, config: unknown, day: string = today()): ReadExemptions {
    const raw = config !== null && typeof config === "object" ? (config as Record<string, unknown>).exemptions : undefined;
    if (raw === undefined || raw === null) return { valid: [], refusals: [] };
    const key = `${policy}.exemptions`;
    if (!Array.isArray(raw)) return { valid: [], refusals: [`${key} must be a list of {resource, reason, expires} (got ${JSON.stringify(raw)}).`] };
    const latest = aYearAfter(day);
    const valid: Exemption[] = [];
    const refusals: string[] = [];
    raw.forEach((entry: unknown, i) => {
        const at = `${key}[${i}]`;
        if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
            refusals.push(`${at} must be an object with resource, reason and expires (got ${JSON.stringify(entry)}).`);
            return;
        }
        const e = entry as Record<string, unknown>;
        const problems: string[] = [];
        for (const field of ["resource", "reason", "expires"]) {
            if (typeof e[field] !== "string" || (e[field] as string).trim() === "") problems.push(`${field} is required, a non-empty string`);
        }
        const extra = Object.keys(e).filter((k) => !["resource", "reason", "expires"].includes(k));
        if (extra.length > 0) problems.push(`${extra.join(", ")} ${extra.length > 1 ? "are" : "is"} not allowed (only resource, reason, expires)`);
        if (typeof e.expires === "string" && e.expires.trim() !== "") {
            if (!isCalendarDate(e.expires)) problems.push(`expires must be a date as YYYY-MM-DD (got ${JSON.stringify(e.expires)})`);
            else if (e.expires > latest) problems.push(`expires must be at most a year ahead, on or before ${latest} (got ${e.expires})`);
        }
        if (problems.length > 0) {
            refusals.push(`${at} (${JSON.stringify(entry)}) is refused and exempts nothing: ${problems.join("; ")}.`);
            return;
        }
        valid.push({ resource: e.resource as string, reason: e.reason as string, expires: e.expires as string });
    });
    return { valid, refusals };
}

/**
 * Whether `urn` matches `pattern`, where each `*` stands for any run of characters (`::` included) and everything
 * else matches itself. Linear in the pattern's parts, without backtracking: the parts between stars must appear in
 * order, the first at the start and the last at the end, and taking each middle part at its leftmost place never
 * loses a match.
 */
export function matchesUrn(pattern: string, urn: string): boolean {
    const parts = pattern.split("*");
    if (parts.length === 1) return pattern === urn;
    const first = parts[0];
    const last = parts[parts.length - 1];
    if (urn.length < first.length + last.length || !urn.startsWith(first) || !urn.endsWith(last)) return false;
    let at = first.length;
    const end = urn.length - last.length;
    for (const part of parts.slice(1, -1)) {
        if (part === "") continue;
        const found = urn.indexOf(part, at);
        if (found < 0 || found + part.length > end) return false;
        at = found + part.length;
    }
    return true;
}

/** What applies to a finding on `urn`: an exemption that holds (the latest-ending), else the last one that expired. */
export type ExemptionVerdict = { readonly holds: Exemption } | { readonly expired: Exemption } | undefined;

export function exemptionFor(exemptions: readonly Exemption[], urn: string | undefined, day: string = today()): ExemptionVerdict {
    if (urn === undefined || urn === "") return undefined;
    const matching = exemptions.filter((e) => matchesUrn(e.resource, urn)).sort((a, b) => (a.expires < b.expires ? 1 : a.expires > b.expires ? -1 : 0));
    if (matching.length === 0) return undefined;
    return matching[0].expires >= day ? { holds: matching[0] } : { expired: matching[0] };
}

/** `Exempted until <date>: <reason>.` (the reason's own closing period is not doubled). */
export function exemptedPrefix(e: Exemption): string {
    let reason = e.reason.trim();
    while (reason.endsWith(".")) reason = reason.slice(0, -1);
    return `Exempted until ${e.expires}: ${reason}.`;
}

export function expiredSuffix(e: Exemption): string {
    return `(exemption expired on ${e.expires})`;
}
