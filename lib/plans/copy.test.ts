import { Transform } from "node:stream";
import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { expect, it } from "vitest";
import { s3ClientFor } from "@/lib/aws/s3-client";
import { describeEachDialect } from "@/tests/support/db";
import { runUntil, s3Object } from "@/tests/support/plans-kit";
import { kitForFile } from "@/tests/support/plans-kit-suite";
import { type DestinationWriter } from "./destinations";
import { type PartToWrite } from "./destinations/types";

import { CHUNK_KIT_OPTIONS, chunkCopyHelpers, chunksOf, itemOf, MIB } from "@/tests/support/chunk-copies";

const kit = kitForFile(0, CHUNK_KIT_OPTIONS);
const { stats, readsOf, planOver } = chunkCopyHelpers(kit);

describeEachDialect("chunked copies", (dialect) => {
  it("copies a several-chunk archive to S3 as 8 MiB parts, byte for byte, and forgets its chunks", async () => {
    const { db } = await dialect.open();
    const prefix = `chunks-${dialect.dialect}/`;
    const size = 3 * 8 * MIB + 12_345;
    const s = await planOver(db, [size], 100, {
      destination: { kind: "s3", bucket: kit.bucket, prefix, storageClass: "DEEP_ARCHIVE" },
    });
    stats().reset();
    const done = await runUntil(s.planId, s.options);
    // Four ranged reads, one per part, and nothing read back (no GetObject, no HeadObject).
    const job = (await itemOf(db, s.planId)).glacier_job_id;
    expect(readsOf(job).sort()).toEqual(
      [0, 1, 2, 3].map((i) => `${i * 8 * MIB}-${Math.min(size, (i + 1) * 8 * MIB) - 1}`).sort(),
    );
    expect(stats().requests("GetObject")).toBe(0);
    expect(stats().requests("HeadObject")).toBe(0);
    expect(done).toMatchObject({ status: "completed", counts: { verified: 1 } });
    const item = await itemOf(db, s.planId);
    const head = await s3ClientFor(kit.target).send(
      new HeadObjectCommand({ Bucket: kit.bucket, Key: item.object_key }),
    );
    expect(head.ETag).toMatch(/-4"$/);
    expect(head.StorageClass).toBe("DEEP_ARCHIVE");
    const stored = await s3Object(kit, item.object_key);
    expect(stored.bytes).toBe(size);
    expect(stored.treeHash).toBe(item.tree_hash);
    expect(await chunksOf(db, s.planId)).toEqual([]);
  });

  it("streams each chunk: an 8 MiB part reaches S3 in pieces, never buffered whole", async () => {
    const { db } = await dialect.open();
    const size = 2 * 8 * MIB + 1;
    // Every piece of every part's body as the destination reads it, and the most the chunk's stream
    // held at once (its buffered bytes, both sides): bounded by stream buffers, not the 8 MiB part.
    let largestPiece = 0;
    let mostBuffered = 0;
    let parts = 0;
    const watchDestination = (writer: DestinationWriter): DestinationWriter =>
      Object.assign(Object.create(writer) as DestinationWriter, {
        writePart: (key: string, handle: string, part: PartToWrite, signal: AbortSignal) => {
          parts++;
          const source = part.body as Transform; // the chunk stream (lib/plans/chunks/read.ts)
          const watched = source.pipe(
            new Transform({
              highWaterMark: 16 * 1024,
              transform(piece: Buffer, _encoding, done) {
                largestPiece = Math.max(largestPiece, piece.length);
                mostBuffered = Math.max(mostBuffered, source.readableLength + source.writableLength);
                done(null, piece);
              },
            }),
          );
          source.on("error", (error) => watched.destroy(error));
          return writer.writePart(key, handle, { ...part, body: watched }, signal);
        },
      });
    const s = await planOver(
      db,
      [size],
      120,
      {
        destination: {
          kind: "s3",
          bucket: kit.bucket,
          prefix: `stream-${dialect.dialect}/`,
          storageClass: "STANDARD",
        },
      },
      { watchDestination },
    );
    const done = await runUntil(s.planId, s.options);
    expect(done.counts.verified).toBe(1);
    expect(parts).toBe(3);
    expect(largestPiece).toBeGreaterThan(0);
    expect(largestPiece).toBeLessThanOrEqual(256 * 1024);
    expect(mostBuffered).toBeLessThanOrEqual(MIB);
    const item = await itemOf(db, s.planId);
    const stored = await s3Object(kit, item.object_key);
    expect(stored.bytes).toBe(size);
    expect(stored.treeHash).toBe(item.tree_hash);
  });

  it("takes 16 MiB parts when S3's (lowered) part limit refuses 8 MiB ones, and retries a part S3 fails with 500", async () => {
    const { db } = await dialect.open();
    const size = 40 * MIB;
    const s = await planOver(db, [size], 150, {
      destination: {
        kind: "s3",
        bucket: kit.bucket,
        prefix: `limits-${dialect.dialect}/`,
        storageClass: "STANDARD",
      },
    });
    stats().reset();
    // The second UploadPart to arrive answers 500 InternalError.
    kit.emulator.emulator.s3Faults.failAfter("UploadPart", 1, { count: 1 });
    const done = await runUntil(s.planId, s.options);
    expect(done.counts.verified).toBe(1);
    const item = await itemOf(db, s.planId);
    const head = await s3ClientFor(kit.target).send(
      new HeadObjectCommand({ Bucket: kit.bucket, Key: item.object_key }),
    );
    expect(head.ETag).toMatch(/-3"$/);
    // A streamed part is not held to be sent again (the SDK does not retry a streaming body): the
    // chunk failed and was read again, that chunk only. Four UploadParts, one range twice (the
    // chunks are tasks running at once: whichever part arrived second).
    expect(stats().requests("UploadPart")).toBe(4);
    const reads = readsOf(item.glacier_job_id);
    expect(reads).toHaveLength(4);
    expect(new Set(reads)).toEqual(
      new Set([`0-${16 * MIB - 1}`, `${16 * MIB}-${32 * MIB - 1}`, `${32 * MIB}-${size - 1}`]),
    );
    const stored = await s3Object(kit, item.object_key);
    expect(stored.treeHash).toBe(item.tree_hash);
  });

  it("bounds a chunk's time: an UploadPart S3 never answers is given up and the chunk retried", async () => {
    const { db } = await dialect.open();
    const size = 24 * MIB;
    const s = await planOver(
      db,
      [size],
      170,
      {
        destination: {
          kind: "s3",
          bucket: kit.bucket,
          prefix: `hang-${dialect.dialect}/`,
          storageClass: "STANDARD",
        },
      },
      // The failed chunk's retry waits 5 s (the default), so the item's error, watched below, stays
      // up long enough for a test process starved by a loaded machine to see it.
      { chunkTimeoutMs: 4_000, chunkRetryDelaySeconds: 5 },
    );
    stats().reset();
    kit.emulator.emulator.s3Faults.failAfter("UploadPart", 1, { code: "Hang" });
    // The item's error is watched as the chunks run (until the chunk's retry clears it).
    const errors = new Set<string>();
    const watch = setInterval(() => {
      void itemOf(db, s.planId).then(
        ({ error }) => error && errors.add(error),
        () => undefined,
      );
    }, 20);
    const done = await runUntil(s.planId, s.options).finally(() => clearInterval(watch));
    expect(done.counts.verified).toBe(1);
    // The second UploadPart to arrive hung (the chunks run at once: any of the three parts).
    expect([...errors]).toHaveLength(1);
    expect([...errors][0]).toMatch(
      /^Copy of bytes \d+–\d+ \(part [123]\) failed, will retry: no answer within 4 s$/,
    );
    const item = await itemOf(db, s.planId);
    expect(stats().requests("s3:UploadPart")).toBe(4);
    // The given-up part's range is read again (its bytes are not kept between runs), the others once.
    const reads = readsOf(item.glacier_job_id);
    expect(reads).toHaveLength(4);
    expect(new Set(reads)).toEqual(
      new Set([`0-${8 * MIB - 1}`, `${8 * MIB}-${16 * MIB - 1}`, `${16 * MIB}-${size - 1}`]),
    );
    expect((await s3Object(kit, item.object_key)).treeHash).toBe(item.tree_hash);
  });
});
