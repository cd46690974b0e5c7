/**
 * The Glacier Select grammar, rule by rule, each with the AWS page it comes from
 * (docs.aws.amazon.com/amazonglacier/latest/dev/…).
 */
import { describe, expect, it } from "vitest";
import {
  AGGREGATE_FUNCTIONS,
  CAST_TYPES,
  checkSelectExpression,
  isReservedKeyword,
  parseSelect,
  RESERVED_KEYWORDS,
  SELECT_FUNCTIONS,
  type SelectContext,
} from ".";

const NONE: SelectContext = { fileHeaderInfo: "NONE" };
const code = (sql: string, context: SelectContext = NONE) =>
  checkSelectExpression(sql, context)?.code ?? null;
const problem = (sql: string, context: SelectContext = NONE) => checkSelectExpression(sql, context);

describe("FROM (s3-glacier-select-sql-reference-select.html, FROM clause)", () => {
  it.each([
    "SELECT * FROM ARCHIVE",
    "SELECT * FROM archive",
    "SELECT * FROM Object",
    "SELECT s._1 FROM archive s",
    "SELECT s._1 FROM OBJECT AS s",
    "select * from archive as s where s._1 = 'x'",
  ])("accepts %s", (sql) => {
    expect(problem(sql)).toBeNull();
  });

  it("refuses S3Object with a message naming the Glacier form", () => {
    const found = problem("SELECT * FROM S3Object s");
    expect(found).toMatchObject({ code: "ParseUnexpectedToken", line: 1, column: 15, length: 8 });
    expect(found?.message).toContain("FROM ARCHIVE or FROM OBJECT");
  });

  it("refuses other tables, joins, paths and subqueries", () => {
    expect(code("SELECT * FROM t")).toBe("ParseUnexpectedToken");
    expect(code("SELECT * FROM archive a, archive b")).toBe("ParseUnsupportedSyntax");
    expect(code("SELECT * FROM archive a JOIN object b")).toBe("ParseUnsupportedSyntax");
    expect(code("SELECT * FROM archive[*].x")).toBe("ParseUnsupportedSyntax");
    expect(code("SELECT * FROM (SELECT * FROM archive)")).toBe("ParseUnsupportedSyntax");
    expect(code("SELECT * FROM archive WHERE _1 IN (SELECT _1 FROM archive)")).toBe("ParseUnsupportedSyntax");
  });
});

describe("what Glacier Select does not run", () => {
  it("LIMIT: 'LIMIT clause (Amazon S3 Select only)' (s3-glacier-select-sql-reference-select.html)", () => {
    const found = problem("SELECT * FROM archive s WHERE s._1 = 'a' LIMIT 5");
    expect(found).toMatchObject({ code: "ParseUnsupportedSyntax", column: 42, length: 5 });
    expect(found?.message).toBe("Glacier Select does not support LIMIT");
    expect(code("SELECT * FROM archive LIMIT 5")).toBe("ParseUnsupportedSyntax");
  });

  it.each(["COUNT(*)", "count(s._1)", "SUM(s._2)", "AVG(s._2)", "MIN(s._2)", "MAX(s._2)"])(
    "aggregate %s: 'Aggregate functions (Amazon S3 Select only)' (s3-glacier-select-sql-reference-sql-functions.html)",
    (call) => {
      const found = problem(`SELECT ${call} FROM archive s`);
      expect(found).toMatchObject({ code: "ParseUnsupportedSyntax", column: 8 });
      expect(found?.message).toContain("aggregate functions");
    },
  );

  it.each([
    ["GROUP BY", "SELECT s._1 FROM archive s GROUP BY s._1"],
    ["ORDER BY", "SELECT s._1 FROM archive s ORDER BY s._1"],
    ["HAVING", "SELECT s._1 FROM archive s HAVING s._1 = 1"],
    ["UNION", "SELECT s._1 FROM archive s UNION SELECT s._2 FROM archive s"],
    ["DISTINCT", "SELECT DISTINCT s._1 FROM archive s"],
  ])("%s", (what, sql) => {
    expect(problem(sql)?.message).toBe(`Glacier Select does not support ${what}`);
  });
});

