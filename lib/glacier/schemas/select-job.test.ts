import { describe, expect, it } from "vitest";
import { jobSubmissionSchema } from "./job-common";
import { decodeCharacterNotation, encodeCharacterNotation } from "./select-characters";
import { selectJobSchema, sqlExpressionProblem, toInitiateJobParameters } from "./select-job";
import { ARCHIVE_ID, CSV_IN, CSV_OUT, expectError, expectValid, valid } from "@/tests/support/select-job";

describe("selectJobSchema: target and common members", () => {
  it("accepts the valid job", () => expectValid(() => {}));

  it("needs a valid vault name", () => {
    expectError((v) => (v.vault = ""), "vault", /Choose a vault/);
    expectError((v) => (v.vault = "bad vault"), "vault", /may contain only/);
  });

  it("needs an archive id without whitespace, and trims a pasted newline", () => {
    expectError((v) => (v.ArchiveId = ""), "ArchiveId", /^Archive id is required\n/);
    expectError((v) => (v.ArchiveId = "abc def"), "ArchiveId", /no whitespace/);
    expectValid((v) => (v.ArchiveId = `${ARCHIVE_ID}\n`));
  });

  it("takes Expedited, Standard or Bulk", () => {
    for (const tier of ["Expedited", "Standard", "Bulk"]) expectValid((v) => (v.Tier = tier));
    expectError((v) => (v.Tier = "Fast"), "Tier", /Valid values are Expedited, Standard, Bulk/);
  });

  it("checks the description (printable ASCII, at most 1024 bytes) and the SNS topic ARN", () => {
    expectValid((v) => (v.Description = "x".repeat(1024)));
    expectError((v) => (v.Description = "x".repeat(1025)), "Description", /at most 1024 bytes/);
    expectError((v) => (v.Description = "café"), "Description", /printable ASCII/);
    expectValid((v) => (v.SNSTopic = "arn:aws:sns:us-east-1:123456789012:thaw-jobs"));
    expectError(
      (v) => (v.SNSTopic = "arn:aws:sqs:us-east-1:123456789012:q"),
      "SNSTopic",
      /service must be "sns"/,
    );
  });
});

