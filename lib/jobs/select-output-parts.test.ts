import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "@/emulator/testing/harness";
import {
  createVault,
  initiateJob,
  makeS3Client,
  selectJobParameters,
  uploadArchive,
  waitForJob,
} from "@/emulator/testing/jobs";
import { collectPages } from "@/lib/aws/call";
import { type AccountTarget } from "@/lib/aws/vaults";
import { emulatorTarget } from "@/tests/support/emulator-target";
import { listSelectResults, readSelectManifests, selectLocationOf } from "./select-output";

/**
 * A select whose results span thousands of parts. The emulator starts a new part every 256 MiB, which a
 * test cannot reach; its selectResultPartBytes option lowers that to 16 bytes, so each record of a 1 500
 * line archive becomes a part: more than the page shows (1 000), all of them counted.
 */

const VAULT = "many-parts";
const BUCKET = "many-parts-results";
const RECORDS = 1_500;
const PAGE_LIMIT = 1_000;
const row = (i: number) => `${String(i).padStart(5, "0")},value-${String(i).padStart(5, "0")}\n`;
/** Each row is 18 bytes, over the 16-byte part size: one record per part. */
const csv = `id,value\n${Array.from({ length: RECORDS }, (_, i) => row(i)).join("")}`;

let emulator: TestEmulator;
let target: AccountTarget;
let archiveId: string;

beforeAll(async () => {
  emulator = await startTestEmulator({
    timeScale: 1_000_000,
    s3Buckets: [BUCKET],
    selectResultPartBytes: 16,
  });
  target = emulatorTarget(emulator.emulator.url);
  await createVault(emulator.client, VAULT);
  archiveId = await uploadArchive(emulator.client, VAULT, csv);
});
afterAll(() => emulator.stop());

describe("a Select job with thousands of result parts", () => {
  it("counts every part the manifest lists, keeps the first page of keys, and splits no record", async () => {
    const params = selectJobParameters(
      archiveId,
      { Expression: "SELECT * FROM archive" },
      { BucketName: BUCKET, Prefix: "thaw" },
    );
    const { jobId } = await initiateJob(emulator.client, VAULT, params);
    const job = await waitForJob(emulator.client, VAULT, jobId);
    expect(job.StatusCode).toBe("Succeeded");
    const location = selectLocationOf(JSON.stringify(params), job.JobOutputPath ?? null, jobId);
    if (!location) throw new Error("no location");

    const objects = await listSelectResults(target, location);
    const manifests = await readSelectManifests(target, location, objects);
    expect(manifests.state).toBe("succeeded");
    expect(manifests.resultCount).toBe(RECORDS);
    expect(manifests.results).toHaveLength(PAGE_LIMIT);
    expect(manifests.results[0]).toBe(`${location.prefix}results/00000.csv`);
    expect(manifests.results[PAGE_LIMIT - 1]).toBe(`${location.prefix}results/00999.csv`);
    // The listing stops at the page too, and still finds the manifest (it sorts before results/).
    expect(objects.length).toBeLessThanOrEqual(PAGE_LIMIT);
    expect(objects.map((o) => o.key)).toContain(`${location.prefix}result_manifest.txt`);

    // Every part is one whole record (18 bytes), and together, in manifest order, they are the rows.
    const s3 = makeS3Client(emulator.emulator.url);
    const sizes = await collectPages(async (token) => {
      const page = await s3.send(
        new ListObjectsV2Command({
          Bucket: BUCKET,
          Prefix: `${location.prefix}results/`,
          ContinuationToken: token,
        }),
      );
      return { items: (page.Contents ?? []).map((o) => o.Size), next: page.NextContinuationToken };
    });
    expect(sizes).toEqual(Array.from({ length: RECORDS }, () => row(0).length));
    for (const i of [0, PAGE_LIMIT, RECORDS - 1]) {
      const key = `${location.prefix}results/${String(i).padStart(5, "0")}.csv`;
      const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(await out.Body?.transformToString()).toBe(row(i));
    }
    s3.destroy();
  }, 120_000);
});
