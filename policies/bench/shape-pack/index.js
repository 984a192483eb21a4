"use strict";
// The large-stack benchmark's second baseline (`npm run bench:scale`): our pack's shape with nothing judged. The same
// 13 policies, each through `governed` as in the pack (lib/governance.ts: exemptions, the same notApplicable answers
// for the resources it does not apply to, the audit-mode read-back), resource and stack checks where ours have them,
// and the same shared deserialisation; but every policy's own check does nothing. What it costs beyond the no-op pack
// is what @pulumi/policy's server and our governance charge for the pack's shape; what our pack costs beyond it is
// what the judgements themselves cost. Needs the pack built (bin/).
Object.defineProperty(exports, "__esModule", { value: true });
const policy_1 = require("@pulumi/policy");
const pack_1 = require("../../bin/pack");
const governance_1 = require("../../bin/lib/governance");
const sharedDeserialization_1 = require("../../bin/lib/sharedDeserialization");
const nothing = () => undefined;
(0, sharedDeserialization_1.shareDeserializedProperties)();
new policy_1.PolicyPack("shape-policy-pack", {
    policies: pack_1.judgements.map((p) =>
        (0, governance_1.governed)({
            name: p.name,
            description: p.description,
            enforcementLevel: p.enforcementLevel,
            configSchema: p.configSchema,
            ...(p.validateResource ? { validateResource: nothing } : {}),
            ...(p.validateStack ? { validateStack: nothing } : {}),
        }),
    ),
});