describe("selectJobSchema: SelectParameters", () => {
  const expression = "SelectParameters.Expression";

  it("needs an expression that is one SELECT statement, comments allowed before it", () => {
    expectError((v) => (v.SelectParameters.Expression = ""), expression, /^SQL expression is required\n/);
    expectError((v) => (v.SelectParameters.Expression = "   \n "), expression, /must not be blank/);
    expectError(
      (v) => (v.SelectParameters.Expression = "DELETE FROM archive"),
      expression,
      /^Expected SELECT but found "DELETE" \(ParseExpectedToken, line 1, column 1\)$/,
    );
    expectValid(
      (v) => (v.SelectParameters.Expression = "-- units per region\n/* 2024 */ select * from archive"),
    );
  });

  it("refuses what AWS refuses, with AWS's code and the place (the shared dialect)", () => {
    expectError(
      (v) => (v.SelectParameters.Expression = "SELECT * FROM archive s LIMIT 5"),
      expression,
      /^Glacier Select does not support LIMIT \(ParseUnsupportedSyntax, line 1, column 25\)$/,
    );
    expectError(
      (v) => (v.SelectParameters.Expression = "SELECT * FROM S3Object"),
      expression,
      /FROM ARCHIVE or FROM OBJECT.*\(ParseUnexpectedToken, line 1, column 15\)$/,
    );
    expectError(
      (v) => (v.SelectParameters.Expression = "SELECT COUNT(*) FROM archive"),
      expression,
      /aggregate functions/,
    );
    expectError(
      (v) => (v.SelectParameters.Expression = "SELECT s.date FROM archive s"),
      expression,
      /reserved keyword.*ParseUnexpectedKeyword/,
    );
  });

  it("names need FileHeaderInfo USE; with USE and no previewed header, any name passes", () => {
    expectError(
      (v) => {
        v.SelectParameters.Expression = "SELECT s.region FROM archive s";
        v.SelectParameters.InputSerialization.csv.FileHeaderInfo = "IGNORE";
      },
      expression,
      /ColumnNameWithoutHeader/,
    );
    expectValid((v) => {
      v.SelectParameters.Expression = 'SELECT s."Region" FROM archive s';
      v.SelectParameters.InputSerialization.csv.FileHeaderInfo = "USE";
    });
  });

  it("limits the expression to 128,000 characters (api-SelectParameters.html)", () => {
    const head = "SELECT * FROM archive s WHERE s._1 IN (";
    expectValid((v) => (v.SelectParameters.Expression = `${head}${"'a',".repeat(31_000)}'a')`));
    expectError(
      (v) => (v.SelectParameters.Expression = `${head}${"'a',".repeat(32_000)}'a')`),
      expression,
      /at most 128,000 characters/,
    );
  });

  it("takes only SQL as the expression type", () => {
    expectError(
      (v) => (v.SelectParameters.ExpressionType = "JSONPath"),
      "SelectParameters.ExpressionType",
      /Valid values are SQL/,
    );
  });

  it("checks FileHeaderInfo and QuoteFields against their enums (either casing)", () => {
    for (const header of ["USE", "IGNORE", "NONE", "Use"])
      expectValid((v) => (v.SelectParameters.InputSerialization.csv.FileHeaderInfo = header));
    expectError(
      (v) => (v.SelectParameters.InputSerialization.csv.FileHeaderInfo = "FIRST"),
      `${CSV_IN}.FileHeaderInfo`,
      /Valid values are USE, IGNORE, NONE/,
    );
    expectValid((v) => (v.SelectParameters.OutputSerialization.csv.QuoteFields = "ALWAYS"));
    expectError(
      (v) => (v.SelectParameters.OutputSerialization.csv.QuoteFields = "NEVER"),
      `${CSV_OUT}.QuoteFields`,
      /ALWAYS, ASNEEDED/,
    );
  });

  it("wants single characters, written with \\n \\r \\t escapes, and \\r\\n only as record delimiter", () => {
    expectValid((v) => {
      const csv = v.SelectParameters.InputSerialization.csv;
      Object.assign(csv, {
        FieldDelimiter: "\\t",
        RecordDelimiter: "\\r\\n",
        QuoteEscapeCharacter: "\\",
        Comments: "#",
        QuoteCharacter: "'",
      });
    });
    expectError(
      (v) => (v.SelectParameters.InputSerialization.csv.FieldDelimiter = ";;"),
      `${CSV_IN}.FieldDelimiter`,
      /single character/,
    );
    expectError(
      (v) => (v.SelectParameters.InputSerialization.csv.FieldDelimiter = "\\r\\n"),
      `${CSV_IN}.FieldDelimiter`,
      /single character/,
    );
    expectError(
      (v) => (v.SelectParameters.InputSerialization.csv.Comments = "é"),
      `${CSV_IN}.Comments`,
      /single character/,
    );
    expectError(
      (v) => (v.SelectParameters.OutputSerialization.csv.QuoteCharacter = "«"),
      `${CSV_OUT}.QuoteCharacter`,
      /single character/,
    );
    expectValid((v) => (v.SelectParameters.OutputSerialization.csv.RecordDelimiter = "\\r\\n"));
  });

  it("refuses characters that collide", () => {
    expectError(
      (v) => (v.SelectParameters.InputSerialization.csv.QuoteCharacter = ","),
      `${CSV_IN}.QuoteCharacter`,
      /^Quote character \(Input CSV\) must differ from Field delimiter \(Input CSV\)\n/,
    );
    expectError(
      (v) => (v.SelectParameters.InputSerialization.csv.FieldDelimiter = "\\n"),
      `${CSV_IN}.FieldDelimiter`,
      /must differ from Record delimiter \(Input CSV\)/,
    );
    expectError(
      (v) => (v.SelectParameters.InputSerialization.csv.Comments = ","),
      `${CSV_IN}.Comments`,
      /^Comment character \(Input CSV\) must differ from Field delimiter/,
    );
  });
});

