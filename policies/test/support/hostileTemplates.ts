// Hostile CloudFormation templates (issue 18), built at the size that stalled or crashed the pack before, so that none
// is committed as a file. The in-process tests (test/lib/hostileTemplates.test.ts) and the gRPC test
// (test/policies/hostileTemplates.test.ts at the root) send the same ones.
import { MAX_TEMPLATE_BYTES } from "../../lib/cloudformationTemplate";

const BUCKET = { Type: "AWS::S3::Bucket", Properties: { BucketName: "acme-media" } };

/**
 * A template of `bytes` bytes whose bucket policy's document is an `Fn::If` holding an `Fn::Sub` of `${${${...` with no
 * `}`: the regular expression that read it backtracked for 66 s at 8 KB.
 */
export function nestedSubInIf(bytes: number): string {
    const frame = (text: string) =>
        JSON.stringify({
            Resources: {
                B: BUCKET,
                P: { Type: "AWS::S3::BucketPolicy", Properties: { Bucket: { Ref: "B" }, PolicyDocument: { "Fn::If": ["C", { "Fn::Sub": text }, {}] } } },
            },
        });
    return frame("${".repeat((bytes - frame("").length) / 2));
}

/** A bucket whose default encryption is `rules` `Fn::If` rules (the same message repeated them all 6,000 times). */
export function ifRules(rules: number): string {
    const list = Array.from({ length: rules }, () => ({ "Fn::If": ["C", {}, {}] }));
    return JSON.stringify({
        Resources: { B: { Type: "AWS::S3::Bucket", Properties: { BucketName: "acme-media", BucketEncryption: { ServerSideEncryptionConfiguration: list } } } },
    });
}

/** A YAML template whose Resources repeat themselves through an alias inside them. */
export const RECURSIVE_ALIAS = "Resources: &r {B: {Type: AWS::S3::Bucket, Properties: {X: [*r, *r, *r]}}}";

/** A bucket whose `Tags` nest `depth` objects deep (4,000 overflowed the stack). */
export function deepTags(depth: number): string {
    return `{"Resources":{"B":{"Type":"AWS::S3::Bucket","Properties":{"BucketName":"acme-media","Tags":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}}}}`;
}

/** A template of exactly `bytes` bytes (in UTF-8): an empty Resources section and a Description of `character`s. */
export function templateOfSize(bytes: number, character = "x"): string {
    const frame = (description: string) => JSON.stringify({ Description: description, Resources: {} });
    const room = bytes - Buffer.byteLength(frame(""));
    const size = Buffer.byteLength(character);
    return frame(character.repeat(Math.floor(room / size)) + "x".repeat(room % size));
}

/** Just over CloudFormation's limit. */
export const OVERSIZE = templateOfSize(MAX_TEMPLATE_BYTES + 1);
