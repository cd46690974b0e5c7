import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compactUtcToIso, normalisePath } from "./text";

describe("compactUtcToIso", () => {
  it("converts real calendar seconds, including leap days and pre-1970 dates", () => {
    expect(compactUtcToIso("20120821T170824Z")).toBe("2012-08-21T17:08:24Z");
    expect(compactUtcToIso("20120229T235959Z")).toBe("2012-02-29T23:59:59Z");
    expect(compactUtcToIso("20000229T000000Z")).toBe("2000-02-29T00:00:00Z");
    expect(compactUtcToIso("19650704T120000Z")).toBe("1965-07-04T12:00:00Z");
    expect(compactUtcToIso(" 20120821T170824Z ")).toBe("2012-08-21T17:08:24Z");
  });

  it("rejects impossible or malformed stamps", () => {
    for (const text of [
      "20130229T000000Z",
      "19000229T000000Z",
      "20120431T000000Z",
      "20121301T000000Z",
      "20120100T000000Z",
      "20120101T240000Z",
      "20120101T006000Z",
      "20120101T000060Z",
      "20120101 000000Z",
      "20120101T000000",
      "2012-01-01T00:00:00Z",
      "2012010AT000000Z",
      "",
    ]) {
      expect(compactUtcToIso(text), text).toBeNull();
    }
  });
});

describe("normalisePath", () => {
  it("normalises separators, remembers absolute paths and folders", () => {
    expect(normalisePath("C:\\a\\b.txt")).toEqual({ path: "C:/a/b.txt", absolute: false, directory: false });
    expect(normalisePath("//share/x/")).toEqual({ path: "share/x/", absolute: true, directory: true });
    expect(normalisePath("/")).toBeNull();
  });
});

describe("normalisePath against its regular-expression-only reference", () => {
  it("gives the same result on generated paths", () => {
    const reference = (raw: string) => {
      const slashed = raw.replace(/\\/g, "/");
      const path = slashed.replace(/^\/+/, "");
      return path === ""
        ? null
        : { path, absolute: path.length !== slashed.length, directory: path.endsWith("/") };
    };
    const pieces = ["/", "\\", "a", "é", " ", "//", "\\\\", "x.txt", "C:"];
    let seed = 7;
    for (let n = 0; n < 5_000; n++) {
      let raw = "";
      const length = n % 7;
      for (let i = 0; i < length; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        raw += pieces[seed % pieces.length] ?? "";
      }
      expect(normalisePath(raw), JSON.stringify(raw)).toEqual(reference(raw));
    }
  });
});

describe("the decoders stay isomorphic", () => {
  it("no module (tests and the encoders aside) uses Node built-ins, Buffer or atob", () => {
    const dir = import.meta.dirname;
    const sources = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "encoders.ts");
    expect(sources.length).toBeGreaterThan(5);
    for (const file of sources) {
      // Code only: comments may name what the code avoids.
      const text = fs.readFileSync(path.join(dir, file), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      expect(text, file).not.toMatch(/from "node:|require\(|\bBuffer\b|\batob\(|server-only/);
    }
  });
});
