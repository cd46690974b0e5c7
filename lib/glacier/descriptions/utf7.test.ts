import { describe, expect, it } from "vitest";
import { decodeBase64 } from "./base64";
import { encodeUtf7 } from "./encoders";
import { decodeUtf7 } from "./utf7";

describe("decodeUtf7 (RFC 2152)", () => {
  it("decodes the RFC's examples", () => {
    expect(decodeUtf7("A+ImIDkQ.")).toBe("A\u2262\u0391.");
    expect(decodeUtf7("Hi Mom -+Jjo--!")).toBe("Hi Mom -\u263A-!");
    expect(decodeUtf7("+ZeVnLIqe-")).toBe("日本語");
  });

  it("handles +- as a literal plus and an implicit end of a run", () => {
    expect(decodeUtf7("1 +- 1 = 2")).toBe("1 + 1 = 2");
    expect(decodeUtf7("c01+AF8-s00")).toBe("c01_s00");
    expect(decodeUtf7("a+AF8.b")).toBe("a_.b");
  });

  it("decodes surrogate pairs (emoji)", () => {
    expect(decodeUtf7(encodeUtf7("🎉"))).toBe("🎉");
    expect(encodeUtf7("🎉")).toBe("+2DzfiQ-");
  });

  it("keeps runs that cannot be UTF-7 verbatim", () => {
    expect(decodeUtf7("CB+F8-M5")).toBe("CB+F8-M5");
    expect(decodeUtf7("C++ notes")).toBe("C++ notes");
    expect(decodeUtf7("a + b")).toBe("a + b");
    expect(decodeUtf7("x+")).toBe("x+");
    // A lone high surrogate (U+D83C) is not text.
    expect(decodeUtf7("+2Dw-")).toBe("+2Dw-");
  });

  it("round-trips arbitrary Unicode through an independent encoder", () => {
    for (const text of [
      "été",
      "日本語のファイル",
      "🎉🎊 mixed ASCII ~ and _ + \\ ünïcödé",
      "",
      "+++",
      "a-b_c",
    ]) {
      expect(decodeUtf7(encodeUtf7(text))).toBe(text);
    }
  });
});

describe("decodeBase64", () => {
  it("decodes padded, unpadded and URL-alphabet input", () => {
    const bytes = (text: string, alphabet?: "url") => Array.from(decodeBase64(text, alphabet) ?? []);
    expect(bytes("YQ==")).toEqual([0x61]);
    expect(bytes("YQ")).toEqual([0x61]);
    expect(bytes("YWI=")).toEqual([0x61, 0x62]);
    expect(bytes("-_8", "url")).toEqual([0xfb, 0xff]);
    expect(bytes("+/8=")).toEqual([0xfb, 0xff]);
    expect(bytes("YW\n Jj")).toEqual([0x61, 0x62, 0x63]);
    for (let n = 0; n < 40; n++) {
      const data = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff));
      expect(Buffer.from(decodeBase64(data.toString("base64")) ?? [])).toEqual(data);
      expect(Buffer.from(decodeBase64(data.toString("base64url"), "url") ?? [])).toEqual(data);
    }
  });

  it("rejects what is not base64", () => {
    expect(decodeBase64("Y")).toBeNull();
    expect(decodeBase64("YQ=")).toBeNull();
    expect(decodeBase64("Y*==")).toBeNull();
    expect(decodeBase64("-_8")).toBeNull();
    expect(decodeBase64("é")).toBeNull();
  });
});
