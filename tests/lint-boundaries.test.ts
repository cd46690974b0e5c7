import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The service boundary in eslint.config.mjs, shown on throwaway code: outside lib/<service>/ a
 * service is imported through its index only. Only `no-restricted-imports` runs (the type-aware rules
 * would need the throwaway files on disk).
 */

const eslint = new ESLint({
  cwd: path.resolve(import.meta.dirname, ".."),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === "no-restricted-imports",
});

/** Throwaway code that imports `name` from `from` and uses it. */
const importing = (name: string, from: string) => `import { ${name} } from "${from}";\nvoid ${name};\n`;

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe("service boundaries (eslint.config.mjs)", () => {
  it("refuses another service's internal file and allows its index", async () => {
    const file = "lib/plans/throwaway.ts";
    expect(await boundaryErrors(file, importing("recordDescriptions", "@/lib/jobs/tracking-store"))).toEqual([
      `no-restricted-imports: '@/lib/jobs/tracking-store' import is restricted from being used by a pattern. Import lib/jobs through its index ("@/lib/jobs"): its files are private to it.`,
    ]);
    expect(await boundaryErrors(file, importing("submitJob", "@/lib/jobs"))).toEqual([]);
  });

  it("refuses relative paths into a service, from lib/ and from outside it", async () => {
    expect(await boundaryErrors("lib/plans/throwaway.ts", importing("poll", "../jobs/poll"))).toHaveLength(1);
    expect(await boundaryErrors("lib/throwaway.ts", importing("x", "./inventory/queries"))).toHaveLength(1);
    expect(
      await boundaryErrors("app/throwaway/page.tsx", importing("x", "../../lib/session/active-target")),
    ).toHaveLength(1);
    expect(await boundaryErrors("lib/throwaway.ts", importing("x", "./inventory"))).toEqual([]);
  });

  it("lets a service's own files, tests included, import each other", async () => {
    expect(
      await boundaryErrors(
        "lib/jobs/throwaway.test.ts",
        'import { x } from "@/lib/jobs/tracking-store";\nimport { y } from "./poll";\nvoid x; void y;\n',
      ),
    ).toEqual([]);
  });

  it("holds in app/, components/ and tests/ too", async () => {
    for (const file of [
      "app/(dashboard)/throwaway/page.tsx",
      "components/jobs/throwaway.tsx",
      "tests/throwaway.test.ts",
    ]) {
      expect(await boundaryErrors(file, importing("x", "@/lib/inventory/catalog-page-data"))).toHaveLength(1);
      expect(
        await boundaryErrors(
          file,
          'import type { CatalogView } from "@/lib/inventory";\nexport type T = CatalogView;\n',
        ),
      ).toEqual([]);
    }
  });

  it("keeps the session (a request's cookies) out of services, except as types", async () => {
    expect(
      await boundaryErrors("lib/jobs/throwaway.ts", importing("getActiveTarget", "@/lib/session")),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        "lib/plans/throwaway.ts",
        'import type { ActiveTarget } from "@/lib/session";\nexport type T = ActiveTarget;\n',
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors("app/throwaway/page.tsx", importing("getActiveTarget", "@/lib/session")),
    ).toEqual([]);
  });

  it("allows the client-safe connection schema", async () => {
    expect(
      await boundaryErrors(
        "components/connections/throwaway.tsx",
        importing("AWS_REGIONS", "@/lib/connections/schema"),
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        "components/connections/throwaway.tsx",
        importing("x", "@/lib/connections/repository"),
      ),
    ).toHaveLength(1);
  });
});
