"use strict";
// The start-up benchmark's baseline (`npm run bench:pack`): a policy pack with one policy that does nothing, as plain
// CommonJS, the form tsc emits for our pack's `main`. It loads what every pack loads (@pulumi/policy, which starts the
// gRPC server) and nothing else, so the time to start it is the runner's own floor.
Object.defineProperty(exports, "__esModule", { value: true });
const policy_1 = require("@pulumi/policy");
new policy_1.PolicyPack("noop-policy-pack", {
    policies: [
        {
            name: "noop",
            description: "Checks nothing: the baseline for the pack's start-up benchmark.",
            enforcementLevel: "advisory",
            validateResource: () => undefined,
        },
    ],
});
