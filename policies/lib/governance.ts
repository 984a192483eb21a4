// What every policy of the pack does besides its own judgement, applied once in pack.ts (`governed`):
// - its config takes `exemptions` (exemptions.ts): findings on exempted resources become advisories that say so;
//   refused exemptions are reported as mandatory;
// - resources it cannot apply to get `notApplicable(reason)` (scope.ts);
// - in audit scans of discovered accounts, where stack policies do not run, the S3 policies judge a bucket read back
//   from AWS at resource level (readBack.ts).
import type { Policy, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

import { Exemption, exemptedPrefix, exemptionFor, EXEMPTIONS_SCHEMA, expiredSuffix, readExemptions, ReadExemptions, today } from "./exemptions";
import { isReadBackBucket, judgedAtResourceLevel, markJudgedAtResourceLevel, readBackStack } from "./readBack";
import { Family, notApplicableReason } from "./scope";
import { rawProps } from "./unknowns";

type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;
type Level = "advisory" | "mandatory" | "remediate" | "disabled";

/** A diagnostic as a policy reports it: the string form (message, urn) or the object form the SDK also accepts. */
interface Reported {
    /** The policy's own words, without the description the SDK (or report.ts) puts first. */
    readonly text: string;
    readonly urn?: string;
    /** Set when the policy chose the level of this one diagnostic. */
    readonly level?: Level;
}

type ObjectReport = (info: { message: string; urn?: string; enforcementLevel?: Level }) => void;

/** The family of each policy, by the prefix of its name. */
function familyOf(name: string): Family {
    if (name.startsWith("s3-")) return "s3";
    if (name.startsWith("kms-")) return "kms";
    return "cloudformation";
}

/** The policy with exemptions, notApplicable and audit-mode judgement added (see the header). */
export function governed<P extends AnyPolicy>(policy: P): P {
    const family = familyOf(policy.name);
    const configSchema = {
        ...policy.configSchema,
        properties: { ...(policy.configSchema?.properties ?? {}), exemptions: EXEMPTIONS_SCHEMA },
    };
    const out: AnyPolicy & Partial<StackValidationPolicy> = { ...policy, configSchema };
    const own = policy as Partial<ResourceValidationPolicy & StackValidationPolicy>;
    const ownResource = own.validateResource;
    const ownStack = own.validateStack;

    (out as ResourceValidationPolicy).validateResource = (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        const reason = notApplicableReason(family, args.type, policy.name);
        if (reason !== undefined) return notApplicable(args, reason);
        const props = rawProps(args.props);
        const readBack = family === "s3" && isReadBackBucket(args.type, props);
        // A stack policy judges the resources of a stack in its stack check: here it has nothing to do (and nothing to
        // read), except for a bucket read back in an audit scan. Most resources of a large stack end here.
        if (ownResource === undefined && !readBack) return;
        const day = today();
        const exemptions = exemptionsOf(policy.name, args.getConfig(), day);
        const report = exempting(policy, reportViolation, exemptions.valid, day, args.urn);
        // Policies without a stack check report refused exemptions on each resource they judge; so do all of them in
        // audit scans of discovered accounts, where only this runs.
        if (ownStack === undefined || readBack) refuse(policy, reportViolation, exemptions.refusals);
        if (readBack) return judgeReadBack(policy, ownStack, args, props, report);
        if (ownResource === undefined) return;
        const validations = Array.isArray(ownResource) ? ownResource : [ownResource];
        for (const validate of validations) validate(args, report);
    };
    if (ownStack !== undefined) {
        out.validateStack = (args: StackValidationArgs, reportViolation: ReportViolation) => {
            const day = today();
            const exemptions = exemptionsOf(policy.name, args.getConfig(), day);
            refuse(policy, reportViolation, exemptions.refusals);
            const report = exempting(policy, reportViolation, exemptions.valid, day, undefined);
            // A bucket judged on what AWS holds (readBack.ts) is not judged again from the stack's resources.
            const filtered: ReportViolation = (message, urn) => {
                const r = normalise(policy, message, urn, undefined);
                if (judgedAtResourceLevel(policy.name, r.urn)) return;
                report(message, urn);
            };
            return ownStack(args, filtered);
        };
    }
    return out as P;
}

/**
 * An S3 policy's judgement of a bucket read back from AWS (readBack.ts): its stack check over the bucket and the
 * controls AWS holds for it. A policy that judges inline arguments has nothing to judge where no inputs exist.
 */
function judgeReadBack(
    policy: AnyPolicy,
    ownStack: StackValidationPolicy["validateStack"] | undefined,
    args: ResourceValidationArgs,
    props: Record<string, unknown>,
    report: ReportViolation,
): void {
    if (policy.name === "s3-bucket-disallow-conflicting-inline-arguments") {
        return args.notApplicable("The bucket arrived as read back from AWS, with no inputs: there are no inline arguments to judge.");
    }
    if (ownStack === undefined) return;
    const resources = readBackStack({ urn: args.urn, type: args.type, name: args.name, props });
    if (policy.name === "s3-bucket-enforce-public-access-block" || policy.name === "s3-bucket-disallow-public-policy-with-public-access-block") {
        const object = report as unknown as ObjectReport;
        object({
            message:
                `Could not verify the public access block of S3 bucket "${args.name}": it arrived as read back from AWS (an audit scan), and a bucket's ` +
                "block public access settings are not part of its state. They are judged where the pack's stack check runs: pulumi preview, pulumi up and pulumi policy analyze.",
            urn: args.urn,
            enforcementLevel: "advisory",
        });
        return;
    }
    markJudgedAtResourceLevel(policy.name, args.urn);
    ownStack({ resources, getConfig: args.getConfig, stackTags: args.stackTags, notApplicable: args.notApplicable } as StackValidationArgs, report);
}

/**
 * `args.notApplicable(reason)`, which throws the SDK's NotApplicableError. For most resources most policies do not
 * apply, so on a large stack this is thrown tens of thousands of times: the error for each reason (a handful of
 * constants, scope.ts) is made once, without the stack trace the SDK never reads, and thrown again for every later
 * resource. The SDK's `notApplicable` is one function that makes the same error for the same reason, and reads nothing
 * from it but its class and `reason`; a caller whose `notApplicable` is another function gets its own.
 */
function notApplicable(args: ResourceValidationArgs, reason: string): never {
    const made = notApplicableErrors.get(args.notApplicable)?.get(reason);
    if (made !== undefined) throw made;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return args.notApplicable(reason);
    } catch (error) {
        let byReason = notApplicableErrors.get(args.notApplicable);
        if (byReason === undefined) notApplicableErrors.set(args.notApplicable, (byReason = new Map()));
        byReason.set(reason, error);
        throw error;
    } finally {
        Error.stackTraceLimit = limit;
    }
}
const notApplicableErrors = new WeakMap<ResourceValidationArgs["notApplicable"], Map<string, unknown>>();

