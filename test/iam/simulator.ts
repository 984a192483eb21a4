// The one entry to @cloud-copilot/iam-simulate for the matrix, with a correction for one defect of the simulator.
//
// The defect (iam-simulate 0.1.173, the newest release): AWS names some condition keys with a variable part after a
// colon, above all `kms:EncryptionContext:${EncryptionContextKey}` (S3 sends `kms:EncryptionContext:aws:s3:arn`, Secrets
// Manager `kms:EncryptionContext:SecretARN`). The simulator's own action data lists that key for kms:Decrypt and
// kms:GenerateDataKey, but its two key-matching helpers only know variables after a slash (`aws:PrincipalTag/<tag>`):
// `runSimulation` drops a concrete `kms:EncryptionContext:<name>` as "not applying to the action" (it lands in
// ignoredContextKeys), and even when accepted it is stored under the template's name, so every condition on it fails
// as if S3 had sent no encryption context. The correction below teaches both helpers the colon form, for the names the
// matrix sends, and changes nothing else: the engine, the policies and every other key are the simulator's own.
// `colonVariableKeysDropped()` checks that the defect is still there (the matrix test fails once it is fixed upstream,
// so that this file can go).
import { runSimulation, RunSimulationResults, Simulation } from "@cloud-copilot/iam-simulate";
import { dirname, join } from "path";

/** The encryption-context names the matrix's requests carry (S3's, and Secrets Manager's). */
export const ENCRYPTION_CONTEXT_NAMES = ["aws:s3:arn", "SecretARN", "SecretVersionId"] as const;

const COLON_TEMPLATE = /^([a-z0-9-]+:[A-Za-z0-9]+:)\$\{[A-Za-z0-9]+\}$/i;

// The compiled CommonJS modules the engine calls through their exports objects (so the wrappers are seen by it).
const distDir = dirname(require.resolve("@cloud-copilot/iam-simulate"));
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the simulator's compiled modules, to correct one defect
const actionKeys: { allowedContextKeysForRequest: (...args: any[]) => Promise<string[]> } = require(join(distDir, "simulation_engine", "contextKeys.js"));
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the simulator's compiled modules, to correct one defect
const keyCase: { normalizeContextKeyCase: (key: string) => Promise<string> } = require(join(distDir, "context_keys", "contextKeys.js"));
const originalAllowed = actionKeys.allowedContextKeysForRequest;
const originalNormalize = keyCase.normalizeContextKeyCase;

let corrected = true;

actionKeys.allowedContextKeysForRequest = async (...args: any[]) => {
    const keys = await originalAllowed(...args);
    if (!corrected) return keys;
    // A template such as kms:encryptioncontext:${encryptioncontextkey} admits its concrete names.
    const prefixes = keys.map((k) => COLON_TEMPLATE.exec(k)?.[1]).filter((p): p is string => p !== undefined);
    return [...keys, ...prefixes.flatMap((p) => ENCRYPTION_CONTEXT_NAMES.map((name) => `${p}${name}`.toLowerCase()))];
};

keyCase.normalizeContextKeyCase = async (key: string) => {
    const normalized = await originalNormalize(key);
    const template = corrected ? COLON_TEMPLATE.exec(normalized) : null;
    // The template's spelling of the prefix, the request's of the variable part.
    return template === null ? normalized : template[1] + key.slice(template[1].length);
};

/** Runs one simulation (as the simulator runs it, with the colon-variable correction). */
export function simulate(simulation: Simulation): Promise<RunSimulationResults> {
    return runSimulation(simulation, {});
}

/**
 * Whether the uncorrected simulator still drops `key` from `simulation` as not applying to its action: the reason for
 * this file. Runs `simulation` once without the correction.
 */
export async function colonVariableKeysDropped(simulation: Simulation, key: string): Promise<boolean> {
    corrected = false;
    try {
        const result = await runSimulation(simulation, {});
        return result.resultType === "single" && (result.result.ignoredContextKeys ?? []).includes(key);
    } finally {
        corrected = true;
    }
}
