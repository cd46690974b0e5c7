import { type Db } from "./database";

export interface UploadRecord {
  id: string;
  vaultId: number;
  description: string | null;
  partSize: number;
  createdAt: string;
  /** Set once completed: a repeated CompleteMultipartUpload returns the same archive. */
  archiveId: string | null;
}

export interface PartRecord {
  uploadId: string;
  rangeStart: number;
  rangeEnd: number;
  treeHash: string;
}

interface UploadRow {
  id: string;
  vault_id: number;
  description: string | null;
  part_size: number;
  created_at: string;
  archive_id: string | null;
}

interface PartRow {
  upload_id: string;
  range_start: number;
  range_end: number;
  tree_hash: string;
}

const toUpload = (r: UploadRow): UploadRecord => ({
  id: r.id,
  vaultId: r.vault_id,
  description: r.description,
  partSize: r.part_size,
  createdAt: r.created_at,
  archiveId: r.archive_id,
});

const toPart = (r: PartRow): PartRecord => ({
  uploadId: r.upload_id,
  rangeStart: r.range_start,
  rangeEnd: r.range_end,
  treeHash: r.tree_hash,
});

export class UploadRepository {
  constructor(private readonly db: Db) {}

  create(upload: Omit<UploadRecord, "archiveId">): void {
    this.db
      .prepare(
        "INSERT INTO multipart_uploads (id, vault_id, description, part_size, created_at) VALUES (@id, @vaultId, @description, @partSize, @createdAt)",
      )
      .run(upload);
  }

  get(vaultId: number, uploadId: string): UploadRecord | undefined {
    const row = this.db
      .prepare("SELECT * FROM multipart_uploads WHERE vault_id = ? AND id = ?")
      .get(vaultId, uploadId) as UploadRow | undefined;
    return row && toUpload(row);
  }

  /** In-progress uploads by creation, starting at upload `fromId` (inclusive) when given. */
  listInProgress(vaultId: number, fromId: string | undefined, limit: number): UploadRecord[] {
    const base = "SELECT * FROM multipart_uploads WHERE vault_id = ? AND archive_id IS NULL";
    const rows = (
      fromId === undefined
        ? this.db.prepare(`${base} ORDER BY created_at, id LIMIT ?`).all(vaultId, limit)
        : this.db
            .prepare(
              `${base} AND (created_at, id) >= (SELECT created_at, id FROM multipart_uploads WHERE id = ?) ORDER BY created_at, id LIMIT ?`,
            )
            .all(vaultId, fromId, limit)
    ) as UploadRow[];
    return rows.map(toUpload);
  }

  /** Parts ordered by offset, starting at `fromStart` (inclusive). */
  parts(uploadId: string, fromStart = 0, limit = Number.MAX_SAFE_INTEGER): PartRecord[] {
    const rows = this.db
      .prepare(
        "SELECT * FROM multipart_parts WHERE upload_id = ? AND range_start >= ? ORDER BY range_start LIMIT ?",
      )
      .all(uploadId, fromStart, limit) as PartRow[];
    return rows.map(toPart);
  }

  /** Re-uploading a range replaces the earlier part (Glacier: uploads are idempotent per range). */
  putPart(part: PartRecord): void {
    this.db
      .prepare(
        `INSERT INTO multipart_parts (upload_id, range_start, range_end, tree_hash) VALUES (@uploadId, @rangeStart, @rangeEnd, @treeHash)
         ON CONFLICT (upload_id, range_start) DO UPDATE SET range_end = excluded.range_end, tree_hash = excluded.tree_hash`,
      )
      .run(part);
  }

  /** Marks the upload completed and drops its parts (their bytes now live in the archive). */
  complete(uploadId: string, archiveId: string, at: string): void {
    this.db.transaction(() => {
      this.db
        .prepare("UPDATE multipart_uploads SET archive_id = ?, completed_at = ? WHERE id = ?")
        .run(archiveId, at, uploadId);
      this.db.prepare("DELETE FROM multipart_parts WHERE upload_id = ?").run(uploadId);
    })();
  }

  delete(uploadId: string): void {
    this.db.prepare("DELETE FROM multipart_uploads WHERE id = ?").run(uploadId);
  }

  /** Upload ids of a vault (for part-file cleanup on vault deletion). */
  idsForVault(vaultId: number): string[] {
    return this.db
      .prepare("SELECT id FROM multipart_uploads WHERE vault_id = ?")
      .pluck()
      .all(vaultId)
      .map((id) => String(id));
  }
}