describe("reserved keywords (s3-glacier-select-sql-reference-keyword-list.html)", () => {
  it.each(["date", "value", "year", "count", "cast", "timestamp", "user", "key", "size"])(
    "a bare %s as a column is a parse error; double-quoted it is a name",
    (word) => {
      const header: SelectContext = { fileHeaderInfo: "USE", header: [word] };
      expect(code(`SELECT s.${word} FROM archive s`, header)).toBe("ParseUnexpectedKeyword");
      expect(code(`SELECT ${word} FROM archive`, header)).toBe("ParseUnexpectedKeyword");
      expect(code(`SELECT s."${word}" FROM archive s`, header)).toBeNull();
    },
  );

  it("tells how to quote the name", () => {
    expect(problem("SELECT s.date FROM archive s")?.message).toContain('s."date"');
  });

  it("a reserved word cannot be an alias unless quoted", () => {
    expect(code("SELECT _1 AS value FROM archive")).toBe("ParseExpectedToken");
    expect(code('SELECT _1 AS "value" FROM archive')).toBeNull();
  });
});

describe("operators (s3-glacier-select-sql-reference-operators.html)", () => {
  it.each([
    "_1 = 'a' AND _2 <> 'b' OR NOT _3 != 'c'",
    "_1 < 1 AND _1 > 1 AND _1 <= 1 AND _1 >= 1",
    "_1 BETWEEN 1 AND 5 AND _2 NOT BETWEEN 1 AND 2",
    "_1 IN ('a', 'b', 'c') AND _2 NOT IN (1, 2)",
    "_1 LIKE 'a_%' AND _2 NOT LIKE '%!%%' ESCAPE '!'",
    "_1 IS NULL AND _2 IS NOT NULL",
    "-_1 + 2 * 3 / 4 % 5 - 6 > 0",
  ])("WHERE %s", (condition) => {
    expect(problem(`SELECT * FROM archive WHERE ${condition}`)).toBeNull();
  });

  it("binds unary minus, then * / %, then + - (the precedence table)", () => {
    const query = parseSelect("SELECT -1 + 2 * 3 FROM archive");
    const item = query.projection === "*" ? null : query.projection[0]?.expression;
    expect(item).toMatchObject({
      kind: "binary",
      operator: "+",
      left: { kind: "unary", operator: "-" },
      right: { kind: "binary", operator: "*" },
    });
  });

  it("NOT binds looser than comparison, AND looser than NOT, OR loosest", () => {
    const query = parseSelect("SELECT * FROM archive WHERE NOT _1 = 'a' AND _2 = 'b' OR _3 = 'c'");
    expect(query.where).toMatchObject({
      operator: "OR",
      left: { operator: "AND", left: { kind: "unary", operator: "NOT", operand: { operator: "=" } } },
    });
  });

  it("an IN list needs one value", () => {
    expect(code("SELECT * FROM archive WHERE _1 IN ()")).toBe("ParseUnexpectedToken");
  });
});

describe("functions", () => {
  it.each([
    // s3-glacier-select-sql-reference-conditional.html
    "CASE WHEN _1 = 'a' THEN 1 WHEN _1 = 'b' THEN 2 ELSE 3 END",
    "CASE _1 WHEN 'a' THEN 1 END",
    "COALESCE(_1, _2, 'x')",
    "NULLIF(_1, '')",
    // s3-glacier-select-sql-reference-conversion.html
    ...["BOOL", "BOOLEAN", "INT", "INTEGER", "STRING", "FLOAT", "DECIMAL", "NUMERIC", "TIMESTAMP"].map(
      (type) => `CAST(_1 AS ${type})`,
    ),
    "cast(_1 as numeric)",
    // s3-glacier-select-sql-reference-string.html
    "CHAR_LENGTH(_1)",
    "CHARACTER_LENGTH(_1)",
    "LOWER(_1)",
    "UPPER(_1)",
    "SUBSTRING(_1 FROM 2)",
    "SUBSTRING(_1 FROM 2 FOR 3)",
    "SUBSTRING(_1, 2)",
    "SUBSTRING(_1, 2, 3)",
    "TRIM(_1)",
    "TRIM(LEADING FROM _1)",
    "TRIM(TRAILING FROM _1)",
    "TRIM(BOTH FROM _1)",
    "TRIM(BOTH '12' FROM _1)",
    "TRIM('x' FROM _1)",
    // s3-glacier-select-sql-reference-date.html
    "DATE_ADD(year, 5, `2010-01-01T`)",
    "DATE_ADD(month, 1, CAST(_1 AS TIMESTAMP))",
    "DATE_DIFF(day, `2010-01-01T`, `2010-01-02T`)",
    "EXTRACT(YEAR FROM `2010-01-01T`)",
    "EXTRACT(TIMEZONE_HOUR FROM `2017-01-02T03:04:05+07:08`)",
    "TO_STRING(`1969-07-20T20:18Z`, 'MMMM d, y')",
    "TO_STRING(`1969-07-20T20:18Z`, 'y-MM-dd''T''H:m:ssX')",
    "TO_TIMESTAMP('2007T')",
    "UTCNOW()",
  ])("%s", (expression) => {
    expect(problem(`SELECT ${expression} FROM archive`)).toBeNull();
  });

  it("refuses unknown functions, wrong argument counts, types and date parts", () => {
    expect(code("SELECT CONCAT(_1, _2) FROM archive")).toBe("ParseUnknownFunction");
    expect(code("SELECT LOWER(_1, _2) FROM archive")).toBe("IncorrectSqlFunctionArgumentType");
    expect(code("SELECT NULLIF(_1) FROM archive")).toBe("IncorrectSqlFunctionArgumentType");
    expect(code("SELECT UTCNOW(1) FROM archive")).toBe("IncorrectSqlFunctionArgumentType");
    expect(code("SELECT CAST(_1 AS DATE) FROM archive")).toBe("ParseInvalidTypeParam");
    expect(code("SELECT DATE_ADD(week, 1, UTCNOW()) FROM archive")).toBe("ParseExpectedDatePart");
    expect(code("SELECT EXTRACT(week FROM UTCNOW()) FROM archive")).toBe("ParseExpectedDatePart");
    expect(code("SELECT TRIM(LEADING _1) FROM archive")).toBe("ParseExpectedToken");
    expect(code("SELECT CASE END FROM archive")).toBe("ParseUnexpectedKeyword");
    expect(code("SELECT CASE WHEN TRUE THEN 1 FROM archive")).toBe("ParseExpectedToken");
  });

  it("checks TO_STRING patterns and LIKE escapes written as literals", () => {
    expect(code("SELECT TO_STRING(UTCNOW(), 'yyy') FROM archive")).toBe(
      "EvaluatorInvalidTimestampFormatPattern",
    );
    expect(code("SELECT TO_STRING(UTCNOW(), 'Q') FROM archive")).toBe(
      "EvaluatorInvalidTimestampFormatPattern",
    );
    expect(code("SELECT TO_STRING(UTCNOW(), 'y ''T') FROM archive")).toBe(
      "EvaluatorInvalidTimestampFormatPattern",
    );
    expect(code("SELECT * FROM archive WHERE _1 LIKE 'a' ESCAPE '!!'")).toBe(
      "IncorrectSqlFunctionArgumentType",
    );
  });
});

