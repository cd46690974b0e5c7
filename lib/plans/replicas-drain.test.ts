import { afterAll, beforeAll, expect, it } from "vitest";
import { GET } from "@/app/api/tasks/drain/route";
import { closeDatabase, getDatabase } from "@/lib/db";
import { TreeHasher } from "@/lib/glacier/tree-hash";
import { closeTaskQueue, startTaskWorkers } from "@/lib/tasks";
import { MIB, uploadArchives } from "@/tests/support/chunk-copies";
import { describePostgres } from "@/tests/support/db";
import {
  importKitInventory,
  planForm,
  retrievalsPerArchive,
  s3Object,
  syntheticInventory,
  tickOptions,
} from "@/tests/support/plans-kit";
import { kitForFile } from "@/tests/support/plans-kit-suite";
import { createPlan } from "./create";
import { getPlan } from "./queries";
import { type PlanTaskOptions, enqueueDrivenPlans, registerPlanTasks } from "./tasks";

/**
 * Issue #14's Done-when: Thaw on Vercel (THAW_WORKER=external, pg-boss on PostgreSQL) drives a plan to
 * its end only through the drain route, called back to back as Vercel's cron calls it every minute.
 * No worker of the process runs anything: every chunk written and every AWS call is made inside a
 * drain call, and between two calls the emulator hears nothing.
 */

const SECRET = "drain-only-secret";
// Two 8 MiB S3 parts each (S3's 5 MiB part floor doubles to 8): every archive is two chunk tasks.
const SIZES = [8 * MIB + 4321, 9 * MIB, 12 * MIB + 1];
const kit = kitForFile(0);

describePostgres("a plan driven only by the drain route (THAW_WORKER=external)", (target) => {
  // Before the first getConfig(): this file's module graph sees a Vercel deployment's settings.
  beforeAll(() => {
    process.env.DATABASE_URL = target.options().databaseUrl;
    process.env.THAW_WORKER = "external";
    process.env.CRON_SECRET = SECRET;
    process.env.THAW_LOG_LEVEL = "silent";
  });
  afterAll(async () => {
    await closeTaskQueue();
    await closeDatabase();
  });

  it(
    "copies and verifies every archive, with nothing run between two drain calls",
    { timeout: 180_000 },
    async () => {
      const { db } = await getDatabase();
      const archives = await uploadArchives(kit, SIZES, 1400);
      const inventoryId = await importKitInventory(kit, db, syntheticInventory(kit.vaultName, archives));
      const form = planForm(kit, inventoryId, { maxInFlight: SIZES.length });

      // Which drain call, if any, each chunk write and each AWS request happened in.
      let draining = false;
      const writesOutside: string[] = [];
      const stats = kit.emulator.emulator.stats;
      const requests = () => Object.values(stats.byOperation()).reduce((sum, n) => sum + n, 0);
      const options: PlanTaskOptions = {
        ...tickOptions(kit, db),
        tickMs: 200,
        chunkFloorBytes: MIB,
        watchDestination: (writer) =>
          Object.assign(Object.create(writer) as typeof writer, {
            writePart: (...args: Parameters<typeof writer.writePart>) => {
              if (!draining) writesOutside.push(`${args[0]} ${args[2].partNumber}`);
              return writer.writePart(...args);
            },
          }),
      };
      // As lib/startup.ts wires a process: tasks registered, driven plans queued, workers "started"
      // (none under THAW_WORKER=external).
      registerPlanTasks(options);
      await enqueueDrivenPlans(options);
      const workers = startTaskWorkers();
      stats.reset();
      const plan = await createPlan({ target: kit.target, form, createdBy: null }, options);

      const drain = async () => {
        draining = true;
        try {
          const response = await GET(
            new Request("http://thaw.test/api/tasks/drain", {
              headers: { authorization: `Bearer ${SECRET}` },
            }),
          );
          expect(response.status).toBe(200);
          return (await response.json()) as { ran: number; failed: number };
        } finally {
          draining = false;
        }
      };

      let calls = 0;
      let ran = 0;
      const quietBetween: number[] = [];
      const deadline = Date.now() + 150_000;
      for (;;) {
        const result = await drain();
        calls += 1;
        ran += result.ran;
        expect(result.failed).toBe(0);
        const after = requests();
        if ((await getPlan(plan.id, { db }))?.status === "completed") break;
        if (Date.now() > deadline) throw new Error(`the plan did not finish in ${calls} drain calls`);
        // The next cron call comes when the plan's next step is due; meanwhile no AWS call is made.
        await new Promise((resolve) => setTimeout(resolve, 100));
        quietBetween.push(requests() - after);
      }
      await workers.stop();

      expect(writesOutside).toEqual([]);
      expect(quietBetween.every((n) => n === 0)).toBe(true);
      // Every copy byte for byte, each archive retrieved once (counted at the emulator and in its list).
      const done = await getPlan(plan.id, { db });
      expect(done?.counts).toMatchObject({ verified: SIZES.length, failed: 0 });
      const items = await db.selectFrom("plan_items").selectAll().where("plan_id", "=", plan.id).execute();
      for (const item of items) {
        const archive = archives.find((a) => a.archiveId === item.archive_id);
        const copy = await s3Object(kit, item.object_key);
        expect(copy.treeHash).toBe(new TreeHasher().update(archive?.bytes ?? Buffer.alloc(0)).digestHex());
      }
      expect(stats.requests("InitiateJob")).toBe(SIZES.length);
      expect([...(await retrievalsPerArchive(kit, plan.id)).values()]).toEqual(Array(SIZES.length).fill(1));
      console.log(`drain-only: ${calls} drain calls ran ${ran} tasks`);
    },
  );
});
