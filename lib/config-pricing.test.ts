import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";
import { DEFAULT_PRICING } from "./glacier/pricing";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "thaw-pricing-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

describe("THAW_PRICING_FILE", () => {
  it("uses the built-in table when unset", () => {
    expect(parseConfig({}).pricing).toBe(DEFAULT_PRICING);
  });

  it("applies a valid file", () => {
    const p = file("ok.json", JSON.stringify({ tiers: { Standard: { retrievalPerGb: 0.02 } } }));
    expect(parseConfig({ THAW_PRICING_FILE: p }).pricing.tiers.Standard.retrievalPerGb.usd).toBe(0.02);
  });

  it.each([
    ["missing.json", undefined, /ENOENT/],
    ["broken.json", "{ not json", /JSON/],
    [
      "bad.json",
      JSON.stringify({ tiers: { Standard: { retrievalPerGb: "cheap" } } }),
      /tiers\.Standard\.retrievalPerGb/,
    ],
  ])("stops the start naming the variable for %s", (name, content, detail) => {
    const p = content === undefined ? path.join(dir, name) : file(name, content);
    const error: unknown = (() => {
      try {
        parseConfig({ THAW_PRICING_FILE: p });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe("THAW_PRICING_FILE");
    expect((error as ConfigError).message).toMatch(/^Invalid configuration: THAW_PRICING_FILE: /);
    expect((error as ConfigError).message).toMatch(detail);
  });
});
