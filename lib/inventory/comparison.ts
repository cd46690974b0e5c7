import "server-only";
import { type DbOptions } from "@/lib/db";
import { diffInventories, type DiffWindow, type InventoryDiff } from "./analysis";
import { coverageKind, sameCoverage } from "./coverage";
import { listInventories } from "./queries";
import { type InventorySummary } from "./rows";

/**
 * Which older version a catalog version is compared with, like with like: the newest older one of
 * the same coverage, or — for a date window — a whole-vault one cut to the window. A window or a
 * page is never compared with another coverage as is: everything outside it would read as removed.
 */
export function comparableVersion(
  versions: InventorySummary[],
  current: InventorySummary,
): { previous: InventorySummary; window: DiffWindow | null } | null {
  const index = versions.findIndex((v) => v.id === current.id);
  if (index < 0) return null;
  const older = versions.slice(index + 1);
  const kind = coverageKind(current.coverage);
  for (const previous of older) {
    if (sameCoverage(previous.coverage, current.coverage)) return { previous, window: null };
    if (kind === "window" && coverageKind(previous.coverage) === "vault")
      return { previous, window: current.coverage };
  }
  return null;
}

/** The diff of `current` against its comparable older version, or null when none was imported. */
export async function diffWithComparable(
  current: InventorySummary,
  options: DbOptions & { limit?: number; offset?: number } = {},
): Promise<InventoryDiff | null> {
  const versions = await listInventories(current.connectionId, current.vaultName, options);
  const found = comparableVersion(versions, current);
  return found && diffInventories(found.previous.id, current.id, { ...options, window: found.window });
}
