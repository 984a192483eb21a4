// The deployer's requests: every call the AWS provider makes to create, read (refresh), update and delete a stack's
// resources (components/deployerPolicy.ts, PROVIDER_CALLS), made by the administrator holding only the policy
// `npm run deployer-policy` prints, against the policies the program generates; and the same deployer's requests on
// another customer's bucket, roles, key and queue, which nothing may allow.
import { keyAliasName, ingestBucketName, mediaConvertQueueName } from "../../config/names";
import { PROVIDER_CALLS, ProviderCalls, Step } from "../../components/deployerPolicy";
import { httpsRequest, MatrixRequest, Section } from "./requests";
import { ACCOUNT_ID, ADMINISTRATOR_ROLE, isKmsMode, MEDIACONVERT_QUEUE_ARN, REGION, StackPolicies, Variant } from "./stackPolicies";

/** The other customer whose resources share the account (and, in the worst case, the deployer). */
export const OTHER_CUSTOMER = "globex";
const OTHER_BUCKET_ARN = `arn:aws:s3:::${ingestBucketName(OTHER_CUSTOMER, ACCOUNT_ID, REGION)}`;
const OTHER_ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/${OTHER_CUSTOMER}-uploader-4d2f9a1`;
const OTHER_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/7b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e`;
const OTHER_QUEUE_ARN = `arn:aws:mediaconvert:${REGION}:${ACCOUNT_ID}:queues/${mediaConvertQueueName(OTHER_CUSTOMER)}`;
const aliasArn = (customer: string) => `arn:aws:kms:${REGION}:${ACCOUNT_ID}:${keyAliasName(customer)}`;

const roleName = (arn: string) => arn.split("/").pop()!;
const DEPLOYER = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${roleName(ADMINISTRATOR_ROLE)}/pulumi`;
/** A role of our account with the same deployer policy, not listed in administratorPrincipals. */
const UNLISTED_DEPLOYER = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/ci-deployer/pulumi`;

const deployerPolicies = (stack: StackPolicies) => [{ name: "deployer-policy", policy: stack.deployer }];
const own = (arn: string) => ({ arn, account: ACCOUNT_ID });