/** What a policy's config exempts on `day`, read once per configuration (the engine sends it once, with `configure`). */
function exemptionsOf(policyName: string, config: Record<string, unknown>, day: string): ReadExemptions {
    const raw = config.exemptions;
    if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) return NO_EXEMPTIONS;
    if (typeof raw !== "object") return readExemptions(policyName, config, day);
    const known = readOnce.get(raw);
    if (known !== undefined && known.policyName === policyName && known.day === day) return known.read;
    const read = readExemptions(policyName, config, day);
    readOnce.set(raw, { policyName, day, read });
    return read;
}
const NO_EXEMPTIONS: ReadExemptions = { valid: [], refusals: [] };
/** Keyed by the config's own `exemptions` list, which the SDK hands every call until the next `configure`. */
const readOnce = new WeakMap<object, { policyName: string; day: string; read: ReadExemptions }>();

/** Reports each refused exemption as mandatory, whatever the policy's level. */
function refuse(policy: Policy, reportViolation: ReportViolation, refusals: readonly string[]): void {
    const object = reportViolation as unknown as ObjectReport;
    for (const refusal of refusals) object({ message: `${policy.description}\n${refusal}`, enforcementLevel: "mandatory" });
}

/** `reportViolation` with each finding on an exempted resource turned into an advisory that says so. */
function exempting(
    policy: Policy,
    reportViolation: ReportViolation,
    exemptions: readonly Exemption[],
    day: string,
    defaultUrn: string | undefined,
): ReportViolation {
    if (exemptions.length === 0) return reportViolation;
    const object = reportViolation as unknown as ObjectReport;
    return (message, urn) => {
        const r = normalise(policy, message, urn, defaultUrn);
        const verdict = exemptionFor(exemptions, r.urn, day);
        if (verdict === undefined) return reportViolation(message, urn);
        if ("holds" in verdict) {
            // The message begins with the exemption (the public format), then reads as every other: the
            // description, and on the next line what is wrong.
            object({ message: `${exemptedPrefix(verdict.holds)} ${policy.description}\n${r.text}`, urn: r.urn, enforcementLevel: "advisory" });
            return;
        }
        const text = `${r.text} ${expiredSuffix(verdict.expired)}`;
        if (r.level === undefined) reportViolation(text, urn);
        else object({ message: `${policy.description}\n${text}`, urn: r.urn, enforcementLevel: r.level });
    };
}

/** Either form of a report, as text, URN and level. */
function normalise(policy: Policy, message: unknown, urn: string | undefined, defaultUrn: string | undefined): Reported {
    if (message !== null && typeof message === "object") {
        const info = message as { message?: string; urn?: string; enforcementLevel?: Level };
        const prefix = `${policy.description}\n`;
        const full = info.message ?? "";
        return { text: full.startsWith(prefix) ? full.slice(prefix.length) : full, urn: info.urn ?? defaultUrn, level: info.enforcementLevel };
    }
    return { text: typeof message === "string" ? message : "", urn: urn ?? defaultUrn };
}
