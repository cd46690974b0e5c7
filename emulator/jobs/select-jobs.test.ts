import {
  GetObjectAclCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from "@aws-sdk/client-s3";
import {
  GetJobOutputCommand,
  type JobParameters,
  type OutputLocation,
  type SelectParameters,
} from "@aws-sdk/client-glacier";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../testing/harness";
import {
  createVault,
  initiateJob,
  makeS3Client,
  selectJobParameters,
  uploadArchive,
  waitForJob,
} from "../testing/jobs";
import { rawRequest } from "../testing/raw-request";

const VAULT = "select";
const BUCKET = "select-results";
const SALES = [
  "id,region,product,units,price",
  "1,EU,Widget,3,9.99",
  '2,US,"Gadget, large",10,19.5',
  "3,EU,Gizmo,,4",
  "4,APAC,Widget,7,9.99",
].join("\n");

let t: TestEmulator;
let s3: S3Client;
let sales: string;
let tsv: string;

beforeAll(async () => {
  t = await startTestEmulator({ timeScale: 1_000_000, s3Buckets: [BUCKET] });
  s3 = makeS3Client(t.emulator.url);
  await createVault(t.client, VAULT);
  sales = await uploadArchive(t.client, VAULT, `${SALES}\n`, "sales.csv");
  tsv = await uploadArchive(t.client, VAULT, "a\tb\n1\tx y\n2\tz\n", "data.tsv");
});
afterAll(async () => {
  s3.destroy();
  await t.stop();
});

type Select = Partial<SelectParameters> & { Expression: string };

async function runSelect(select: Select, location: Partial<OutputLocation["S3"]> = {}, archiveId = sales) {
  const params = selectJobParameters(archiveId, select, { BucketName: BUCKET, ...location });
  const started = await initiateJob(t.client, VAULT, params);
  return { ...started, job: await waitForJob(t.client, VAULT, started.jobId) };
}

async function readObject(key: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return (await out.Body?.transformToString()) ?? "";
}

async function result(
  select: Select,
  location: Partial<OutputLocation["S3"]> = {},
  archiveId = sales,
): Promise<string> {
  const { job } = await runSelect(select, location, archiveId);
  expect(job.StatusCode).toBe("Succeeded");
  return readObject(`${job.JobOutputPath ?? ""}results/00000.csv`);
}

describe("select queries", () => {
  it.each([
    [
      "column names with WHERE and LIKE",
      "SELECT s.id, s.product FROM archive s WHERE s.region = 'EU' AND s.product LIKE 'Wid%'",
      "1,Widget\n",
    ],
    [
      "SELECT * requotes fields as needed",
      "SELECT * FROM archive s WHERE s.id = '2'",
      '2,US,"Gadget, large",10,19.5\n',
    ],
    [
      "CAST and comparison",
      "SELECT s.product FROM archive s WHERE CAST(s.price AS FLOAT) > 9.5",
      'Widget\n"Gadget, large"\nWidget\n',
    ],
    [
      "FROM OBJECT AS alias, CASE, SUBSTRING, TRIM",
      "SELECT CASE WHEN s.units = '' THEN 'none' ELSE s.units END, SUBSTRING(s.product FROM 1 FOR 3), TRIM(BOTH 'W' FROM s.product) FROM OBJECT AS s WHERE s.region = 'EU'",
      "3,Wid,idget\nnone,Giz,Gizmo\n",
    ],
    [
      "date functions",
      "SELECT EXTRACT(YEAR FROM DATE_ADD(month, 13, `2010T`)), TO_STRING(`1969-07-20T20:18Z`, 'MMMM d, y') FROM archive s WHERE s.id = '1'",
      '2011,"July 20, 1969"\n',
    ],
  ])("%s", async (_name, expression, expected) => {
    expect(await result({ Expression: expression })).toBe(expected);
  });

  it("FileHeaderInfo NONE reads the header as data and addresses columns by position", async () => {
    expect(
      await result({
        Expression: "SELECT s._2, s._3 FROM archive s WHERE s._1 IN ('id', '1')",
        InputSerialization: { csv: { FileHeaderInfo: "NONE" } },
      }),
    ).toBe("region,product\nEU,Widget\n");
  });

  it("FileHeaderInfo IGNORE skips the header; positions still work", async () => {
    expect(
      await result({
        Expression: "SELECT _1 FROM archive",
        InputSerialization: { csv: { FileHeaderInfo: "IGNORE" } },
      }),
    ).toBe("1\n2\n3\n4\n");
  });

  it("honours the input and output serializations", async () => {
    const text = await result(
      {
        Expression: "SELECT s.a, s.b FROM archive s",
        InputSerialization: { csv: { FileHeaderInfo: "USE", FieldDelimiter: "\t" } },
        OutputSerialization: { csv: { QuoteFields: "ALWAYS", FieldDelimiter: ";", RecordDelimiter: "\r\n" } },
      },
      {},
      tsv,
    );
    expect(text).toBe('"1";"x y"\r\n"2";"z"\r\n');
  });

  it("a data error fails the job and names the record", async () => {
    const { job } = await runSelect({ Expression: "SELECT CAST(s.product AS INT) FROM archive s" });
    expect(job.StatusCode).toBe("Failed");
    expect(job.StatusMessage).toMatch(/^CastFailed: .*Widget.* \(input record 2\)$/);
  });
});

describe("select job description and output location", () => {
  it("returns x-amz-job-output-path and describes the select job", async () => {
    const { jobId, jobOutputPath, job } = await runSelect(
      { Expression: "SELECT s.id FROM archive s WHERE s.id = '1'" },
      { Prefix: "reports/q1/" },
    );
    expect(jobOutputPath).toBe(`reports/q1/${jobId}/`);
    const raw = await rawRequest(t.emulator.url, { method: "GET", path: `/-/vaults/${VAULT}/jobs/${jobId}` });
    expect(raw.json()).toMatchObject({
      Action: "Select",
      ArchiveId: sales,
      ArchiveSizeInBytes: null,
      SHA256TreeHash: null,
      ArchiveSHA256TreeHash: null,
      RetrievalByteRange: null,
      InventoryRetrievalParameters: null,
      Tier: "Expedited",
      JobOutputPath: jobOutputPath,
      SelectParameters: {
        ExpressionType: "SQL",
        Expression: "SELECT s.id FROM archive s WHERE s.id = '1'",
        InputSerialization: { csv: { FileHeaderInfo: "USE" } },
      },
      OutputLocation: { S3: { BucketName: BUCKET, Prefix: "reports/q1/" } },
    });
    expect(job.StatusCode).toBe("Succeeded");
    await expect(
      t.client.send(new GetJobOutputCommand({ accountId: "-", vaultName: VAULT, jobId })),
    ).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: expect.stringContaining(`s3://${BUCKET}/${jobOutputPath}`) as unknown,
    });
  });

  it("writes results and job.txt with storage class, KMS encryption, metadata, tags and grants", async () => {
    const grant = {
      Grantee: { Type: "CanonicalUser" as const, ID: "a".repeat(64), DisplayName: "reader" },
      Permission: "READ" as const,
    };
    const { job } = await runSelect(
      { Expression: "SELECT s.region FROM archive s WHERE s.id = '1'" },
      {
        StorageClass: "REDUCED_REDUNDANCY",
        Encryption: {
          EncryptionType: "aws:kms",
          KMSKeyId: "arn:aws:kms:us-east-1:123456789012:key/k1",
          KMSContext: '{"team":"ops"}',
        },
        UserMetadata: { owner: "ops", note: "été" },
        Tagging: { project: "thaw", stage: "test" },
        AccessControlList: [grant],
      },
    );
    const prefix = job.JobOutputPath ?? "";
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
    expect(listed.Contents?.map((o) => [o.Key, o.StorageClass])).toEqual([
      [`${prefix}job.txt`, "REDUCED_REDUNDANCY"],
      [`${prefix}result_manifest.txt`, "REDUCED_REDUNDANCY"],
      [`${prefix}results/00000.csv`, "REDUCED_REDUNDANCY"],
    ]);
    const key = `${prefix}results/00000.csv`;
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head).toMatchObject({
      ContentType: "text/csv",
      ContentLength: 3,
      StorageClass: "REDUCED_REDUNDANCY",
      ServerSideEncryption: "aws:kms",
      SSEKMSKeyId: "arn:aws:kms:us-east-1:123456789012:key/k1",
      Metadata: { owner: "ops", note: "=?UTF-8?B?w6l0w6k=?=" },
      TagCount: 2,
    });
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: key }));
    expect(tags.TagSet).toEqual([
      { Key: "project", Value: "thaw" },
      { Key: "stage", Value: "test" },
    ]);
    const acl = await s3.send(new GetObjectAclCommand({ Bucket: BUCKET, Key: key }));
    expect(acl.Grants).toEqual([
      {
        Grantee: { Type: "CanonicalUser", ID: acl.Owner?.ID, DisplayName: "thaw" },
        Permission: "FULL_CONTROL",
      },
      { Grantee: grant.Grantee, Permission: "READ" },
    ]);
    const manifest = JSON.parse(await readObject(`${prefix}job.txt`)) as Record<string, unknown>;
    // Written at acceptance and never updated (glacier-select.html): the job as it was then.
    expect(manifest).toMatchObject({
      JobId: job.JobId,
      StatusCode: "InProgress",
      Completed: false,
      JobOutputPath: prefix,
    });
  });

  it("a public-read canned ACL lets an unsigned request read the result; private ones are refused", async () => {
    const open = await runSelect(
      { Expression: "SELECT s.id FROM archive s WHERE s.id = '1'" },
      { CannedACL: "public-read" },
    );
    const closed = await runSelect({ Expression: "SELECT s.id FROM archive s WHERE s.id = '1'" });
    const get = (key: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        request(`${t.emulator.url}/${BUCKET}/${key}`, (res) => {
          let body = "";
          res.on("data", (c: Buffer) => (body += c.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        })
          .on("error", reject)
          .end();
      });
    expect(await get(`${open.jobOutputPath ?? ""}results/00000.csv`)).toEqual({ status: 200, body: "1\n" });
    const refused = await get(`${closed.jobOutputPath ?? ""}results/00000.csv`);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain("<Code>AccessDenied</Code>");
    const acl = await s3.send(
      new GetObjectAclCommand({ Bucket: BUCKET, Key: `${open.jobOutputPath ?? ""}results/00000.csv` }),
    );
    expect(acl.Grants?.[1]).toEqual({
      Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AllUsers" },
      Permission: "READ",
    });
  });

  it("defaults: STANDARD storage class (no header), SSE-S3, no tags", async () => {
    const { job } = await runSelect({ Expression: "SELECT s.id FROM archive s WHERE s.id = '1'" });
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: `${job.JobOutputPath ?? ""}results/00000.csv` }),
    );
    expect(head.StorageClass).toBeUndefined();
    expect(head.ServerSideEncryption).toBe("AES256");
    expect(head.TagCount).toBeUndefined();
  });
});

