import { describe, expect, it } from "vitest";
import { CSV_TEST_DEFAULTS as DEFAULTS, parseInPieces } from "../../tests/support/csv-reader";
import { type CsvReadOptions, readCsvRecords } from "./csv-reader";
import { createCsvRowFormatter } from "./csv-writer";
import { SelectError } from "../../lib/glacier/select";

async function readAll(
  chunks: Iterable<Uint8Array | string>,
  options: Partial<CsvReadOptions> = {},
): Promise<string[][]> {
  async function* input() {
    yield* chunks;
  }
  const records: string[][] = [];
  for await (const batch of readCsvRecords(input(), { ...DEFAULTS, ...options })) records.push(...batch);
  return records;
}

describe("readCsvRecords", () => {
  it("decodes UTF-8 characters split across chunks", async () => {
    const bytes = Buffer.from("naïve,€,😀\nb,c,d\n");
    expect(await readAll(Array.from(bytes, (byte) => Uint8Array.of(byte)))).toEqual([
      ["naïve", "€", "😀"],
      ["b", "c", "d"],
    ]);
  });

  it("fails the way the Select engine does: a SelectError with the reader's code and record", async () => {
    await expect(readAll(['a\n"open,b\n', "c\n"])).rejects.toSatisfy(
      (error) => error instanceof SelectError && error.code === "CsvUnterminatedQuote" && error.record === 2,
    );
    await expect(readAll([`${"x".repeat(50)}\n`], { maxRecordLength: 40 })).rejects.toThrow(SelectError);
  });
});

describe("writer and reader agree", () => {
  const cases = [
    { fieldDelimiter: ",", recordDelimiter: "\n", quoteCharacter: '"', quoteEscapeCharacter: '"' },
    { fieldDelimiter: ";", recordDelimiter: "\r\n", quoteCharacter: "'", quoteEscapeCharacter: "\\" },
    { fieldDelimiter: "|", recordDelimiter: "\r", quoteCharacter: '"', quoteEscapeCharacter: "\\" },
  ];
  const nasty = [
    "",
    "plain",
    'say "hi"',
    "a,b;c|d",
    "line\nbreak",
    "cr\rhere",
    "back\\slash",
    "quote'",
    "\\",
    '"',
    "tail\\",
  ];

  it.each(cases)("round-trips awkward fields with %o", (chars) => {
    for (const quoteFields of ["ASNEEDED", "ALWAYS"] as const) {
      const format = createCsvRowFormatter({ ...chars, quoteFields });
      const rows = [nasty, [...nasty].reverse(), ["x"]];
      const text = rows.map(format).join("");
      // A single empty field on its own line is an empty line (skipped), so only multi-field rows and "x".
      expect(parseInPieces(text, { ...chars, comments: null }, 5)).toEqual(rows);
    }
  });
});
