/**
 * The executor's functions on the documented examples of AWS's pages
 * (docs.aws.amazon.com/amazonglacier/latest/dev/s3-glacier-select-sql-reference-*.html): each row
 * runs `SELECT <expression> FROM archive` over one record and reads the CSV field written.
 */
import { describe, expect, it } from "vitest";
import { runSelect } from "./index";

async function value(expression: string, now?: Date): Promise<string> {
  const out: Buffer[] = [];
  const input = (async function* () {
    yield Buffer.from("1\n");
  })();
  for await (const chunk of runSelect({
    expression: `SELECT ${expression} FROM archive`,
    input,
    inputCsv: { FileHeaderInfo: "NONE" },
    outputCsv: { QuoteFields: "ASNEEDED" },
    now: now ? () => now : undefined,
  }))
    out.push(chunk);
  return Buffer.concat(out).toString().replace(/\n$/, "");
}

describe("string functions (…-string.html)", () => {
  it.each([
    ["CHAR_LENGTH('')", "0"],
    ["CHARACTER_LENGTH('abcdefg')", "7"],
    ["CHAR_LENGTH('é😀')", "2"],
    ["LOWER('AbCdEfG!@#$')", "abcdefg!@#$"],
    ["UPPER('AbCdEfG!@#$')", "ABCDEFG!@#$"],
    ["SUBSTRING('123456789', 0)", "123456789"],
    ["SUBSTRING('123456789', 1)", "123456789"],
    ["SUBSTRING('123456789', 2)", "23456789"],
    ["SUBSTRING('123456789', -4)", "123456789"],
    ["SUBSTRING('123456789', 0, 999)", "123456789"],
    ["SUBSTRING('123456789', 1, 5)", "12345"],
    ["SUBSTRING('123456789' FROM 3 FOR 2)", "34"],
    ["SUBSTRING('123456789', -2, 4)", "1"],
    ["SUBSTRING('123456789', -4, 2)", ""],
    ["'[' || TRIM('   foobar   ') || ']'", "[foobar]"],
    ["'[' || TRIM('   \tfoobar\t   ') || ']'", "[\tfoobar\t]"],
    ["'[' || TRIM(LEADING FROM '   foobar   ') || ']'", "[foobar   ]"],
    ["'[' || TRIM(TRAILING FROM '   foobar   ') || ']'", "[   foobar]"],
    ["'[' || TRIM(BOTH FROM '   foobar   ') || ']'", "[foobar]"],
    ["TRIM(BOTH '12' FROM '1112211foobar22211122')", "foobar"],
  ])("%s → %s", async (expression, expected) => {
    expect(await value(expression)).toBe(expected);
  });
});

describe("conditional and conversion functions (…-conditional.html, …-conversion.html)", () => {
  it.each([
    ["CASE WHEN _1 = '1' THEN 'one' ELSE 'other' END", "one"],
    ["CASE _1 WHEN '2' THEN 'two' WHEN '1' THEN 'one' END", "one"],
    ["CASE _1 WHEN '2' THEN 'two' END", ""],
    ["COALESCE(NULL, NULL, 'x')", "x"],
    ["NULLIF('a', 'a')", ""],
    ["NULLIF('a', 'b')", "a"],
    ["CAST('12.5' AS NUMERIC)", "12.5"],
    ["CAST('12.5' AS DECIMAL) + 1", "13.5"],
    ["CAST('true' AS BOOLEAN)", "true"],
    ["CAST('12' AS INTEGER) * 2", "24"],
    ["CAST(1.5 AS STRING) || '!'", "1.5!"],
  ])("%s → %s", async (expression, expected) => {
    expect(await value(expression)).toBe(expected);
  });
});

