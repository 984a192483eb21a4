// The organisation's SCP (`npm run guardrail`): what it denies, to whom, as AWS would decide (a policy simulator), and
// how the command refuses what AWS Organizations would refuse.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";

import { main as guardrail } from "../../cli/guardrail";
import { EXIT } from "../../cli/command";
import { checkStackConfig } from "../../checks/readStackConfig";
import {
    GuardrailStack,
    guardrailPolicy,
    oversizeProblem,
    policySize,
    ROLE_CHANGING_ACTIONS,
    SCP_SIZE_QUOTA,
    serialisePolicy,
    sizeContributions,
} from "../../components/guardrail";
import { PolicyDocument } from "../../components/policyDocument";
import { readStackFile, stackFilesIn } from "../../offline/stackFile";
import { simulate } from "../iam/simulator";

const ACCOUNT = "123456789012";
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/platform-deployer`;
const BREAK_GLASS = `arn:aws:iam::${ACCOUNT}:user/break-glass`;
const TRANSCODE_SUBMITTER = `arn:aws:iam::${ACCOUNT}:role/transcode-submitter`;
const DRM_SUBMITTER = `arn:aws:iam::${ACCOUNT}:role/drm-submitter`;

const CHANGE = [...ROLE_CHANGING_ACTIONS];
const PASS = ["iam:PassRole"];
const exceptFor = (...principals: string[]) => ({ ArnNotLike: { "aws:PrincipalArn": principals } });

/** The happy-path stack: acme, unpinned, with the transcode submitter. Each test mutates it. */
function stack(overrides: Partial<GuardrailStack> = {}): GuardrailStack {
    return {
        file: "Pulumi.acme.yaml",
        customer: "acme",
        partition: "aws",
        accounts: undefined,
        administrators: [ADMIN],
        jobSubmitters: [TRANSCODE_SUBMITTER],
        ...overrides,
    };
}
const globex = (overrides: Partial<GuardrailStack> = {}) =>
    stack({ file: "Pulumi.globex.yaml", customer: "globex", administrators: [ADMIN, BREAK_GLASS], jobSubmitters: [DRM_SUBMITTER], ...overrides });

describe("guardrailPolicy", () => {
    it("denies changing and passing a stack's roles, named by their auto-name pattern in any account, to all but its administrators and submitters", () => {
        assert.deepStrictEqual(guardrailPolicy([stack()]), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "DenyChangingIngestRoles",
                    Effect: "Deny",
                    Action: CHANGE,
                    Resource: ["arn:aws:iam::*:role/acme-processor-???????", "arn:aws:iam::*:role/acme-uploader-???????"],
                    Condition: exceptFor(ADMIN),
                },
                {
                    Sid: "DenyPassingUploaderRoles",
                    Effect: "Deny",
                    Action: PASS,
                    Resource: ["arn:aws:iam::*:role/acme-uploader-???????"],
                    Condition: exceptFor(ADMIN),
                },
                {
                    Sid: "DenyPassingProcessorRoles",
                    Effect: "Deny",
                    Action: PASS,
                    Resource: ["arn:aws:iam::*:role/acme-processor-???????"],
                    Condition: exceptFor(ADMIN, TRANSCODE_SUBMITTER),
                },
            ],
        });
    });

    it("names one pattern per account aws:allowedAccountIds pins, in the stack's partition", () => {
        const policy = guardrailPolicy([stack({ partition: "aws-cn", accounts: ["222222222222", "111111111111"] })]);
        assert.deepStrictEqual(policy.Statement[0].Resource, [
            "arn:aws-cn:iam::111111111111:role/acme-processor-???????",
            "arn:aws-cn:iam::111111111111:role/acme-uploader-???????",
            "arn:aws-cn:iam::222222222222:role/acme-processor-???????",
            "arn:aws-cn:iam::222222222222:role/acme-uploader-???????",
        ]);
    });

    it("shares one processor statement among stacks with the same submitters, exempting every stack's administrators everywhere", () => {
        const policy = guardrailPolicy([
            stack({ file: "Pulumi.c.yaml" }),
            globex({ file: "Pulumi.a.yaml" }),
            stack({ file: "Pulumi.b.yaml", customer: "initech" }),
            stack({ file: "Pulumi.d.yaml", customer: "hooli", jobSubmitters: [] }),
        ]);
        const everyAdmin = exceptFor(ADMIN, BREAK_GLASS);
        assert.deepStrictEqual(
            policy.Statement.map((s) => [s.Sid, s.Resource, s.Condition]),
            [
                [
                    "DenyChangingIngestRoles",
                    [
                        "arn:aws:iam::*:role/acme-processor-???????",
                        "arn:aws:iam::*:role/acme-uploader-???????",
                        "arn:aws:iam::*:role/globex-processor-???????",
                        "arn:aws:iam::*:role/globex-uploader-???????",
                        "arn:aws:iam::*:role/hooli-processor-???????",
                        "arn:aws:iam::*:role/hooli-uploader-???????",
                        "arn:aws:iam::*:role/initech-processor-???????",
                        "arn:aws:iam::*:role/initech-uploader-???????",
                    ],
                    everyAdmin,
                ],
                [
                    "DenyPassingUploaderRoles",
                    [
                        "arn:aws:iam::*:role/acme-uploader-???????",
                        "arn:aws:iam::*:role/globex-uploader-???????",
                        "arn:aws:iam::*:role/hooli-uploader-???????",
                        "arn:aws:iam::*:role/initech-uploader-???????",
                    ],
                    everyAdmin,
                ],
                // In stack-file order: globex (Pulumi.a), then initech and acme (Pulumi.b, Pulumi.c), then hooli.
                ["DenyPassingProcessorRoles1", ["arn:aws:iam::*:role/globex-processor-???????"], exceptFor(DRM_SUBMITTER, ADMIN, BREAK_GLASS)],
                [
                    "DenyPassingProcessorRoles2",
                    ["arn:aws:iam::*:role/acme-processor-???????", "arn:aws:iam::*:role/initech-processor-???????"],
                    exceptFor(ADMIN, TRANSCODE_SUBMITTER, BREAK_GLASS),
                ],
                ["DenyPassingProcessorRoles3", ["arn:aws:iam::*:role/hooli-processor-???????"], everyAdmin],
            ],
        );
    });

    it("lets both stacks' submitters pass a processor role that both stacks of one customer name by the same pattern", () => {
        // One customer in two regions, neither pinned: their processor roles fit one pattern, so either stack's
        // submitters denied the other's would be denied their own role too.
        const policy = guardrailPolicy([stack(), stack({ file: "Pulumi.acme-us.yaml", jobSubmitters: [DRM_SUBMITTER] })]);
        assert.deepStrictEqual(policy.Statement.slice(2), [
            {
                Sid: "DenyPassingProcessorRoles",
                Effect: "Deny",
                Action: PASS,
                Resource: ["arn:aws:iam::*:role/acme-processor-???????"],
                Condition: exceptFor(DRM_SUBMITTER, ADMIN, TRANSCODE_SUBMITTER),
            },
        ]);
    });

    it("lets the submitters of a customer's unpinned stack and of its pinned stack pass both patterns, which both match either role", () => {
        const policy = guardrailPolicy([stack(), stack({ file: "Pulumi.acme-prod.yaml", accounts: ["111111111111"], jobSubmitters: [DRM_SUBMITTER] })]);
        assert.deepStrictEqual(
            policy.Statement.slice(2).map((s) => [s.Sid, s.Resource, s.Condition]),
            [
                [
                    "DenyPassingProcessorRoles",
                    ["arn:aws:iam::*:role/acme-processor-???????", "arn:aws:iam::111111111111:role/acme-processor-???????"],
                    exceptFor(DRM_SUBMITTER, ADMIN, TRANSCODE_SUBMITTER),
                ],
            ],
        );
    });

    it("keeps the submitters of one customer's stacks in different pinned accounts apart", () => {
        const policy = guardrailPolicy([
            stack({ accounts: ["111111111111"] }),
            stack({ file: "Pulumi.acme-test.yaml", accounts: ["222222222222"], jobSubmitters: [DRM_SUBMITTER] }),
        ]);
        assert.deepStrictEqual(
            policy.Statement.slice(2).map((s) => [s.Sid, s.Resource, s.Condition]),
            [
                // Pulumi.acme-test.yaml sorts before Pulumi.acme.yaml ("-" before ".").
                ["DenyPassingProcessorRoles1", ["arn:aws:iam::222222222222:role/acme-processor-???????"], exceptFor(DRM_SUBMITTER, ADMIN)],
                ["DenyPassingProcessorRoles2", ["arn:aws:iam::111111111111:role/acme-processor-???????"], exceptFor(ADMIN, TRANSCODE_SUBMITTER)],
            ],
        );
    });

    it("is the same document whatever order the stacks come in", () => {
        const stacks = [stack(), globex(), stack({ file: "Pulumi.initech.yaml", customer: "initech", jobSubmitters: [DRM_SUBMITTER, TRANSCODE_SUBMITTER] })];
        assert.strictEqual(serialisePolicy(guardrailPolicy([...stacks].reverse())), serialisePolicy(guardrailPolicy(stacks)));
    });

    it("measures the document as its compact JSON, the text AWS Organizations counts", () => {
        const policy = guardrailPolicy([stack(), globex()]);
        assert.strictEqual(serialisePolicy(policy), JSON.stringify(policy));
        assert.doesNotMatch(serialisePolicy(policy), /\s/);
        assert.strictEqual(policySize(policy), serialisePolicy(policy).length);
    });
});

describe("the guardrail's size contributions", () => {
    const shared = (len: number) => len + 3; // `"…",`: the quotes and the comma

    it("charges a principal listed by every stack its quoted length in every statement", () => {
        const stacks = [stack(), globex()];
        const statements = guardrailPolicy(stacks).Statement.length; // changing, uploader, two processor statements
        assert.strictEqual(statements, 4);
        const { principals } = sizeContributions(stacks);
        assert.deepStrictEqual(principals[0], { what: `${ADMIN} (administrator of 2 stacks)`, characters: shared(ADMIN.length) * statements });
    });

    it("charges a stack that shares its processor statement its four pattern entries", () => {
        const initech = stack({ file: "Pulumi.initech.yaml", customer: "initech" });
        const { stacks } = sizeContributions([stack(), initech]);
        const own = ["arn:aws:iam::*:role/initech-uploader-???????", "arn:aws:iam::*:role/initech-processor-???????"];
        const expected = own.reduce((sum, pattern) => sum + 2 * shared(pattern.length), 0);
        assert.deepStrictEqual(
            stacks.find((s) => s.what === "Pulumi.initech.yaml (customer initech)"),
            { what: "Pulumi.initech.yaml (customer initech)", characters: expected },
        );
    });

    it("accepts a document of exactly the quota, 5,120 characters, and refuses one character more", () => {
        // Nineteen customers; the last one's submitter name is padded (it appears once) to bring the document to the quota.
        const customers = Array.from({ length: 19 }, (_, i) => stack({ file: `Pulumi.c${i}.yaml`, customer: `customer-${i}` }));
        const padded = (extra: number) => [
            ...customers.slice(0, -1),
            stack({ file: "Pulumi.c18.yaml", customer: "customer-18", jobSubmitters: [`${TRANSCODE_SUBMITTER}-${"x".repeat(extra)}`] }),
        ];
        const extra = SCP_SIZE_QUOTA - policySize(guardrailPolicy(padded(0)));
        assert.ok(extra > 0 && extra < 100, `the fixture leaves ${extra} characters`);
        assert.strictEqual(policySize(guardrailPolicy(padded(extra))), 5120);
        assert.strictEqual(oversizeProblem(padded(extra)), undefined);
        assert.match(
            oversizeProblem(padded(extra + 1))!,
            /^the service control policy for 19 stacks would be 5,121 characters, over AWS Organizations' quota of 5,120 characters per SCP \(1 character too many\)\n/,
        );
    });
});

describe("the guardrail, as AWS decides requests under it", () => {
    // The document of the two-stack project, attached at the root beside FullAWSAccess (what an organisation has).
    const scp = guardrailPolicy([stack(), globex()]);
    const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
    const ACME_UPLOADER = role("acme-uploader-1a2b3c4");
    const ACME_PROCESSOR = role("acme-processor-1a2b3c4");
    const GLOBEX_PROCESSOR = role("globex-processor-5e6f7a8");

    /** Whether `principalArn`, with every IAM permission, may `action` on `resource` under the SCP. */
    async function decide(principalArn: string, action: string, resource: string, policy: PolicyDocument = scp): Promise<string> {
        const [, kind, name] = /:(role|user)\/(.+)$/.exec(principalArn)!;
        const principal = kind === "role" ? `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/session` : principalArn;
        const allowAll = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
        const result = await simulate({
            request: {
                principal,
                action,
                resource: { resource, accountId: ACCOUNT },
                contextVariables: { "aws:PrincipalArn": principalArn, "aws:PrincipalAccount": ACCOUNT },
            },
            identityPolicies: [{ name: "AdministratorAccess", policy: allowAll }],
            serviceControlPolicies: [
                {
                    orgIdentifier: "r-root",
                    policies: [
                        { name: "FullAWSAccess", policy: allowAll },
                        { name: "guardrail", policy },
                    ],
                },
            ],
            resourceControlPolicies: [],
        });
        assert.strictEqual(result.resultType, "single", JSON.stringify(result));
        return result.overallResult;
    }

    it("denies an IAM administrator creating a role named to fit a bucket's pattern, and allows a longer name", async () => {
        const intruder = role("Administrator");
        assert.strictEqual(await decide(intruder, "iam:CreateRole", ACME_UPLOADER), "ExplicitlyDenied");
        assert.strictEqual(await decide(intruder, "iam:CreateRole", role("acme-uploader-1a2b3c4d")), "Allowed");
        assert.strictEqual(await decide(intruder, "iam:CreateRole", role("reports-uploader")), "Allowed");
    });

    it("denies every role-changing action on both roles to anyone but an administrator", async () => {
        for (const action of ROLE_CHANGING_ACTIONS) {
            for (const target of [ACME_UPLOADER, ACME_PROCESSOR, GLOBEX_PROCESSOR]) {
                assert.strictEqual(await decide(TRANSCODE_SUBMITTER, action, target), "ExplicitlyDenied", `${action} on ${target}`);
                assert.strictEqual(await decide(ADMIN, action, target), "Allowed", `${action} on ${target} by the administrator`);
                assert.strictEqual(await decide(BREAK_GLASS, action, target), "Allowed", `${action} on ${target} by the break-glass user`);
            }
        }
    });

    it("lets a stack's submitter pass its processor role, and neither its uploader role nor another customer's processor role", async () => {
        assert.strictEqual(await decide(TRANSCODE_SUBMITTER, "iam:PassRole", ACME_PROCESSOR), "Allowed");
        assert.strictEqual(await decide(TRANSCODE_SUBMITTER, "iam:PassRole", ACME_UPLOADER), "ExplicitlyDenied");
        assert.strictEqual(await decide(TRANSCODE_SUBMITTER, "iam:PassRole", GLOBEX_PROCESSOR), "ExplicitlyDenied");
        assert.strictEqual(await decide(DRM_SUBMITTER, "iam:PassRole", GLOBEX_PROCESSOR), "Allowed");
        assert.strictEqual(await decide(DRM_SUBMITTER, "iam:PassRole", ACME_PROCESSOR), "ExplicitlyDenied");
    });

    it("lets the administrators pass both roles, and nobody else", async () => {
        assert.strictEqual(await decide(ADMIN, "iam:PassRole", ACME_UPLOADER), "Allowed");
        assert.strictEqual(await decide(ADMIN, "iam:PassRole", GLOBEX_PROCESSOR), "Allowed");
        assert.strictEqual(await decide(role("Administrator"), "iam:PassRole", ACME_UPLOADER), "ExplicitlyDenied");
        assert.strictEqual(await decide(role("Administrator"), "iam:PassRole", ACME_PROCESSOR), "ExplicitlyDenied");
    });

    it("leaves roles of other accounts alone where the stack pins its account", async () => {
        const pinned = guardrailPolicy([stack({ accounts: [ACCOUNT] })]);
        assert.strictEqual(await decide(role("Administrator"), "iam:CreateRole", ACME_UPLOADER, pinned), "ExplicitlyDenied");
        assert.strictEqual(await decide(role("Administrator"), "iam:CreateRole", "arn:aws:iam::999999999999:role/acme-uploader-1a2b3c4", pinned), "Allowed");
    });
});

describe("npm run guardrail", () => {
    let projectDir: string;
    beforeEach(() => {
        projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "guardrail-test-"));
    });
    afterEach(() => fs.rmSync(projectDir, { recursive: true, force: true }));

    interface StackSpec {
        customer: string;
        administrators?: string[];
        submitters?: string[];
        uploaders?: string[];
        region?: string;
        accounts?: unknown;
    }
    /** Writes Pulumi.<name>.yaml as a platform engineer would (see Pulumi.dev.yaml). */
    function writeStack(name: string, spec: StackSpec): string {
        const config: Record<string, unknown> = {
            "aws:region": spec.region ?? "eu-west-1",
            ...(spec.accounts !== undefined ? { "aws:allowedAccountIds": spec.accounts } : {}),
            "mezzanine-ingest:customer": spec.customer,
            "mezzanine-ingest:administratorPrincipals": spec.administrators ?? [ADMIN],
            "mezzanine-ingest:uploaderPrincipals": spec.uploaders ?? [`arn:aws:iam::210987654321:role/${spec.customer}-transfer`],
            ...(spec.submitters !== undefined ? { "mezzanine-ingest:processorJobSubmitters": spec.submitters } : {}),
        };
        const file = path.join(projectDir, `Pulumi.${name}.yaml`);
        fs.writeFileSync(file, stringify({ config }));
        return file;
    }
    async function run(argv: string[] = ["--project-dir", projectDir]) {
        let stdout = "";
        let stderr = "";
        const code = await guardrail(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
        return { code, stdout, stderr };
    }

    it("prints only the SCP on stdout, compact, for every stack file of the project, and its size on stderr", async () => {
        writeStack("acme", { customer: "acme", submitters: [TRANSCODE_SUBMITTER] });
        writeStack("globex", { customer: "globex", administrators: [ADMIN, BREAK_GLASS], submitters: [DRM_SUBMITTER], region: "us-east-1" });
        const { code, stdout, stderr } = await run();
        assert.strictEqual(code, EXIT.admitted, stderr);
        assert.ok(stdout.endsWith("}\n"));
        const document = JSON.parse(stdout);
        assert.strictEqual(stdout, `${JSON.stringify(document)}\n`);
        assert.deepStrictEqual(document, {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "DenyChangingIngestRoles",
                    Effect: "Deny",
                    Action: CHANGE,
                    Resource: [
                        "arn:aws:iam::*:role/acme-processor-???????",
                        "arn:aws:iam::*:role/acme-uploader-???????",
                        "arn:aws:iam::*:role/globex-processor-???????",
                        "arn:aws:iam::*:role/globex-uploader-???????",
                    ],
                    Condition: exceptFor(ADMIN, BREAK_GLASS),
                },
                {
                    Sid: "DenyPassingUploaderRoles",
                    Effect: "Deny",
                    Action: PASS,
                    Resource: ["arn:aws:iam::*:role/acme-uploader-???????", "arn:aws:iam::*:role/globex-uploader-???????"],
                    Condition: exceptFor(ADMIN, BREAK_GLASS),
                },
                {
                    Sid: "DenyPassingProcessorRoles1",
                    Effect: "Deny",
                    Action: PASS,
                    Resource: ["arn:aws:iam::*:role/acme-processor-???????"],
                    Condition: exceptFor(ADMIN, TRANSCODE_SUBMITTER, BREAK_GLASS),
                },
                {
                    Sid: "DenyPassingProcessorRoles2",
                    Effect: "Deny",
                    Action: PASS,
                    Resource: ["arn:aws:iam::*:role/globex-processor-???????"],
                    Condition: exceptFor(DRM_SUBMITTER, ADMIN, BREAK_GLASS),
                },
            ],
        });
        assert.strictEqual(stdout.length - 1, 1730);
        assert.ok(stdout.length - 1 <= SCP_SIZE_QUOTA);
        assert.strictEqual(stderr, "guardrail: 1,730 of 5,120 characters (the SCP quota), 2 stacks\n");
    });

    it("names the pinned account in each pattern of a stack with aws:allowedAccountIds", async () => {
        writeStack("acme", { customer: "acme", accounts: [ACCOUNT], submitters: [TRANSCODE_SUBMITTER] });
        const { code, stdout, stderr } = await run();
        assert.strictEqual(code, EXIT.admitted, stderr);
        assert.deepStrictEqual(
            JSON.parse(stdout).Statement.map((s: { Resource: string[] }) => s.Resource),
            [
                [`arn:aws:iam::${ACCOUNT}:role/acme-processor-???????`, `arn:aws:iam::${ACCOUNT}:role/acme-uploader-???????`],
                [`arn:aws:iam::${ACCOUNT}:role/acme-uploader-???????`],
                [`arn:aws:iam::${ACCOUNT}:role/acme-processor-???????`],
            ],
        );
        assert.strictEqual(stderr, `guardrail: ${(stdout.length - 1).toLocaleString("en-US")} of 5,120 characters (the SCP quota), 1 stack\n`);
    });

    it("names the partition of the stack's region", async () => {
        writeStack("acme-cn", {
            customer: "acme",
            region: "cn-north-1",
            administrators: ["arn:aws-cn:iam::123456789012:role/platform-deployer"],
            uploaders: ["arn:aws-cn:iam::210987654321:role/acme-transfer"],
        });
        const { code, stdout, stderr } = await run();
        assert.strictEqual(code, EXIT.admitted, stderr);
        assert.deepStrictEqual(JSON.parse(stdout).Statement[1].Resource, ["arn:aws-cn:iam::*:role/acme-uploader-???????"]);
    });

    it("refuses an invalid stack file with the config check's problems, and prints nothing", async () => {
        writeStack("acme", { customer: "acme" });
        const broken = writeStack("broken", { customer: "Broken!", administrators: ["*"] });
        const read = readStackFile(broken);
        assert.ok(read.ok);
        const check = checkStackConfig(read.file.config, () => false);
        assert.ok(!check.ok && check.problems.length >= 2, JSON.stringify(check));
        const { code, stdout, stderr } = await run();
        assert.strictEqual(code, EXIT.invalidConfig);
        assert.strictEqual(stdout, "");
        assert.strictEqual(stderr, `Stack broken: invalid stack config:\n${check.problems.map((p) => `  - ${p}`).join("\n")}\n`);
    });

    it("refuses an aws:allowedAccountIds that is no list of account ids", async () => {
        writeStack("acme", { customer: "acme", accounts: "123" });
        const { code, stdout, stderr } = await run();
        assert.strictEqual(code, EXIT.invalidConfig);
        assert.strictEqual(stdout, "");
        assert.strictEqual(stderr, "Stack acme: invalid stack config:\n  - aws:allowedAccountIds must be a list of 12-digit AWS account ids (got 123)\n");
    });

    it("refuses a stack file that is not YAML, and prints nothing", async () => {
        writeStack("acme", { customer: "acme" });
        const file = path.join(projectDir, "Pulumi.torn.yaml");
        fs.writeFileSync(file, "config:\n  mezzanine-ingest:customer: [torn\n");
        const read = readStackFile(file);
        assert.ok(!read.ok);
        const { code, stdout, stderr } = await run();
        assert.strictEqual(code, EXIT.invalidConfig);
        assert.strictEqual(stdout, "");
        assert.strictEqual(stderr, `Stack torn: invalid stack config:\n${read.problems.map((p) => `  - ${p}`).join("\n")}\n`);
    });

    it("refuses a document over the SCP size quota, naming its size, the quota and the largest contributors", async () => {
        // 60 customers, each with a job submitter of its own (so a processor statement of its own); the last with three.
        for (let i = 1; i <= 60; i++) {
            const customer = `customer-${String(i).padStart(2, "0")}`;
            const submitters = (i === 60 ? ["a", "b", "c"] : [""]).map((suffix) => `arn:aws:iam::${ACCOUNT}:role/${customer}-submitter${suffix}`);
            writeStack(customer, { customer, submitters });
        }
        const { code, stdout, stderr } = await run();
        assert.strictEqual(code, EXIT.invalidConfig);
        assert.strictEqual(stdout, "");
        assert.strictEqual(
            stderr,
            [
                "guardrail: the service control policy for 60 stacks would be 28,104 characters, over AWS Organizations' quota of 5,120 characters per SCP (22,984 characters too many)",
                "  the largest contributors (how much shorter the document would be without each):",
                "  stacks:",
                "    Pulumi.customer-60.yaml (customer customer-60): 568 characters",
                "    Pulumi.customer-01.yaml (customer customer-01): 455 characters",
                "    Pulumi.customer-02.yaml (customer customer-02): 455 characters",
                "    Pulumi.customer-03.yaml (customer customer-03): 455 characters",
                "    Pulumi.customer-04.yaml (customer customer-04): 455 characters",
                "  principals:",
                // In each of the 62 statements: 48 characters, its quotes and a comma (no comma where it is alone).
                "    arn:aws:iam::123456789012:role/platform-deployer (administrator of 60 stacks): 3,160 characters",
                "    arn:aws:iam::123456789012:role/customer-60-submittera (job submitter of 1 stack): 56 characters",
                "    arn:aws:iam::123456789012:role/customer-60-submitterb (job submitter of 1 stack): 56 characters",
                "    arn:aws:iam::123456789012:role/customer-60-submitterc (job submitter of 1 stack): 56 characters",
                "    arn:aws:iam::123456789012:role/customer-01-submitter (job submitter of 1 stack): 55 characters",
                "  fix: split the organisation's stacks over several SCPs (an OU, root or account can have up to 5 SCPs attached, " +
                    "FullAWSAccess included), each built from a directory holding some of the stack files (--project-dir); or trim " +
                    "administratorPrincipals and processorJobSubmitters (every statement lists every administrator; stacks with the same " +
                    "job submitters share one statement)",
                "",
            ].join("\n"),
        );
    });

    it("refuses an unknown argument as a usage error, printing nothing on stdout", async () => {
        const { code, stdout, stderr } = await run(["--stack", "dev"]);
        assert.strictEqual(code, EXIT.usage);
        assert.strictEqual(stdout, "");
        assert.match(stderr, /^error: Unknown option '--stack'\n/);
        assert.match(stderr, /\nusage: npm run guardrail \[-- --project-dir <dir>\]\n/);
    });

    it("prints its usage for --help, on stderr", async () => {
        const { code, stdout, stderr } = await run(["--help"]);
        assert.strictEqual(code, EXIT.usage);
        assert.strictEqual(stdout, "");
        assert.match(stderr, /^usage: npm run guardrail \[-- --project-dir <dir>\]\n/);
    });

    it("refuses a project without stack files as a usage error", async () => {
        const { code, stdout, stderr } = await run();
        assert.strictEqual(code, EXIT.usage);
        assert.strictEqual(stdout, "");
        assert.match(stderr, new RegExp(`^error: no Pulumi.<stack>.yaml in ${projectDir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: no stack to guard\n`));
    });

    it("builds a document that fits the quota for this project's own stack files", async () => {
        const { code, stdout, stderr } = await run([]);
        assert.strictEqual(code, EXIT.admitted, stderr);
        const document = JSON.parse(stdout);
        assert.ok(stdout.length - 1 <= SCP_SIZE_QUOTA);
        const customers = stackFilesIn(path.resolve(__dirname, "..", "..")).map((file) => {
            const read = readStackFile(file);
            assert.ok(read.ok);
            return read.file.config["mezzanine-ingest:customer"];
        });
        assert.ok(customers.length > 0);
        for (const customer of customers) {
            assert.ok(
                document.Statement[1].Resource.some((pattern: string) => pattern.endsWith(`:role/${customer}-uploader-???????`)),
                `${customer}'s uploader role in ${stdout}`,
            );
        }
    });
});
