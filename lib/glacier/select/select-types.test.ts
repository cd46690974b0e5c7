/**
 * The type checker: arguments that fail on every record are refused before any data is read. CSV
 * fields are strings (s3-glacier-select-sql-reference-data-types.html); date functions take
 * timestamps (s3-glacier-select-sql-reference-date.html), so text must be converted first.
 */
import { describe, expect, it } from "vitest";
import { checkSelectExpression, parseSelect, typeOf } from ".";

const code = (expression: string) =>
  checkSelectExpression(`SELECT ${expression} FROM archive s`, { fileHeaderInfo: "NONE" })?.code ?? null;

describe("argument types", () => {
  it.each([
    "EXTRACT(YEAR FROM s._1)",
    "EXTRACT(YEAR FROM '2010T')",
    "DATE_ADD(day, 1, s._1)",
    "DATE_ADD(day, 'one', UTCNOW())",
    "DATE_DIFF(day, UTCNOW(), s._2)",
    "TO_STRING(s._1, 'y')",
    "TO_STRING(UTCNOW(), 5)",
    "TO_TIMESTAMP(5)",
  ])("%s is refused", (expression) => {
    expect(code(expression)).toBe("IncorrectSqlFunctionArgumentType");
  });

  it("tells how to convert text", () => {
    const found = checkSelectExpression("SELECT EXTRACT(YEAR FROM s._1) FROM archive s", {
      fileHeaderInfo: "NONE",
    });
    expect(found).toMatchObject({ column: 26 });
    expect(found?.message).toContain("TO_TIMESTAMP");
  });

  it.each([
    "EXTRACT(YEAR FROM TO_TIMESTAMP(s._1))",
    "EXTRACT(YEAR FROM CAST(s._1 AS TIMESTAMP))",
    "DATE_ADD(day, CAST(s._2 AS INT), `2010T`)",
    "DATE_DIFF(day, UTCNOW(), NULL)",
    "TO_STRING(COALESCE(TO_TIMESTAMP(s._1), UTCNOW()), 'y')",
    "TO_STRING(DATE_ADD(year, 1, UTCNOW()), 'y')",
  ])("%s passes", (expression) => {
    expect(code(expression)).toBeNull();
  });

  it("infers what it can and leaves the rest unknown", () => {
    const query = parseSelect(
      "SELECT s._1, 1, CAST(s._1 AS NUMERIC), COALESCE(s._1, 1), _1 || 'x' FROM archive s",
    );
    const items = query.projection === "*" ? [] : query.projection.map((item) => typeOf(item.expression));
    expect(items).toEqual(["string", "number", "number", "unknown", "string"]);
  });
});
