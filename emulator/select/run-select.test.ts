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
    expect(await select("SELECT * FROM S3Object")).toBe(
      PEOPLE.split("\n").slice(1).join("\n").replace('"New York"', "New York") + "\n",
    );
    expect(await select("select s.* from s3object s limit 1")).toBe("1,Alice,34,Paris,2019-03-01\n");
  });

  it("references columns by name in every spelling", async () => {
    const expected = "Alice,Paris\nbob,Berlin\n";
    expect(await select("SELECT s.name, s.city FROM S3Object s LIMIT 2")).toBe(expected);
    expect(await select('SELECT s."Name", city FROM S3Object AS s LIMIT 2')).toBe(expected);
    expect(await select("SELECT NAME, S.CITY FROM S3Object s LIMIT 2")).toBe(expected);
    expect(await select("SELECT S3Object.name, city FROM S3Object LIMIT 2")).toBe(expected);
  });

  it("quoted names are case-sensitive; unknown columns are NULL", async () => {
    expect(await select('SELECT s."name", s.nope, s._9 FROM S3Object s LIMIT 1')).toBe(",,\n");
  });

  it("references columns by position with any header mode", async () => {
    expect(await select("SELECT s._2, _3 FROM S3Object s LIMIT 1")).toBe("Alice,34\n");
    expect(await select("SELECT _1 FROM S3Object", PEOPLE, { FileHeaderInfo: "NONE" })).toBe(
      "id\n1\n2\n3\n4\n5\n",
    );
    expect(await select("SELECT _1 FROM S3Object", PEOPLE, { FileHeaderInfo: "IGNORE" })).toBe(
      "1\n2\n3\n4\n5\n",
    );
  });

  it("refuses names without a USE header, with the position", async () => {
    const error = await selectError("SELECT s._1,\n  s.name FROM S3Object s", PEOPLE, {
      FileHeaderInfo: "IGNORE",
    });
    expect(error).toMatchObject({ code: "ColumnNameWithoutHeader", line: 2, column: 3 });
  });

  it("evaluates expressions, literals, concatenation and functions", async () => {
    expect(
      await select(
        "SELECT s.id * 10 + 1, 'x', 2.5, UPPER(s.name) || '!', CHAR_LENGTH(s.city), -s.age FROM S3Object s LIMIT 1",
      ),
    ).toBe("11,x,2.5,ALICE!,5,-34\n");
    expect(
      await select(
        "SELECT COALESCE(NULL, s.city), NULLIF(s.city, 'Paris'), LOWER(s.name) AS n FROM S3Object s LIMIT 1",
      ),
    ).toBe("Paris,,alice\n");
  });
});

