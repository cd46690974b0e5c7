import { describe, expect, it } from "vitest";
import { contentDisposition, decideRange, outputEtag } from "./http-output";

const source = { size: 1000, expectedTreeHash: "abc", glacierJobId: "job" };
const request = (headers: Record<string, string>) => new Request("http://x/", { headers });

describe("serving a job's output over HTTP", () => {
  it("names the file for every browser: an ASCII fallback and the exact UTF-8 name", () => {
    expect(contentDisposition("résumé 1.bin")).toBe(
      `attachment; filename="r_sum_ 1.bin"; filename*=UTF-8''r%C3%A9sum%C3%A9%201.bin`,
    );
    expect(contentDisposition('a"b\\c.txt')).toBe(
      `attachment; filename="a_b_c.txt"; filename*=UTF-8''a%22b%5Cc.txt`,
    );
  });

  it("honours Range and If-Range, and refuses ranges past the end", () => {
    expect(decideRange(request({}), source)).toEqual({ kind: "whole" });
    expect(decideRange(request({ range: "bytes=100-" }), source)).toEqual({
      kind: "partial",
      range: { start: 100, end: 999 },
    });
    expect(decideRange(request({ range: "bytes=-10" }), source)).toEqual({
      kind: "partial",
      range: { start: 990, end: 999 },
    });
    expect(decideRange(request({ range: "bytes=0-" }), source)).toEqual({ kind: "whole" });
    expect(decideRange(request({ range: "bytes=1000-" }), source)).toEqual({ kind: "unsatisfiable" });
    expect(decideRange(request({ range: "bytes=5-9", "if-range": outputEtag(source) }), source)).toEqual({
      kind: "partial",
      range: { start: 5, end: 9 },
    });
    expect(decideRange(request({ range: "bytes=5-9", "if-range": '"other"' }), source)).toEqual({
      kind: "whole",
    });
  });
});
