import { afterEach, expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { directoryPlan, type DirectoryPlan } from "@/tests/support/plan-fixtures";
import { listPlanItems } from "./queries";
import { scheduleItems } from "./schedule-items";
import { PERSON, updateItem } from "./store";

const descriptions = Array.from({ length: 300 }, (_, i) => `photos/${i}.jpg`);

describeEachDialect("a plan's archives not reached yet", (dialect) => {
  let made: DirectoryPlan | undefined;
  afterEach(() => made?.remove());

  it("are listed after the written items, in execution order, pending without a key, page by page", async () => {
    const { db } = await dialect.open();
    made = await directoryPlan(db, descriptions, {}, { firstItems: 100 });
    const { plan } = made;
    const all = await listPlanItems(plan.id, { offset: 0, limit: 1000 }, { db });
    expect(all.total).toBe(300);
    expect(all.items).toHaveLength(300);
    expect(all.items.slice(0, 100).every((i) => i.objectKey?.startsWith("photos/"))).toBe(true);
    expect(all.items.slice(100).every((i) => i.objectKey === null && i.status === "pending")).toBe(true);
    expect(new Set(all.items.map((i) => i.archiveId)).size).toBe(300);

    // A page across the frontier, and one past it, are the same rows as the whole list's.
    const across = await listPlanItems(plan.id, { offset: 90, limit: 20 }, { db });
    expect(across.items.map((i) => i.archiveId)).toEqual(all.items.slice(90, 110).map((i) => i.archiveId));
    const past = await listPlanItems(plan.id, { offset: 250, limit: 20 }, { db });
    expect(past.items.map((i) => i.archiveId)).toEqual(all.items.slice(250, 270).map((i) => i.archiveId));

    // Pending only: the written pending items, then those not reached yet.
    const first = all.items[0];
    const [item] = await db
      .selectFrom("plan_items")
      .selectAll()
      .where("plan_id", "=", plan.id)
      .where("seq", "=", 1)
      .execute();
    if (!item || !first) throw new Error("no first item");
    await updateItem(db, item, { status: "failed", error: "test" }, ["pending"], PERSON);
    const pending = await listPlanItems(plan.id, { status: "pending", offset: 95, limit: 10 }, { db });
    expect(pending.total).toBe(299);
    expect(pending.items.map((i) => i.archiveId)).toEqual(all.items.slice(96, 106).map((i) => i.archiveId));

    // Once written, the same archives keep their place and get keys.
    expect(await scheduleItems(db, plan.id, 1000, PERSON)).toBe(200);
    const later = await listPlanItems(plan.id, { offset: 0, limit: 1000 }, { db });
    expect(later.items.map((i) => i.archiveId)).toEqual(all.items.map((i) => i.archiveId));
    expect(later.items.every((i) => i.objectKey !== null)).toBe(true);
  });
});