describe("WHERE", () => {
  it("casts a string to compare it with a number", async () => {
    expect(await select("SELECT s.name FROM S3Object s WHERE s.age <> '' AND s.age > 30")).toBe(
      'Alice\n"Carol, Jr."\nEve\n',
    );
  });

  it("compares strings as strings", async () => {
    expect(await select("SELECT s.name FROM S3Object s WHERE s.age > '30'")).toBe('Alice\n"Carol, Jr."\n');
  });

  it("fails with CastFailed (and the record) for non-numeric text compared to a number", async () => {
    const error = await selectError("SELECT * FROM S3Object s WHERE s.age > 30");
    expect(error).toMatchObject({ code: "CastFailed", record: 5 });
    expect(error.message).toContain("input record 5");
  });

  it("supports OR, NOT, parentheses, BETWEEN and IN", async () => {
    expect(await select("SELECT s.id FROM S3Object s WHERE NOT (s.city = 'Paris' OR s.city = 'Oslo')")).toBe(
      "2\n3\n",
    );
    expect(await select("SELECT s.id FROM S3Object s WHERE s.id BETWEEN 2 AND 4 AND s.id NOT IN (3)")).toBe(
      "2\n4\n",
    );
    expect(await select("SELECT s.id FROM S3Object s WHERE s.city IN ('Oslo', 'Berlin')")).toBe("2\n5\n");
  });

  it("implements LIKE with %, _ and ESCAPE", async () => {
    const data = "v\n50%\n5000\nabc\na_c\naXc\n";
    const run = (where: string) => select(`SELECT s.v FROM S3Object s WHERE ${where}`, data);
    expect(await run("s.v LIKE '5%'")).toBe("50%\n5000\n");
    expect(await run("s.v LIKE '%!%' ESCAPE '!'")).toBe("50%\n");
    expect(await run("s.v LIKE 'a_c'")).toBe("abc\na_c\naXc\n");
    expect(await run("s.v LIKE 'a\\_c' ESCAPE '\\'")).toBe("a_c\n");
    expect(await run("s.v NOT LIKE 'a%'")).toBe("50%\n5000\n");
  });

  it("treats missing columns as NULL (IS NULL / IS NOT NULL)", async () => {
    const data = "a,b\n1,2\n3\n4,\n";
    expect(await select("SELECT s.a FROM S3Object s WHERE s.b IS NULL", data)).toBe("3\n");
    expect(await select("SELECT s.a FROM S3Object s WHERE s.b IS NOT NULL", data)).toBe("1\n4\n");
    expect(await select("SELECT s.a FROM S3Object s WHERE s.b = '2' OR s.b IS NULL", data)).toBe("1\n3\n");
  });

  it("does not pass rows whose condition is NULL", async () => {
    expect(await select("SELECT s.a FROM S3Object s WHERE NOT (s.b = '2')", "a,b\n1,2\n3\n")).toBe("");
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
    ["CAST('2019-03-01' AS TIMESTAMP)", "2019-03-01T00:00:00.000Z"],
    ["CAST('2019-03-01T10:00:00+02:00' AS TIMESTAMP)", "2019-03-01T08:00:00.000Z"],
    ["CAST(NULL AS INT)", ""],
  ])("%s → %s", async (expression, expected) => {
    expect(await select(`SELECT ${expression} FROM S3Object s LIMIT 1`)).toBe(`${expected}\n`);
  });

  it("compares timestamps", async () => {
    expect(
      await select(
        "SELECT s.id FROM S3Object s WHERE CAST(s.joined AS TIMESTAMP) < CAST('2019-01-01' AS TIMESTAMP)",
      ),
    ).toBe("3\n5\n");
  });

  it("fails with CastFailed on bad input", async () => {
    expect(await selectError("SELECT CAST(s.name AS INT) FROM S3Object s")).toMatchObject({
      code: "CastFailed",
      record: 2,
    });
    expect(await selectError("SELECT CAST(s.name AS TIMESTAMP) FROM S3Object s")).toMatchObject({
      code: "CastFailed",
    });
  });
});

describe("aggregates", () => {
  it("computes COUNT, SUM, AVG, MIN, MAX over the filtered rows", async () => {
    expect(
      await select(
        "SELECT COUNT(*), COUNT(s.age), SUM(CAST(s.age AS INT)), MIN(s.id), MAX(s.id) FROM S3Object s WHERE s.city <> 'Oslo' AND s.age <> ''",
      ),
    ).toBe("3,3,106,1,3\n");
    // An empty field is a string, not NULL: casting it to a number fails the query.
    expect(await selectError("SELECT SUM(CAST(s.age AS INT)) FROM S3Object s")).toMatchObject({
      code: "CastFailed",
      record: 5,
    });
    expect(await select("SELECT AVG(s.age) FROM S3Object s WHERE s.age <> ''")).toBe("51.5\n");
  });

  it("orders MIN/MAX numerically for numbers and as text otherwise", async () => {
    expect(await select("SELECT MIN(s.age), MAX(s.age) FROM S3Object s WHERE s.age <> ''")).toBe("27,100\n");
    expect(await select("SELECT MIN(s.city), MAX(s.name) FROM S3Object s")).toBe("Berlin,bob\n");
  });

  it("combines aggregates in expressions and handles empty input", async () => {
    expect(await select("SELECT SUM(s.id) / COUNT(*) FROM S3Object s")).toBe("3\n");
    expect(await select("SELECT COUNT(*), SUM(s.id), MAX(s.id) FROM S3Object s WHERE s.id > 99")).toBe(
      "0,,\n",
    );
  });

  it("counts missing columns as NULL", async () => {
    expect(await select("SELECT COUNT(s.b), COUNT(*) FROM S3Object s", "a,b\n1,2\n3\n4,\n")).toBe("2,3\n");
  });
});

describe("LIMIT", () => {
  it("stops after n rows", async () => {
    expect(await select("SELECT s.id FROM S3Object s LIMIT 2")).toBe("1\n2\n");
    expect(await select("SELECT s.id FROM S3Object s WHERE s.city = 'Paris' LIMIT 1")).toBe("1\n");
    expect(await select("SELECT s.id FROM S3Object s LIMIT 0")).toBe("");
  });

  it("stops reading the input once reached", async () => {
    let produced = 0;
    async function* endless() {
      for (;;) {
        produced++;
        yield Buffer.from(`${produced},x\n`);
      }
    }
    const out: Buffer[] = [];
    for await (const chunk of runSelect({ expression: "SELECT _1 FROM S3Object LIMIT 3", input: endless() }))
      out.push(chunk);
    expect(Buffer.concat(out).toString()).toBe("1\n2\n3\n");
    expect(produced).toBeLessThan(10);
  });
});