describe("InitiateJob refusals for select jobs", () => {
  const base = {
    Type: "select",
    ArchiveId: "x",
    SelectParameters: { ExpressionType: "SQL", Expression: "SELECT * FROM archive" },
    OutputLocation: { S3: { BucketName: BUCKET, Prefix: "p" } },
  };
  it.each([
    [{ SelectParameters: undefined }, "MissingParameterValueException", /SelectParameters/],
    [{ OutputLocation: undefined }, "MissingParameterValueException", /OutputLocation/],
    [
      { SelectParameters: { ExpressionType: "XPATH", Expression: "x" } },
      "InvalidParameterValueException",
      /ExpressionType/,
    ],
    [
      { SelectParameters: { ExpressionType: "SQL", Expression: " " } },
      "InvalidParameterValueException",
      /must not be blank/,
    ],
    [
      { OutputLocation: { S3: { BucketName: "Bad_Bucket", Prefix: "p" } } },
      "InvalidParameterValueException",
      /Invalid bucket name/,
    ],
    [{ OutputLocation: { S3: { BucketName: BUCKET } } }, "MissingParameterValueException", /Prefix/],
    [
      {
        OutputLocation: {
          S3: { BucketName: BUCKET, Prefix: "p", CannedACL: "private", AccessControlList: [] },
        },
      },
      "InvalidParameterValueException",
      /^Choose either a canned ACL or individual grants, not both$/,
    ],
    [
      {
        OutputLocation: {
          S3: { BucketName: BUCKET, Prefix: "p", Encryption: { EncryptionType: "AES256", KMSKeyId: "k" } },
        },
      },
      "InvalidParameterValueException",
      /KMSKeyId may only be given when OutputLocation\.S3\.Encryption\.EncryptionType is aws:kms/,
    ],
    [
      { OutputLocation: { S3: { BucketName: BUCKET, Prefix: "p", StorageClass: "GLACIER" } } },
      "InvalidParameterValueException",
      /StorageClass/,
    ],
    [{ RetrievalByteRange: "0-1048575" }, "InvalidParameterValueException", /not valid for select jobs/],
    [
      {
        SelectParameters: {
          ExpressionType: "SQL",
          Expression: "x",
          InputSerialization: { csv: { FieldDelimiter: ",," } },
        },
      },
      "InvalidParameterValueException",
      /FieldDelimiter/,
    ],
  ])("%j → %s", async (override, code, message) => {
    await expect(
      initiateJob(t.client, VAULT, { ...base, ArchiveId: sales, ...override } as JobParameters),
    ).rejects.toMatchObject({
      name: code,
      message: expect.stringMatching(message) as unknown,
      $metadata: expect.objectContaining({ httpStatusCode: 400 }) as unknown,
    });
  });
});
