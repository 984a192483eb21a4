// Every policy of the pack, in the order the CLI lists them. index.ts builds the PolicyPack from this list; tests import
// it (never index.ts, whose PolicyPack constructor starts a gRPC server).
import { Policies } from "@pulumi/policy";

import { governed } from "./lib/governance";

import { inlineTemplate } from "./cloudformation/inlineTemplate";
import { configureDeletionWindow } from "./kms/configureDeletionWindow";
import { disallowPublicPrincipal } from "./kms/disallowPublicPrincipal";
import { enableRotation } from "./kms/enableRotation";
import { configureBlockedEncryptionTypes } from "./s3/configureBlockedEncryptionTypes";
import { disallowConflictingInlineArguments } from "./s3/disallowConflictingInlineArguments";
import { disallowPublicPolicyWithPublicAccessBlock } from "./s3/disallowPublicPolicyWithPublicAccessBlock";
import { enableAccessLogging } from "./s3/enableAccessLogging";
import { enableBucketKey } from "./s3/enableBucketKey";
import { enforceEncryption } from "./s3/enforceEncryption";
import { enforceMinimumTlsVersion } from "./s3/enforceMinimumTlsVersion";
import { enforcePublicAccessBlock } from "./s3/enforcePublicAccessBlock";
import { enforceTls } from "./s3/enforceTls";

export const PACK_NAME = "mezzanine-ingest-policies";

/** Each policy's own judgement, as its module writes it. */
export const judgements: Policies = [
    enforceEncryption,
    enforceTls,
    enforcePublicAccessBlock,
    enableRotation,
    configureDeletionWindow,
    disallowPublicPrincipal,
    enforceMinimumTlsVersion,
    enableBucketKey,
    configureBlockedEncryptionTypes,
    disallowConflictingInlineArguments,
    disallowPublicPolicyWithPublicAccessBlock,
    enableAccessLogging,
    inlineTemplate,
];

/** Each with exemptions, notApplicable and audit-mode judgement added (lib/governance.ts): the pack's policies. */
export const policies: Policies = judgements.map(governed);
