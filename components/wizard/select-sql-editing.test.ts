import { Text } from "@uiw/react-codemirror";
import { describe, expect, it } from "vitest";
import { checkSelectExpression } from "@/lib/glacier/select";
import { fileHeaderInfoOf } from "@/lib/glacier/select-editor";
import { problemRange } from "./select-sql-check";
import { columnCompletionSource } from "./select-sql-completion";

/** CodeMirror's matchBefore over the text before the cursor (at its end). */
const contextAt = (before: string) => ({
  matchBefore(expression: RegExp) {
    const match = new RegExp(`(?:${expression.source})$`).exec(before);
    return match ? { from: match.index, to: before.length, text: match[0] } : null;
  },
});

describe("column completion", () => {
  const header = ["id", "date", "Region", "Name", "name"];
  const complete = (before: string) => columnCompletionSource(header, true)(contextAt(before));

  it("offers the header's columns after any qualifier, before FROM is typed", () => {
    const result = complete("SELECT s.id, s.da");
    expect(result?.from).toBe("SELECT s.id, s.".length);
    expect(result?.options.map((o) => [o.label, o.apply])).toEqual([
      ["id", "id"],
      ["date", '"date"'],
      ["Region", "Region"],
      ["Name", '"Name"'],
      ["name", '"name"'],
    ]);
  });

  it("stays out of the way elsewhere, and offers positions without a header", () => {
    expect(complete("SELECT da")).toBeNull();
    expect(complete("SELECT 1.5")).toBeNull();
    expect(columnCompletionSource([], true)(contextAt("SELECT s."))).toBeNull();
    const positions = columnCompletionSource(["_1", "_2"], false)(contextAt('SELECT "x"._'));
    expect(positions?.options.map((o) => o.apply)).toEqual(["_1", "_2"]);
  });
});

describe("where a problem is underlined", () => {
  const rangeOf = (sql: string) => {
    const problem = checkSelectExpression(sql, { fileHeaderInfo: "NONE" });
    if (!problem) throw new Error(`no problem in ${sql}`);
    const { from, to } = problemRange(Text.of(sql.split("\n")), problem);
    return sql.slice(from, to);
  };

  it("marks the problem's own text, on its line", () => {
    expect(rangeOf("SELECT *\nFROM archive s\nLIMIT 5")).toBe("LIMIT");
    expect(rangeOf("SELECT COUNT(*) FROM archive")).toBe("COUNT");
  });

  it("keeps a problem at the very end inside the document", () => {
    expect(rangeOf("SELECT s._1")).toBe("1");
    expect(rangeOf("SELECT * FROM archive WHERE s._1 = 'x")).not.toBe("");
  });

  it("reads the Header line as the dialect does", () => {
    expect(["USE", " ignore ", "", "bogus"].map(fileHeaderInfoOf)).toEqual(["USE", "IGNORE", "NONE", "NONE"]);
  });
});
