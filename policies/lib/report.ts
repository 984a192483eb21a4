// How the pack reports: certain violations at the policy's configured level, then what unknowns kept it from judging
// as advisories, each on the URN of the resource concerned.
import { ReportViolation } from "@pulumi/policy";

export interface Finding {
    /** The resource that lacks the control (or whose control could not be verified). */
    readonly urn: string;
    readonly message: string;
    /**
     * `violation`: certain, reported at the policy's level. `unverified`: an unknown hid the answer; advisory.
     * `advice`: certain, but about a deployment that would not work rather than one that is insecure; advisory.
     */
    readonly verdict: "violation" | "unverified" | "advice";
}

export const violation = (urn: string, message: string): Finding => ({ urn, message, verdict: "violation" });
export const unverified = (urn: string, message: string): Finding => ({ urn, message, verdict: "unverified" });
export const advice = (urn: string, message: string): Finding => ({ urn, message, verdict: "advice" });

/** The sentence every `unverified` message ends with. */
export const JUDGED_AT_UPDATE = "It is judged again with real values when the resources are created (pulumi up).";

/**
 * Reports every certain violation first, then every unverified finding and every piece of advice as an advisory.
 *
 * `reportViolation(message, urn)` reports at the policy's enforcement level and prefixes the message with the policy's
 * description. For an unverified finding we need the advisory level on that one diagnostic while the policy stays
 * mandatory: @pulumi/policy's server (server.js, `makeReportViolationFun`) also accepts an object in place of the
 * message, whose `enforcementLevel` overrides the policy's for that diagnostic. The typings only declare the string
 * form, hence the cast; test/policies/grpc.test.ts pins this behaviour against the installed SDK. We prefix the
 * description ourselves so both kinds read alike.
 */
export function reportFindings(findings: readonly Finding[], reportViolation: ReportViolation, description: string): void {
    for (const f of findings) if (f.verdict === "violation") reportViolation(f.message, f.urn);
    const reportInfo = reportViolation as unknown as (info: { message: string; urn: string; enforcementLevel: "advisory" }) => void;
    for (const f of findings) {
        if (f.verdict !== "violation") reportInfo({ message: `${description}\n${f.message}`, urn: f.urn, enforcementLevel: "advisory" });
    }
}

/**
 * How many entries of a list a message names (a template's unresolved values, a configuration's unknown rules); the
 * rest are counted. Every finding about a template resource ends with its list, so the whole list (one entry per Fn::If)
 * would repeat in each (issue 18: 2,000 Fn::If rules made 837 MB of messages).
 */
export const NAMED_ENTRIES = 10;

/** `a, b`, or the first NAMED_ENTRIES and `and 1,990 more`. */
export function listed(entries: readonly string[], separator = ", "): string {
    if (entries.length <= NAMED_ENTRIES) return entries.join(separator);
    return `${entries.slice(0, NAMED_ENTRIES).join(separator)} and ${(entries.length - NAMED_ENTRIES).toLocaleString("en-US")} more`;
}

/** `a, b are unknown` / `a is unknown`. */
export function unknownList(what: readonly string[]): string {
    return `${what.join(", ")} ${what.length > 1 ? "are" : "is"} unknown`;
}

export function assertNever(value: never): never {
    throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
