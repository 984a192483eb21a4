import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";

import {
    APPLICATION_STACK_TYPES,
    clip,
    describeStack,
    MAX_TEMPLATE_BYTES,
    parseTemplate,
    READ_BOUNDS,
    stackParameters,
    templateText,
} from "../lib/cloudformationTemplate";
import { Finding, JUDGED_AT_UPDATE, listed, reportFindings, unverified, violation } from "../lib/report";
import { isUnknown, rawProps } from "../lib/unknowns";
import { referenceUrl } from "../lib/metadata";

/** `cloudformation-stack-inline-template` takes no configuration beyond its enforcement level. */
export type InlineTemplateConfig = Record<string, never>;

const NAME = "cloudformation-stack-inline-template";
const DESCRIPTION =
    "Checks that every CloudFormation stack (aws.cloudformation.Stack or StackSet, aws-native.cloudformation.Stack or StackSet) gives its template inline, as a " +
    "templateBody the pack can read, so that the buckets and keys it declares are judged like any other; a Serverless Application Repository stack " +
    "(aws.serverlessrepository.CloudFormationStack), whose template the program does not hold, is reported.";

export const inlineTemplate: ResourceValidationPolicy = {
    name: NAME,
    description: DESCRIPTION,
    enforcementLevel: "advisory",
    displayName: "CloudFormation stacks give their template inline",
    severity: "medium",
    tags: ["cloudformation", "verifiability"],
    remediationSteps:
        "Give the stack its template as templateBody (JSON or YAML text, at most 51,200 bytes) instead of templateUrl, so the pack can judge the buckets and keys it declares; or deploy those resources with the aws or aws-native provider.",
    url: referenceUrl(NAME),
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        const application = APPLICATION_STACK_TYPES[args.type];
        if (application !== undefined) {
            reportFindings([applicationStack(args.urn, `${application} "${args.name}"`, rawProps(args.props))], reportViolation, DESCRIPTION);
            return;
        }
        const stack = describeStack(args.type, args.name);
        if (stack === undefined) return;
        const result = checkStack(args.urn, stack, rawProps(args.props));
        if ("refused" in result) reportMandatory(reportViolation, args.urn, result.refused);
        else reportFindings(result, reportViolation, DESCRIPTION);
    },
};

/** What this policy reports as mandatory whatever its level (see reportMandatory). */
interface Refusal {
    readonly refused: string;
}

/**
 * Reports `message` as mandatory, whatever this policy's level (only `disabled` silences it). For a template body over
 * CloudFormation's limit: CloudFormation refuses it, so blocking it stops no deployment that could succeed, while the
 * pack, which does not read it, must not let its buckets and keys pass with an advisory. The SDK's object form of
 * reportViolation sets the level of one diagnostic (see lib/report.ts).
 */
function reportMandatory(reportViolation: ReportViolation, urn: string, message: string): void {
    const report = reportViolation as unknown as (info: { message: string; urn: string; enforcementLevel: "mandatory" }) => void;
    report({ message: `${DESCRIPTION}\n${message}`, urn, enforcementLevel: "mandatory" });
}

/** A Serverless Application Repository stack: the pack cannot read the application's template, so it judges nothing in it. */
function applicationStack(urn: string, stack: string, props: Record<string, unknown>): Finding {
    const known = (value: unknown) => (typeof value === "string" && value !== "" && !isUnknown(value) ? clip(value) : undefined);
    const application = known(props.applicationId);
    const version = known(props.semanticVersion);
    const which = application === undefined ? "an application" : `the application ${application}${version === undefined ? "" : ` (version ${version})`}`;
    return violation(
        urn,
        `${stack} deploys ${which} from the Serverless Application Repository, whose template the pack cannot read: none of the buckets and keys ` +
            "it creates is judged. Deploy the application's template as an aws.cloudformation.Stack with a templateBody, or declare its buckets and keys as Pulumi resources.",
    );
}

function checkStack(urn: string, stack: string, props: Record<string, unknown>): Finding[] | Refusal {
    const body = templateText(props.templateBody);
    if (isUnknown(body)) return [unverified(urn, `Could not inspect the template of ${stack}: its templateBody is unknown. ${JUDGED_AT_UPDATE}`)];
    if (body === undefined || body.trim() === "") {
        const url = props.templateUrl;
        const where = typeof url === "string" && !isUnknown(url) ? `only a templateUrl (${url})` : "no templateBody";
        return [
            violation(
                urn,
                `${stack} has ${where}: the pack cannot read a template it is not given, so none of its buckets and keys is judged. ` +
                    "Pass the template as templateBody (e.g. fs.readFileSync of the file the URL serves) instead of templateUrl.",
            ),
        ];
    }
    const parsed = parseTemplate(body, stackParameters(props.parameters), typeof props.templateBody === "string" ? "text" : "object");
    if (parsed.kind === "tooLarge") {
        return {
            refused:
                `The templateBody of ${stack} is ${parsed.bytes.toLocaleString("en-US")} bytes, over CloudFormation's limit of ` +
                `${MAX_TEMPLATE_BYTES.toLocaleString("en-US")} bytes for a template body, so CloudFormation refuses it; the pack does not read it ` +
                "either, and cannot judge the buckets and keys it declares. Split its resources over several stacks, each with a " +
                "templateBody within the limit, or declare the buckets and keys as Pulumi resources.",
        };
    }
    if (parsed.kind === "invalid") return [violation(urn, `The templateBody of ${stack} ${parsed.reason}: the pack cannot judge its buckets and keys.`)];
    const findings: Finding[] = [];
    for (const r of parsed.resources.filter((r) => r.type === "AWS::CloudFormation::Stack")) {
        findings.push(
            violation(
                urn,
                `${stack} declares the nested stack "${r.logicalId}" (AWS::CloudFormation::Stack), whose template (TemplateURL) the pack cannot read: ` +
                    "declare its resources in this template, or as a stack of its own with a templateBody.",
            ),
        );
    }
    for (const transform of parsed.transforms) {
        findings.push(
            violation(
                urn,
                `${stack} uses the transform ${transform}: CloudFormation expands it when it deploys the template, so the resources it adds ` +
                    "are not judged. Declare the buckets and keys as plain AWS::S3::Bucket and AWS::KMS::Key resources.",
            ),
        );
    }
    // Values the pack stopped at (too deep, too many, round a cycle): a policy that needs one already reports an
    // advisory naming it, as for any value only CloudFormation resolves; this says so once for the whole template,
    // even where no policy needs the value, so that no bound passes unsaid.
    const unread = parsed.resources.flatMap((r) => r.unread.map((what) => `"${clip(r.logicalId)}": ${what}`));
    if (unread.length > 0) {
        findings.push(
            violation(
                urn,
                `The template of ${stack} has values the pack does not read, in ${listed(unread, "; ")}. The pack stops there: ${READ_BOUNDS}; ` +
                    "a policy that needs such a value reports that it could not verify it. Write the values out plainly.",
            ),
        );
    }
    return findings;
}
