import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { type PlanForm } from "@/lib/glacier/plan-form";
import { S3_LIMITS } from "@/lib/glacier/s3-part-size";
import { importInventory } from "@/lib/inventory";
import { inventoryJson, makeEntries, TEST_INVENTORY_DATE } from "@/tests/support/inventories";
import { createPlan } from "./create";
import { PlanValidationError } from "./errors";
import { manifestCsv } from "./manifest";
import { listPlanItems } from "./queries";
import { selectionTotals } from "./selection";
import { importKitInventory, planForm, retrievalsPerArchive } from "@/tests/support/plans-kit";
import { kitForFile } from "@/tests/support/plans-kit-suite";

const kit = kitForFile(8);

describeEachDialect("createPlan", (dialect) => {
  async function refused(
    db: NonNullable<Parameters<typeof createPlan>[1]>["db"],
    form: PlanForm,
    field: string,
    message: RegExp,
  ) {
    const attempt = createPlan(
      { target: kit.target, form, createdBy: "ops@example.com" },
      { db, exportRoots: [kit.exportRoot] },
    );
    await expect(attempt).rejects.toBeInstanceOf(PlanValidationError);
    await expect(attempt).rejects.toMatchObject({
      field,
      message: expect.stringMatching(message) as unknown,
    });
  }

  it("refuses bad input before anything starts: no plan row, no job", async () => {
    const { db } = await dialect.open();
    const inventoryId = await importKitInventory(kit, db);
    const form = (o: Parameters<typeof planForm>[2] = {}) => planForm(kit, inventoryId, o);
    await refused(db, { ...form(), capUsd: 0 }, "capUsd", /more than \$0/);
    await refused(db, form({ capUsd: 0.001 }), "capUsd", /below the cost of even the smallest/);
    await refused(
      db,
      form({ selection: { kind: "filter", q: "no such archive anywhere" } }),
      "selection",
      /no archives/,
    );
    await refused(
      db,
      form({
        destination: { kind: "s3", bucket: "no-such-bucket-here", prefix: "", storageClass: "STANDARD" },
      }),
      "destination.bucket",
      /does not exist/,
    );
    await refused(
      db,
      form({ destination: { kind: "directory", path: "/tmp/outside-the-roots" } }),
      "destination.path",
      /allowed export/,
    );
    const file = path.join(kit.exportRoot, "a-file");
    fs.writeFileSync(file, "x");
    await refused(
      db,
      form({ destination: { kind: "directory", path: `${file}/sub` } }),
      "destination.path",
      /cannot be created/,
    );

    // An inventory dated before the archives it lists (2011 inventory, archives from 2012 on).
    const { inventory: stale } = await importInventory({
      connectionId: kit.target.id,
      vaultName: kit.vaultName,
      jobId: "stale-inventory",
      format: "JSON",
      source: Readable.from([
        inventoryJson(makeEntries(5), {
          vaultArn: `arn:aws:glacier:us-east-1:123456789012:vaults/${kit.vaultName}`,
          inventoryDate: TEST_INVENTORY_DATE,
        }),
      ]),
      db,
    });
    await refused(db, planForm(kit, stale.id), "inventoryId", /older than an archive/);

    const plans = await db.selectFrom("plans").select("id").execute();
    const items = await db.selectFrom("plan_items").select("archive_id").execute();
    expect(plans).toEqual([]);
    expect(items).toEqual([]);
    expect((await retrievalsPerArchive(kit)).size).toBe(0);
  });

  it("refuses a directory Thaw cannot write into", async () => {
    const { db } = await dialect.open();
    const inventoryId = await importKitInventory(kit, db);
    // Root writes anywhere on a normal file system; sysfs refuses even root.
    const attempt = createPlan(
      {
        target: kit.target,
        form: planForm(kit, inventoryId, { destination: { kind: "directory", path: "/sys/kernel" } }),
        createdBy: null,
      },
      { db, exportRoots: ["/sys/kernel"] },
    );
    await expect(attempt).rejects.toMatchObject({
      field: "destination.path",
      message: expect.stringMatching(/not writable/) as unknown,
    });
    expect(await db.selectFrom("plans").select("id").execute()).toEqual([]);
  });

  it("creates the plan once per form, items in order with safe keys, and a manifest row for each", async () => {
    const { db } = await dialect.open();
    const inventoryId = await importKitInventory(kit, db);
    expect(await selectionTotals(inventoryId, { kind: "filter", q: "dup/" }, { db })).toMatchObject({
      archives: 2,
    });
    const all = await selectionTotals(inventoryId, { kind: "all" }, { db });
    expect(all).toMatchObject({ archives: 8, bytes: kit.archives.reduce((n, a) => n + a.size, 0) });
    const form = planForm(kit, inventoryId, {
      destination: { kind: "s3", bucket: kit.bucket, prefix: "keys/", storageClass: "GLACIER" },
    });
    const plan = await createPlan({ target: kit.target, form, createdBy: "ops@example.com" }, { db });
    const again = await createPlan({ target: kit.target, form, createdBy: "ops@example.com" }, { db });
    expect(again.id).toBe(plan.id);
    expect(plan).toMatchObject({
      status: "running",
      spentUsd: 0,
      counts: { pending: 8 },
      vaultName: kit.vaultName,
    });
    expect(plan.projectedUsd).toBeGreaterThan(0);
    const { items, total } = await listPlanItems(plan.id, { offset: 0, limit: 100 }, { db });
    expect(total).toBe(8);
    const sizes = items.map((i) => i.size);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    const keys = items.map((i) => i.objectKey ?? "");
    expect(new Set(keys).size).toBe(8);
    expect(keys).toContain("keys/photos/été/ça.jpg");
    expect(keys).toContain("keys/dup/same.txt");
    expect(keys.some((k) => /^keys\/dup\/same~.{8}\.txt$/.test(k))).toBe(true);
    expect(keys).toContain("keys/etc/escape.txt");
    let csv = "";
    for await (const part of manifestCsv(plan.id, { db })) csv += part;
    expect(csv.trim().split("\n")).toHaveLength(9);
    const audit = await db
      .selectFrom("audit_log")
      .select(["action", "target"])
      .where("action", "=", "plan.create")
      .execute();
    expect(audit).toEqual([{ action: "plan.create", target: plan.id }]);
  });

  // Last: it leaves a plan behind, which the tests above would count.
  it("refuses an archive over S3's object limit for a bucket, and offers a directory", async () => {
    const { db } = await dialect.open();
    const inventoryId = await importKitInventory(kit, db);
    // Lowered to 1 MiB (the kit's largest archive is 9 MiB): the 5 TiB rule reached with small data.
    const s3Limits = { ...S3_LIMITS, maxObjectSize: 1024 * 1024 };
    const plansBefore = await db.selectFrom("plans").select("id").execute();
    const attempt = createPlan(
      { target: kit.target, form: planForm(kit, inventoryId), createdBy: null },
      { db, exportRoots: [kit.exportRoot], s3Limits },
    );
    await expect(attempt).rejects.toBeInstanceOf(PlanValidationError);
    await expect(attempt).rejects.toMatchObject({
      field: "destination.bucket",
      message: expect.stringMatching(
        /^The largest selected archive \(9\.\d+ MiB\) is larger than S3's 1 MiB object limit; choose a directory destination/,
      ) as unknown,
    });
    expect(await db.selectFrom("plans").select("id").execute()).toEqual(plansBefore);
    const toDirectory = await createPlan(
      {
        target: kit.target,
        form: planForm(kit, inventoryId, {
          destination: { kind: "directory", path: path.join(kit.exportRoot, "big") },
        }),
        createdBy: null,
      },
      { db, exportRoots: [kit.exportRoot], s3Limits },
    );
    expect(toDirectory.counts.pending).toBe(8);
  });
});
