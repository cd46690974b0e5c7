import { describe, expect, it } from "vitest";
import { type CsvReadOptions, CsvRecordParser, readCsvRecords } from "./csv-reader";
import { createCsvRowFormatter } from "./csv-writer";
import { SelectError } from "./errors";

const DEFAULTS: CsvReadOptions = { fieldDelimiter: ",", recordDelimiter: "\n", quoteCharacter: '"', quoteEscapeCharacter: '"', comments: null };

/** Parses text fed in pieces of `size` characters, so every boundary case gets exercised. */
function parse(text: string, options: Partial<CsvReadOptions> = {}, size = Infinity): string[][] {
  const parser = new CsvRecordParser({ ...DEFAULTS, ...options });
  const records: string[][] = [];
  const step = Number.isFinite(size) ? size : Math.max(text.length, 1);
  for (let i = 0; i < text.length; i += step) records.push(...parser.push(text.slice(i, i + step)));
  records.push(...parser.end());
  return records;
}

/** Same result whether the text arrives whole, one character at a time, or in odd pieces. */
function parseEverywhere(text: string, options: Partial<CsvReadOptions> = {}): string[][] {
  const whole = parse(text, options);
  for (const size of [1, 2, 3, 7]) expect(parse(text, options, size), `chunks of ${size}`).toEqual(whole);
  return whole;
}

describe("CsvRecordParser", () => {
  it("splits plain records and keeps empty fields", () => {
    expect(parseEverywhere("a,b,c\n1,,3\n,,\n")).toEqual([["a", "b", "c"], ["1", "", "3"], ["", "", ""]]);
  });

  it("emits a last record without a trailing delimiter", () => {
    expect(parseEverywhere("a,b\n1,2")).toEqual([["a", "b"], ["1", "2"]]);
  });

  it("keeps delimiters and line breaks inside quotes", () => {
    expect(parseEverywhere('"a,b","line1\nline2",c\n')).toEqual([["a,b", "line1\nline2", "c"]]);
  });

  it("reads doubled quotes as one quote", () => {
    expect(parseEverywhere('"say ""hi""",""""\n')).toEqual([['say "hi"', '"']]);
  });

  it("honours a distinct QuoteEscapeCharacter", () => {
    const options = { quoteEscapeCharacter: "\\" };
    expect(parseEverywhere('"a\\"b","c\\\\d","e\\xf",g\\"h\n', options)).toEqual([['a"b', "c\\d", "e\\xf", 'g\\"h']]);
  });

  it("treats a quote after the first character as data, and appends text after a closing quote", () => {
    expect(parseEverywhere('ab"c,"x"yz\n')).toEqual([['ab"c', "xyz"]]);
  });

  it("handles CRLF with the default delimiter, including CR straddling chunks", () => {
    expect(parseEverywhere("a,b\r\n1,2\r\n")).toEqual([["a", "b"], ["1", "2"]]);
    expect(parseEverywhere('"q"\r\nx\r\n')).toEqual([["q"], ["x"]]);
  });

  it("keeps a lone CR as data with the default delimiter", () => {
    expect(parseEverywhere("a\rb,c\n")).toEqual([["a\rb", "c"]]);
  });

  it("with RecordDelimiter \\r\\n a lone LF is data", () => {
    expect(parseEverywhere("a\nb,c\r\nd\r\n", { recordDelimiter: "\r\n" })).toEqual([["a\nb", "c"], ["d"]]);
  });

  it("skips empty lines (LF and CRLF)", () => {
    expect(parseEverywhere("a\n\n\r\nb\n")).toEqual([["a"], ["b"]]);
  });

  it("skips comment lines only where a record starts", () => {
    const options = { comments: "#" };
    expect(parseEverywhere("#header comment\na,#b\n# another\n#\nc\n", options)).toEqual([["a", "#b"], ["c"]]);
    expect(parseEverywhere("#x\n", {})).toEqual([["#x"]]);
  });

  it("supports custom field and record delimiters", () => {
    const options = { fieldDelimiter: "|", recordDelimiter: ";", quoteCharacter: "'" };
    expect(parseEverywhere("a|'b;c'|d;e|f;", options)).toEqual([["a", "b;c", "d"], ["e", "f"]]);
    expect(parseEverywhere("a\tb\n", { fieldDelimiter: "\t" })).toEqual([["a", "b"]]);
  });

  it("fails on an unterminated quote, naming the record", () => {
    const error = (() => {
      try {
        parse('a\n"open,b\nc\n');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SelectError);
    expect(error).toMatchObject({ code: "CsvUnterminatedQuote", record: 2 });
  });

  it("refuses a record longer than the limit", () => {
    expect(() => parse(`${"x".repeat(50)}\n`, { maxRecordLength: 40 })).toThrow(/longer than 40/);
    expect(() => parse(`${",".repeat(50)}\n`, { maxRecordLength: 40 })).toThrow(SelectError);
    expect(parse(`${"x".repeat(39)}\n`, { maxRecordLength: 40 })).toHaveLength(1); // 40 with its delimiter
  });
});

describe("readCsvRecords", () => {
  it("decodes UTF-8 characters split across chunks", async () => {
    const bytes = Buffer.from("naïve,€,😀\nb,c,d\n");
    async function* oneByteAtATime() {
      for (const byte of bytes) yield Uint8Array.of(byte);
    }
    const records: string[][] = [];
    for await (const batch of readCsvRecords(oneByteAtATime(), DEFAULTS)) records.push(...batch);
    expect(records).toEqual([["naïve", "€", "😀"], ["b", "c", "d"]]);
  });
});

describe("writer and reader agree", () => {
  const cases = [
    { fieldDelimiter: ",", recordDelimiter: "\n", quoteCharacter: '"', quoteEscapeCharacter: '"' },
    { fieldDelimiter: ";", recordDelimiter: "\r\n", quoteCharacter: "'", quoteEscapeCharacter: "\\" },
    { fieldDelimiter: "|", recordDelimiter: "\r", quoteCharacter: '"', quoteEscapeCharacter: "\\" },
  ];
  const nasty = ["", "plain", 'say "hi"', "a,b;c|d", "line\nbreak", "cr\rhere", "back\\slash", "quote'", "\\", '"', "tail\\"];

  it.each(cases)("round-trips awkward fields with %o", (chars) => {
    for (const quoteFields of ["ASNEEDED", "ALWAYS"] as const) {
      const format = createCsvRowFormatter({ ...chars, quoteFields });
      const rows = [nasty, [...nasty].reverse(), ["x"]];
      const text = rows.map(format).join("");
      // A single empty field on its own line is an empty line (skipped), so only multi-field rows and "x".
      expect(parse(text, { ...chars, comments: null }, 5)).toEqual(rows);
    }
  });
});
