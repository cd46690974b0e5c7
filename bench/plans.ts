/**
 * Migration plan benchmark (issue #7), in a child process (server modules need the react-server
 * condition):
 *   - planning 100 000 archives: createPlan on an imported 100 000-archive inventory in a fresh SQLite
 *     database (selection totals, validation, the execution order, the first items with their object
 *     keys), then every other item written a batch at a time as a running plan does, and the pure
 *     part alone (estimatePlan + order + keys);
 *   - copy throughput moved to bench/copy.ts (chunked copies, issue #13).
 * Run: npx tsx bench/plans.ts [archives]. Temp files are removed afterwards.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { figuresOfChild } from "./server-child";

const ARCHIVES = 100_000;

type Figures = Record<string, number | string>;

async function planningFigures(dir: string, archives: number): Promise<Figures> {
  const { createDatabase } = await import("../lib/db");
  const { importInventory } = await import("../lib/inventory");
  const { inventoryJson, makeEntries } = await import("../tests/support/inventories");
  const { createPlan } = await import("../lib/plans");
  const { objectKeyFor, orderPlanArchives } = await import("../lib/plans");
  const { estimatePlan, planFormSchema } = await import("../lib/glacier/plan-form");
  const { decodeDescription } = await import("../lib/glacier/descriptions");
  const database = await createDatabase({ sqlitePath: path.join(dir, "plans.sqlite") });
  try {
    const vaultName = "bench-plans";
    const entries = makeEntries(archives, "bench");
    const text = inventoryJson(entries, {
      vaultArn: `arn:aws:glacier:us-east-1:123456789012:vaults/${vaultName}`,
      inventoryDate: "2030-01-01T00:00:00Z",
    });
    const connectionId = randomUUID();
    const { inventory } = await importInventory({
      connectionId,
      vaultName,
      jobId: "bench",
      format: "JSON",
      source: Readable.from([text]),
      db: database.db,
    });
    const target = {
      id: connectionId,
      version: "1",
      region: "us-east-1",
      endpoint: "http://127.0.0.1:9",
      accountId: "-",
      credentials: { mode: "default-chain" as const },
    };
    const exportRoot = path.join(dir, "exports");
    const form = planFormSchema.parse({
      planKey: randomUUID(),
      name: "bench",
      inventoryId: inventory.id,
      selection: { kind: "all" },
      tier: "Bulk",
      capUsd: 1_000_000,
      maxInFlight: 100,
      dailyByteBudgetGiB: null,
      orderBy: "smallest",
      prefix: null,
      destination: { kind: "directory", path: path.join(exportRoot, "bench") },
    });
    const started = performance.now();
    const plan = await createPlan(
      { target, form, createdBy: null },
      { db: database.db, exportRoots: [exportRoot] },
    );
    const createMs = performance.now() - started;
    if (plan.counts.pending !== archives)
      throw new Error(`plan holds ${plan.counts.pending} items, expected ${archives}`);
    // The rest of the items, a batch at a time as a running plan reaches them (keys checked
    // against the plan's: this inventory repeats a dozen descriptions, so nearly every key conflicts).
    const { scheduleItems, scheduleBatch } = await import("../lib/plans/schedule-items");
    const SCHEDULE_BATCH = scheduleBatch();
    const { PERSON } = await import("../lib/plans/store");
    const scheduling = performance.now();
    let batches = 0;
    while ((await scheduleItems(database.db, plan.id, SCHEDULE_BATCH, PERSON)) > 0) batches++;
    const scheduleMs = performance.now() - scheduling;

    const planArchives = entries.map((e) => ({
      archiveId: e.archiveId,
      description: e.description,
      decodedPath: decodeDescription(e.description).path ?? "",
      size: e.size,
      treeHash: e.treeHash,
      creationDate: e.creationDate,
    }));
    const pureStart = performance.now();
    const totals = {
      archives,
      bytes: planArchives.reduce((s, a) => s + a.size, 0),
      largest: Math.max(...planArchives.map((a) => a.size)),
    };
    estimatePlan(totals, { capUsd: 1000, maxInFlight: 100, dailyByteBudget: null });
    const taken = new Set<string>();
    for (const a of orderPlanArchives(planArchives, "smallest", null)) objectKeyFor(a, "", taken);
    const pureMs = performance.now() - pureStart;
    return {
      [`createPlan, ${archives} archives (s)`]: round(createMs / 1000, 2),
      [`then every item written, ${batches} batches of ${SCHEDULE_BATCH} (s)`]: round(scheduleMs / 1000, 2),
      [`estimate + order + keys, ${archives} archives (ms)`]: round(pureMs, 0),
    };
  } finally {
    await database.close();
  }
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

async function child(archives: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "thaw-bench-plans-"));
  try {
    const figures = await planningFigures(dir, archives);
    process.stdout.write(`\n${JSON.stringify(figures)}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function benchPlans(archives = ARCHIVES): Promise<Figures> {
  return figuresOfChild(__filename, [String(archives)]);
}

if (require.main === module) {
  const [flag, a] = process.argv.slice(2);
  if (flag === "--child") {
    child(Number(a)).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  } else {
    benchPlans(Number(flag ?? ARCHIVES) || ARCHIVES).then(
      (figures) => console.log(figures),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  }
}
