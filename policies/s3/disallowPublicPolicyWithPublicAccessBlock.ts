import { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

import { Bucket, BucketJoin, describeBucket, judgeEachBucket } from "../lib/buckets";
import { allOf } from "../lib/denyCoverage";
import { conditionsOf, describeStatement, effectOf, isEveryPrincipal, judgeStatements, parseDocument } from "../lib/policyDocument";
import { PolicyControl } from "../lib/model";
import { Finding, violation } from "../lib/report";
import { referenceUrl } from "../lib/metadata";

/** `s3-bucket-disallow-public-policy-with-public-access-block` takes no configuration beyond its enforcement level. */
export type DisallowPublicPolicyWithPublicAccessBlockConfig = Record<string, never>;

const NAME = "s3-bucket-disallow-public-policy-with-public-access-block";
const DESCRIPTION =
    "Checks that no S3 bucket's BucketPolicy allows every principal without a condition while the bucket's " +
    "BucketPublicAccessBlock sets blockPublicPolicy to true: S3 refuses to set such a policy, so the deployment fails.";

/**
 * A forecast of a failing `pulumi up`, not a security control: with blockPublicPolicy true S3 itself refuses the
 * policy (PutBucketPolicy returns AccessDenied). So, unlike the other policies, what an unknown hides at preview is not
 * reported: S3 still refuses it during the update.
 */
export const disallowPublicPolicyWithPublicAccessBlock: StackValidationPolicy = {
    name: NAME,
    description: DESCRIPTION,
    enforcementLevel: "advisory",
    displayName: "S3 bucket policies grant no public access that a public access block hides",
    severity: "medium",
    tags: ["s3", "public-access"],
    remediationSteps:
        'Remove the public Allow statements (Principal "*" without a narrowing condition) from the bucket\'s policy: the public access block only keeps them from taking effect while it stays in place.',
    url: referenceUrl(NAME),
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => judgeEachBucket(args, reportViolation, DESCRIPTION, checkBucket),
};

function checkBucket(join: BucketJoin, bucket: Bucket): Finding[] {
    const blocks = join.controlsOf(bucket, "publicAccessBlock").certain.filter((b) => b.flags.blockPublicPolicy === true);
    if (blocks.length === 0) return [];
    return join.controlsOf(bucket, "policy").certain.flatMap((policy) => {
        const statements = publicStatements(policy);
        if (statements.length === 0) return [];
        return [
            violation(
                bucket.urn,
                `${policy.label} of ${describeBucket(bucket)} allows every principal (*) without a condition in ${statements.join(", ")}, while ` +
                    `${blocks.map((b) => b.label).join(", ")} sets ${blocks[0].paths.blockPublicPolicy} to true: S3 refuses to set such a policy while the block is in place ` +
                    "(PutBucketPolicy returns AccessDenied), so pulumi up fails whenever the policy is created or changed after the block. " +
                    "Name the principals or add a condition (such as aws:SourceArn for a CloudFront distribution), or drop the statement.",
            ),
        ];
    });
}

/** The statements of `policy` that certainly allow every principal (`*`, `{"AWS": "*"}`) with no Condition. */
function publicStatements(policy: PolicyControl): string[] {
    const doc = parseDocument(policy.document);
    if (doc.kind !== "statements") return [];
    const { results } = judgeStatements(doc.statements, (s) =>
        allOf([() => effectOf(s) === "Allow", () => isEveryPrincipal(s), () => conditionsOf(s).length === 0]),
    );
    return results.filter((r) => r.result).map((r) => describeStatement(r.statement, r.index));
}
