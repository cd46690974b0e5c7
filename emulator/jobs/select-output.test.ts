import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { type JobParameters } from "@aws-sdk/client-glacier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseManifest } from "../../lib/glacier/select-output-layout";
import { awsCliEnv } from "../testing/aws-cli";
import { startTestEmulator, type TestEmulator } from "../testing/harness";
import {
  createVault,
  initiateJob,
  makeS3Client,
  selectJobParameters,
  uploadArchive,
  waitForJob,
} from "../testing/jobs";

/**
 * The S3 layout of a select job's output, as glacier-select.html "Select Output" describes it:
 * `<prefix>/<jobId>/job.txt` at acceptance and never updated, `results/…` + `result_manifest.txt` on
 * success, `errors/…` + `error_manifest.txt` on failure.
 */

const run = promisify(execFile);
const VAULT = "layout";
const BUCKET = "layout-results";
const CSV = "id,region,amount\n1,EU,10\n2,US,x\n3,EU,7\n";

let fast: TestEmulator;
let slow: TestEmulator;
let s3: S3Client;
let archiveId: string;

beforeAll(async () => {
  [fast, slow] = await Promise.all([
    startTestEmulator({ timeScale: 1_000_000, s3Buckets: [BUCKET] }),
    // Real time: a Standard job stays InProgress for hours, long past this file's tests.
    startTestEmulator({ timeScale: 1, s3Buckets: [BUCKET] }),
  ]);
  s3 = makeS3Client(fast.emulator.url);
  await createVault(fast.client, VAULT);
  archiveId = await uploadArchive(fast.client, VAULT, CSV);
});
afterAll(async () => {
  s3.destroy();
  await Promise.all([fast.stop(), slow.stop()]);
});

const params = (expression: string, archive = archiveId): JobParameters =>
  selectJobParameters(archive, { Expression: expression }, { BucketName: BUCKET, Prefix: "out/" });

async function keysUnder(client: S3Client, prefix: string): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => (o.Key ?? "").slice(prefix.length));
}

async function read(client: S3Client, key: string) {
  const out = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return {
    text: (await out.Body?.transformToString()) ?? "",
    lastModified: out.LastModified,
    type: out.ContentType,
  };
}

describe("select output layout", () => {
  it("writes job.txt when the job is accepted, before any result", async () => {
    const s3Slow = makeS3Client(slow.emulator.url);
    await createVault(slow.client, VAULT);
    const archive = await uploadArchive(slow.client, VAULT, CSV);
    const started = await initiateJob(slow.client, VAULT, {
      ...params(`SELECT * FROM archive`, archive),
      Tier: "Standard",
    });
    const prefix = started.jobOutputPath ?? "";
    expect(prefix).toBe(`out/${started.jobId}/`);
    expect(await keysUnder(s3Slow, prefix)).toEqual(["job.txt"]);
    const jobTxt = JSON.parse((await read(s3Slow, `${prefix}job.txt`)).text) as Record<string, unknown>;
    expect(jobTxt).toMatchObject({
      JobId: started.jobId,
      Action: "Select",
      StatusCode: "InProgress",
      Completed: false,
    });
    s3Slow.destroy();
  });

  it("on success: results, result_manifest.txt naming them, and job.txt as it was at acceptance", async () => {
    const started = await initiateJob(
      fast.client,
      VAULT,
      params(`SELECT s.id FROM archive s WHERE s.region = 'EU'`),
    );
    const job = await waitForJob(fast.client, VAULT, started.jobId);
    expect(job.StatusCode).toBe("Succeeded");
    const prefix = job.JobOutputPath ?? "";
    expect(await keysUnder(s3, prefix)).toEqual(["job.txt", "result_manifest.txt", "results/00000.csv"]);
    const manifest = await read(s3, `${prefix}result_manifest.txt`);
    expect(manifest.text).toBe(`s3://${BUCKET}/${prefix}results/00000.csv\n`);
    expect(parseManifest(manifest.text, BUCKET)).toEqual([`${prefix}results/00000.csv`]);
    expect((await read(s3, `${prefix}results/00000.csv`)).text).toBe("1\n3\n");
    // Never updated: still the accepted job, dated at its creation.
    const jobTxt = await read(s3, `${prefix}job.txt`);
    expect(JSON.parse(jobTxt.text)).toMatchObject({
      StatusCode: "InProgress",
      Completed: false,
      CompletionDate: null,
    });
    expect(jobTxt.lastModified?.getTime()).toBe(Math.floor(Date.parse(job.CreationDate ?? "") / 1000) * 1000);
  });

  it("on a failure while reading data: an errors/ object and error_manifest.txt, no results", async () => {
    const started = await initiateJob(
      fast.client,
      VAULT,
      params(`SELECT s.id FROM archive s WHERE CAST(s.amount AS INT) > 5`),
    );
    const job = await waitForJob(fast.client, VAULT, started.jobId);
    expect(job.StatusCode).toBe("Failed");
    const prefix = job.JobOutputPath ?? "";
    expect(await keysUnder(s3, prefix)).toEqual(["error_manifest.txt", "errors/00000.txt", "job.txt"]);
    const manifest = await read(s3, `${prefix}error_manifest.txt`);
    expect(parseManifest(manifest.text, BUCKET)).toEqual([`${prefix}errors/00000.txt`]);
    const error = await read(s3, `${prefix}errors/00000.txt`);
    expect(error.text).toBe(`${job.StatusMessage ?? ""}\n`);
    expect(error.text).toMatch(/^CastFailed: /);
    expect(error.type).toBe("text/plain");
  });

  it("boto3 reads the same layout: job.txt, results and the manifest naming them", async () => {
    const script = `
import sys, json, time, boto3
url, vault, archive, bucket, expression = sys.argv[1:6]
g = boto3.client("glacier", endpoint_url=url)
s3 = boto3.client("s3", endpoint_url=url)
job = g.initiate_job(vaultName=vault, jobParameters={
    "Type": "select", "ArchiveId": archive, "Tier": "Expedited",
    "SelectParameters": {"ExpressionType": "SQL", "Expression": expression,
        "InputSerialization": {"csv": {"FileHeaderInfo": "USE"}}, "OutputSerialization": {"csv": {}}},
    "OutputLocation": {"S3": {"BucketName": bucket, "Prefix": "boto"}}})
for _ in range(500):
    d = g.describe_job(vaultName=vault, jobId=job["jobId"])
    if d["Completed"]: break
    time.sleep(0.02)
prefix = job["jobOutputPath"]
keys = [o["Key"][len(prefix):] for o in s3.list_objects_v2(Bucket=bucket, Prefix=prefix)["Contents"]]
manifest = s3.get_object(Bucket=bucket, Key=prefix + "result_manifest.txt")["Body"].read().decode()
first = manifest.splitlines()[0][len("s3://" + bucket + "/"):]
print(json.dumps({"status": d["StatusCode"], "keys": keys, "rows": s3.get_object(Bucket=bucket, Key=first)["Body"].read().decode()}))
`;
    const { stdout } = await run(
      "python3",
      [
        "-c",
        script,
        fast.emulator.url,
        VAULT,
        archiveId,
        BUCKET,
        `SELECT s.region FROM archive s WHERE s.id = '2'`,
      ],
      { env: awsCliEnv("us-east-1") },
    );
    expect(JSON.parse(stdout)).toEqual({
      status: "Succeeded",
      keys: ["job.txt", "result_manifest.txt", "results/00000.csv"],
      rows: "US\n",
    });
  });
});