describe("serialization options", () => {
  it("reads custom input and writes custom output", async () => {
    const data = "# exported\r\nname;note\r\n'Ann';'likes; semicolons'\r\n'Bo';'it''s'\r\n";
    const out = await select(
      "SELECT s.note, s.name FROM S3Object s",
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
    await expect(select("SELECT * FROM S3Object", "a", { FieldDelimiter: ",," })).rejects.toMatchObject({
      code: "InvalidSerialization",
    });
  });
});

describe("compileSelect", () => {
  it("accepts the documented forms", () => {
    for (const sql of [
      "SELECT * FROM S3Object",
      "SELECT * FROM S3Object s WHERE s._1 = 'a';",
      "SELECT s._1 AS first, s._2 second FROM S3Object AS s LIMIT 10",
      "SELECT COUNT(*) FROM S3Object -- trailing comment",
      "SELECT /* inline */ _1 FROM S3Object WHERE _2 IS NOT NULL",
    ]) {
      expect(compileSelect(sql).query).toBeDefined();
    }
  });

  it.each([
    ["SELEC * FROM S3Object", "ParseExpectedToken", 1, 1],
    ["SELECT * FROM S3Object WHERE", "ParseUnexpectedToken", 1, 29],
    ["SELECT * FROM table", "ParseExpectedToken", 1, 15],
    ["SELECT * FROM S3Object s WHERE s._1 = 'open", "LexerInvalidLiteral", 1, 39],
    ["SELECT * FROM S3Object s\nWHERE s._1 # 2", "LexerInvalidChar", 2, 12],
    ["SELECT s._0 FROM S3Object s", "InvalidColumnIndex", 1, 8],
    ["SELECT x._1 FROM S3Object s", "InvalidTableAlias", 1, 8],
    ["SELECT FOO(s._1) FROM S3Object s", "ParseUnknownFunction", 1, 8],
    ["SELECT CAST(s._1 AS DATE) FROM S3Object s", "ParseInvalidTypeParam", 1, 21],
    ["SELECT s._1, COUNT(*) FROM S3Object s", "InvalidAggregateUse", 1, 8],
    ["SELECT * FROM S3Object s WHERE COUNT(*) > 1", "InvalidAggregateUse", 1, 32],
    ["SELECT SUM(COUNT(*)) FROM S3Object", "InvalidAggregateUse", 1, 12],
    ["SELECT * FROM S3Object LIMIT -1", "ParseExpectedToken", 1, 30],
    ["SELECT * FROM S3Object ORDER BY _1", "ParseUnsupportedSyntax", 1, 24],
    ["SELECT * FROM S3Object s WHERE s._1 = 1 = 2", "ParseUnexpectedToken", 1, 41],
    ["SELECT LOWER() FROM S3Object", "ParseUnexpectedToken", 1, 8],
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

  it("filters and aggregates a 5 MB file read through fs streams", async () => {
    const run = (expression: string) =>
      runSelect({
        expression,
        input: createReadStream(file, { highWaterMark: 64 * 1024 }),
        inputCsv: { FileHeaderInfo: "USE" },
      });
    const out: Buffer[] = [];
    for await (const chunk of run(
      "SELECT COUNT(*), SUM(s.value), MAX(s.n) FROM S3Object s WHERE s.word = 'w,3'",
    ))
      out.push(chunk);
    const expectedCount = Math.floor((ROWS - 3) / 7) + 1;
    let expectedSum = 0;
    for (let i = 3; i <= ROWS; i += 7) expectedSum += i % 100;
    expect(Buffer.concat(out).toString()).toBe(
      `${expectedCount},${expectedSum},${ROWS - ((ROWS - 3) % 7)}\n`,
    );

    let bytes = 0;
    let chunksSeen = 0;
    for await (const chunk of run("SELECT s.word, s.n FROM S3Object s")) {
      bytes += chunk.length;
      chunksSeen++;
      expect(chunk.length).toBeLessThan(128 * 1024); // bounded output buffers
    }
    expect(chunksSeen).toBeGreaterThan(10);
    expect(bytes).toBeGreaterThan(ROWS * 8);
  });
});
