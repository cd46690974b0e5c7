import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

export default [
  {
    ignores: [".next/**", "node_modules/**", ".data/**", ".tmp/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "**/*.mjs"],
  },
  ...nextVitals,
  ...nextTs,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through lib/config.ts only." },
      ],
    },
  },
  {
    // The typed configuration module, tooling and tests are the only readers of the environment.
    files: ["lib/config.ts", "emulator/**", "e2e/**", "bench/**", "tests/**", "**/*.test.ts", "vitest.config.ts", "playwright.config.ts", "scripts/**"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // lib/ never depends on the emulator: they share Glacier rules through lib/glacier, and test helpers
    // that start an emulator live in tests/support. Tests in lib/ may start one.
    files: ["lib/**"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(@/|(\\.\\./)+)emulator(/|$)",
              message: "lib/ must not import the emulator (outside *.test.ts); test helpers belong in tests/support.",
            },
          ],
        },
      ],
    },
  },
  {
    // Nothing imports app/: components receive data as props or call actions passed to them.
    files: ["components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "^(@/|(\\.\\./)+)app(/|$)", message: "components/ must not import app/ (routes); pass data as props." },
          ],
        },
      ],
    },
  },
];
