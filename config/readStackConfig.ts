// Reads this project's namespace out of the Pulumi runtime's config and validates it.
import * as pulumi from "@pulumi/pulumi";

import { CONFIG_NAMESPACE, StackConfig, StackConfigError, validateStackConfig } from "./stackConfig";

// The SDK marks isConfigSecret @internal (absent from its typings); it reads the secret-key list the engine passes.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };

export interface RuntimeStackConfig {
    readonly config: StackConfig;
    /** The external id as the program should pass it on: secret if it was set with `--secret`. */
    readonly uploaderExternalId?: pulumi.Input<string>;
}

/** Validates every `mezzanine-ingest:` key; throws a StackConfigError listing every problem. */
export function readStackConfig(): RuntimeStackConfig {
    const prefix = `${CONFIG_NAMESPACE}:`;
    const values: Record<string, unknown> = {};
    const secretKeys = new Set<string>();
    for (const [fullKey, value] of Object.entries(pulumi.runtime.allConfig())) {
        if (!fullKey.startsWith(prefix)) continue;
        const key = fullKey.slice(prefix.length);
        values[key] = value;
        if (isConfigSecret(fullKey)) secretKeys.add(key);
    }
    const result = validateStackConfig(values, secretKeys);
    const problems = result.ok ? [] : [...result.problems];
    problems.push(...regionProblems(values.kmsKeyArn));
    if (!result.ok || problems.length > 0) throw new StackConfigError(problems);
    const externalId = result.config.uploaderExternalId;
    return {
        config: result.config,
        uploaderExternalId: externalId !== undefined && secretKeys.has("uploaderExternalId") ? pulumi.secret(externalId) : externalId,
    };
}

// S3 can only use a KMS key in the bucket's own region.
function regionProblems(kmsKeyArn: unknown): string[] {
    const region = pulumi.runtime.allConfig()["aws:region"];
    if (typeof kmsKeyArn !== "string" || region === undefined) return [];
    const keyRegion = kmsKeyArn.split(":")[3];
    if (keyRegion === undefined || keyRegion === region) return [];
    return [
        `${CONFIG_NAMESPACE}:kmsKeyArn must be a key in the stack's region ${region} (aws:region): S3 cannot use a key from another region (got "${kmsKeyArn}")`,
    ];
}
