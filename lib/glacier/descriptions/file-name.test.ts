import { describe, expect, it } from "vitest";
import { decodeDescription } from "./decode";
import { suggestFileName } from "./file-name";
import { fastGlacierDescription, mt2Description as mt2 } from "./encoders";

const ID =
  "NkbByEQw4onuQkKcHx8x9BVfb7GA69OXuWEg6Ne91dx2vJG0-TcOS3QNmfk1UjBb3cLxXHbrI0yBd6Sr_DYJMtBiaVoL6Ujf5M6BwNBbKZW36bB8Khg0DYnKn5I8f-j5V2uodvqdlA";

describe("suggestFileName", () => {
  it("takes the last segment of the decoded path", () => {
    expect(suggestFileName(decodeDescription(mt2("photos/été.jpg", "2013-01-01T00:00:00Z")), ID)).toBe(
      "été.jpg",
    );
    expect(
      suggestFileName(
        decodeDescription(fastGlacierDescription("/docs/日本語.pdf", "2013-01-01T00:00:00Z")),
        ID,
      ),
    ).toBe("日本語.pdf");
    expect(suggestFileName(decodeDescription("backup\\2019\\db.tar.gz"), ID)).toBe("db.tar.gz");
    expect(suggestFileName(decodeDescription('{"path":"/sample/dir/","type":"folder"}'), ID)).toBe("dir");
  });

  it("replaces unsafe characters and symbols", () => {
    expect(suggestFileName(decodeDescription('a/we<ird>:"na|me?*.txt'), ID)).toBe("we_ird_na_me_.txt");
    expect(suggestFileName(decodeDescription("party 🎉.png"), ID)).toBe("party _.png");
    expect(suggestFileName(decodeDescription("tab\there"), ID)).toBe("tab_here");
  });

  it("avoids hidden, reserved and over-long names", () => {
    expect(suggestFileName(decodeDescription(".bashrc"), ID)).toBe("bashrc");
    expect(suggestFileName(decodeDescription("dir/CON.txt"), ID)).toBe("_CON.txt");
    const long = suggestFileName(decodeDescription(`${"é".repeat(300)}.jpeg`), ID);
    expect(Array.from(long)).toHaveLength(80);
    expect(long.endsWith(".jpeg")).toBe(true);
    expect(new TextEncoder().encode(long).length).toBeLessThan(255);
  });

  it("falls back to the archive id", () => {
    expect(suggestFileName(decodeDescription(""), ID)).toBe(`archive-${ID.slice(0, 16)}`);
    expect(suggestFileName(decodeDescription("mt2 broken"), ID)).toBe(`archive-${ID.slice(0, 16)}`);
    expect(suggestFileName(decodeDescription("../.."), ID)).toBe(`archive-${ID.slice(0, 16)}`);
    expect(suggestFileName(decodeDescription("🎉"), "")).toBe("archive");
  });
});
