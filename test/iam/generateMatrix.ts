// Regenerates docs/iam-matrix.md: `npm run iam-matrix`. Refuses to write it while any decision differs from the docs'.
import { writeFileSync } from "fs";
import { join } from "path";

import { DOC_PATH, evaluateMatrices, mismatches, renderMatrixDoc, repoRoot } from "./matrix";

async function main(): Promise<number> {
    const results = await evaluateMatrices();
    const wrong = mismatches(results);
    if (wrong.length > 0) {
        console.error(`${wrong.length} simulated decisions differ from the docs'; ${DOC_PATH} was not written:`);
        for (const line of wrong) console.error(`  ${line}`);
        return 1;
    }
    writeFileSync(join(repoRoot(), DOC_PATH), renderMatrixDoc(results));
    console.log(`wrote ${DOC_PATH}`);
    return 0;
}

main().then(
    (code) => process.exit(code),
    (error) => {
        console.error(error);
        process.exit(1);
    },
);
