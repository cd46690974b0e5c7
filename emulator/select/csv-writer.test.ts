import { describe, expect, it } from "vitest";
import { createCsvRowFormatter } from "./csv-writer";

const base = {
  fieldDelimiter: ",",
  recordDelimiter: "\n",
  quoteCharacter: '"',
  quoteEscapeCharacter: '"',
} as const;

describe("createCsvRowFormatter", () => {
  it("ASNEEDED quotes only fields that need it", () => {
    const format = createCsvRowFormatter({ ...base, quoteFields: "ASNEEDED" });
    expect(format(["plain", "a,b", 'say "hi"', "two\nlines", "", "cr\r"])).toBe(
      'plain,"a,b","say ""hi""","two\nlines",,"cr\r"\n',
    );
  });

  it("ALWAYS quotes every field, empty ones too", () => {
    const format = createCsvRowFormatter({ ...base, quoteFields: "ALWAYS" });
    expect(format(["a", "", "1"])).toBe('"a","","1"\n');
  });

  it("uses custom delimiters, quote and escape characters", () => {
    const format = createCsvRowFormatter({
      fieldDelimiter: "|",
      recordDelimiter: "\r\n",
      quoteCharacter: "'",
      quoteEscapeCharacter: "\\",
      quoteFields: "ASNEEDED",
    });
    expect(format(["a|b", "it's", "c:\\dir", "x,y"])).toBe("'a|b'|'it\\'s'|'c:\\\\dir'|x,y\r\n");
  });

  it("quotes a field containing a custom record delimiter", () => {
    const format = createCsvRowFormatter({ ...base, recordDelimiter: ";", quoteFields: "ASNEEDED" });
    expect(format(["a;b", "c"])).toBe('"a;b",c;');
  });
});
