// The CrossGuard policy pack. Only builds the PolicyPack: its constructor starts the gRPC server the Pulumi CLI talks to.
// Each policy lives in its own module (s3/, kms/, cloudformation/); see pack.ts for the list and README.md for what each enforces.
import { PolicyPack } from "@pulumi/policy";

import { shareDeserializedProperties } from "./lib/sharedDeserialization";
import { PACK_METADATA } from "./lib/metadata";
import { PACK_NAME, policies } from "./pack";

// Before the server starts: each request's properties are deserialised and proxied once, not once per policy.
shareDeserializedProperties();
new PolicyPack(PACK_NAME, { policies, ...PACK_METADATA, tags: [...PACK_METADATA.tags] });
