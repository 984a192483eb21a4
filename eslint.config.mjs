// ESLint (flat config): typescript-eslint's recommended rules over the project's TypeScript, with Prettier owning
// the formatting. The policy pack (policies/) is linted with the rest; generated and installed files are not.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["bin/**", "policies/bin/**", "**/node_modules/**", "scratch/**", "policies/bench/noop-pack/**"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    prettier,
    {
        rules: {
            // Unused names are the compiler's to report (noUnusedLocals); an underscore marks a deliberate one.
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
            // The SDKs' untyped internals (protobuf messages, the engine's mocks) are read through `any` on purpose.
            "@typescript-eslint/no-explicit-any": "off",
            // Errors are rethrown with the cause's message in theirs; `{ cause }` needs ES2022's lib, and we target ES2020.
            "preserve-caught-error": "off",
        },
    },
    {
        files: ["**/*.js", "**/*.cjs"],
        languageOptions: {
            sourceType: "commonjs",
            globals: { require: "readonly", module: "writable", process: "readonly", console: "readonly", __dirname: "readonly" },
        },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
