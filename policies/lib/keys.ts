// The keys a resource declares, read by the adapters in providers/ into the model the KMS policies judge.
import { ResourceValidationArgs } from "@pulumi/policy";

import { ModelKey } from "./model";
import { keysOf } from "./providers";
import { rawProps } from "./unknowns";

/** The KMS keys (or key policies) that `args` declares: an aws or aws-native key, or a CloudFormation stack's. */
export function keysIn(args: ResourceValidationArgs): ModelKey[] {
    return keysOf({ urn: args.urn, type: args.type, name: args.name, props: rawProps(args.props), propertyDependencies: {} });
}
