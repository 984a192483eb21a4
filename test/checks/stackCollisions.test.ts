import * as assert from "assert";

import { customerTaken, stackCollisions } from "../../checks/stackCollisions";
import { StackFile } from "../../offline/stackFile";

function stack(name: string, config: Record<string, string>, secretKeys: string[] = []): StackFile {
    return { stack: name, path: `/project/Pulumi.${name}.yaml`, config, secretKeys };
}

const acme = (name: string, extra: Record<string, string> = {}) => stack(name, { "aws:region": "eu-west-1", "mezzanine-ingest:customer": "acme", ...extra });

describe("stack files that would collide in an account", () => {
    it("names every stack file of one customer and region, each one's problem the same", () => {
        const files = [
            acme("acme"),
            acme("acme-copy"),
            acme("acme-old"),
            stack("globex", { "aws:region": "eu-west-1", "mezzanine-ingest:customer": "globex" }),
        ];
        const problems = stackCollisions(files, files, "us-east-1");
        const expected =
            'mezzanine-ingest:customer "acme" in aws:region eu-west-1 is the customer of 3 stack files, Pulumi.acme-copy.yaml, ' +
            "Pulumi.acme-old.yaml and Pulumi.acme.yaml: their bucket (acme-<account id>-eu-west-1) and key alias " +
            "(alias/mezzanine-ingest/acme) would collide in the account; keep one stack file " +
            "per customer and region (remove the copy, or give it another mezzanine-ingest:customer), or, if they deploy to " +
            "different accounts, pin each one's account with aws:allowedAccountIds";
        assert.deepStrictEqual(
            [...problems],
            [
                ["/project/Pulumi.acme.yaml", expected],
                ["/project/Pulumi.acme-copy.yaml", expected],
                ["/project/Pulumi.acme-old.yaml", expected],
            ],
        );
    });

    it("lets one customer have a stack in each region", () => {
        const files = [acme("acme"), acme("acme-us", { "aws:region": "us-east-1" })];
        assert.deepStrictEqual([...stackCollisions(files, files, "us-east-1")], []);
    });

    it("places a stack without aws:region where the preview places it", () => {
        const files = [acme("acme", { "aws:region": "us-east-1" }), stack("acme-env", { "mezzanine-ingest:customer": "acme" })];
        assert.deepStrictEqual([...stackCollisions(files, files, "us-east-1").keys()], ["/project/Pulumi.acme.yaml", "/project/Pulumi.acme-env.yaml"]);
    });

    it("lets stacks pinned to different accounts (aws:allowedAccountIds) share a customer and region", () => {
        const prod = acme("acme-prod", { "aws:allowedAccountIds": '["111111111111"]' });
        const test = acme("acme-test", { "aws:allowedAccountIds": '["222222222222"]' });
        assert.deepStrictEqual([...stackCollisions([prod, test], [prod, test], "us-east-1")], []);
        const shared = acme("acme-shared", { "aws:allowedAccountIds": '["222222222222","333333333333"]' });
        assert.deepStrictEqual([...stackCollisions([test], [test, shared], "us-east-1").keys()], ["/project/Pulumi.acme-test.yaml"]);
        // One pinned, one not: the unpinned stack may run in the pinned account.
        assert.deepStrictEqual([...stackCollisions([prod], [prod, acme("acme")], "us-east-1").keys()], ["/project/Pulumi.acme-prod.yaml"]);
    });

    it("skips a customer slug it cannot read offline (a secure value)", () => {
        const files = [acme("acme"), acme("acme-secure", { "mezzanine-ingest:customer": "offline-preview-secret" })];
        files[1] = { ...files[1], secretKeys: ["mezzanine-ingest:customer"] };
        assert.deepStrictEqual([...stackCollisions(files, files, "us-east-1")], []);
    });

    it("phrases the refusal of a stack file about to be written, never comparing it with itself", () => {
        const project = [acme("acme-prod"), acme("acme")];
        assert.strictEqual(
            customerTaken(acme("acme"), project, "us-east-1"),
            'mezzanine-ingest:customer "acme" in aws:region eu-west-1 is already the customer of Pulumi.acme-prod.yaml: another stack ' +
                "would deploy the same bucket (acme-<account id>-eu-west-1) and key alias (alias/mezzanine-ingest/acme) into the account; " +
                "change that stack file instead, or choose another customer slug",
        );
        assert.strictEqual(customerTaken(acme("acme"), [acme("acme")], "us-east-1"), undefined);
    });
});
