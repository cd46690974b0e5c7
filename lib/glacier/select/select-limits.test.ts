/** Bad input: every one gets a clear error, none a crash or a stack overflow. */
import { describe, expect, it } from "vitest";
import { checkSelectExpression, MAX_NESTING_DEPTH, SELECT_EXPRESSION_MAX_CHARS, type SelectContext } from ".";

const NONE: SelectContext = { fileHeaderInfo: "NONE" };

describe("limits and hostile input", () => {
  it("128,000 characters pass; one more is ExpressionTooLong (api-SelectParameters.html)", () => {
    const base = "SELECT * FROM archive WHERE _1 = '";
    const exact = base + "x".repeat(SELECT_EXPRESSION_MAX_CHARS - base.length - 1) + "'";
    expect(exact).toHaveLength(128_000);
    expect(checkSelectExpression(exact, NONE)).toBeNull();
    expect(checkSelectExpression(exact + " ", NONE)?.code).toBe("ExpressionTooLong");
  });

  it("counts characters, not UTF-16 units", () => {
    const base = "SELECT * FROM archive WHERE _1 = '";
    const emoji = "😀".repeat(SELECT_EXPRESSION_MAX_CHARS - base.length - 1);
    expect(checkSelectExpression(`${base}${emoji}'`, NONE)).toBeNull();
  });

  it("a 200,000-character expression is refused before it is read", () => {
    const found = checkSelectExpression("SELECT " + "(".repeat(200_000), NONE);
    expect(found?.code).toBe("ExpressionTooLong");
  });

  it("10,000 nested parentheses get their own error", () => {
    const sql = `SELECT ${"(".repeat(10_000)}1${")".repeat(10_000)} FROM archive`;
    const found = checkSelectExpression(sql, NONE);
    expect(found?.code).toBe("ParseExpressionTooDeep");
    expect(found?.message).toContain(String(MAX_NESTING_DEPTH));
  });

  it("10,000 NOTs and signs too", () => {
    expect(
      checkSelectExpression(`SELECT * FROM archive WHERE ${"NOT ".repeat(10_000)}TRUE`, NONE)?.code,
    ).toBe("ParseExpressionTooDeep");
    expect(checkSelectExpression(`SELECT ${"- ".repeat(10_000)}1 FROM archive`, NONE)?.code).toBe(
      "ParseExpressionTooDeep",
    );
  });

  it("a 30,000-term chain becomes a deep tree and is refused too", () => {
    const chain = Array.from({ length: 30_000 }, () => "_1").join("+");
    expect(checkSelectExpression(`SELECT ${chain} FROM archive`, NONE)?.code).toBe("ParseExpressionTooDeep");
  });

  it("control characters are refused with their position", () => {
    expect(checkSelectExpression("SELECT *\u0000 FROM archive", NONE)).toMatchObject({
      code: "LexerInvalidChar",
      line: 1,
      column: 9,
    });
    expect(checkSelectExpression("SELECT * FROM archive WHERE _1 = 'a\u0007'", NONE)?.code).toBe(
      "LexerInvalidChar",
    );
    expect(checkSelectExpression("SELECT *\tFROM\r\narchive", NONE)).toBeNull();
  });

  it("unterminated strings, names, literals and comments", () => {
    expect(checkSelectExpression("SELECT * FROM archive WHERE _1 = 'abc", NONE)).toMatchObject({
      code: "LexerInvalidLiteral",
      column: 34,
    });
    expect(checkSelectExpression('SELECT s."abc FROM archive s', NONE)?.code).toBe("LexerInvalidLiteral");
    expect(checkSelectExpression("SELECT `2007T FROM archive", NONE)?.code).toBe("LexerInvalidLiteral");
    expect(checkSelectExpression("SELECT * FROM archive /* open", NONE)?.code).toBe("LexerInvalidLiteral");
  });

  it("empty, blank and non-SELECT input", () => {
    expect(checkSelectExpression("", NONE)?.code).toBe("ParseExpectedToken");
    expect(checkSelectExpression("   ", NONE)?.code).toBe("ParseExpectedToken");
    expect(checkSelectExpression("DELETE FROM archive", NONE)?.code).toBe("ParseExpectedToken");
    expect(checkSelectExpression("SELECT * FROM archive garbage here", NONE)?.code).toBe(
      "ParseUnexpectedToken",
    );
  });
});
