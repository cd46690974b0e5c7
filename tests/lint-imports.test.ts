import path from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

/**
 * The import rules of eslint.config.mjs, shown on throwaway code: each fires on a forbidden import and
 * stays quiet on an allowed one. The files do not exist, so type-aware parsing (which needs them in the
 * TypeScript project) is switched off; the import rules do not use types.
 */
const eslint = new ESLint({
  cwd: path.resolve(import.meta.dirname, ".."),
  overrideConfig: [tseslint.configs.disableTypeChecked],
});

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result?.messages ?? [];
  // A parse error or a crash would make "no violation" meaningless.
  expect(messages.filter((m) => m.fatal === true || m.ruleId === null)).toEqual([]);
  return messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

const use = (specifier: string) => `import { thing } from "${specifier}";\nexport const used = thing;\n`;

describe("lint: lib/ does not import the emulator", () => {
  it("fires on @/emulator and on a relative path into emulator/ from a lib module", async () => {
    expect(await restrictedImports(use("@/emulator/options"), "lib/x/throwaway.ts")).toEqual([
      expect.stringMatching(/lib\/ must not import the emulator/),
    ]);
    expect(await restrictedImports(use("../../emulator/testing/harness"), "lib/x/throwaway.ts")).toHaveLength(
      1,
    );
    expect(await restrictedImports(use("@/emulator"), "lib/x/y/throwaway.ts")).toHaveLength(1);
  });

  it("allows it in a lib test, and allows lib/glacier and tests/support in lib", async () => {
    expect(await restrictedImports(use("@/emulator/testing/harness"), "lib/x/throwaway.test.ts")).toEqual([]);
    expect(await restrictedImports(use("@/lib/glacier/tree-hash"), "lib/x/throwaway.ts")).toEqual([]);
    expect(await restrictedImports(use("./emulator-options"), "lib/x/throwaway.ts")).toEqual([]);
  });
});

describe("lint: components/ do not import app/", () => {
  it("fires on @/app and on a relative path into app/", async () => {
    expect(
      await restrictedImports(
        use("@/app/(dashboard)/settings/connections/actions"),
        "components/x/throwaway.tsx",
      ),
    ).toEqual([expect.stringMatching(/components\/ must not import app\//)]);
    expect(await restrictedImports(use("../../app/layout"), "components/x/throwaway.tsx")).toHaveLength(1);
  });

  it("allows lib and other components, and app/ may import components", async () => {
    expect(await restrictedImports(use("@/lib/glacier/format"), "components/x/throwaway.tsx")).toEqual([]);
    expect(await restrictedImports(use("@/components/ui/button"), "components/x/throwaway.tsx")).toEqual([]);
    expect(await restrictedImports(use("@/components/ui/button"), "app/x/throwaway.tsx")).toEqual([]);
  });
});
