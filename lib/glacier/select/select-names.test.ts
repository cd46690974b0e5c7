/**
 * Column references and header names (s3-glacier-select-sql-reference-select.html, "Attribute
 * access" and "Case sensitivity of header/attribute names").
 */
import { describe, expect, it } from "vitest";
import { checkSelectExpression, type SelectContext } from ".";

const use = (...header: string[]): SelectContext => ({ fileHeaderInfo: "USE", header });
const check = (sql: string, context: SelectContext) => checkSelectExpression(sql, context);

describe("column references", () => {
  it("_N and alias._N with any header mode", () => {
    for (const fileHeaderInfo of ["USE", "IGNORE", "NONE"] as const) {
      expect(check("SELECT _2, s._1 FROM archive s WHERE s._3 = 'x'", { fileHeaderInfo })).toBeNull();
    }
  });

  it("_0 is not a column", () => {
    expect(check("SELECT _0 FROM archive", { fileHeaderInfo: "NONE" })?.code).toBe("InvalidColumnIndex");
  });

  it("a qualifier must be the FROM alias (or the table when there is none)", () => {
    expect(check("SELECT t._1 FROM archive s", { fileHeaderInfo: "NONE" })).toMatchObject({
      code: "InvalidTableAlias",
      column: 8,
      length: 1,
    });
    expect(check("SELECT archive._1 FROM archive", { fileHeaderInfo: "NONE" })).toBeNull();
    expect(check("SELECT S._1 FROM archive s", { fileHeaderInfo: "NONE" })).toBeNull();
  });

  it("names need FileHeaderInfo USE", () => {
    expect(check("SELECT s.name FROM archive s", { fileHeaderInfo: "IGNORE" })?.code).toBe(
      "ColumnNameWithoutHeader",
    );
    expect(check("SELECT s.name FROM archive s", { fileHeaderInfo: "NONE" })?.code).toBe(
      "ColumnNameWithoutHeader",
    );
  });
});

describe("header names with USE", () => {
  it("bare names match case-insensitively", () => {
    expect(check("SELECT s.name, NAME, s.Name FROM archive s", use("NAME", "city"))).toBeNull();
  });

  it("a quoted name matching no header exactly is MissingHeaderName (the page's 'NAME' example)", () => {
    const found = check('SELECT s."name" FROM archive s', use("NAME"));
    expect(found).toMatchObject({ code: "MissingHeaderName", line: 1, column: 8 });
    expect(check('SELECT s."NAME" FROM archive s', use("NAME"))).toBeNull();
  });

  it("a bare name matching two headers is AmbiguousFieldName (the page's 'NAME' and 'name' example)", () => {
    const found = check("SELECT s.name FROM archive s", use("NAME", "name"));
    expect(found).toMatchObject({ code: "AmbiguousFieldName", column: 8 });
    expect(check('SELECT s."name" FROM archive s', use("NAME", "name"))).toBeNull();
  });

  it("a bare name matching none reads as NULL (no error documented)", () => {
    expect(check("SELECT s.nothing FROM archive s", use("a"))).toBeNull();
  });

  it("with the header unknown (not previewed), only syntax and dialect are checked", () => {
    expect(check('SELECT s."anything" FROM archive s', { fileHeaderInfo: "USE", header: null })).toBeNull();
    expect(check('SELECT s."anything" FROM archive s', { fileHeaderInfo: "USE" })).toBeNull();
  });

  it("reports positions on later lines", () => {
    expect(check('SELECT s._1\nFROM archive s\nWHERE s."Date" = 1', use("date"))).toMatchObject({
      code: "MissingHeaderName",
      line: 3,
      column: 7,
    });
  });
});
