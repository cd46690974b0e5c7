import { afterEach, expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { directoryPlan, type DirectoryPlan, planArchiveOf } from "@/tests/support/plan-fixtures";
import { type Kysely } from "kysely";
import { type Database } from "@/lib/db";
import { scheduleItems } from "./schedule-items";
import { PERSON } from "./store";
import { MANIFEST_NAME, objectKeyFor, orderPlanArchives } from "./ordering";

/** Paths of every kind the key rules care about, 1 200 archives in all. */
function descriptions(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 1200; i++) {
    const kind = i % 8;
    if (kind === 0)
      out.push(`photos/img-${i}.jpg`); // already a safe key (computed in the INSERT)
    else if (kind === 1)
      out.push(`été/${i} ça.jpg`); // needs JavaScript (NFC, spaces)
    else if (kind === 2)
      out.push("dup/same.txt"); // duplicates: the first keeps the name
    else if (kind === 3)
      out.push(i % 16 === 3 ? "folder" : `folder/${i}.txt`); // a file named like a folder
    else if (kind === 4)
      out.push(""); // no path: the archive id
    else if (kind === 5)
      out.push(`/../..//odd\\path/${i}.txt`); // unsafe, made safe
    else if (kind === 6)
      out.push(i === 6 ? MANIFEST_NAME : `docs/${i}`); // the manifest's name is reserved
    else out.push(`${"x".repeat(300)}/${i}`); // a segment too long for a file name
  }
  return out;
}

/** Every item's seq, archive and key, in order. */
async function itemsOf(db: Kysely<Database>, planId: string) {
  return db
    .selectFrom("plan_items")
    .select(["seq", "archive_id", "object_key"])
    .where("plan_id", "=", planId)
    .orderBy("seq")
    .execute();
}

describeEachDialect("createPlan in SQL", (dialect) => {
  let made: DirectoryPlan | undefined;
  afterEach(() => made?.remove());

  it.each(["smallest", "oldest", "prefix"] as const)(
    "orders %s in the database, writes the first items at creation, the rest in bounded batches, keyed exactly as the pure rules do",
    async (orderBy) => {
      const { db } = await dialect.open();
      made = await directoryPlan(
        db,
        descriptions(),
        { orderBy, prefix: orderBy === "prefix" ? "folder/" : null },
        { firstItems: 100 },
      );
      const { plan, entries } = made;
      expect(plan.counts.pending).toBe(1200);
      expect(plan.bytes.total).toBe(entries.reduce((n, e) => n + e.size, 0));
      // Only the first 100 items are written; the order of all 1 200 is.
      expect(await itemsOf(db, plan.id)).toHaveLength(100);
      const order = await db.selectFrom("plan_order").select("seq").where("plan_id", "=", plan.id).execute();
      expect(order).toHaveLength(1200);

      // The rest, in batches of at most 150, as a plan's steps write them.
      const sizes: number[] = [];
      for (
        let n = await scheduleItems(db, plan.id, 150, PERSON);
        n > 0;
        n = await scheduleItems(db, plan.id, 150, PERSON)
      )
        sizes.push(n);
      expect(sizes).toEqual([150, 150, 150, 150, 150, 150, 150, 50]);
      const row = await db
        .selectFrom("plans")
        .select("items_scheduled")
        .where("id", "=", plan.id)
        .executeTakeFirst();
      expect(Number(row?.items_scheduled)).toBe(1200);

      // The pure rules (ordering.ts), applied to the whole selection in memory, agree item by item.
      const archives = entries.map(planArchiveOf);
      const taken = new Set<string>();
      const expected = orderPlanArchives(archives, orderBy, orderBy === "prefix" ? "folder/" : null).map(
        (a, i) => ({ seq: i + 1, archive_id: a.archiveId, object_key: objectKeyFor(a, "", taken) }),
      );
      expect(await itemsOf(db, plan.id)).toEqual(expected);
    },
  );

  it("writes no item twice: a stale lease schedules nothing, and two schedulers never overlap", async () => {
    const { db } = await dialect.open();
    made = await directoryPlan(db, descriptions().slice(0, 300), {}, { firstItems: 10 });
    const { plan } = made;
    const epoch = Number(
      (await db.selectFrom("plans").select("lease_epoch").where("id", "=", plan.id).executeTakeFirstOrThrow())
        .lease_epoch,
    );
    expect(await scheduleItems(db, plan.id, 50, epoch + 1)).toBe(0);
    expect(await itemsOf(db, plan.id)).toHaveLength(10);
    const both = await Promise.all([
      scheduleItems(db, plan.id, 100, epoch),
      scheduleItems(db, plan.id, 100, epoch),
    ]);
    expect(both.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(200);
    const items = await itemsOf(db, plan.id);
    expect(items.map((i) => i.seq)).toEqual(Array.from({ length: items.length }, (_, i) => i + 1));
    expect(items).toHaveLength(10 + both.reduce((a, b) => a + b, 0));
  });

  it("leaves nothing when it fails midway (order written, first items half done), and the form then creates the plan", async () => {
    const { db } = await dialect.open();
    const plansBefore = await db.selectFrom("plans").select("id").execute();
    const itemsBefore = await db.selectFrom("plan_items").select("seq").execute();
    const orderBefore = await db.selectFrom("plan_order").select("seq").execute();
    const stopping = (phase: string) => {
      if (phase === "first items") throw new Error("stopped midway");
    };
    await expect(directoryPlan(db, descriptions(), {}, { onPhase: stopping })).rejects.toThrow(
      "stopped midway",
    );
    expect(await db.selectFrom("plans").select("id").execute()).toEqual(plansBefore);
    expect(await db.selectFrom("plan_items").select("seq").execute()).toHaveLength(itemsBefore.length);
    expect(await db.selectFrom("plan_order").select("seq").execute()).toHaveLength(orderBefore.length);

    made = await directoryPlan(db, descriptions());
    expect(made.plan.counts.pending).toBe(1200);
    const keys = await db
      .selectFrom("plan_items")
      .select("object_key")
      .where("plan_id", "=", made.plan.id)
      .where("object_key", "=", "")
      .execute();
    expect(keys).toEqual([]);
  });
});
