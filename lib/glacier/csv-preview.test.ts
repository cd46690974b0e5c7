import { describe, expect, it } from "vitest";
import { type CsvInputSerialization } from "./csv-serialization-rules";
import { previewCsv, splitCsvSample } from "./csv-preview";

function preview(sample: string, csv: CsvInputSerialization = {}, maxRecords?: number) {
  const result = previewCsv(sample, csv, maxRecords === undefined ? {} : { maxRecords });
  if (!result.ok) throw new Error(`expected a preview, got ${JSON.stringify(result.issues)}`);
  return result;
}

const values = (sample: string, csv: CsvInputSerialization = {}) => splitCsvSample(sample, csv).records;

describe("previewCsv", () => {
  it("names columns by position, and by header with FileHeaderInfo USE", () => {
    const sample = "id,region,units\n1,us-east,12\n2,eu-west,7\n";
    const none = preview(sample);
    expect(none.columns).toEqual([
      { position: "_1", name: null },
      { position: "_2", name: null },
      { position: "_3", name: null },
    ]);
    expect(none.records.map((r) => r.role)).toEqual(["data", "data", "data"]);

    const use = preview(sample, { FileHeaderInfo: "USE" });
    expect(use.columns.map((c) => c.name)).toEqual(["id", "region", "units"]);
    expect(use.records.map((r) => r.role)).toEqual(["header", "data", "data"]);

    const ignore = preview(sample, { FileHeaderInfo: "IGNORE" });
    expect(ignore.columns.every((c) => c.name === null)).toBe(true);
    expect(ignore.records[0]?.role).toBe("ignored-header");
  });

  it("keeps delimiters inside quotes and marks quoted fields and escapes", () => {
    const result = preview('7,"Cable, 2m","Monitor 27"""\n');
    const fields = result.records[0]?.fields ?? [];
    expect(fields.map((f) => f.value)).toEqual(["7", "Cable, 2m", 'Monitor 27"']);
    expect(fields.map((f) => f.quoted)).toEqual([false, true, true]);
    expect(fields.map((f) => f.escapes)).toEqual([0, 0, 1]);
  });

  it("honours a distinct quote escape character", () => {
    const fields =
      preview('"a\\"b","c\\\\d","e\\xf"\n', { QuoteEscapeCharacter: "\\" }).records[0]?.fields ?? [];
    expect(fields.map((f) => f.value)).toEqual(['a"b', "c\\d", "e\\xf"]);
    expect(fields.map((f) => f.escapes)).toEqual([1, 1, 0]);
  });

  it("uses the chosen field and record delimiters and quote character", () => {
    expect(
      values("a|'b;c'|d;e|f;", { FieldDelimiter: "|", RecordDelimiter: ";", QuoteCharacter: "'" }),
    ).toEqual([
      ["a", "b;c", "d"],
      ["e", "f"],
    ]);
    expect(values("a\tb\n", { FieldDelimiter: "\t" })).toEqual([["a", "b"]]);
    expect(values("a,b\r\n1,2\r\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(values("a\nb,c\r\nd\r\n", { RecordDelimiter: "\r\n" })).toEqual([["a\nb", "c"], ["d"]]);
  });

  it("skips comment lines only where a record starts, and empty lines, and counts both", () => {
    const result = preview("#note\na,#b\n\n# more\nc\n", { Comments: "#" });
    expect(result.records.map((r) => r.fields.map((f) => f.value))).toEqual([["a", "#b"], ["c"]]);
    expect(result.skippedComments).toBe(2);
    expect(result.skippedEmptyLines).toBe(1);
    // Without Comments, a leading # is data.
    expect(values("#x\n")).toEqual([["#x"]]);
  });

  it("reports the line where each record starts, across quoted line breaks", () => {
    const result = preview('a,"two\nlines"\nb,c\n');
    expect(result.records.map((r) => r.line)).toEqual([1, 3]);
  });

  it("reports an unterminated quote but keeps the records before it", () => {
    const result = preview('a,b\n"open,c\n');
    expect(result.records.map((r) => r.fields.map((f) => f.value))).toEqual([["a", "b"]]);
    expect(result.problem).toMatch(/ends inside a quoted field/);
  });

  it("shows at most maxRecords and counts the rest; ragged rows widen the columns", () => {
    const result = preview("1\n2,2\n3,3,3\n4\n", {}, 3);
    expect(result.records).toHaveLength(3);
    expect(result.hiddenRecords).toBe(1);
    expect(result.columns.map((c) => c.position)).toEqual(["_1", "_2", "_3"]);
  });

  it("returns the rules' issues for invalid options instead of a preview", () => {
    const result = previewCsv("a,b", { FieldDelimiter: ",,", QuoteCharacter: "," });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path)).toContain(
      "SelectParameters.InputSerialization.csv.FieldDelimiter",
    );
  });

  it("an empty sample previews as no records", () => {
    const result = preview("");
    expect(result.records).toEqual([]);
    expect(result.columns).toEqual([]);
  });
});
