import { AbortMultipartUploadCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { expect, it } from "vitest";
import { s3ClientFor } from "@/lib/aws/s3-client";
import { payload } from "@/emulator/testing/harness";
import { describeEachDialect } from "@/tests/support/db";
import { runUntil, s3Object } from "@/tests/support/plans-kit";
import { kitForFile } from "@/tests/support/plans-kit-suite";
import {
  CHUNK_KIT_OPTIONS,
  chunkCopyHelpers,
  itemOf,
  MIB,
  type Setup,
  stepUntilChunks,
} from "@/tests/support/chunk-copies";
import { type DestinationWriter } from "./destinations";
import { runCopyFinish } from "./index";

const kit = kitForFile(0, CHUNK_KIT_OPTIONS);
const { stats, planOver } = chunkCopyHelpers(kit);

/** Two chunks: 8 MiB and 1 byte. */
const SIZE = 8 * MIB + 1;

/** An S3 plan over one two-chunk archive, its chunks stored: what is left is its copy-finish. */
async function storedCopy(
  dialect: { open: () => Promise<{ db: Setup["db"] }> },
  seed: number,
  watchDestination?: (writer: DestinationWriter) => DestinationWriter,
): Promise<Setup & { finish: (signal?: AbortSignal) => Promise<void> }> {
  const { db } = await dialect.open();
  const s = await planOver(
    db,
    [SIZE],
    seed,
    { destination: { kind: "s3", bucket: kit.bucket, prefix: `finish-${seed}/`, storageClass: "STANDARD" } },
    watchDestination ? { watchDestination } : {},
  );
  await stepUntilChunks(s, (done) => done === 2);
  const item = await itemOf(db, s.planId);
  const finish = (signal = new AbortController().signal) =>
    runCopyFinish({ planId: s.planId, seq: item.seq, archiveId: item.archive_id }, { signal }, s.options);
  return { ...s, finish };
}

const readBacks = () => stats().requests("s3:HeadObject") + stats().requests("s3:GetObject");

describeEachDialect("copy-finish", (dialect) => {
  it("a stop arriving as the upload is completed does not cut the completion: verified in that run, and a repeated finish asks S3 nothing", async () => {
    const stop = new AbortController();
    // The drain's time runs out (or the process shuts down) just as the finish calls S3.
    const s = await storedCopy(dialect, 210, (writer) =>
      Object.assign(Object.create(writer) as DestinationWriter, {
        finish: (...args: Parameters<DestinationWriter["finish"]>) => {
          stop.abort(new Error("the drain's time is up"));
          return writer.finish(...args);
        },
      }),
    );
    stats().reset();
    await s.finish(stop.signal);
    expect(await itemOf(s.db, s.planId)).toMatchObject({ status: "verified", upload_id: null });
    // The queue may run the finish again (it was told to stop): nothing left to do, nothing asked.
    await s.finish();
    expect(stats().requests("s3:CompleteMultipartUpload")).toBe(1);
    expect(readBacks()).toBe(0);
    const item = await itemOf(s.db, s.planId);
    expect((await s3Object(kit, item.object_key)).treeHash).toBe(item.tree_hash);
  });

  it("a stop before the completion leaves it to the next run, which completes without a read-back", async () => {
    const s = await storedCopy(dialect, 220);
    stats().reset();
    const stop = new AbortController();
    stop.abort(new Error("the drain's time is up"));
    await expect(s.finish(stop.signal)).rejects.toThrow("the drain's time is up");
    expect(stats().requests("s3:CompleteMultipartUpload")).toBe(0);
    expect((await itemOf(s.db, s.planId)).status).toBe("copying");
    await s.finish();
    expect((await itemOf(s.db, s.planId)).status).toBe("verified");
    expect(stats().requests("s3:CompleteMultipartUpload")).toBe(1);
    expect(readBacks()).toBe(0);
  });

  it("a completion whose answer was lost: the next run's NoSuchUpload is settled by one HeadObject stating the parts' composite checksum", async () => {
    let lost = 0;
    const s = await storedCopy(dialect, 230, (writer) =>
      Object.assign(Object.create(writer) as DestinationWriter, {
        finish: async (...args: Parameters<DestinationWriter["finish"]>) => {
          await writer.finish(...args);
          // S3 completed the upload; its answer never arrived (a crash, a connection reset).
          if (lost++ === 0) throw new Error("socket hang up");
        },
      }),
    );
    stats().reset();
    await expect(s.finish()).rejects.toThrow("socket hang up");
    expect((await itemOf(s.db, s.planId)).status).toBe("copying");
    await s.finish();
    expect(await itemOf(s.db, s.planId)).toMatchObject({ status: "verified" });
    expect(stats().requests("s3:CompleteMultipartUpload")).toBe(2);
    expect(stats().requests("s3:HeadObject")).toBe(1);
    expect(stats().requests("s3:GetObject")).toBe(0);
  });

  it("an upload aborted behind Thaw's back, another object of the same size under its key: never verified, the copy starts over", async () => {
    const s = await storedCopy(dialect, 240);
    const item = await itemOf(s.db, s.planId);
    const client = s3ClientFor(kit.target);
    await client.send(
      new AbortMultipartUploadCommand({
        Bucket: kit.bucket,
        Key: item.object_key,
        UploadId: item.upload_id ?? "",
      }),
    );
    await client.send(
      new PutObjectCommand({ Bucket: kit.bucket, Key: item.object_key, Body: payload(SIZE, 999) }),
    );
    await s.finish();
    // The size matches; the object's checksum is not the parts' composite: the parts are gone.
    expect(await itemOf(s.db, s.planId)).toMatchObject({ status: "copying", upload_id: null });
    const done = await runUntil(s.planId, s.options);
    expect(done.counts.verified).toBe(1);
    expect((await s3Object(kit, item.object_key)).treeHash).toBe(item.tree_hash);
  });
});
