import { type Db } from "./database";

export type ArchiveStorageKind = "file" | "synthetic";

export interface ArchiveRecord {
  id: string;
  vaultId: number;
  description: string;
  size: number;
  treeHash: string;
  createdAt: string;
  storage: ArchiveStorageKind;
  /** Synthetic archives only: the seed their bytes are generated from. */
  syntheticSeed: string | null;
  deletedAt: string | null;
}

export type NewArchive = Omit<ArchiveRecord, "deletedAt">;

interface ArchiveRow {
  id: string;
  vault_id: number;
  description: string;
  size: number;
  tree_hash: string;
  created_at: string;
  storage: ArchiveStorageKind;
  synthetic_seed: string | null;
  deleted_at: string | null;
}

function toRecord(row: ArchiveRow): ArchiveRecord {
  return {
    id: row.id,
    vaultId: row.vault_id,
    description: row.description,
    size: row.size,
    treeHash: row.tree_hash,
    createdAt: row.created_at,
    storage: row.storage,
    syntheticSeed: row.synthetic_seed,
    deletedAt: row.deleted_at,
  };
}

export class VaultGoneError extends Error {}

export class ArchiveRepository {
  constructor(private readonly db: Db) {}

  /** Includes tombstones (deletedAt set); callers decide what a deleted archive means. */
  get(vaultId: number, archiveId: string): ArchiveRecord | undefined {
    const row = this.db
      .prepare("SELECT * FROM archives WHERE vault_id = ? AND id = ?")
      .get(vaultId, archiveId) as ArchiveRow | undefined;
    return row && toRecord(row);
  }

  /**
   * Inserts archives and refreshes the vault's inventory snapshot in one transaction. `inventoryDate`
   * is the refresh time. Throws VaultGoneError if the vault was deleted meanwhile.
   */
  insert(archives: readonly NewArchive[], inventoryDate: string): void {
    const insert = this.db.prepare(
      `INSERT INTO archives (id, vault_id, description, size, tree_hash, created_at, storage, synthetic_seed)
       VALUES (@id, @vaultId, @description, @size, @treeHash, @createdAt, @storage, @syntheticSeed)`,
    );
    const bump = this.db.prepare(
      "UPDATE vaults SET archive_count = archive_count + ?, size_bytes = size_bytes + ?, inventory_date = ? WHERE id = ?",
    );
    this.db.transaction(() => {
      const totals = new Map<number, { count: number; size: number }>();
      for (const archive of archives) {
        insert.run(archive);
        const t = totals.get(archive.vaultId) ?? { count: 0, size: 0 };
        totals.set(archive.vaultId, { count: t.count + 1, size: t.size + archive.size });
      }
      for (const [vaultId, t] of totals) {
        if (bump.run(t.count, t.size, inventoryDate, vaultId).changes !== 1) throw new VaultGoneError();
      }
    })();
  }

  /** Tombstones a live archive and refreshes the snapshot; false when it was not live. */
  markDeleted(vaultId: number, archiveId: string, at: string): boolean {
    return this.db.transaction(() => {
      const archive = this.get(vaultId, archiveId);
      if (!archive || archive.deletedAt !== null) return false;
      this.db.prepare("UPDATE archives SET deleted_at = ? WHERE id = ?").run(at, archiveId);
      this.db
        .prepare(
          "UPDATE vaults SET archive_count = archive_count - 1, size_bytes = size_bytes - ?, inventory_date = ? WHERE id = ?",
        )
        .run(archive.size, at, vaultId);
      return true;
    })();
  }

  /**
   * The vault's inventory: live archives ordered by creation. The inventory job reads this same
   * snapshot, with the vault's `inventoryDate` as InventoryDate. Iterates lazily (100 000 rows are fine).
   */
  *inventory(vaultId: number): Generator<ArchiveRecord> {
    const rows = this.db
      .prepare("SELECT * FROM archives WHERE vault_id = ? AND deleted_at IS NULL ORDER BY created_at, id")
      .iterate(vaultId) as IterableIterator<ArchiveRow>;
    for (const row of rows) yield toRecord(row);
  }

  /** Ids of the vault's archives that have a file, live or tombstoned (for cleanup on vault deletion). */
  fileIds(vaultId: number): string[] {
    return this.db
      .prepare("SELECT id FROM archives WHERE vault_id = ? AND storage = 'file'")
      .pluck()
      .all(vaultId)
      .map((id) => String(id));
  }
}
