// The keys a resource declares, read by the adapters in ../lib/providers into the model the KMS policies judge.
import { ResourceValidationArgs } from "@pulumi/policy";

import { ModelKey } from "../lib/model";
import { keysOf } from "../lib/providers";
import { rawProps } from "../lib/unknowns";

/** The KMS keys (or key policies) that `args` declares: an aws or aws-native key, or a CloudFormation stack's. */
export function keysIn(args: ResourceValidationArgs): ModelKey[] {
    return keysOf({ urn: args.urn, type: args.type, name: args.name, props: rawProps(args.props), propertyDependencies: {} });
}
