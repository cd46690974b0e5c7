import { createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import Database from "better-sqlite3";
import { ruleInventoryRetrievalParameters } from "../../lib/glacier/job-field-rules";
import { formatInventory, selectInventory, type InventoryArchive } from "../inventory";
import { type EmulatorServices } from "../module";
import { ArchiveRepository, type ArchiveRecord } from "../store/archives";
import { VaultRepository } from "../store/vaults";
import { vaultArnFor } from "./describe";
import { type InventoryJobParams, type JobRecord, type Prepared } from "./types";

function* asInventory(archives: Iterable<ArchiveRecord>): Generator<InventoryArchive> {
  for (const a of archives) {
    yield {
      ArchiveId: a.id,
      ArchiveDescription: a.description,
      CreationDate: a.createdAt,
      Size: a.size,
      SHA256TreeHash: a.treeHash,
    };
  }
}

/**
 * Writes the inventory output of `job` to `outputPath`. The inventory is a snapshot of the vault as of
 * job creation: a dedicated read-only connection opens a read transaction before the first await
 * (callers start this synchronously in InitiateJob), so archives uploaded or deleted while the output
 * streams out do not change it. 100 000 archives stream through in 64 KiB pieces.
 * A vault that never held an archive has no inventory date; its (empty) inventory is dated at the
 * vault's creation.
 */
export async function prepareInventory(
  services: EmulatorServices,
  job: JobRecord,
  params: InventoryJobParams,
  outputPath: string,
  signal: AbortSignal,
): Promise<Prepared> {
  const db = new Database(services.store.db.name, { readonly: true, fileMustExist: true });
  try {
    db.exec("BEGIN");
    const vault = new VaultRepository(db).getById(job.vaultId);
    if (!vault) throw new Error(`vault ${job.vaultId} no longer exists`);
    const query = ruleInventoryRetrievalParameters(params.InventoryRetrievalParameters);
    if (!query.ok) throw new Error(query.issues.map((i) => i.message).join("; "));
    const selection = selectInventory(
      asInventory(new ArchiveRepository(db).inventory(vault.id)),
      query.value.query,
    );
    const inventoryDate = vault.inventoryDate ?? vault.createdAt;
    const text = formatInventory({
      format: params.Format,
      vaultArn: vaultArnFor(job.region, services.options.accountId, vault.name),
      inventoryDate: new Date(inventoryDate),
      archives: selection.archives,
    });
    await pipeline(Readable.from(text, { objectMode: false }), createWriteStream(outputPath), { signal });
    const { size } = await stat(outputPath);
    return { outputSize: size, nextMarker: selection.nextMarker(), inventoryDate };
  } finally {
    db.close();
  }
}
