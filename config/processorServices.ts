// The AWS services that may run the processor role, and how its trust policy holds each to this customer's work.
//
// A trust condition on a key the service does not send never matches ("If the key that you specify in a policy
// condition is not present in the request context, the values do not match"), so each service is pinned only by keys
// AWS documents it sending when it assumes a role, as narrowly as it documents them:
// - MediaConvert presents the queue of the job as aws:SourceArn (MediaConvert User Guide, "Cross-service confused
//   deputy prevention": "The value of aws:SourceArn must be the ARN of the MediaConvert queue"), with aws:SourceAccount;
// - ECS tasks present aws:SourceAccount and an ARN of the account's ECS resources, which ECS documents only as a
//   wildcard ("Using the aws:SourceArn condition key to specify a specific cluster is not currently supported");
// - Lambda: the Lambda Developer Guide lets execution-role trust policies use aws:SourceAccount; it documents no
//   aws:SourceArn form for them.
// Every other service is refused: AWS documents neither key for some (EC2 instance profiles, Glue; users report that
// Elastic Transcoder breaks with either), others send ARNs of their own shapes (Step Functions state machines, Batch
// compute environments, SageMaker jobs) that no transcode or DRM job of ours runs as; a condition would lock the first
// out, and without one any job of the service, in any account, could run as the role.
import { isServicePrincipal } from "./stackConfig";

export type ProcessorServicePin =
    /** aws:SourceAccount and aws:SourceArn equal to the customer's MediaConvert queue. */
    | "queue"
    /** aws:SourceAccount and aws:SourceArn like the service's ARNs in this account and region. */
    | "account-and-region"
    /** aws:SourceAccount only. */
    | "account";

export interface ProcessorService {
    /** The service principal's label (`mediaconvert` in `mediaconvert.amazonaws.com`). */
    readonly label: string;
    /** The service's namespace in ARNs (`arn:aws:<arnService>:...`). */
    readonly arnService: string;
    readonly pin: ProcessorServicePin;
    /** What the pin means, for README and messages. */
    readonly held: string;
}

export const PROCESSOR_SERVICES: readonly ProcessorService[] = [
    { label: "mediaconvert", arnService: "mediaconvert", pin: "queue", held: "jobs of the customer's own MediaConvert queue (aws:SourceArn) in this account" },
    {
        label: "ecs-tasks",
        arnService: "ecs",
        pin: "account-and-region",
        held: "ECS tasks of this account and region (aws:SourceArn arn:...:ecs:<region>:<account>:*)",
    },
    { label: "lambda", arnService: "lambda", pin: "account", held: "Lambda functions of this account (aws:SourceAccount)" },
];

/** The supported service a principal names, or undefined (an IAM principal, or a service that cannot be pinned). */
export function processorServiceOf(principal: string): ProcessorService | undefined {
    if (!isServicePrincipal(principal)) return undefined;
    const label = principal.replace(/\.amazonaws\.com(\.cn)?$/, "");
    return PROCESSOR_SERVICES.find((s) => s.label === label);
}

/** Why a service principal cannot be a processor, or undefined when it can (or is no service principal). */
export function processorServiceProblem(principal: string): string | undefined {
    if (!isServicePrincipal(principal) || processorServiceOf(principal) !== undefined) return undefined;
    return (
        "is an AWS service the processor role cannot hold to this customer's work: its trust pins each service only by the keys AWS " +
        "documents that service sending when it assumes a role (a condition on a key the service does not send never matches, and a " +
        "service trusted without one lets any of its jobs, in any account, run as the role); the services it pins: " +
        `${PROCESSOR_SERVICES.map((s) => `${s.label}.amazonaws.com (${s.held})`).join(", ")}; list the IAM role of the processing system instead`
    );
}
