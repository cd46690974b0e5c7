/**
 * A plan of given descriptions with a directory destination, created the real way (an imported
 * inventory, createPlan) but needing no AWS: for tests of creation, counters, fencing and the
 * manifest (imported by *.test.ts only).
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { type Kysely } from "kysely";
import { type AccountTarget } from "@/lib/aws/vaults";
import { type Database } from "@/lib/db";
import { decodeDescription } from "@/lib/glacier/descriptions";
import { type PlanArchive, type PlanForm, type PlanFormInput, planFormSchema } from "@/lib/glacier/plan-form";
import { importInventory, type InventoryEntry } from "@/lib/inventory";
import { createPlan, type CreatePlanOptions, type PlanSummary } from "@/lib/plans";
import { archiveId, inventoryJson, treeHash } from "./inventories";

export type DirectoryPlan = {
  plan: PlanSummary;
  entries: InventoryEntry[];
  exportRoot: string;
  remove(): void;
};

/** A connection no request ever reaches (port 9, discard): for plans whose destination is a directory. */
export function offlineTarget(connectionId: string): AccountTarget {
  return {
    id: connectionId,
    version: "1",
    region: "us-east-1",
    endpoint: "http://127.0.0.1:9",
    accountId: "-",
    credentials: { mode: "default-chain" },
  };
}

/** An inventory entry as a plan sees it (its description decoded), for the pure ordering rules. */
export function planArchiveOf(entry: InventoryEntry): PlanArchive {
  return {
    archiveId: entry.archiveId,
    description: entry.description,
    decodedPath: decodeDescription(entry.description).path ?? "",
    size: entry.size,
    treeHash: entry.treeHash,
    creationDate: entry.creationDate,
  };
}

/** A plan form of all the inventory's archives, smallest first, into the directory `out`. */
export function directoryPlanForm(
  inventoryId: string,
  out: string,
  form: Partial<PlanFormInput> = {},
): PlanForm {
  return planFormSchema.parse({
    planKey: randomUUID(),
    name: "fixture plan",
    inventoryId,
    selection: { kind: "all" },
    tier: "Bulk",
    capUsd: 1000,
    maxInFlight: 10,
    dailyByteBudgetGiB: null,
    orderBy: "smallest",
    prefix: null,
    destination: { kind: "directory", path: out },
    ...form,
  });
}

export function entriesOf(descriptions: readonly string[], seed = randomUUID()): InventoryEntry[] {
  return descriptions.map((description, i) => ({
    archiveId: archiveId(`${seed}-${i}`),
    description,
    creationDate: new Date(Date.UTC(2012, 0, 1) + i * 60_000).toISOString(),
    size: 1 + ((i * 7919) % 100_000),
    treeHash: treeHash(`${seed}-${i}`),
  }));
}

export async function directoryPlan(
  db: Kysely<Database>,
  descriptions: readonly string[],
  form: Partial<PlanFormInput> = {},
  options: Pick<CreatePlanOptions, "firstItems" | "onPhase"> = {},
): Promise<DirectoryPlan> {
  // Not tests/support/db's temporaryDirectory: that module imports vitest, and the bench imports this one.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "thaw-plan-"));
  const connectionId = randomUUID();
  const vaultName = "fixture";
  const entries = entriesOf(descriptions);
  const { inventory } = await importInventory({
    connectionId,
    vaultName,
    jobId: randomUUID(),
    format: "JSON",
    source: Readable.from([
      inventoryJson(entries, {
        vaultArn: `arn:aws:glacier:us-east-1:123456789012:vaults/${vaultName}`,
        inventoryDate: "2030-01-01T00:00:00Z",
      }),
    ]),
    db,
  });
  const target = offlineTarget(connectionId);
  const parsed = directoryPlanForm(inventory.id, path.join(dir, "out"), form);
  const plan = await createPlan(
    { target, form: parsed, createdBy: null },
    { db, exportRoots: [dir], ...options },
  );
  return {
    plan,
    entries,
    exportRoot: dir,
    remove: () => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 }),
  };
}