describe("date functions (…-date.html)", () => {
  it.each([
    ["DATE_ADD(year, 5, `2010-01-01T`)", "2015-01-01"],
    ["DATE_ADD(month, 1, `2010T`)", "2010-02T"],
    ["DATE_ADD(month, 13, `2010T`)", "2011-02T"],
    ["DATE_ADD(day, -1, `2017-01-10T`)", "2017-01-09"],
    ["DATE_ADD(hour, 1, `2017T`)", "2017-01-01T01:00Z"],
    ["DATE_ADD(hour, 1, `2017-01-02T03:04Z`)", "2017-01-02T04:04Z"],
    ["DATE_ADD(minute, 1, `2017-01-02T03:04:05.006Z`)", "2017-01-02T03:05:05.006Z"],
    ["DATE_ADD(second, 1, `2017-01-02T03:04:05.006Z`)", "2017-01-02T03:04:06.006Z"],
    ["DATE_DIFF(year, `2010-01-01T`, `2011-01-01T`)", "1"],
    ["DATE_DIFF(month, `2010T`, `2011T`)", "12"],
    ["DATE_DIFF(month, `2011T`, `2010T`)", "-12"],
    ["DATE_DIFF(day, `2010-01-01T23:00Z`, `2010-01-02T01:00Z`)", "0"],
    ["EXTRACT(YEAR FROM `2010-01-01T`)", "2010"],
    ["EXTRACT(MONTH FROM `2010-01-01T`)", "1"],
    ["EXTRACT(DAY FROM `2010-01-01T`)", "1"],
    ["EXTRACT(HOUR FROM `2010-01-01T13:30Z`)", "13"],
    ["EXTRACT(MINUTE FROM `2010-01-01T13:30Z`)", "30"],
    ["EXTRACT(TIMEZONE_HOUR FROM `2017-01-02T03:04:05+07:08`)", "7"],
    ["EXTRACT(TIMEZONE_MINUTE FROM `2017-01-02T03:04:05+07:08`)", "8"],
    ["TO_STRING(`1969-07-20T20:18Z`, 'MMMM d, y')", '"July 20, 1969"'],
    ["TO_STRING(`1969-07-20T20:18Z`, 'MMM d, yyyy')", '"Jul 20, 1969"'],
    ["TO_STRING(`1969-07-20T20:18Z`, 'M-d-yy')", "7-20-69"],
    ["TO_STRING(`1969-07-20T20:18Z`, 'MM-d-y')", "07-20-1969"],
    ["TO_STRING(`1969-07-20T20:18Z`, 'MMMM d, y h:m a')", '"July 20, 1969 8:18 PM"'],
    ["TO_STRING(`1969-07-20T20:18Z`, 'y-MM-dd''T''H:m:ssX')", "1969-07-20T20:18:00Z"],
    ["TO_STRING(`1969-07-20T20:18+08:00`, 'y-MM-dd''T''H:m:ssXXXX')", "1969-07-20T20:18:00+0800"],
    ["TO_STRING(`1969-07-20T20:18+08:00`, 'y-MM-dd''T''H:m:ssXXXXX')", "1969-07-20T20:18:00+08:00"],
    ["TO_TIMESTAMP('2007T')", "2007T"],
    ["TO_TIMESTAMP('2007-02-23T12:14:33.079-08:00')", "2007-02-23T12:14:33.079-08:00"],
  ])("%s → %s", async (expression, expected) => {
    expect(await value(expression)).toBe(expected);
  });

  it("UTCNOW() reads the run's clock, in UTC", async () => {
    const now = new Date("2026-12-07T03:04:05.678Z");
    expect(await value("UTCNOW()", now)).toBe("2026-12-07T03:04:05.678Z");
    expect(await value("EXTRACT(YEAR FROM UTCNOW())", now)).toBe("2026");
  });

  it("a text that breaks the timestamp rules fails the run with CastFailed", async () => {
    await expect(value("TO_TIMESTAMP('2007-02-23T12:14')")).rejects.toMatchObject({ code: "CastFailed" });
    await expect(value("CAST('2007' AS TIMESTAMP)")).rejects.toMatchObject({ code: "CastFailed" });
  });
});