describe("timestamp literals (s3-glacier-select-sql-reference-data-types.html, timestamp)", () => {
  it.each([
    "2007T",
    "2007-02T",
    "2007-02-23",
    "2007-02-23T",
    "2007-02-23T12:14Z",
    "2007-02-23T12:14:33.079-08:00",
  ])("accepts `%s`", (text) => expect(problem(`SELECT \`${text}\` FROM archive`)).toBeNull());

  it.each([
    "2007",
    "2007-02",
    "2007-02-23T12:14",
    "2007-02-23T12:14:33",
    "2007-02-23Z",
    "2007-02-30",
    "2007-02-23T12:14:33.Z",
  ])("refuses `%s`", (text) =>
    expect(code(`SELECT \`${text}\` FROM archive`)).toBe("LexerInvalidIONLiteral"),
  );
});

describe("the whole reserved keyword list (s3-glacier-select-sql-reference-keyword-list.html)", () => {
  it("holds the page's words, functions and types included", () => {
    expect(RESERVED_KEYWORDS).toHaveLength(242);
    const listed = ["COALESCE", "NULLIF", "CAST", "EXTRACT", "CHAR_LENGTH", "CHARACTER_LENGTH", "LOWER"];
    listed.push("SUBSTRING", "TRIM", "UPPER");
    for (const word of [
      ...listed,
      ...AGGREGATE_FUNCTIONS,
      ...CAST_TYPES,
      "DATE",
      "VALUE",
      "YEAR",
      "END-EXEC",
    ]) {
      expect(isReservedKeyword(word), word).toBe(true);
    }
    // The page does not list the date functions (DATE_ADD, TO_STRING, UTCNOW…): they are plain names.
    for (const word of SELECT_FUNCTIONS.filter((name) => !listed.includes(name))) {
      expect(isReservedKeyword(word), word).toBe(false);
    }
    expect(isReservedKeyword("archive")).toBe(false);
    expect(isReservedKeyword("region")).toBe(false);
  });

  it("refuses every one as a bare header name and accepts every one double-quoted", () => {
    const words = RESERVED_KEYWORDS.filter((word) => /^[a-z_]+$/.test(word));
    for (const word of words) {
      const context: SelectContext = { fileHeaderInfo: "USE", header: [word] };
      expect(code(`SELECT s.${word} FROM archive s`, context), word).toBe("ParseUnexpectedKeyword");
      expect(code(`SELECT s."${word}" FROM archive s`, context), word).toBeNull();
    }
  });
});