describe("toInitiateJobParameters", () => {
  it("builds the exact body, leaving out empty members and decoding character escapes", () => {
    const values = valid();
    values.Tier = "Bulk";
    values.SelectParameters.InputSerialization.csv.FileHeaderInfo = "USE";
    values.SelectParameters.InputSerialization.csv.FieldDelimiter = "\\t";
    values.SelectParameters.InputSerialization.csv.RecordDelimiter = "\\r\\n";
    values.SelectParameters.OutputSerialization.csv.QuoteFields = "ALWAYS";
    values.OutputLocation.S3.Encryption = {
      EncryptionType: "aws:kms",
      KMSKeyId: "alias/thaw",
      KMSContext: "",
    };
    values.OutputLocation.S3.Tagging = [{ Key: "project", Value: "thaw" }];
    values.OutputLocation.S3.AccessControlList = [
      {
        Grantee: {
          Type: "Group",
          ID: "",
          URI: "http://acs.amazonaws.com/groups/s3/LogDelivery",
          EmailAddress: "",
          DisplayName: "",
        },
        Permission: "WRITE",
      },
    ];
    expect(toInitiateJobParameters(values)).toEqual({
      Type: "select",
      ArchiveId: ARCHIVE_ID,
      Tier: "Bulk",
      SelectParameters: {
        ExpressionType: "SQL",
        Expression: values.SelectParameters.Expression,
        InputSerialization: { csv: { FileHeaderInfo: "USE", FieldDelimiter: "\t", RecordDelimiter: "\r\n" } },
        OutputSerialization: { csv: { QuoteFields: "ALWAYS" } },
      },
      OutputLocation: {
        S3: {
          BucketName: "thaw-results",
          Prefix: "select/2024",
          Encryption: { EncryptionType: "aws:kms", KMSKeyId: "alias/thaw" },
          AccessControlList: [
            {
              Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/s3/LogDelivery" },
              Permission: "WRITE",
            },
          ],
          Tagging: { project: "thaw" },
        },
      },
    });
  });
});

describe("the submission envelope", () => {
  const schema = jobSubmissionSchema("select", selectJobSchema);
  const key = "8d6f1f3e-8a4b-4c3e-9b1f-0c2d3e4f5a6b";

  it("accepts the form's values and fills what a short post leaves out", () => {
    const posted = {
      vault: "reports",
      ArchiveId: ARCHIVE_ID,
      SelectParameters: { Expression: "SELECT * FROM archive" },
      OutputLocation: { S3: { BucketName: "thaw-results", Prefix: "p" } },
    };
    const result = schema.safeParse({ idempotencyKey: key, job: posted });
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
    expect(result.data?.job.OutputLocation.S3.Tagging).toEqual([]);
  });

  it("refuses members of other job types with Glacier's message", () => {
    const result = schema.safeParse({
      idempotencyKey: key,
      job: { ...valid(), RetrievalByteRange: "0-1048575", Format: "CSV" },
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join(".")) ?? [];
    expect(paths).toEqual(expect.arrayContaining(["job.RetrievalByteRange", "job.Format"]));
  });
});

describe("sqlExpressionProblem and character notation", () => {
  it("accepts SELECT in any case after comments, refuses other statements, leaves blanks to the rules", () => {
    expect(sqlExpressionProblem("select 1 from archive")).toBeNull();
    expect(sqlExpressionProblem("/* a */ -- b\n  SELECT * FROM archive")).toBeNull();
    expect(sqlExpressionProblem("")).toBeNull();
    expect(sqlExpressionProblem("SELECTED")).toMatch(/Expected SELECT/);
    expect(sqlExpressionProblem("/* unterminated SELECT")).toMatch(/LexerInvalidLiteral/);
    expect(sqlExpressionProblem('SELECT s."region" FROM archive s', "USE", ["Region"])).toMatch(
      /MissingHeaderName/,
    );
    expect(sqlExpressionProblem("SELECT s.region FROM archive s", "use", ["Region", "REGION"])).toMatch(
      /AmbiguousFieldName/,
    );
  });

  it("decodes \\n \\r \\t \\\\ and keeps a lone backslash; encoding is the inverse for single characters", () => {
    expect(decodeCharacterNotation("\\r\\n")).toBe("\r\n");
    expect(decodeCharacterNotation("\\t")).toBe("\t");
    expect(decodeCharacterNotation("\\\\")).toBe("\\");
    expect(decodeCharacterNotation("\\")).toBe("\\");
    expect(decodeCharacterNotation("\n")).toBe("\n");
    for (const char of ["\n", "\r", "\t", "\r\n", "\\", ",", '"'])
      expect(decodeCharacterNotation(encodeCharacterNotation(char))).toBe(char);
  });
});
