import * as assert from "assert";

import { aYearAfter, exemptedPrefix, exemptionFor, isCalendarDate, matchesUrn, readExemptions } from "../../lib/exemptions";

const URN = "urn:pulumi:prod::media::aws:s3/bucket:Bucket::legacy-site";

describe("exemptions", () => {
    describe("matchesUrn", () => {
        const cases: Array<[string, string, boolean]> = [
            [URN, URN, true],
            [URN.replace("prod", "dev"), URN, false],
            ["urn:pulumi:prod::media::aws:s3/bucket:Bucket::legacy-*", URN, true],
            ["urn:pulumi:*::media::*::legacy-site", URN, true],
            ["*", URN, true],
            ["*legacy-site", URN, true],
            ["urn:pulumi:prod::*", URN, true],
            ["urn:pulumi:prod::*::*::media", URN, false],
            ["*site*site", URN, false],
            ["urn:pulumi:prod::media::aws:s3/bucket:Bucket::legacy-site*", URN, true],
            ["urn:pulumi:prod::media::aws:s3/bucket:Bucket::legacy", URN, false],
            ["**", "", true],
            ["a*a", "a", false],
        ];
        for (const [pattern, urn, expected] of cases) {
            it(`${expected ? "matches" : "does not match"} ${JSON.stringify(pattern)}`, () => assert.strictEqual(matchesUrn(pattern, urn), expected));
        }

        it("decides patterns built to make a backtracking matcher explode, without backtracking", () => {
            const urn = "a".repeat(50_000);
            assert.strictEqual(matchesUrn(`${"*a".repeat(2_000)}*b`, urn), false);
            assert.strictEqual(matchesUrn(`${"*a".repeat(2_000)}*`, urn), true);
        });
    });

    describe("dates", () => {
        it("a year after 29 February is 1 March", () => assert.strictEqual(aYearAfter("2028-02-29"), "2029-03-01"));
        it("a year after an ordinary day is the same day next year", () => assert.strictEqual(aYearAfter("2026-12-07"), "2027-12-07"));
        it("knows which days exist", () => {
            assert.deepStrictEqual(["2027-01-31", "2027-02-29", "2028-02-29", "2027-13-01", "2027-1-31", "31/01/2027"].map(isCalendarDate), [
                true,
                false,
                true,
                false,
                false,
                false,
            ]);
        });
    });

    describe("readExemptions", () => {
        const today = "2026-12-07";
        const good = { resource: URN, reason: "Static website", expires: "2027-06-30" };

        it("keeps well-formed exemptions", () => assert.deepStrictEqual(readExemptions("p", { exemptions: [good] }, today), { valid: [good], refusals: [] }));

        it("accepts an expiry exactly a year ahead, and refuses one a day later", () => {
            assert.strictEqual(readExemptions("p", { exemptions: [{ ...good, expires: "2027-12-07" }] }, today).valid.length, 1);
            assert.deepStrictEqual(readExemptions("p", { exemptions: [{ ...good, expires: "2027-12-08" }] }, today).refusals, [
                `p.exemptions[0] (${JSON.stringify({ ...good, expires: "2027-12-08" })}) is refused and exempts nothing: expires must be at most a year ahead, on or before 2027-12-07 (got 2027-12-08).`,
            ]);
        });

        it("names every problem of an entry, and the entry", () => {
            const entry = { resource: "", expires: "2027-02-30", owner: "web" };
            assert.deepStrictEqual(readExemptions("p", { exemptions: [good, entry] }, today), {
                valid: [good],
                refusals: [
                    `p.exemptions[1] (${JSON.stringify(entry)}) is refused and exempts nothing: resource is required, a non-empty string; reason is required, a non-empty string; owner is not allowed (only resource, reason, expires); expires must be a date as YYYY-MM-DD (got "2027-02-30").`,
                ],
            });
        });

        it("refuses a value that is not a list", () =>
            assert.deepStrictEqual(readExemptions("p", { exemptions: "all" }, today).refusals, [
                'p.exemptions must be a list of {resource, reason, expires} (got "all").',
            ]));
    });

    describe("exemptionFor", () => {
        const a = { resource: "urn:*", reason: "broad", expires: "2026-12-31" };
        const b = { resource: URN, reason: "narrow", expires: "2027-03-01" };
        const gone = { resource: URN, reason: "old", expires: "2026-12-06" };

        it("takes the exemption that holds longest", () => assert.deepStrictEqual(exemptionFor([a, b, gone], URN, "2026-12-07"), { holds: b }));
        it("holds through its last day", () => assert.deepStrictEqual(exemptionFor([a], URN, "2026-12-31"), { holds: a }));
        it("reports the expired one when none holds", () => assert.deepStrictEqual(exemptionFor([gone], URN, "2026-12-07"), { expired: gone }));
        it("says nothing for a finding without a URN", () => assert.strictEqual(exemptionFor([a], undefined, "2026-12-07"), undefined));
        it("does not double the reason's closing period", () =>
            assert.strictEqual(exemptedPrefix({ ...b, reason: "Vendor bucket. " }), "Exempted until 2027-03-01: Vendor bucket."));
    });
});
