// Hand-built deployments, shaped as the engine sends them to the pack: URNs, types, properties (unknowns as the
// engine's sentinel) and property dependencies. Written the way programs that do not use our component write them.
// The root project's gRPC and corpus tests build their deployments with these too.
import type { EngineResource } from "./engine";

/** The engine's unknown value (what it sends for a value not known at preview). */
import { UNKNOWN } from "../../lib/unknowns";

export { UNKNOWN };

export const T = {
    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    encryptionV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    logging: "aws:s3/bucketLogging:BucketLogging",
    loggingV2: "aws:s3/bucketLoggingV2:BucketLoggingV2",
    key: "aws:kms/key:Key",
    keyPolicy: "aws:kms/keyPolicy:KeyPolicy",
    alias: "aws:kms/alias:Alias",
    queue: "aws:sqs/queue:Queue",
    role: "aws:iam/role:Role",
} as const;

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:dev::corpus::${type}::${name}`;
}

export class Deployment {
    readonly resources: EngineResource[] = [];

    add(type: string, name: string, properties: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}): EngineResource {
        const resource: EngineResource = {
            urn: urnOf(type, name),
            type,
            name,
            properties,
            propertyDependencies,
            dependencies: [...new Set(Object.values(propertyDependencies).flat())],
        };
        this.resources.push(resource);
        return resource;
    }

    /** A bucket named `physicalName` (or with an unknown name when `physicalName` is UNKNOWN). */
    bucket(name: string, physicalName: string, extra: Record<string, unknown> = {}, type: string = T.bucket): EngineResource {
        return this.add(type, name, { bucket: physicalName, ...extra });
    }

    /** A resource of `type` whose `bucket` is `bucket`'s name, with the property dependency a program creates. */
    control(type: string, name: string, bucket: EngineResource, properties: Record<string, unknown>): EngineResource {
        return this.add(type, name, { bucket: bucket.properties.bucket, ...properties }, { bucket: [bucket.urn] });
    }

    find(name: string): EngineResource {
        const hits = this.resources.filter((r) => r.name === name);
        if (hits.length !== 1) throw new Error(`expected one resource named ${name}, found ${hits.length}`);
        return hits[0];
    }

    /** Replaces properties of the resource named `name` (shallowly). */
    patch(name: string, properties: Record<string, unknown>): this {
        const r = this.find(name);
        r.properties = { ...r.properties, ...properties };
        return this;
    }

    remove(name: string): this {
        this.resources.splice(this.resources.indexOf(this.find(name)), 1);
        return this;
    }
}

export const arnOf = (bucketName: string) => `arn:aws:s3:::${bucketName}`;

export function denyInsecureTransport(bucketName: string): Record<string, unknown> {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [arnOf(bucketName), `${arnOf(bucketName)}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

export function denyOutdatedTls(bucketName: string, version = "1.2"): Record<string, unknown> {
    return {
        Sid: "DenyOutdatedTls",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [arnOf(bucketName), `${arnOf(bucketName)}/*`],
        Condition: { NumericLessThan: { "s3:TlsVersion": version } },
    };
}

export function policyDocument(...statements: unknown[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

export interface CompliantBucketOptions {
    readonly algorithm?: "AES256" | "aws:kms" | "aws:kms:dsse";
    readonly v2?: boolean;
    readonly tags?: Record<string, string>;
}

/** The bucket outside the stack that receives the access logs of `compliantBucket`s. */
export const ACCESS_LOG_BUCKET = "org-access-logs";

/**
 * A bucket with every control, built as a program without our component would: encryption, policy (plain HTTP and old
 * TLS denied), public access block and access logging, each targeting the bucket by its name with a property dependency.
 */
export function compliantBucket(d: Deployment, name: string, physicalName: string, options: CompliantBucketOptions = {}): EngineResource {
    const algorithm = options.algorithm ?? "AES256";
    const bucket = d.bucket(name, physicalName, options.tags ? { tags: options.tags } : {}, options.v2 ? T.bucketV2 : T.bucket);
    d.control(options.v2 ? T.encryptionV2 : T.encryption, `${name}-encryption`, bucket, {
        rules: [
            {
                applyServerSideEncryptionByDefault: {
                    sseAlgorithm: algorithm,
                    ...(algorithm === "AES256" ? {} : { kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" }),
                },
                bucketKeyEnabled: algorithm === "aws:kms",
                blockedEncryptionTypes: ["SSE-C"],
            },
        ],
    });
    d.control(T.bucketPolicy, `${name}-policy`, bucket, { policy: policyDocument(denyInsecureTransport(physicalName), denyOutdatedTls(physicalName)) });
    d.control(T.publicAccessBlock, `${name}-public-access-block`, bucket, {
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    });
    d.control(T.logging, `${name}-logging`, bucket, { targetBucket: ACCESS_LOG_BUCKET, targetPrefix: `${physicalName}/` });
    return bucket;
}

/** A symmetric key with rotation on, the default deletion window and a policy naming only the account root. */
export function compliantKey(d: Deployment, name: string, extra: Record<string, unknown> = {}): EngineResource {
    return d.add(T.key, name, {
        description: "test key",
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "RootAdministers", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" }],
        }),
        ...extra,
    });
}

/** Every flag of a public access block on. */
export const FULL_BLOCK = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true } as const;

/**
 * A bucket and its four controls named from one random suffix, as at the first preview: every name unknown, and the
 * controls' `bucket` depending on the suffix, not on the bucket (issue 18's false positive).
 */
export function sharedSuffixDeployment(): { d: Deployment; bucket: EngineResource } {
    const d = new Deployment();
    const suffix = d.add("random:index/randomId:RandomId", "suffix", { hex: UNKNOWN });
    const bucket = d.add(T.bucket, "media", { bucket: UNKNOWN }, { bucket: [suffix.urn] });
    const viaSuffix = (type: string, name: string, properties: Record<string, unknown>) =>
        d.add(type, name, { bucket: UNKNOWN, ...properties }, { bucket: [suffix.urn] });
    viaSuffix(T.encryption, "media-encryption", {
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false, blockedEncryptionTypes: ["SSE-C"] }],
    });
    viaSuffix(T.bucketPolicy, "media-policy", { policy: UNKNOWN });
    viaSuffix(T.publicAccessBlock, "media-public-access-block", FULL_BLOCK);
    viaSuffix(T.logging, "media-logging", { targetBucket: ACCESS_LOG_BUCKET });
    return { d, bucket };
}
