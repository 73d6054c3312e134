// typescript-eslint's recommended rules over pipegen's TypeScript (src, tests, benchmarks' helpers, examples).
// tsc already rejects unused locals and parameters, so the lint does not repeat that rule.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", ".cache/", "coverage/", "test/fixtures/", "**/*.js", "**/*.cjs", "**/*.mjs"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": "off",
    },
  },
);
