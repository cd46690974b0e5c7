/**
 * InitiateJob refuses what AWS refuses of a select job before any job exists — syntax, the Glacier
 * dialect (s3-glacier-select-sql-reference-*.html), header names against the archive's own header
 * (FileHeaderInfo USE) and a missing output bucket — through the real SDK over HTTP. Errors seen only
 * while reading data still fail the job.
 */
import { type JobParameters, ListJobsCommand, type SelectParameters } from "@aws-sdk/client-glacier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../testing/harness";
import { createVault, initiateJob, selectJobParameters, uploadArchive, waitForJob } from "../testing/jobs";

const VAULT = "dialect";
const BUCKET = "dialect-results";
/** Headers that exercise the rules: a reserved word, mixed case, and two names differing only in case. */
const CSV = "id,date,Name,NAME,City\n1,2024-01-02,ann,ANN,Paris\n2,2024-02-03,bob,BOB,Oslo\n";

let t: TestEmulator;
let archiveId: string;

beforeAll(async () => {
  t = await startTestEmulator({ timeScale: 1_000_000, s3Buckets: [BUCKET] });
  await createVault(t.client, VAULT);
  archiveId = await uploadArchive(t.client, VAULT, CSV, "people.csv");
});
afterAll(async () => {
  await t.stop();
});

function params(select: Partial<SelectParameters> & { Expression: string }, bucket = BUCKET): JobParameters {
  return selectJobParameters(archiveId, select, { BucketName: bucket });
}

async function jobCount(): Promise<number> {
  const out = await t.client.send(new ListJobsCommand({ accountId: "-", vaultName: VAULT }));
  return out.JobList?.length ?? 0;
}

/** Starts the job expecting a 400 with `code`; no job may exist afterwards. */
async function refused(job: JobParameters, code: string, message: RegExp) {
  const before = await jobCount();
  await expect(initiateJob(t.client, VAULT, job)).rejects.toMatchObject({
    name: code,
    message: expect.stringMatching(message) as unknown,
    $metadata: expect.objectContaining({ httpStatusCode: 400 }) as unknown,
  });
  expect(await jobCount()).toBe(before);
}

describe("InitiateJob checks the expression synchronously", () => {
  it.each([
    [
      "S3Object (…-select.html FROM clause)",
      "SELECT * FROM S3Object s",
      "ParseUnexpectedToken",
      /FROM ARCHIVE or FROM OBJECT/,
    ],
    [
      "LIMIT (…-select.html: Amazon S3 Select only)",
      "SELECT * FROM archive LIMIT 1",
      "ParseUnsupportedSyntax",
      /does not support LIMIT/,
    ],
    [
      "aggregates (…-sql-functions.html)",
      "SELECT COUNT(*) FROM archive",
      "ParseUnsupportedSyntax",
      /aggregate functions/,
    ],
    ["GROUP BY", "SELECT s.City FROM archive s GROUP BY s.City", "ParseUnsupportedSyntax", /GROUP BY/],
    [
      "a reserved keyword as a bare name (…-keyword-list.html)",
      "SELECT s.date FROM archive s",
      "ParseUnexpectedKeyword",
      /s\."date"/,
    ],
    [
      "a syntax error, with its place",
      "SELECT * FROM archive WHERE",
      "ParseUnexpectedToken",
      /line 1, column 28/,
    ],
    ["a control character", "SELECT *\u0001 FROM archive", "LexerInvalidChar", /control character/],
    ["an unterminated string", "SELECT * FROM archive WHERE _1 = 'x", "LexerInvalidLiteral", /Unterminated/],
    [
      "10,000 nested parentheses",
      `SELECT ${"(".repeat(10_000)}1${")".repeat(10_000)} FROM archive`,
      "ParseExpressionTooDeep",
      /nests deeper/,
    ],
  ])("%s", async (_name, Expression, code, message) => {
    await refused(params({ Expression }), code, message);
  });

  it("a quoted name matching no header exactly is MissingHeaderName (the archive's header is read)", async () => {
    await refused(params({ Expression: 'SELECT s."city" FROM archive s' }), "MissingHeaderName", /"city"/);
  });

  it("a bare name matching two headers is AmbiguousFieldName", async () => {
    await refused(
      params({ Expression: "SELECT s.name FROM archive s" }),
      "AmbiguousFieldName",
      /2 header columns/,
    );
  });

  it("names without FileHeaderInfo USE are refused", async () => {
    const job = params({
      Expression: "SELECT s.City FROM archive s",
      InputSerialization: { csv: { FileHeaderInfo: "IGNORE" } },
    });
    await refused(job, "ColumnNameWithoutHeader", /FileHeaderInfo USE/);
  });

  it("200,000 characters are over Glacier's 128,000 (api-SelectParameters.html)", async () => {
    const Expression = `SELECT * FROM archive WHERE _1 = '${"x".repeat(200_000)}'`;
    await refused(params({ Expression }), "InvalidParameterValueException", /at most 128,000 characters/);
  });

  it("a missing output bucket is refused, not a failed job", async () => {
    await refused(
      params({ Expression: "SELECT * FROM archive" }, "no-such-bucket"),
      "InvalidParameterValueException",
      /bucket does not exist: no-such-bucket/,
    );
  });
});

describe("what passes runs", () => {
  it("quoted exact names, a quoted reserved word and mixed-case bare names run as AWS documents", async () => {
    const started = await initiateJob(
      t.client,
      VAULT,
      params({ Expression: `SELECT s."NAME", s."date", s.city FROM ARCHIVE AS s WHERE s."Name" = 'bob'` }),
    );
    const job = await waitForJob(t.client, VAULT, started.jobId);
    expect(job.StatusCode).toBe("Succeeded");
  });

  it("a bad CAST of a value is only seen while reading: the job is accepted and fails", async () => {
    const started = await initiateJob(
      t.client,
      VAULT,
      params({ Expression: "SELECT CAST(s.City AS INT) FROM archive s" }),
    );
    const job = await waitForJob(t.client, VAULT, started.jobId);
    expect(job).toMatchObject({ StatusCode: "Failed" });
    expect(job.StatusMessage).toMatch(/^CastFailed: .*Paris/);
  });
});
