// Which AWS regions exist, and the partition each belongs to: read from the region data AWS ships with its
// JavaScript SDK (`partitions.json`, served by @aws-sdk/util-endpoints), not from a list kept by hand here.
// Its limit: a region AWS opens after the installed release is unknown until the package is updated.
import { partition } from "@aws-sdk/util-endpoints";

import { packageRelease } from "./installedPackage";

/** The SDK package the region data comes from, with its version: problems name it, so a fix can update it. */
export const REGION_DATA_RELEASE = packageRelease("@aws-sdk/util-endpoints");

/** The partition a region belongs to, as the AWS provider reports it (`aws.getPartition`). */
export interface RegionPartition {
    /** `aws`, `aws-cn`, `aws-us-gov`, ... */
    readonly partition: string;
    /** `amazonaws.com`, or `amazonaws.com.cn` in China. */
    readonly dnsSuffix: string;
}

/** The standard partition: what a stack without `aws:region` is judged in until `pulumi up` knows its region. */
export const AWS_PARTITION: RegionPartition = { partition: "aws", dnsSuffix: "amazonaws.com" };

/**
 * The partition of a region the SDK's data names, or undefined for a string that is no region of any partition.
 * The SDK's `partition()` falls back to a partition by pattern (or to `aws`) for names it does not know; only an
 * exact entry carries the region's description. The data also lists pseudo-regions for global endpoints
 * (`aws-global`, `aws-cn-global`); real regions end with a number.
 */
export function regionPartition(region: string): RegionPartition | undefined {
    if (!/-\d+$/.test(region)) return undefined;
    // The exact entry's fields are spread into the result (typed as the partition's outputs only).
    const found = partition(region) as ReturnType<typeof partition> & { description?: string };
    if (found.description === undefined) return undefined;
    return { partition: found.name, dnsSuffix: found.dnsSuffix };
}

export function isKnownRegion(region: string): boolean {
    return regionPartition(region) !== undefined;
}

/**
 * The regions one edit away from `name` (a character added, dropped, changed, or two swapped; case and surrounding
 * space ignored), for "did you mean": `eu-wset-1` and `eu-west1` give eu-west-1. The SDK's data answers only "is this a
 * region?", so the candidates are generated and asked.
 */
export function nearestRegions(name: string): string[] {
    const typed = name.trim().toLowerCase();
    if (typed !== name && isKnownRegion(typed)) return [typed];
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
    const candidates = new Set<string>();
    for (let i = 0; i <= typed.length; i++) {
        const [head, tail] = [typed.slice(0, i), typed.slice(i)];
        if (tail.length > 0) candidates.add(head + tail.slice(1));
        if (tail.length > 1) candidates.add(head + tail[1] + tail[0] + tail.slice(2));
        for (const c of alphabet) {
            candidates.add(head + c + tail);
            if (tail.length > 0) candidates.add(head + c + tail.slice(1));
        }
    }
    return [...candidates].filter(isKnownRegion).sort();
}
