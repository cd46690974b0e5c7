import {
  AbortMultipartUploadCommand as GlacierAbortMultipartUpload,
  GetJobOutputCommand,
  InitiateMultipartUploadCommand,
} from "@aws-sdk/client-glacier";
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { payload, withTestEmulator } from "./testing/harness";
import { createVault, retrievalOfNewArchive, waitForJob } from "./testing/jobs";
import { sharedS3TestEmulator } from "../tests/support/test-emulator";

/** RunningEmulator.stats and .s3Faults: what tests count and inject instead of timing. */
const BUCKET = "stats-tests";
const t = sharedS3TestEmulator({ s3Buckets: [BUCKET], timeScale: 1_000_000, faultInjection: {} });
const MIB = 1024 * 1024;

describe("request counts", () => {
  it("counts Glacier and S3 operations by name, and GetJobOutput's ranges", async () => {
    t.emulator.stats.reset();
    const archive = payload(3 * MIB + 5, 1);
    const { jobId } = await retrievalOfNewArchive(t.client, "stats-vault", archive);
    await waitForJob(t.client, "stats-vault", jobId);
    const get = (range?: string) =>
      t.client.send(new GetJobOutputCommand({ accountId: "-", vaultName: "stats-vault", jobId, range }));
    for (const range of ["bytes=0-1048575", "bytes=1048576-3145727", "bytes=3145728-"]) {
      await (await get(range)).body?.transformToByteArray();
    }
    await (await get()).body?.transformToByteArray();
    await t.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "k", Body: "x" }));

    const { stats } = t.emulator;
    expect(stats.requests("GetJobOutput")).toBe(4);
    expect(stats.requests("InitiateJob")).toBe(1);
    expect(stats.requests("PutObject")).toBe(1);
    expect(stats.requests("GetObject")).toBe(0);
    expect(stats.jobOutputReads(jobId)).toEqual([
      { jobId, start: 0, end: MIB - 1 },
      { jobId, start: MIB, end: 3 * MIB - 1 },
      { jobId, start: 3 * MIB, end: 3 * MIB + 4 },
      { jobId, start: 0, end: 3 * MIB + 4 },
    ]);
    expect(stats.jobOutputBytes(jobId)).toBe(2 * archive.length);
    expect(stats.jobOutputReads("another-job")).toEqual([]);
    await (await t.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "k" }))).Body?.transformToString();
    expect(stats.byOperation()).toMatchObject({
      "s3:GetObject": 1,
      "s3:PutObject": 1,
      "glacier:UploadArchive": 1,
    });
    expect(stats.requests("glacier:GetObject")).toBe(0);
    expect(stats.requests("s3:GetObject")).toBe(1);
  });
});

describe("S3 fault injection", () => {
  it("answers 500 InternalError after N good UploadParts, then recovers; nothing of the failed part is kept", async () => {
    const Key = "halfway.bin";
    const { UploadId = "" } = await t.s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key }));
    const part = (PartNumber: number) =>
      t.s3.send(
        new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber, Body: payload(1000, PartNumber) }),
      );
    t.emulator.s3Faults.failAfter("UploadPart", 2, { count: 2 });
    await part(1);
    await part(2);
    expect(t.emulator.s3Faults.pending("UploadPart")).toBe(2);
    await expect(part(3)).rejects.toMatchObject({
      name: "InternalError",
      message: "We encountered an internal error. Please try again.",
      $metadata: { httpStatusCode: 500 },
    });
    await expect(part(3)).rejects.toMatchObject({ name: "InternalError" });
    await expect(part(3)).resolves.toMatchObject({ ETag: expect.any(String) });
    expect(t.emulator.s3Faults.pending("UploadPart")).toBe(0);
    expect(t.emulator.stats.requests("s3:UploadPart")).toBeGreaterThanOrEqual(5);
  });

  it("counts the operations both services name alike per service", async () => {
    t.emulator.stats.reset();
    const { UploadId = "" } = await t.s3.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: "both" }),
    );
    await t.s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: "both", UploadId }));
    await createVault(t.client, "both-vault");
    const glacierUpload = await t.client.send(
      new InitiateMultipartUploadCommand({ accountId: "-", vaultName: "both-vault", partSize: String(MIB) }),
    );
    await t.client.send(
      new GlacierAbortMultipartUpload({
        accountId: "-",
        vaultName: "both-vault",
        uploadId: glacierUpload.uploadId,
      }),
    );
    const { stats } = t.emulator;
    expect([
      stats.requests("s3:AbortMultipartUpload"),
      stats.requests("glacier:AbortMultipartUpload"),
    ]).toEqual([1, 1]);
    expect(stats.requests("AbortMultipartUpload")).toBe(2);
  });

  it("holds a Hang call unanswered until the client gives up, then answers the next one", async () => {
    const Key = "hung.bin";
    const { UploadId = "" } = await t.s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key }));
    const part = (abortSignal?: AbortSignal) =>
      t.s3.send(
        new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber: 1, Body: payload(1000, 1) }),
        { abortSignal },
      );
    t.emulator.s3Faults.failAfter("UploadPart", 0, { code: "Hang" });
    const before = t.emulator.stats.requests("s3:UploadPart");
    // The client's own time bound is what ends it: the emulator never answers.
    await expect(part(AbortSignal.timeout(200))).rejects.toMatchObject({ name: "AbortError" });
    await expect(part()).resolves.toMatchObject({ ETag: expect.any(String) });
    expect(t.emulator.stats.requests("s3:UploadPart") - before).toBe(2);
  });

  it("refuses to arm without faultInjection, and refuses unknown operations", async () => {
    expect(() => t.emulator.s3Faults.failAfter("GetBucketPolicy" as "GetObject", 0)).toThrow(
      /unknown S3 operation/,
    );
    await withTestEmulator({}, async (plain) => {
      expect(() => plain.emulator.s3Faults.failAfter("UploadPart", 0)).toThrow(/fault injection is off/);
    });
  });
});
