import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { runFixture, until } from "@/tests/support/fixture-process";
import { runCopyChunk } from "./copy";
import { retrievalsPerArchive, runUntil } from "@/tests/support/plans-kit";
import { kitForFile } from "@/tests/support/plans-kit-suite";
import { cancelPlan } from "./control";
import { MAX_CHUNK_TRIES } from "./copy";
import { type DestinationWriter } from "./destinations";
import { type PartToWrite } from "./destinations/types";

import {
  CHUNK_KIT_OPTIONS,
  chunkCopyHelpers,
  chunksOf,
  itemOf,
  MIB,
  rewritesOf,
  step,
  stepOnly,
  stepUntilChunks,
  taskRun,
} from "@/tests/support/chunk-copies";

const kit = kitForFile(0, CHUNK_KIT_OPTIONS);
const { stats, readsOf, planOver } = chunkCopyHelpers(kit);

describeEachDialect("chunked copies: directories, takeovers, re-requests and crashes", (dialect) => {
  it("copies to a directory in 1 MiB regions, each chunk its own task, the file byte for byte", async () => {
    const { db } = await dialect.open();
    const dir = path.join(kit.exportRoot, `regions-${dialect.dialect}`);
    const s = await planOver(
      db,
      [5 * MIB + 7],
      200,
      { destination: { kind: "directory", path: dir } },
      { chunkFloorBytes: MIB },
    );
    // Chunk by chunk, each its own copy-chunk task: one more stored each time, in any order.
    const seen: number[] = [];
    for (let n = 1; n <= 5; n++) {
      await stepUntilChunks(s, (done) => done >= n);
      seen.push((await chunksOf(db, s.planId)).filter((r) => r.state === "done").length);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    const done = await runUntil(s.planId, s.options);
    expect(done.counts.verified).toBe(1);
    const item = await itemOf(db, s.planId);
    expect(readsOf(item.glacier_job_id)).toHaveLength(6);
    expect(
      fs.readFileSync(path.join(dir, item.object_key)).equals(s.archives[0]?.bytes ?? Buffer.alloc(0)),
    ).toBe(true);
  });

  it("a chunk run whose claim was taken mid-write (the queue retried it elsewhere) records nothing; the retry finishes", async () => {
    const { db } = await dialect.open();
    const dir = path.join(kit.exportRoot, `takeover-${dialect.dialect}`);
    let taken = null as { chunks: unknown[]; item: unknown } | null;
    // As the first run writes the third region, a retry of its task claims the chunk.
    const watchDestination = (writer: DestinationWriter): DestinationWriter =>
      Object.assign(Object.create(writer) as DestinationWriter, {
        writePart: async (key: string, handle: string, part: PartToWrite, signal: AbortSignal) => {
          if (part.partNumber === 3 && !taken) {
            await db
              .updateTable("plan_chunks")
              .set({ claim: "the-retry" })
              .where("plan_id", "=", s.planId)
              .where("idx", "=", 2)
              .execute();
            taken = { chunks: await chunksOf(db, s.planId), item: await itemOf(db, s.planId) };
          }
          return writer.writePart(key, handle, part, signal);
        },
      });
    const s = await planOver(
      db,
      [5 * MIB + 7],
      210,
      { destination: { kind: "directory", path: dir } },
      { chunkFloorBytes: MIB, watchDestination },
    );
    await stepUntilChunks(s, (n) => n >= 2);
    const item = await itemOf(db, s.planId);
    const chunk = { planId: s.planId, seq: item.seq, archiveId: item.archive_id, idx: 2 };
    await runCopyChunk(chunk, taskRun("first-run"), s.options);
    expect(taken).not.toBeNull();
    // The first run's region 3 was written but not recorded, and nothing else of the item or its
    // chunks changed.
    expect(await chunksOf(db, s.planId)).toEqual(taken?.chunks);
    expect(await itemOf(db, s.planId)).toEqual(taken?.item);
    expect((await chunksOf(db, s.planId)).filter((r) => r.state === "done")).toHaveLength(2);
    // The retry (the queue runs the task again) stores the chunk; the rest follow.
    const reads = readsOf(item.glacier_job_id).length;
    await runCopyChunk(chunk, taskRun("the-retry"), s.options);
    const done = await runUntil(s.planId, s.options);
    expect(done.counts.verified).toBe(1);
    expect(readsOf(item.glacier_job_id).length - reads).toBe(4);
    expect(
      fs.readFileSync(path.join(dir, item.object_key)).equals(s.archives[0]?.bytes ?? Buffer.alloc(0)),
    ).toBe(true);
  });

  it("retries a chunk the destination refuses; after 3 refusals the item fails saying which bytes, nothing verified", async () => {
    const { db } = await dialect.open();
    const dir = path.join(kit.exportRoot, `refuse-${dialect.dialect}`);
    const s = await planOver(
      db,
      [4 * MIB, 4 * MIB + 1],
      300,
      { destination: { kind: "directory", path: dir }, maxInFlight: 2 },
      { chunkFloorBytes: MIB, copyConcurrency: 1 },
    );
    await stepUntilChunks(s, (n) => n >= 1);
    const copying = await db
      .selectFrom("plan_items")
      .selectAll()
      .where("plan_id", "=", s.planId)
      .where("status", "=", "copying")
      .executeTakeFirstOrThrow();
    const part = path.join(dir, `${copying.object_key}.part`);
    // A directory where the file was: every write of a region fails (EISDIR), as a full disk would.
    fs.renameSync(part, `${part}.saved`);
    fs.mkdirSync(part);
    await step(s);
    const once = await db
      .selectFrom("plan_items")
      .select(["status", "error"])
      .where("archive_id", "=", copying.archive_id)
      .executeTakeFirstOrThrow();
    expect(once.status).toBe("copying");
    expect(once.error).toMatch(/will retry/);
    // The fault clears: the copy goes on where it was and ends byte for byte.
    fs.rmdirSync(part);
    fs.renameSync(`${part}.saved`, part);
    const done = await runUntil(s.planId, s.options);
    expect(done.counts.verified).toBe(2);
    const byId = new Map(s.archives.map((a) => [a.archiveId, a.bytes]));
    expect(
      fs
        .readFileSync(path.join(dir, copying.object_key))
        .equals(byId.get(copying.archive_id) ?? Buffer.alloc(0)),
    ).toBe(true);

    // Again with a fault that stays: the item fails after MAX_CHUNK_TRIES, its chunks and file gone.
    const t = await planOver(
      db,
      [3 * MIB],
      400,
      { destination: { kind: "directory", path: path.join(dir, "again") } },
      { chunkFloorBytes: MIB },
    );
    await stepUntilChunks(t, (n) => n >= 1);
    const item = await itemOf(db, t.planId);
    const stuck = path.join(dir, "again", `${item.object_key}.part`);
    fs.rmSync(stuck);
    fs.mkdirSync(stuck);
    const failed = await runUntil(t.planId, t.options);
    expect(failed.counts).toMatchObject({ failed: 1, verified: 0 });
    const after = await itemOf(db, t.planId);
    expect(after.error).toMatch(
      // Chunks run at once: whichever of the two failing ones reached its last try first.
      new RegExp(`bytes \\d+–\\d+ \\(part [23]\\) failed ${MAX_CHUNK_TRIES} times: .*EISDIR`),
    );
    expect(await chunksOf(db, t.planId)).toEqual([]);
    expect(fs.existsSync(path.join(dir, "again", item.object_key))).toBe(false);
  });

  it("forgets the chunks of a plan cancelled mid-copy", async () => {
    const { db } = await dialect.open();
    const s = await planOver(
      db,
      [3 * MIB],
      450,
      { destination: { kind: "directory", path: path.join(kit.exportRoot, `cancel-${dialect.dialect}`) } },
      { chunkFloorBytes: MIB },
    );
    await stepUntilChunks(s, (n) => n >= 1);
    await cancelPlan(s.planId, { db });
    expect(await chunksOf(db, s.planId)).toEqual([]);
    expect((await itemOf(db, s.planId)).status).toBe("failed");
  });

  it("requests an output again under 5 hours from its end, mid-copy, and resumes at the first missing chunk", async () => {
    const { db } = await dialect.open();
    const dir = path.join(kit.exportRoot, `again-${dialect.dialect}`);
    const s = await planOver(
      db,
      [6 * MIB],
      500,
      { destination: { kind: "directory", path: dir } },
      { chunkFloorBytes: MIB },
    );
    stats().reset();
    await stepUntilChunks(s, (n) => n >= 2);
    const before = await itemOf(db, s.planId);
    const kept = (await chunksOf(db, s.planId)).filter((r) => r.state === "done");
    const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    // 5 h 6 min left: copying goes on with the same job.
    await db
      .updateTable("plan_items")
      .set({ expires_at: hours(5.1) })
      .where("plan_id", "=", s.planId)
      .execute();
    await stepOnly(s);
    expect(await itemOf(db, s.planId)).toMatchObject({
      glacier_job_id: before.glacier_job_id,
      attempts: before.attempts,
    });
    // 4 h 54 min left: a new job, the upload handle and the stored chunks kept.
    await db
      .updateTable("plan_items")
      .set({ expires_at: hours(4.9) })
      .where("plan_id", "=", s.planId)
      .execute();
    await stepOnly(s);
    const again = await itemOf(db, s.planId);
    expect(again.attempts).toBe(before.attempts + 1);
    expect(again.upload_id).toBe(before.upload_id);
    const watch = rewritesOf(db, s.planId, kept);
    const done = await runUntil(s.planId, s.options, undefined, watch.each);
    expect(done.counts.verified).toBe(1);
    expect([...watch.rewritten]).toEqual([]);
    const final = await itemOf(db, s.planId);
    expect(final.glacier_job_id).not.toBe(before.glacier_job_id);
    expect(
      fs.readFileSync(path.join(dir, final.object_key)).equals(s.archives[0]?.bytes ?? Buffer.alloc(0)),
    ).toBe(true);
    expect([...(await retrievalsPerArchive(kit, s.planId)).values()]).toEqual([2]);
    // Each MiB read once: the first job's chunks, then the new job's missing ones (the chunks run at
    // once, in any order).
    const byStart = (a: string, b: string) => parseInt(a) - parseInt(b);
    const first = readsOf(before.glacier_job_id).sort(byStart);
    const second = readsOf(final.glacier_job_id).sort(byStart);
    expect(first.length).toBeGreaterThanOrEqual(kept.length);
    expect(second.length).toBe(6 - first.length);
    expect([...first, ...second]).toEqual([0, 1, 2, 3, 4, 5].map((i) => `${i * MIB}-${(i + 1) * MIB - 1}`));
  });

  it("resumes a copy whose process was killed (SIGKILL) mid-archive: the stored chunks are not read again", async () => {
    const { db } = await dialect.open();
    const dir = path.join(kit.exportRoot, `killed-${dialect.dialect}`);
    const s = await planOver(
      db,
      [12 * MIB],
      600,
      { destination: { kind: "directory", path: dir } },
      { chunkFloorBytes: MIB },
    );
    stats().reset();
    const child = runFixture(
      "worker",
      JSON.stringify({
        database: dialect.options(),
        target: kit.target,
        owner: "doomed",
        // One chunk at a time: the kill catches at most one in flight.
        // A dead run's task is taken back after 10 s without a heartbeat (pg-boss's least).
        options: {
          chunkFloorBytes: MIB,
          copyConcurrency: 1,
          heartbeatSeconds: 10,
          exportRoots: [kit.exportRoot],
        },
      }),
    );
    let stored: Awaited<ReturnType<typeof chunksOf>> = [];
    try {
      await until(async () => {
        stored = (await chunksOf(db, s.planId)).filter((r) => r.state === "done");
        return stored.length >= 3;
      }, 30_000);
      child.process.kill("SIGKILL");
      await child.exited;
    } finally {
      child.process.kill("SIGKILL");
    }
    stored = (await chunksOf(db, s.planId)).filter((r) => r.state === "done");
    expect(stored.length).toBeLessThan(12);
    expect((await itemOf(db, s.planId)).status).toBe("copying");
    const watch = rewritesOf(db, s.planId, stored);
    // The dead process's chunk tasks are gone with it here: the stalled copy's chunks are enqueued again.
    const options = { ...s.options, copyStallMs: 0, heartbeatSeconds: 10 };
    const done = await runUntil(s.planId, options, undefined, watch.each, 45_000);
    expect(done.counts.verified).toBe(1);
    expect([...watch.rewritten]).toEqual([]);
    const item = await itemOf(db, s.planId);
    expect(
      fs.readFileSync(path.join(dir, item.object_key)).equals(s.archives[0]?.bytes ?? Buffer.alloc(0)),
    ).toBe(true);
    expect([...(await retrievalsPerArchive(kit, s.planId)).values()]).toEqual([1]);
    // Counted at the emulator: every chunk read, and at most one (the one in flight at the kill) twice.
    const reads = readsOf(item.glacier_job_id);
    const distinct = new Set(reads);
    expect(distinct.size).toBe(12);
    expect(reads.length - distinct.size).toBeLessThanOrEqual(1);
  }, 60_000);
});
