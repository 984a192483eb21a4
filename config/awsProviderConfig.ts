// The AWS provider's config keys (the `aws:` namespace of a stack's config), as the installed @pulumi/aws declares
// them: its generated `config/vars` module has one property per key of the provider's schema. `pulumi up` refuses any
// other `aws:` key (the provider's CheckConfig: "Invalid or unknown key"), so the checks refuse it first, with the
// nearest key, rather than let a typo (`aws:regoin`) pass for "no region". Not a list kept by hand here.
import { packageRelease } from "./installedPackage";

/** The provider package the keys come from, with its version: problems name it. */
export const AWS_PROVIDER_RELEASE = packageRelease("@pulumi/aws");

let keys: readonly string[] | undefined;

/** The AWS provider's config keys, without the namespace (`region`, `allowedAccountIds`, ...). */
export function awsProviderConfigKeys(): readonly string[] {
    // Loaded when first asked: the module reads the SDK's config (its getters run only when read; listing them runs none).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a generated module without a typed surface for its key list
    keys ??= Object.keys(require("@pulumi/aws/config/vars") as object).sort();
    return keys;
}
