import "server-only";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type ReadableStream as NodeReadableStream } from "node:stream/web";
import {
  dataVaultOf,
  importInventory,
  importSynologyMapping,
  InventoryParseError,
  mergePagedRun,
} from "@/lib/inventory";
import { fetchOutput, openOutputStream, type OutputSource } from "./output";
import { describeSettlement, startOutputTask } from "./output-tasks";
import { type TaskOutcome, type TaskReporter } from "./tasks";
import { updateTracking } from "./tracking-store";
import { type TaskProgress } from "./view-types";

const UNCHANGED = "Nothing was imported; the catalog is unchanged.";

/** Node's words for a response cut part-way ("aborted", ECONNRESET, a premature close). */
function isCutStream(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = "code" in error ? String(error.code) : "";
  return (
    ["ECONNRESET", "EPIPE", "ERR_STREAM_PREMATURE_CLOSE", "UND_ERR_SOCKET"].includes(code) ||
    /^(aborted|terminated|premature close)$/i.test(error.message)
  );
}

/** A failure's message for the admin: a corrupt inventory says where, a cut one says so, and that nothing was kept. */
export function importFailureMessage(error: unknown): string {
  if (error instanceof InventoryParseError) return `${error.message}. ${UNCHANGED}`;
  if (isCutStream(error))
    return `The inventory stopped arriving part-way (Glacier's response was cut). ${UNCHANGED} Import it again to retry.`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * "Import inventory": streams the inventory job's output from Glacier into the catalog (a new,
 * dated version of the vault's inventory), reporting progress. The import is transactional, so a cut
 * or corrupt stream leaves nothing, and running it again re-reads it whole; importing a job's
 * inventory twice returns the first import. Runs as the queued `inventory-import` task
 * (./inventory-import-task.ts).
 */
export async function runInventoryImport(
  source: OutputSource,
  reporter: TaskReporter,
  signal?: AbortSignal,
): Promise<TaskOutcome> {
  const glacier = await fetchOutput(source, null, signal);
  const stop = () => glacier.body.destroy(new Error("aborted"));
  signal?.addEventListener("abort", stop, { once: true });
  try {
    const { inventory, reused } = await importInventory({
      connectionId: source.target.id,
      vaultName: source.vaultName,
      jobId: source.glacierJobId,
      coverage: source.inventoryCoverage,
      format: source.inventoryFormat,
      source: glacier.body,
      expectedBytes: source.size,
      db: source.db,
      onProgress: (p) => reporter.set({ bytes: p.bytes, items: p.archives }),
    });
    reporter.set({ bytes: source.size, items: inventory.archiveCount });
    await updateTracking(
      source.jobRecordId,
      { output_downloaded_at: new Date().toISOString() },
      { db: source.db },
    );
    // The last page of a paged run completes it: its pages become one catalog version.
    const merged = await mergePagedRun(inventory.id, { db: source.db });
    const imported = reused
      ? "This inventory was imported before."
      : `Imported ${inventory.archiveCount} archives.`;
    return {
      result: merged?.inventory.id ?? inventory.id,
      message: merged
        ? `${imported} The run's ${merged.pages} pages are merged into one catalog version of ${merged.inventory.archiveCount} archives.`
        : imported,
    };
  } catch (error) {
    glacier.body.destroy();
    signal?.throwIfAborted();
    throw new Error(importFailureMessage(error), { cause: error });
  } finally {
    signal?.removeEventListener("abort", stop);
  }
}

/**
 * A Synology `<vault>_mapping` archive is an SQLite database naming the data vault's archives
 * (formats.md §1.8). Streams the retrieved archive to a temporary file (tree-hashed on the way, like
 * any download), imports the names for the data vault, and removes the file.
 */
export function startSynologyImport(source: OutputSource): TaskProgress {
  return startOutputTask(source, "synology-import", async (reporter): Promise<TaskOutcome> => {
    const dir = await mkdtemp(path.join(tmpdir(), "thaw-synology-"));
    try {
      const file = path.join(dir, "mapping.sqlite");
      const opened = await openOutputStream(source, {
        range: null,
        mode: "download",
        onBytes: (n) => reporter.advance(n),
      });
      await pipeline(
        Readable.fromWeb(opened.stream as NodeReadableStream<Uint8Array>),
        createWriteStream(file),
      );
      const verdict = describeSettlement(await opened.done);
      if (verdict.result === "mismatch")
        throw new Error(`${verdict.message ?? "Tree-hash mismatch."} The mapping was not imported.`);
      const result = await importSynologyMapping({
        connectionId: source.target.id,
        vaultName: dataVaultOf(source.vaultName),
        sqliteFile: file,
        db: source.db,
      });
      return {
        result: result.vaultName,
        message: `Named ${result.names} archives of ${result.vaultName} (${result.matched} in its catalogued inventories).`,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
