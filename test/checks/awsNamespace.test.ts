import * as assert from "assert";

import { checkStackConfig } from "../../checks/readStackConfig";
import { awsProviderConfigKeys } from "../../config/awsProviderConfig";
import { nearestRegions } from "../../config/awsRegions";
import { release } from "../support/preflightExamples";
import { baseConfig, programFailure } from "../support/customerStack";

// As Pulumi passes config to the program: strings, lists as JSON.
const asPassed = (config: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(config).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]));

function problemsWith(set: Record<string, unknown>, without: string[] = [], secret: string[] = []): string[] {
    const config: Record<string, unknown> = { ...baseConfig(), ...set };
    for (const key of without) delete config[key];
    const check = checkStackConfig(asPassed(config), (key) => secret.includes(key));
    return check.ok ? [] : [...check.problems];
}

const AWS = release("@pulumi/aws");

describe("the aws: namespace: only the AWS provider's own keys", () => {
    it("reads the keys from the installed @pulumi/aws, the provider `pulumi up` runs", () => {
        const keys = awsProviderConfigKeys();
        for (const key of ["region", "profile", "allowedAccountIds", "defaultTags", "assumeRoles", "skipCredentialsValidation"])
            assert.ok(keys.includes(key), key);
        assert.ok(!keys.includes("regoin"));
    });

    it("refuses a typo of a provider key (exit 2 in the preview), with the key it meant", () => {
        assert.deepStrictEqual(problemsWith({ "aws:regoin": "eu-west-1" }, ["aws:region"]), [
            `aws:regoin is not a config key of the AWS provider (${AWS}), which refuses it at \`pulumi up\` ("Invalid or unknown key"): did you mean aws:region? (got "eu-west-1")`,
        ]);
        assert.deepStrictEqual(problemsWith({ "aws:allowedAccountId": ["123456789012"] }), [
            `aws:allowedAccountId is not a config key of the AWS provider (${AWS}), which refuses it at \`pulumi up\` ("Invalid or unknown key"): did you mean aws:allowedAccountIds? (got "[\\"123456789012\\"]")`,
        ]);
    });

    it("lists the provider's keys when no key is close, and never prints a secret", () => {
        assert.deepStrictEqual(problemsWith({ "aws:mfaSerialNumber": "x" }, [], ["aws:mfaSerialNumber"]), [
            `aws:mfaSerialNumber is not a config key of the AWS provider (${AWS}), which refuses it at \`pulumi up\` ("Invalid or unknown key"): ` +
                `remove it, or use one of the provider's keys: ${awsProviderConfigKeys().join(", ")} (got [secret])`,
        ]);
    });

    it("accepts the provider's keys", () => {
        assert.deepStrictEqual(
            problemsWith({ "aws:profile": "deployer", "aws:skipCredentialsValidation": "true", "aws:allowedAccountIds": ["123456789012"] }),
            [],
        );
    });

    it("makes the program register nothing for an unknown aws: key", async () => {
        const error = await programFailure({ ...baseConfig(), "aws:regoin": "eu-west-1" });
        assert.match(error.message, /aws:regoin is not a config key of the AWS provider .*: did you mean aws:region\?/);
        assert.deepStrictEqual(
            error.registrations.filter((r) => r.type !== "pulumi:pulumi:Stack"),
            [],
        );
    });
});

describe("aws:region typos", () => {
    const SDK = release("@aws-sdk/util-endpoints");

    it("names the region one edit away: a swap, a dropped or an added character", () => {
        assert.deepStrictEqual(nearestRegions("eu-wset-1"), ["eu-west-1"]);
        assert.deepStrictEqual(nearestRegions("eu-west1"), ["eu-west-1"]);
        assert.deepStrictEqual(nearestRegions("eu-westt-1"), ["eu-west-1"]);
        assert.deepStrictEqual(nearestRegions("EU-WEST-1"), ["eu-west-1"]);
        assert.deepStrictEqual(nearestRegions("Ireland"), []);
    });

    it("refuses a region typo with the region it meant, whether or not it looks like a region", () => {
        assert.deepStrictEqual(problemsWith({ "aws:region": "eu-wset-1" }), [
            `aws:region is not an AWS region: did you mean eu-west-1? (got "eu-wset-1"; the regions are those of the AWS SDK's region data, ${SDK})`,
        ]);
        assert.deepStrictEqual(problemsWith({ "aws:region": "eu-west1" }), [
            `aws:region is not an AWS region: did you mean eu-west-1? (got "eu-west1"; the regions are those of the AWS SDK's region data, ${SDK})`,
        ]);
    });
});
