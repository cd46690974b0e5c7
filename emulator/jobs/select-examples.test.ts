import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SELECT_EXAMPLES } from "../../lib/glacier/select-editor";
import { Rng } from "../seed/random";
import { salesCsv } from "../seed/reports";
import { startTestEmulator, type TestEmulator } from "../testing/harness";
import { createVault, initiateJob, makeS3Client, uploadArchive, waitForJob } from "../testing/jobs";

/**
 * The select wizard's examples (lib/glacier/select-editor.ts) run on the demo seed's sales reports: each
 * is a select job here, through the SDK, that succeeds and returns rows.
 */

const VAULT = "examples";
const BUCKET = "examples-results";
let t: TestEmulator;
let s3: S3Client;
let archiveId: string;

beforeAll(async () => {
  t = await startTestEmulator({ timeScale: 1_000_000, s3Buckets: [BUCKET] });
  s3 = makeS3Client(t.emulator.url);
  await createVault(t.client, VAULT);
  // A quarter of sales as the seed writes it (emulator/seed/reports.ts).
  archiveId = await uploadArchive(t.client, VAULT, salesCsv(new Rng("examples"), 300, 2023, 1, 3));
});
afterAll(async () => {
  s3.destroy();
  await t.stop();
});

it.each(SELECT_EXAMPLES.map((e) => [e.title, e] as const))("%s", async (_, example) => {
  const { jobId } = await initiateJob(t.client, VAULT, {
    Type: "select",
    ArchiveId: archiveId,
    Tier: "Expedited",
    SelectParameters: {
      ExpressionType: "SQL",
      Expression: example.expression,
      InputSerialization: { csv: { FileHeaderInfo: example.fileHeaderInfo } },
      OutputSerialization: { csv: {} },
    },
    OutputLocation: { S3: { BucketName: BUCKET, Prefix: "examples" } },
  });
  const job = await waitForJob(t.client, VAULT, jobId);
  expect(job.StatusMessage).toBe("Succeeded");
  const out = await s3.send(
    new GetObjectCommand({ Bucket: BUCKET, Key: `${job.JobOutputPath ?? ""}results/00000.csv` }),
  );
  const rows = ((await out.Body?.transformToString()) ?? "").trim().split("\n");
  expect(rows.length).toBeGreaterThan(0);
  expect(rows[0]).not.toBe("");
});
