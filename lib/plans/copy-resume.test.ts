import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { runFixture, until } from "@/tests/support/fixture-process";
import { retrievalsPerArchive, runUntil } from "@/tests/support/plans-kit";
import { kitForFile } from "@/tests/support/plans-kit-suite";
import { cancelPlan } from "./control";
import { MAX_CHUNK_TRIES } from "./copy";
import { type DestinationWriter } from "./destinations";
import { type PartToWrite } from "./destinations/types";
import { copiesSettled } from "./background-copies";
import { runPlanTick } from "./tick";

import {
  CHUNK_KIT_OPTIONS,
  chunkCopyHelpers,
  chunksOf,
  itemOf,
  MIB,
  rewritesOf,
  step,
  stepUntilChunks,
} from "@/tests/support/chunk-copies";

const kit = kitForFile(0, CHUNK_KIT_OPTIONS);
const { stats, readsOf, planOver } = chunkCopyHelpers(kit);

describeEachDialect("chunked copies: directories, takeovers, re-requests and crashes", (dialect) => {
  it("copies to a directory in 1 MiB regions, one per step at a budget of 0, the file byte for byte", async () => {
    const { db } = await dialect.open();
    const dir = path.join(kit.exportRoot, `regions-${dialect.dialect}`);
    const s = await planOver(
      db,
      [5 * MIB + 7],
      200,
      { destination: { kind: "directory", path: dir } },
      { chunkFloorBytes: MIB, copyBudgetMs: 0 },
    );
    const seen: number[] = [];
    for (let i = 0; i < 200 && (await itemOf(db, s.planId)).status !== "verified"; i++) {
      await step(s);
      seen.push((await chunksOf(db, s.planId)).filter((r) => r.state === "done").length);
    }
    // One more chunk each step: 0 (job not done yet) … 5, then the sixth completes and the rows go.
    expect(seen.filter((n) => n > 0)).toEqual([1, 2, 3, 4, 5]);
    const item = await itemOf(db, s.planId);
    expect(item.status).toBe("verified");
    expect(
      fs.readFileSync(path.join(dir, item.object_key)).equals(s.archives[0]?.bytes ?? Buffer.alloc(0)),
    ).toBe(true);
  });

  it("a lease taken over mid-copy: the old holder's chunk writes change nothing, the new holder finishes", async () => {
    const { db } = await dialect.open();
    const dir = path.join(kit.exportRoot, `takeover-${dialect.dialect}`);
    let taken = null as { chunks: unknown[]; item: unknown } | null;
    // As the old holder writes the third region, another process takes the lease (the epoch goes up).
    const watchDestination = (writer: DestinationWriter): DestinationWriter =>
      Object.assign(Object.create(writer) as DestinationWriter, {
        writePart: async (key: string, handle: string, part: PartToWrite, signal: AbortSignal) => {
          if (part.partNumber === 3 && !taken) {
            await db
              .updateTable("plans")
              .set((eb) => ({
                lease_owner: "new-owner",
                lease_expires_at: new Date(Date.now() + 3_600_000).toISOString(),
                lease_epoch: eb("lease_epoch", "+", 1),
              }))
              .where("id", "=", s.planId)
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
      { chunkFloorBytes: MIB, copyBudgetMs: 60_000, watchDestination },
    );
    for (let i = 0; i < 200 && !taken; i++) await step(s);
    expect(taken).not.toBeNull();
    // The old holder's copy has ended (step awaited it): its region 3 was written but not recorded,
    // nothing else of the item or its chunks changed, and it stopped (no further region).
    expect(await chunksOf(db, s.planId)).toEqual(taken?.chunks);
    expect(await itemOf(db, s.planId)).toEqual(taken?.item);
    expect((await chunksOf(db, s.planId)).filter((r) => r.state === "done")).toHaveLength(2);
    // The new holder resumes at the first missing chunk and finishes the file.
    const reads = readsOf((await itemOf(db, s.planId)).glacier_job_id).length;
    for (let i = 0; i < 50 && (await itemOf(db, s.planId)).status !== "verified"; i++) {
      await runPlanTick(s.planId, "new-owner", s.options);
      await copiesSettled([s.planId]);
    }
    const item = await itemOf(db, s.planId);
    expect(item.status).toBe("verified");
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
      { chunkFloorBytes: MIB, copyBudgetMs: 0, copyConcurrency: 1 },
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
      { chunkFloorBytes: MIB, copyBudgetMs: 0 },
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
      new RegExp(`bytes ${MIB}–${2 * MIB - 1} \\(part 2\\) failed ${MAX_CHUNK_TRIES} times: .*EISDIR`),
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
      { chunkFloorBytes: MIB, copyBudgetMs: 0 },
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
      { chunkFloorBytes: MIB, copyBudgetMs: 0 },
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
    await step(s);
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
    await step(s);
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
    // Each MiB read once: the first job's chunks, then the new job's from the first missing one on.
    const first = readsOf(before.glacier_job_id);
    const second = readsOf(final.glacier_job_id);
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
      { chunkFloorBytes: MIB, copyBudgetMs: 0 },
    );
    stats().reset();
    const child = runFixture(
      "worker",
      JSON.stringify({
        database: dialect.options(),
        target: kit.target,
        owner: "doomed",
        options: { chunkFloorBytes: MIB, copyBudgetMs: 0, leaseMs: 1_000, exportRoots: [kit.exportRoot] },
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
    const done = await runUntil(s.planId, s.options, undefined, watch.each);
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
  });
});
