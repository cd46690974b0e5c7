import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CsvInputSerialization, type CsvOutputSerialization } from "../../lib/glacier/job-rules";
import { rejectionOf } from "../../tests/support/rejection";
import { compileSelect, runSelect, SelectError } from "./index";

const PEOPLE = [
  "id,Name,age,city,joined",
  "1,Alice,34,Paris,2019-03-01",
  "2,bob,27,Berlin,2020-07-15",
  '3,"Carol, Jr.",45,"New York",2018-11-30',
  "4,Dave,,Paris,2021-01-05",
  "5,Eve,100,Oslo,2017-06-20",
].join("\n");

/** Feeds the text in 5-byte chunks to exercise the streaming path. */
async function* chunks(text: string, size = 5) {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function select(
  expression: string,
  text = PEOPLE,
  inputCsv: CsvInputSerialization = { FileHeaderInfo: "USE" },
  outputCsv?: CsvOutputSerialization,
) {
  const out: Buffer[] = [];
  for await (const chunk of runSelect({ expression, input: chunks(text), inputCsv, outputCsv }))
    out.push(chunk);
  return Buffer.concat(out).toString();
}

const selectError = (
  expression: string,
  text = PEOPLE,
  inputCsv: CsvInputSerialization = { FileHeaderInfo: "USE" },
) => rejectionOf(select(expression, text, inputCsv), SelectError);

describe("projection", () => {
  it("SELECT * returns data records (header excluded), requoting as needed", async () => {
    expect(await select("SELECT * FROM archive")).toBe(
      PEOPLE.split("\n").slice(1).join("\n").replace('"New York"', "New York") + "\n",
    );
    expect(await select("select s.* from object s where s.id = '1'")).toBe("1,Alice,34,Paris,2019-03-01\n");
  });

  it("references columns by name in every spelling", async () => {
    const expected = "Alice,Paris\nbob,Berlin\n";
    expect(await select("SELECT s.name, s.city FROM archive s WHERE s.id < '3'")).toBe(expected);
    expect(await select(`SELECT s."Name", city FROM archive AS s WHERE s.id < '3'`)).toBe(expected);
    expect(await select("SELECT NAME, S.CITY FROM archive s WHERE s.id < '3'")).toBe(expected);
    expect(await select("SELECT archive.name, city FROM archive WHERE id < '3'")).toBe(expected);
  });

  it("bare unknown names and positions past the record are NULL", async () => {
    expect(await select("SELECT s.nope, s._9 FROM archive s WHERE s.id = '1'")).toBe(",\n");
  });

  it("a quoted name matching no header exactly fails (MissingHeaderName, s3-glacier-select-sql-reference-select.html)", async () => {
    expect(await selectError('SELECT s."name" FROM archive s')).toMatchObject({ code: "MissingHeaderName" });
  });

  it("references columns by position with any header mode", async () => {
    expect(await select("SELECT s._2, _3 FROM archive s WHERE s.id = '1'")).toBe("Alice,34\n");
    expect(await select("SELECT _1 FROM archive", PEOPLE, { FileHeaderInfo: "NONE" })).toBe(
      "id\n1\n2\n3\n4\n5\n",
    );
    expect(await select("SELECT _1 FROM archive", PEOPLE, { FileHeaderInfo: "IGNORE" })).toBe(
      "1\n2\n3\n4\n5\n",
    );
  });

  it("refuses names without a USE header, with the position", async () => {
    const error = await selectError("SELECT s._1,\n  s.name FROM archive s", PEOPLE, {
      FileHeaderInfo: "IGNORE",
    });
    expect(error).toMatchObject({ code: "ColumnNameWithoutHeader", line: 2, column: 3 });
  });

  it("evaluates expressions, literals, concatenation and functions", async () => {
    expect(
      await select(
        "SELECT s.id * 10 + 1, 'x', 2.5, UPPER(s.name) || '!', CHAR_LENGTH(s.city), -s.age FROM archive s WHERE s.id = '1'",
      ),
    ).toBe("11,x,2.5,ALICE!,5,-34\n");
    expect(
      await select(
        "SELECT COALESCE(NULL, s.city), NULLIF(s.city, 'Paris'), LOWER(s.name) AS n FROM archive s WHERE s.id = '1'",
      ),
    ).toBe("Paris,,alice\n");
  });
});

describe("WHERE", () => {
  it("casts a string to compare it with a number", async () => {
    expect(await select("SELECT s.name FROM archive s WHERE s.age <> '' AND s.age > 30")).toBe(
      'Alice\n"Carol, Jr."\nEve\n',
    );
  });

  it("compares strings as strings", async () => {
    expect(await select("SELECT s.name FROM archive s WHERE s.age > '30'")).toBe('Alice\n"Carol, Jr."\n');
  });

  it("fails with CastFailed (and the record) for non-numeric text compared to a number", async () => {
    const error = await selectError("SELECT * FROM archive s WHERE s.age > 30");
    expect(error).toMatchObject({ code: "CastFailed", record: 5 });
    expect(error.message).toContain("input record 5");
  });

  it("supports OR, NOT, parentheses, BETWEEN and IN", async () => {
    expect(await select("SELECT s.id FROM archive s WHERE NOT (s.city = 'Paris' OR s.city = 'Oslo')")).toBe(
      "2\n3\n",
    );
    expect(await select("SELECT s.id FROM archive s WHERE s.id BETWEEN 2 AND 4 AND s.id NOT IN (3)")).toBe(
      "2\n4\n",
    );
    expect(await select("SELECT s.id FROM archive s WHERE s.city IN ('Oslo', 'Berlin')")).toBe("2\n5\n");
  });

  it("implements LIKE with %, _ and ESCAPE", async () => {
    const data = "v\n50%\n5000\nabc\na_c\naXc\n";
    const run = (where: string) => select(`SELECT s.v FROM archive s WHERE ${where}`, data);
    expect(await run("s.v LIKE '5%'")).toBe("50%\n5000\n");
    expect(await run("s.v LIKE '%!%' ESCAPE '!'")).toBe("50%\n");
    expect(await run("s.v LIKE 'a_c'")).toBe("abc\na_c\naXc\n");
    expect(await run("s.v LIKE 'a\\_c' ESCAPE '\\'")).toBe("a_c\n");
    expect(await run("s.v NOT LIKE 'a%'")).toBe("50%\n5000\n");
  });

  it("treats missing columns as NULL (IS NULL / IS NOT NULL)", async () => {
    const data = "a,b\n1,2\n3\n4,\n";
    expect(await select("SELECT s.a FROM archive s WHERE s.b IS NULL", data)).toBe("3\n");
    expect(await select("SELECT s.a FROM archive s WHERE s.b IS NOT NULL", data)).toBe("1\n4\n");
    expect(await select("SELECT s.a FROM archive s WHERE s.b = '2' OR s.b IS NULL", data)).toBe("1\n3\n");
  });

  it("does not pass rows whose condition is NULL", async () => {
    expect(await select("SELECT s.a FROM archive s WHERE NOT (s.b = '2')", "a,b\n1,2\n3\n")).toBe("");
  });
});

describe("CAST", () => {
  it.each([
    ["CAST('42.9' AS INT)", "42"],
    ["CAST('-42.9' AS INTEGER)", "-42"],
    ["CAST('1e3' AS FLOAT)", "1000"],
    ["CAST('2.50' AS DECIMAL)", "2.5"],
    ["CAST(7 AS STRING) || 'x'", "7x"],
    ["CAST('TRUE' AS BOOL)", "true"],
    ["CAST(0 AS BOOL)", "false"],
    ["CAST('2.50' AS NUMERIC)", "2.5"],
    ["CAST('true' AS BOOLEAN)", "true"],
    // Timestamps keep their precision and offset (s3-glacier-select-sql-reference-data-types.html).
    ["CAST('2019-03-01' AS TIMESTAMP)", "2019-03-01"],
    ["CAST('2019-03-01T10:00:00+02:00' AS TIMESTAMP)", "2019-03-01T10:00:00+02:00"],
    ["CAST(NULL AS INT)", ""],
  ])("%s → %s", async (expression, expected) => {
    expect(await select(`SELECT ${expression} FROM archive s WHERE s.id = '1'`)).toBe(`${expected}\n`);
  });

  it("compares timestamps", async () => {
    expect(
      await select(
        "SELECT s.id FROM archive s WHERE CAST(s.joined AS TIMESTAMP) < CAST('2019-01-01' AS TIMESTAMP)",
      ),
    ).toBe("3\n5\n");
  });

  it("fails with CastFailed on bad input", async () => {
    expect(await selectError("SELECT CAST(s.name AS INT) FROM archive s")).toMatchObject({
      code: "CastFailed",
      record: 2,
    });
    expect(await selectError("SELECT CAST(s.name AS TIMESTAMP) FROM archive s")).toMatchObject({
      code: "CastFailed",
    });
  });
});

describe("serialization options", () => {
  it("reads custom input and writes custom output", async () => {
    const data = "# exported\r\nname;note\r\n'Ann';'likes; semicolons'\r\n'Bo';'it''s'\r\n";
    const out = await select(
      "SELECT s.note, s.name FROM archive s",
      data,
      {
        FileHeaderInfo: "USE",
        FieldDelimiter: ";",
        RecordDelimiter: "\r\n",
        QuoteCharacter: "'",
        Comments: "#",
      },
      {
        FieldDelimiter: "\t",
        QuoteFields: "ALWAYS",
        QuoteCharacter: "'",
        QuoteEscapeCharacter: "\\",
        RecordDelimiter: "\r\n",
      },
    );
    expect(out).toBe("'likes; semicolons'\t'Ann'\r\n'it\\'s'\t'Bo'\r\n");
  });

  it("refuses invalid serialization with a typed error", async () => {
    await expect(select("SELECT * FROM archive", "a", { FieldDelimiter: ",," })).rejects.toMatchObject({
      code: "InvalidSerialization",
    });
  });
});

describe("compileSelect", () => {
  it("accepts the documented forms", () => {
    for (const sql of [
      "SELECT * FROM archive",
      "SELECT * FROM archive s WHERE s._1 = 'a';",
      "SELECT s._1 AS f, s._2 g FROM archive AS s",
      "SELECT _1 FROM OBJECT -- trailing comment",
      "SELECT /* inline */ _1 FROM archive WHERE _2 IS NOT NULL",
    ]) {
      expect(compileSelect(sql).query).toBeDefined();
    }
  });

  it.each([
    ["SELEC * FROM archive", "ParseExpectedToken", 1, 1],
    ["SELECT * FROM archive WHERE", "ParseUnexpectedToken", 1, 28],
    ["SELECT * FROM table", "ParseUnexpectedToken", 1, 15],
    ["SELECT * FROM S3Object", "ParseUnexpectedToken", 1, 15],
    ["SELECT * FROM archive s WHERE s._1 = 'open", "LexerInvalidLiteral", 1, 38],
    ["SELECT * FROM archive s\nWHERE s._1 # 2", "LexerInvalidChar", 2, 12],
    ["SELECT s._0 FROM archive s", "InvalidColumnIndex", 1, 8],
    ["SELECT x._1 FROM archive s", "InvalidTableAlias", 1, 8],
    ["SELECT FOO(s._1) FROM archive s", "ParseUnknownFunction", 1, 8],
    ["SELECT CAST(s._1 AS DATE) FROM archive s", "ParseInvalidTypeParam", 1, 21],
    ["SELECT s._1, COUNT(*) FROM archive s", "ParseUnsupportedSyntax", 1, 14],
    ["SELECT * FROM archive LIMIT 1", "ParseUnsupportedSyntax", 1, 23],
    ["SELECT * FROM archive ORDER BY _1", "ParseUnsupportedSyntax", 1, 23],
    ["SELECT * FROM archive s WHERE s._1 = 1 = 2", "ParseUnexpectedToken", 1, 40],
    ["SELECT LOWER() FROM archive", "IncorrectSqlFunctionArgumentType", 1, 8],
  ])("%j → %s at %d:%d", (sql, code, line, column) => {
    let error: unknown;
    try {
      compileSelect(sql);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SelectError);
    expect(error).toMatchObject({ code, line, column });
    expect(String((error as Error).message)).toContain(`line ${line}, column ${column}`);
  });
});

describe("streaming from a real file", () => {
  let dir = "";
  let file = "";
  const ROWS = 200_000;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "thaw-select-"));
    file = path.join(dir, "big.csv");
    const lines = ["n,word,value"];
    for (let i = 1; i <= ROWS; i++) lines.push(`${i},"w,${i % 7}",${i % 100}`);
    await writeFile(file, lines.join("\r\n") + "\r\n");
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("filters a 5 MB file read through fs streams", async () => {
    const run = (expression: string) =>
      runSelect({
        expression,
        input: createReadStream(file, { highWaterMark: 64 * 1024 }),
        inputCsv: { FileHeaderInfo: "USE" },
      });
    let matched = 0;
    let sum = 0;
    for await (const chunk of run(`SELECT s."value" FROM archive s WHERE s.word = 'w,3'`)) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        matched++;
        sum += Number(line);
      }
    }
    let expectedSum = 0;
    for (let i = 3; i <= ROWS; i += 7) expectedSum += i % 100;
    expect(matched).toBe(Math.floor((ROWS - 3) / 7) + 1);
    expect(sum).toBe(expectedSum);

    let bytes = 0;
    let chunksSeen = 0;
    for await (const chunk of run("SELECT s.word, s.n FROM archive s")) {
      bytes += chunk.length;
      chunksSeen++;
      expect(chunk.length).toBeLessThan(128 * 1024); // bounded output buffers
    }
    expect(chunksSeen).toBeGreaterThan(10);
    expect(bytes).toBeGreaterThan(ROWS * 8);
  });
});
