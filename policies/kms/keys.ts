// The KMS resource types the KMS policies inspect.
export const KEY_TYPE = "aws:kms/key:Key";
/** Keys (and replicas, and keys with imported material) that carry a deletion window and a key policy. */
export const KEY_TYPES: readonly string[] = [KEY_TYPE, "aws:kms/replicaKey:ReplicaKey", "aws:kms/externalKey:ExternalKey", "aws:kms/replicaExternalKey:ReplicaExternalKey"];
export const KEY_POLICY_TYPE = "aws:kms/keyPolicy:KeyPolicy";

/** `KMS key "<resource name>"`, how messages name a key. */
export function describeKey(type: string, name: string): string {
    return `${type.split(":").pop()} "${name}"`;
}
