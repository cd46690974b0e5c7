import { sql } from "kysely";
import { afterEach, expect, it } from "vitest";
import { type Database } from "@/lib/db";
import { describeEachDialect } from "@/tests/support/db";
import { directoryPlan, type DirectoryPlan } from "@/tests/support/plan-fixtures";
import { type Kysely } from "kysely";
import {
  allChunks,
  claimChunk,
  deleteChunks,
  ensureChunks,
  markChunkDone,
  markChunkFailed,
} from "./chunks/store";
import { cancelPlan, retryFailedItems } from "./control";
import {
  bytesInitiatedOn,
  countersOf,
  type Fence,
  getPlanRowOrThrow,
  ITEM_STATUSES,
  type ItemStatus,
  moveItems,
  PERSON,
  updateItem,
} from "./store";

/** A small deterministic PRNG (mulberry32): the same sequence on every run and dialect. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function recount(db: Kysely<Database>, planId: string) {
  const rows = await db
    .selectFrom("plan_items")
    .select((eb) => ["status", eb.fn.countAll().as("n"), eb.fn.sum<number>("size").as("bytes")])
    .where("plan_id", "=", planId)
    .groupBy("status")
    .execute();
  const counts = Object.fromEntries(ITEM_STATUSES.map((s) => [s, 0])) as Record<ItemStatus, number>;
  const bytes = { ...counts };
  for (const r of rows) {
    counts[r.status] = Number(r.n);
    bytes[r.status] = Number(r.bytes ?? 0);
  }
  return { counts, bytes };
}

const descriptions = Array.from({ length: 40 }, (_, i) => `photos/${i}.jpg`);

describeEachDialect("plan counters, ledger and fencing", (dialect) => {
  let made: DirectoryPlan | undefined;
  afterEach(() => made?.remove());

  it("keeps the counters equal to a recount through random item changes and bulk moves", async () => {
    const { db } = await dialect.open();
    made = await directoryPlan(db, descriptions);
    const planId = made.plan.id;
    const items = await db.selectFrom("plan_items").selectAll().where("plan_id", "=", planId).execute();
    const epoch = (await getPlanRowOrThrow(db, planId)).lease_epoch;
    const next = random(13);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
    const day = "2030-03-04T05:06:07.000Z";
    let requestedBytes = 0;
    for (let step = 0; step < 300; step++) {
      const roll = next();
      if (roll < 0.85) {
        const item = pick(items);
        const to = pick(ITEM_STATUSES);
        const from = next() < 0.5 ? undefined : [pick(ITEM_STATUSES), pick(ITEM_STATUSES)];
        const fence: Fence = next() < 0.8 ? epoch : next() < 0.5 ? PERSON : epoch + 1;
        const before = await db
          .selectFrom("plan_items")
          .select("status")
          .where("plan_id", "=", planId)
          .where("archive_id", "=", item.archive_id)
          .executeTakeFirstOrThrow();
        const changed = await updateItem(db, item, { status: to, requested_at: day }, from, fence);
        const allowed = fence !== epoch + 1 && (from === undefined || from.includes(before.status));
        expect(changed).toBe(allowed);
        if (changed && before.status === "pending" && to === "requested") requestedBytes += Number(item.size);
      } else {
        const from = [pick(ITEM_STATUSES), pick(ITEM_STATUSES)];
        await moveItems(db, planId, from, { status: pick(ITEM_STATUSES) }, next() < 0.5 ? epoch : PERSON);
      }
      if (step % 25 === 0 || step === 299)
        expect(countersOf(await getPlanRowOrThrow(db, planId))).toEqual(await recount(db, planId));
    }
    // The ledger holds exactly the bytes that went pending → requested on that UTC day.
    expect(requestedBytes).toBeGreaterThan(0);
    expect(await bytesInitiatedOn(db, planId, new Date(day))).toBe(requestedBytes);
    expect(await bytesInitiatedOn(db, planId, new Date("2030-03-05T00:00:00.000Z"))).toBe(0);
  });

  it("keeps them through cancel and retry too", async () => {
    const { db } = await dialect.open();
    made = await directoryPlan(db, descriptions);
    const planId = made.plan.id;
    const items = await db.selectFrom("plan_items").selectAll().where("plan_id", "=", planId).execute();
    for (const [i, item] of items.slice(0, 12).entries())
      await updateItem(
        db,
        item,
        { status: (["requested", "copying", "copied"] as const)[i % 3] },
        undefined,
        PERSON,
      );
    await cancelPlan(planId, { db });
    expect(countersOf(await getPlanRowOrThrow(db, planId))).toEqual(await recount(db, planId));
    expect(countersOf(await getPlanRowOrThrow(db, planId)).counts.failed).toBe(12);
    await sql`update plans set status = 'completed' where id = ${planId}`.execute(db);
    expect(await retryFailedItems(planId, { db })).toBe(12);
    const after = countersOf(await getPlanRowOrThrow(db, planId));
    expect(after).toEqual(await recount(db, planId));
    expect(after.counts.pending).toBe(40);
  });

  it("refuses every write of a task that began before its plan's fence moved, and of a chunk run whose claim was taken", async () => {
    const { db } = await dialect.open();
    made = await directoryPlan(db, descriptions);
    const planId = made.plan.id;
    const [item, other] = await db
      .selectFrom("plan_items")
      .selectAll()
      .where("plan_id", "=", planId)
      .orderBy("seq")
      .limit(2)
      .execute();
    if (!item || !other) throw new Error("the plan has no items");
    const old = (await getPlanRowOrThrow(db, planId)).lease_epoch;
    expect(await updateItem(db, item, { status: "copying" }, ["pending"], old)).toBe(true);
    // The fence moves (a cancel moves it; here alone, so the plan's rows stay as they were).
    await db
      .updateTable("plans")
      .set((eb) => ({ lease_epoch: eb("lease_epoch", "+", 1) }))
      .where("id", "=", planId)
      .execute();
    const current = (await getPlanRowOrThrow(db, planId)).lease_epoch;
    expect(current).toBe(old + 1);

    const snapshot = async () =>
      db.selectFrom("plan_items").selectAll().where("plan_id", "=", planId).orderBy("seq").execute();
    const before = await snapshot();
    const countersBefore = countersOf(await getPlanRowOrThrow(db, planId));
    // Whatever the old task tries, with its stale epoch: status changes, other fields, bulk moves.
    expect(await updateItem(db, item, { status: "copied" }, ["copying"], old)).toBe(false);
    expect(await updateItem(db, item, { status: "verified" }, undefined, old)).toBe(false);
    expect(await updateItem(db, item, { upload_id: "stale-upload" }, ["copying"], old)).toBe(false);
    expect(await updateItem(db, other, { status: "requested" }, ["pending"], old)).toBe(false);
    expect(await moveItems(db, planId, ["copying"], { status: "failed" }, old)).toBe(0);
    expect(await snapshot()).toEqual(before);
    // It makes no chunk rows; a current task does.
    await ensureChunks(db, item, Number(item.size), 1024 * 1024, old);
    expect(await allChunks(db, item)).toEqual([]);
    await ensureChunks(db, item, Number(item.size), 1024 * 1024, current);
    const chunks = () => allChunks(db, item);
    const [chunk] = await chunks();
    if (!chunk) throw new Error("no chunk rows");
    // A stale epoch cannot claim a chunk, nor forget the rows.
    expect(await claimChunk(db, chunk, "stale-epoch", old)).toBe(false);
    await deleteChunks(db, item, old);
    // Two runs of one chunk's task (the queue retried a stalled first run): the later claim wins.
    expect(await claimChunk(db, chunk, "first-run", current)).toBe(true);
    expect(await claimChunk(db, chunk, "retry", current)).toBe(true);
    const chunksBefore = await chunks();
    const stored = { etag: "e", checksumSha256: "c", treeHash: "t" };
    expect(await markChunkDone(db, chunk, stored, { token: "first-run", fence: current })).toBe(false);
    await markChunkFailed(db, chunk, "stale", { token: "first-run", fence: current });
    expect(await markChunkDone(db, chunk, stored, { token: "retry", fence: old })).toBe(false);
    expect(await chunks()).toEqual(chunksBefore);
    expect(await markChunkDone(db, chunk, stored, { token: "retry", fence: current })).toBe(true);
    expect((await chunks())[0]).toMatchObject({ state: "done", etag: "e" });
    // Done is done: no run claims it again.
    expect(await claimChunk(db, chunk, "late", current)).toBe(false);
    expect(countersOf(await getPlanRowOrThrow(db, planId))).toEqual(countersBefore);

    // The current task goes on; a cancel moves the fence again, and then its writes are refused too.
    expect(await updateItem(db, item, { status: "requested" }, ["copying"], current)).toBe(true);
    await cancelPlan(planId, { db });
    expect(await updateItem(db, other, { status: "requested" }, ["pending"], current)).toBe(false);
    expect(countersOf(await getPlanRowOrThrow(db, planId))).toEqual(await recount(db, planId));
  });
});