/** A key policy of another customer's key that leaves every decision to IAM policies: the worst case for us. */
const ROOT_DELEGATING_KEY_POLICY = {
    Version: "2012-10-17",
    Statement: [{ Sid: "EnableIamUserPermissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: "kms:*", Resource: "*" }],
};

const RULE_UP =
    "the deployer policy (`npm run deployer-policy`) lets an administrator make every call the AWS provider makes for the stack's resources: " +
    "`pulumi up` (create, read, update, delete), `pulumi refresh` (read) and `pulumi destroy` (delete)";
const RULE_KEY_POLICY =
    "the created key's policy, not the deployer policy, lets the administrators manage the key (KMS: a key policy naming the caller suffices)";
const RULE_OTHERS = "the deployer policy allows nothing on another customer's bucket, roles, key, alias or queue (none of them names the deployer)";
const RULE_LISTED =
    "the bucket policy denies configuration changes to all but administratorPrincipals: the deployer must be one of them, whatever its IAM policy";
const RULE_NO_OBJECTS = "the administrators change the bucket's configuration and never touch its objects";

/** When `pulumi` makes a call: `up` creates, updates, deletes (and reads); `refresh` reads; `destroy` deletes. */
function commandsOf(calls: ProviderCalls, action: string): string {
    const steps = (Object.keys(calls.calls) as Step[]).filter((s) => calls.calls[s].includes(action));
    const commands = new Set(steps.flatMap((s) => (s === "read" ? ["up", "refresh"] : s === "delete" ? ["up", "destroy"] : ["up"])));
    return ["up", "refresh", "destroy"].filter((c) => commands.has(c)).join(", ");
}

interface Place {
    readonly label: string;
    readonly section: Section;
    readonly applies: (v: Variant) => boolean;
    readonly target: (stack: StackPolicies, action: string) => { arn: string; account: string };
    readonly resourcePolicy: (stack: StackPolicies, action: string) => unknown;
    readonly context?: (action: string) => Record<string, string>;
}

const S3_CONTEXT = (): Record<string, string> => ({ "s3:TlsVersion": "1.2" });
const createsKey = (v: Variant) => isKmsMode(v) && !v.customerKey;
const createsQueue = (v: Variant) => v.mode !== "sse-c";

const PLACES: Record<ProviderCalls["on"], Place[]> = {
    bucket: [
        {
            label: "the ingest bucket",
            section: "S3",
            applies: () => true,
            target: (s) => own(s.bucketArn),
            resourcePolicy: (s) => s.bucketPolicy,
            context: S3_CONTEXT,
        },
        {
            label: "the log bucket",
            section: "S3 access logs",
            applies: (v) => !v.sharedLogBucket,
            target: (s) => own(s.accessLogs.bucketArn),
            resourcePolicy: (s) => s.accessLogs.policy,
            context: S3_CONTEXT,
        },
    ],
    role: [
        { label: "the uploader role", section: "IAM", applies: () => true, target: (s) => own(s.uploader.arn), resourcePolicy: () => undefined },
        { label: "the processor role", section: "IAM", applies: () => true, target: (s) => own(s.processor.arn), resourcePolicy: () => undefined },
    ],
    key: [
        {
            label: "the created key",
            section: "KMS",
            applies: createsKey,
            // CreateKey names no resource: IAM evaluates it on "*", with the new key's properties as condition keys.
            target: (s, action) => own(action === "kms:CreateKey" ? "*" : s.key!.arn),
            resourcePolicy: (s, action) => (action === "kms:CreateKey" ? undefined : s.key!.policy),
            context: (action): Record<string, string> =>
                action === "kms:CreateKey" ? { "kms:KeySpec": "SYMMETRIC_DEFAULT", "kms:KeyUsage": "ENCRYPT_DECRYPT", "kms:KeyOrigin": "AWS_KMS" } : {},
        },
    ],
    alias: [
        {
            label: "the key's alias",
            section: "KMS",
            applies: createsKey,
            target: (_s, action) => own(action === "kms:ListAliases" ? "*" : aliasArn("acme")),
            resourcePolicy: () => undefined,
        },
    ],
    queue: [
        {
            label: "the customer's queue",
            section: "MediaConvert",
            applies: createsQueue,
            target: (_s, action) => own(["mediaconvert:CreateQueue", "mediaconvert:DescribeEndpoints"].includes(action) ? "*" : MEDIACONVERT_QUEUE_ARN),
            resourcePolicy: () => undefined,
            context: (action): Record<string, string> => (action === "mediaconvert:CreateQueue" ? { "aws:RequestTag/customer": "acme" } : {}),
        },
    ],
};

function deployerRequest(
    label: string,
    place: Pick<Place, "section" | "applies">,
    allowed: boolean,
    rule: string,
    call: {
        principal?: string;
        action: string;
        target: (s: StackPolicies) => { arn: string; account: string };
        resourcePolicy: (s: StackPolicies) => unknown;
        context?: Record<string, string>;
    },
): MatrixRequest {
    return httpsRequest(
        label,
        place.section,
        place.applies,
        () => allowed,
        rule,
        (stack) => ({
            principal: call.principal ?? DEPLOYER,
            action: call.action,
            target: call.target(stack),
            context: call.context,
            identityPolicies: deployerPolicies(stack),
            resourcePolicy: call.resourcePolicy(stack),
        }),
    );
}

/** Every provider call on every resource of the stack, by the deployer: allowed. */
const PROVIDER_REQUESTS: MatrixRequest[] = PROVIDER_CALLS.flatMap((calls) =>
    PLACES[calls.on].flatMap((place) =>
        [...new Set(Object.values(calls.calls).flat())].map((action) => {
            const viaKeyPolicy = calls.on === "key" && action !== "kms:CreateKey";
            return deployerRequest(
                `deployer: ${action} on ${place.label} (${calls.type.split(":").pop()}; ${commandsOf(calls, action)})`,
                place,
                true,
                viaKeyPolicy ? [RULE_UP, RULE_KEY_POLICY].join("; ") : RULE_UP,
                {
                    action,
                    target: (s) => place.target(s, action),
                    resourcePolicy: (s) => place.resourcePolicy(s, action),
                    context: place.context?.(action),
                },
            );
        }),
    ),
).filter((request, i, all) => all.findIndex((r) => r.id === request.id) === i);

const always = () => true;
const S3: Pick<Place, "section" | "applies"> = { section: "S3", applies: always };
const IAM: Pick<Place, "section" | "applies"> = { section: "IAM", applies: always };
const KMS: Pick<Place, "section" | "applies"> = { section: "KMS", applies: createsKey };
const MEDIACONVERT: Pick<Place, "section" | "applies"> = { section: "MediaConvert", applies: createsQueue };
const noPolicy = () => undefined;

/** What the program reads before it registers anything, and what the deployer may not do. */
const OTHER_REQUESTS: MatrixRequest[] = [
    deployerRequest("deployer: iam:GetRole on itself (the program's caller check)", IAM, true, RULE_UP, {
        action: "iam:GetRole",
        target: () => own(ADMINISTRATOR_ROLE),
        resourcePolicy: noPolicy,
    }),
    deployerRequest("deployer: s3:GetBucketPolicy on the bucket's name in the other namespace (the program's check)", S3, true, RULE_UP, {
        action: "s3:GetBucketPolicy",
        target: () => own(`arn:aws:s3:::${ingestBucketName("acme", ACCOUNT_ID, REGION, "account-regional")}`),
        resourcePolicy: noPolicy,
        context: S3_CONTEXT(),
    }),
    deployerRequest("deployer: s3:GetObject on the ingest bucket", S3, false, RULE_NO_OBJECTS, {
        action: "s3:GetObject",
        target: (s) => own(`${s.bucketArn}/masters/a.mxf`),
        resourcePolicy: (s) => s.bucketPolicy,
        context: S3_CONTEXT(),
    }),
    deployerRequest("unlisted role with the same deployer policy: s3:PutBucketPolicy on the ingest bucket", S3, false, RULE_LISTED, {
        principal: UNLISTED_DEPLOYER,
        action: "s3:PutBucketPolicy",
        target: (s) => own(s.bucketArn),
        resourcePolicy: (s) => s.bucketPolicy,
        context: S3_CONTEXT(),
    }),
    ...["s3:PutBucketPolicy", "s3:DeleteBucket", "s3:GetBucketPolicy", "s3:ListBucket", "s3:PutEncryptionConfiguration"].map((action) =>
        deployerRequest(`deployer: ${action} on another customer's bucket`, S3, false, RULE_OTHERS, {
            action,
            target: () => own(OTHER_BUCKET_ARN),
            resourcePolicy: noPolicy,
            context: S3_CONTEXT(),
        }),
    ),
    ...["iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy", "iam:DeleteRole", "iam:GetRole"].map((action) =>
        deployerRequest(`deployer: ${action} on another customer's role`, IAM, false, RULE_OTHERS, {
            action,
            target: () => own(OTHER_ROLE_ARN),
            resourcePolicy: noPolicy,
        }),
    ),
    ...["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:Decrypt", "kms:DescribeKey"].map((action) =>
        deployerRequest(`deployer: ${action} on another customer's key (its policy delegates to IAM)`, KMS, false, RULE_OTHERS, {
            action,
            target: () => own(OTHER_KEY_ARN),
            resourcePolicy: () => ROOT_DELEGATING_KEY_POLICY,
        }),
    ),
    deployerRequest("deployer: kms:UpdateAlias on another customer's alias", KMS, false, RULE_OTHERS, {
        action: "kms:UpdateAlias",
        target: () => own(aliasArn(OTHER_CUSTOMER)),
        resourcePolicy: noPolicy,
    }),
    deployerRequest("deployer: kms:CreateKey of an asymmetric key", KMS, false, RULE_OTHERS, {
        action: "kms:CreateKey",
        target: () => own("*"),
        resourcePolicy: noPolicy,
        context: { "kms:KeySpec": "RSA_4096", "kms:KeyUsage": "SIGN_VERIFY", "kms:KeyOrigin": "AWS_KMS" },
    }),
    ...["mediaconvert:UpdateQueue", "mediaconvert:DeleteQueue"].map((action) =>
        deployerRequest(`deployer: ${action} on another customer's queue`, MEDIACONVERT, false, RULE_OTHERS, {
            action,
            target: () => own(OTHER_QUEUE_ARN),
            resourcePolicy: noPolicy,
        }),
    ),
    deployerRequest("deployer: mediaconvert:CreateQueue tagged for another customer", MEDIACONVERT, false, RULE_OTHERS, {
        action: "mediaconvert:CreateQueue",
        target: () => own("*"),
        resourcePolicy: noPolicy,
        context: { "aws:RequestTag/customer": OTHER_CUSTOMER },
    }),
];

export const DEPLOYER_REQUESTS: readonly MatrixRequest[] = [...PROVIDER_REQUESTS, ...OTHER_REQUESTS];
