import { describe, expect, it } from "vitest";
import { CsvReadError, type CsvReadOptions, CsvRecordParser, readCsvText } from "./csv-reader";
import { CSV_TEST_DEFAULTS as DEFAULTS, parseInPieces as parse } from "@/tests/support/csv-reader";

/** Same result whether the text arrives whole, one character at a time, or in odd pieces. */
function parseEverywhere(text: string, options: Partial<CsvReadOptions> = {}): string[][] {
  const whole = parse(text, options);
  for (const size of [1, 2, 3, 7]) expect(parse(text, options, size), `chunks of ${size}`).toEqual(whole);
  return whole;
}

describe("CsvRecordParser", () => {
  it("splits plain records and keeps empty fields", () => {
    expect(parseEverywhere("a,b,c\n1,,3\n,,\n")).toEqual([
      ["a", "b", "c"],
      ["1", "", "3"],
      ["", "", ""],
    ]);
  });

  it("emits a last record without a trailing delimiter", () => {
    expect(parseEverywhere("a,b\n1,2")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("keeps delimiters and line breaks inside quotes", () => {
    expect(parseEverywhere('"a,b","line1\nline2",c\n')).toEqual([["a,b", "line1\nline2", "c"]]);
  });

  it("reads doubled quotes as one quote", () => {
    expect(parseEverywhere('"say ""hi""",""""\n')).toEqual([['say "hi"', '"']]);
  });

  it("honours a distinct QuoteEscapeCharacter", () => {
    const options = { quoteEscapeCharacter: "\\" };
    expect(parseEverywhere('"a\\"b","c\\\\d","e\\xf",g\\"h\n', options)).toEqual([
      ['a"b', "c\\d", "e\\xf", 'g\\"h'],
    ]);
  });

  it("treats a quote after the first character as data, and appends text after a closing quote", () => {
    expect(parseEverywhere('ab"c,"x"yz\n')).toEqual([['ab"c', "xyz"]]);
  });

  it("handles CRLF with the default delimiter, including CR straddling chunks", () => {
    expect(parseEverywhere("a,b\r\n1,2\r\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
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
    expect(parseEverywhere("#header comment\na,#b\n# another\n#\nc\n", options)).toEqual([
      ["a", "#b"],
      ["c"],
    ]);
    expect(parseEverywhere("#x\n", {})).toEqual([["#x"]]);
  });

  it("supports custom field and record delimiters", () => {
    const options = { fieldDelimiter: "|", recordDelimiter: ";", quoteCharacter: "'" };
    expect(parseEverywhere("a|'b;c'|d;e|f;", options)).toEqual([
      ["a", "b;c", "d"],
      ["e", "f"],
    ]);
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
    expect(error).toBeInstanceOf(CsvReadError);
    expect(error).toMatchObject({ code: "CsvUnterminatedQuote", record: 2 });
  });

  it("refuses a record longer than the limit", () => {
    expect(() => parse(`${"x".repeat(50)}\n`, { maxRecordLength: 40 })).toThrow(/longer than 40/);
    expect(() => parse(`${",".repeat(50)}\n`, { maxRecordLength: 40 })).toThrow(CsvReadError);
    expect(parse(`${"x".repeat(39)}\n`, { maxRecordLength: 40 })).toHaveLength(1); // 40 with its delimiter
  });
});

describe("CsvRecordParser details (what the preview shows)", () => {
  it("gives each record's offset, quoted fields and collapsed escapes, and counts skipped lines", () => {
    const read = readCsvText('#c\n7,"Cable, 2m","27"""\n\n"a\nb",x\n', { ...DEFAULTS, comments: "#" });
    expect(read.records.map((r) => r.values)).toEqual([
      ["7", "Cable, 2m", '27"'],
      ["a\nb", "x"],
    ]);
    expect(read.records.map((r) => r.detail)).toEqual([
      { offset: 3, quoted: [false, true, true], escapes: [0, 0, 1] },
      { offset: 25, quoted: [true, false], escapes: [0, 0] },
    ]);
    expect([read.comments, read.emptyLines, read.error]).toEqual([1, 1, null]);
  });

  it("keeps the records before an unreadable one", () => {
    const read = readCsvText('a,b\n"open\n', DEFAULTS);
    expect(read.records.map((r) => r.values)).toEqual([["a", "b"]]);
    expect(read.error).toMatchObject({ code: "CsvUnterminatedQuote", record: 2 });
    const long = readCsvText(`a\n${"x".repeat(50)}\n`, { ...DEFAULTS, maxRecordLength: 40 });
    expect(long.records.map((r) => r.values)).toEqual([["a"]]);
    expect(long.error?.code).toBe("CsvRecordTooLarge");
  });

  /** The engine reads a stream in arbitrary chunks, the preview a whole sample: both must see the same. */
  it("reads the same records, details and counts whatever the chunking, on 6,000 random inputs", () => {
    const settings: Partial<CsvReadOptions>[] = [
      {},
      { comments: "#" },
      { quoteEscapeCharacter: "\\" },
      { recordDelimiter: "\r\n" },
      { recordDelimiter: ";", fieldDelimiter: "|", quoteCharacter: "'" },
      { fieldDelimiter: "\t", comments: "%", quoteEscapeCharacter: "\\", recordDelimiter: "\r" },
    ];
    const alphabet = ["a", "b", ",", '"', "\\", "\n", "\r", "#", ";", "|", "'", "\t", "%", " "];
    let state = 0x9e3779b9; // xorshift: a failure is reproducible
    const next = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 0x100000000;
    };
    const chunked = (text: string, options: CsvReadOptions) => {
      const parser = new CsvRecordParser(options, true);
      const values: string[][] = [];
      let failed: string | null = null;
      try {
        for (let i = 0; i < text.length;) {
          const size = 1 + Math.floor(next() * 4);
          values.push(...parser.push(text.slice(i, i + size)));
          i += size;
        }
        values.push(...parser.end());
      } catch (error) {
        values.push(...parser.takeRecords());
        failed = error instanceof CsvReadError ? error.code : String(error);
      }
      const details = parser.takeDetails();
      return { values, details, comments: parser.comments, emptyLines: parser.emptyLines, failed };
    };
    for (const setting of settings) {
      const options = { ...DEFAULTS, ...setting };
      for (let n = 0; n < 1000; n++) {
        let text = "";
        for (let k = Math.floor(next() * 30); k > 0; k--)
          text += alphabet[Math.floor(next() * alphabet.length)] ?? "";
        const whole = readCsvText(text, options);
        expect(chunked(text, options), `${JSON.stringify(text)} with ${JSON.stringify(setting)}`).toEqual({
          values: whole.records.map((r) => r.values),
          details: whole.records.map((r) => r.detail),
          comments: whole.comments,
          emptyLines: whole.emptyLines,
          failed: whole.error?.code ?? null,
        });
      }
    }
  });
});
