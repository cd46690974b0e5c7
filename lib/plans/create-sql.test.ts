import { afterEach, expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { directoryPlan, type DirectoryPlan, planArchiveOf } from "@/tests/support/plan-fixtures";
import { type KeyPass } from "./object-keys";
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

describeEachDialect("createPlan in SQL", (dialect) => {
  let made: DirectoryPlan | undefined;
  afterEach(() => made?.remove());

  it.each(["smallest", "oldest", "prefix"] as const)(
    "orders and keys %s in bounded batches exactly as the pure rules do",
    async (orderBy) => {
      const { db } = await dialect.open();
      const batches: { pass: KeyPass; rows: number }[] = [];
      made = await directoryPlan(
        db,
        descriptions(),
        { orderBy, prefix: orderBy === "prefix" ? "folder/" : null },
        { keys: { batch: 100, onBatch: (pass, rows) => batches.push({ pass, rows }) } },
      );
      const { plan, entries } = made;
      expect(plan.counts.pending).toBe(1200);
      expect(plan.bytes.total).toBe(entries.reduce((n, e) => n + e.size, 0));

      // Every batch is bounded, and the conflict pass walked every key once, page by page.
      expect(batches.every((b) => b.rows <= 100)).toBe(true);
      const rowsOf = (pass: KeyPass) => batches.filter((b) => b.pass === pass).map((b) => b.rows);
      expect(rowsOf("conflicts").reduce((a, b) => a + b, 0)).toBe(1200);
      expect(rowsOf("conflicts").length).toBe(12);
      expect(rowsOf("compute").length).toBeGreaterThanOrEqual(5);
      expect(rowsOf("resolve").length).toBeGreaterThanOrEqual(2);

      // The pure rules (ordering.ts), applied to the whole selection in memory, agree item by item.
      const archives = entries.map(planArchiveOf);
      const taken = new Set<string>();
      const expected = orderPlanArchives(archives, orderBy, orderBy === "prefix" ? "folder/" : null).map(
        (a, i) => ({ seq: i + 1, archive_id: a.archiveId, object_key: objectKeyFor(a, "", taken) }),
      );
      const rows = await db
        .selectFrom("plan_items")
        .select(["seq", "archive_id", "object_key"])
        .where("plan_id", "=", plan.id)
        .orderBy("seq")
        .execute();
      expect(rows).toEqual(expected);
    },
  );

  it("leaves nothing when it fails midway (items written, keys half done), and the form then creates the plan", async () => {
    const { db } = await dialect.open();
    const plansBefore = await db.selectFrom("plans").select("id").execute();
    const itemsBefore = await db.selectFrom("plan_items").select("seq").execute();
    const stopping = {
      batch: 100,
      onBatch: (pass: KeyPass) => {
        if (pass === "conflicts") throw new Error("stopped midway");
      },
    };
    await expect(directoryPlan(db, descriptions(), {}, { keys: stopping })).rejects.toThrow("stopped midway");
    expect(await db.selectFrom("plans").select("id").execute()).toEqual(plansBefore);
    expect(await db.selectFrom("plan_items").select("seq").execute()).toHaveLength(itemsBefore.length);

    // The creation's temporary key table (and SQLite's trigger filling it) went with the rollback.
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
