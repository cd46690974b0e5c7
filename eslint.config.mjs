import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

/**
 * Service boundaries. Each service in lib/ has an index.ts, its public face: code outside the folder
 * imports `@/lib/<service>`, never `@/lib/<service>/<file>` (nor a relative path into it). Files inside
 * may import each other, tests included. Infrastructure (lib/glacier, aws, db, auth, crypto) is open.
 * OPEN names a service's modules anyone may import: plain schemas a client component needs.
 */
const SERVICES = ["jobs", "inventory", "plans", "session", "audit", "sns", "connections"];
const OPEN = { connections: ["schema"] };

/** `where`: "outside" lib/ (paths reach in as …/lib/<service>/), or "lib" (siblings: ./<service>/, ../<service>/). */
function serviceImportPatterns(where, own) {
  return SERVICES.filter((service) => service !== own).map((service) => {
    const open = (OPEN[service] ?? []).map((file) => `${file}$`).join("|");
    const file = `${service}/${open ? `(?!(?:${open}))` : ""}`;
    const relative = where === "outside" ? `(?:\\.\\./)+lib/` : `(?:\\.\\.?/)+`;
    return {
      regex: `^(?:@/lib/|${relative})${file}`,
      message: `Import lib/${service} through its index ("@/lib/${service}"): its files are private to it.`,
    };
  });
}

/**
 * lib/session reads the request (cookies, the signed-in user), so a service that imported it could not
 * run outside one (the plan worker, scripts): the caller passes the active connection in instead.
 */
const NO_SESSION = {
  regex: "^(?:@/lib/|(?:\\.\\.?/)+)session$",
  allowTypeImports: true,
  message:
    "A service takes the active connection as an argument; only app/ (and lib/session) read the session.",
};

function restrictImports(files, ignores, patterns) {
  return { files, ignores, rules: { "no-restricted-imports": ["error", { patterns }] } };
}

// lib/ never depends on the emulator: they share Glacier rules through lib/glacier, and test helpers
// that start an emulator live in tests/support. Tests in lib/ may start one.
const NO_EMULATOR = {
  regex: "^(@/|(\\.\\./)+)emulator(/|$)",
  message: "lib/ must not import the emulator (outside *.test.ts); test helpers belong in tests/support.",
};
// Nothing imports app/: components receive data as props or call actions passed to them.
const NO_APP = {
  regex: "^(@/|(\\.\\./)+)app(/|$)",
  message: "components/ must not import app/ (routes); pass data as props.",
};

/**
 * A later block replaces the rule's options of an earlier one for the files both match, so each block
 * carries every pattern for its files, most general block first.
 */
const importRules = [
  restrictImports(["**/*.ts", "**/*.tsx"], ["lib/**"], serviceImportPatterns("outside")),
  restrictImports(["components/**"], [], [...serviceImportPatterns("outside"), NO_APP]),
  ...[undefined, ...SERVICES].flatMap((own) => {
    const files = own ? [`lib/${own}/**`] : ["lib/**"];
    const ignores = own ? [] : SERVICES.map((service) => `lib/${service}/**`);
    const patterns = [
      ...serviceImportPatterns("lib", own),
      ...(own && own !== "session" ? [NO_SESSION] : []),
    ];
    return [
      restrictImports(files, ignores, patterns),
      restrictImports(files, [...ignores, "**/*.test.ts"], [...patterns, NO_EMULATOR]),
    ];
  }),
];

export default [
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      ".data/**",
      ".tmp/**",
      "data/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "**/*.mjs",
    ],
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
    files: [
      "lib/config.ts",
      "emulator/**",
      "e2e/**",
      "bench/**",
      "tests/**",
      "**/*.test.ts",
      "vitest.config.ts",
      "playwright.config.ts",
      "scripts/**",
    ],
    rules: { "no-restricted-properties": "off" },
  },
  ...importRules,
];
