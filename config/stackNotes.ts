// What a valid stack config should still be told: settings that work but leave a job or a customer exposed. The
// program warns with them at `pulumi up`, and the offline preview prints them as notes; neither refuses.
import { accountOf } from "./deployingAccount";
import { CONFIG_NAMESPACE, isServicePrincipal, StackConfig } from "./stackConfig";

const ns = (key: string) => `${CONFIG_NAMESPACE}:${key}`;

/** The notes for `config`; `deployingAccountId` is the account the stack deploys to, where it is known. */
export function stackNotes(config: StackConfig, deployingAccountId: string | undefined): string[] {
    const notes: string[] = [];
    const services = config.processorPrincipals.filter(isServicePrincipal);
    if (services.length > 0 && config.processorOutputLocations.length === 0) {
        notes.push(
            `${ns("processorOutputLocations")} is empty while ${ns("processorPrincipals")} lists ${services.join(", ")}: its jobs will have ` +
                "nowhere to write their outputs (the processor role may write no object anywhere); list the s3://<bucket>/<prefix>/ locations of the renditions",
        );
    }
    if (config.minimumTlsVersion === "1.3") {
        // S3 User Guide, "Protecting data in transit with encryption": "TLS 1.3 is supported in all S3 endpoints, except
        // for AWS PrivateLink for Amazon S3 and Multi-Region Access Points."
        notes.push(
            `${ns("minimumTlsVersion")} is "1.3": S3's interface endpoints (AWS PrivateLink for Amazon S3) and Multi-Region Access Points ` +
                "offer no TLS 1.3, so every request that reaches the bucket through them is refused, the uploader's, the processor's and the " +
                "administrators' alike, including a pulumi up that would lower this setting again; reach S3 through its public or gateway " +
                'endpoints, or keep "1.2"',
        );
    }
    for (const { principal, index, account } of processorsWithoutExternalId(config, deployingAccountId)) {
        notes.push(
            `${ns("processorPrincipals")}[${index}] is an IAM principal of account ${account}${deployingAccountId === undefined ? "" : `, not the deploying account ${deployingAccountId}`}, ` +
                `and ${ns("processorExternalId")} is not set: a vendor serving several customers could be steered into this customer's masters ` +
                `(the confused deputy); agree an external id with the vendor and set ${ns("processorExternalId")} (got ${JSON.stringify(principal)})`,
        );
    }
    return notes;
}

/**
 * The IAM processors of another account than `deployingAccountId` (all IAM processors when it is unknown) while
 * `processorExternalId` is unset: the program and the preview warn about them, onboarding refuses them.
 */
export function processorsWithoutExternalId(
    config: StackConfig,
    deployingAccountId: string | undefined,
): Array<{ readonly principal: string; readonly index: number; readonly account: string }> {
    if (config.processorExternalId !== undefined) return [];
    return config.processorPrincipals.flatMap((principal, index) => {
        const account = accountOf(principal);
        return account === undefined || account === deployingAccountId ? [] : [{ principal, index, account }];
    });
}
