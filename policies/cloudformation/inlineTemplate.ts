import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";

import { describeStack, parseTemplate, templateText } from "../lib/cloudformationTemplate";
import { Finding, JUDGED_AT_UPDATE, reportFindings, unverified, violation } from "../lib/report";
import { isUnknown, rawProps } from "../lib/unknowns";

/** `cloudformation-stack-inline-template` takes no configuration beyond its enforcement level. */
export type InlineTemplateConfig = Record<string, never>;

const NAME = "cloudformation-stack-inline-template";
const DESCRIPTION =
    "Checks that every CloudFormation stack (aws.cloudformation.Stack or StackSet, aws-native.cloudformation.Stack) gives its template inline, as a templateBody the " +
    "pack can read, so that the buckets and keys it declares are judged like any other.";

export const inlineTemplate: ResourceValidationPolicy = {
    name: NAME,
    description: DESCRIPTION,
    enforcementLevel: "advisory",
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        const stack = describeStack(args.type, args.name);
        if (stack === undefined) return;
        reportFindings(checkStack(args.urn, stack, rawProps(args.props)), reportViolation, DESCRIPTION);
    },
};

function checkStack(urn: string, stack: string, props: Record<string, unknown>): Finding[] {
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
    const parameters = props.parameters;
    const parsed = parseTemplate(body, isUnknown(parameters) ? "unknown" : ((parameters ?? {}) as Record<string, unknown>));
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
    return findings;
}
