import { type Db } from "../store/database";
import { type ChecksumAlgorithm } from "./checksums";
import { type ObjectAttributes, type ObjectRecord, type StoredChecksum } from "./types";

interface ObjectRow {
  bucket: string;
  key: string;
  file: string;
  size: number;
  etag: string;
  last_modified: string;
  content_type: string;
  storage_class: string;
  sse: ObjectRecord["sse"];
  kms_key_id: string | null;
  kms_context: string | null;
  metadata: string;
  tags: string;
  acl: string;
  checksum_algorithm: ChecksumAlgorithm | null;
  checksum_value: string | null;
  checksum_type: StoredChecksum["type"] | null;
}

function toRecord(row: ObjectRow): ObjectRecord {
  return {
    bucket: row.bucket,
    key: row.key,
    file: row.file,
    size: row.size,
    etag: row.etag,
    lastModified: row.last_modified,
    contentType: row.content_type,
    storageClass: row.storage_class,
    sse: row.sse,
    kmsKeyId: row.kms_key_id,
    kmsContext: row.kms_context,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    tags: JSON.parse(row.tags) as Record<string, string>,
    acl: JSON.parse(row.acl) as ObjectAttributes["acl"],
    checksum:
      row.checksum_algorithm === null || row.checksum_value === null
        ? null
        : {
            algorithm: row.checksum_algorithm,
            value: row.checksum_value,
            type: row.checksum_type ?? "FULL_OBJECT",
          },
  };
}

export interface UploadRecord {
  id: string;
  bucket: string;
  key: string;
  createdAt: string;
  attributes: ObjectAttributes;
  /** The file parts are written into at their slots (null for uploads from before it existed). */
  file: string | null;
  /** The slot size, fixed by the first part 1 to arrive. */
  partSize: number | null;
  /** CreateMultipartUpload's `x-amz-checksum-algorithm`: every part is checksummed with it. */
  checksumAlgorithm: ChecksumAlgorithm | null;
}

export interface PartRecord {
  uploadId: string;
  partNumber: number;
  file: string;
  size: number;
  etag: string;
  /** Where the part's bytes start in `file`: its slot in the upload's file, or null (a file of its own). */
  offset: number | null;
  /** The part's checksum (base64) in the upload's algorithm, or in the one it was sent with. */
  checksumAlgorithm: ChecksumAlgorithm | null;
  checksum: string | null;
}

export class S3Repository {
  constructor(private readonly db: Db) {}

  createBucket(name: string, createdAt: string): void {
    this.db.prepare("INSERT OR IGNORE INTO s3_buckets (name, created_at) VALUES (?, ?)").run(name, createdAt);
  }

  bucketExists(name: string): boolean {
    return this.db.prepare("SELECT 1 FROM s3_buckets WHERE name = ?").get(name) !== undefined;
  }

  buckets(): Array<{ name: string; createdAt: string }> {
    return this.db
      .prepare("SELECT name, created_at AS createdAt FROM s3_buckets ORDER BY name")
      .all() as Array<{
      name: string;
      createdAt: string;
    }>;
  }

  get(bucket: string, key: string): ObjectRecord | undefined {
    const row = this.db.prepare("SELECT * FROM s3_objects WHERE bucket = ? AND key = ?").get(bucket, key) as
      ObjectRow | undefined;
    return row && toRecord(row);
  }

  /** Stores the object, replacing any object with the same key; returns the replaced object's file. */
  put(object: ObjectRecord): string | undefined {
    return this.db.transaction(() => {
      const previous = this.get(object.bucket, object.key);
      this.db
        .prepare(
          `INSERT OR REPLACE INTO s3_objects (bucket, key, file, size, etag, last_modified, content_type, storage_class,
             sse, kms_key_id, kms_context, metadata, tags, acl, checksum_algorithm, checksum_value, checksum_type)
           VALUES (@bucket, @key, @file, @size, @etag, @lastModified, @contentType, @storageClass, @sse, @kmsKeyId,
             @kmsContext, @metadata, @tags, @acl, @checksumAlgorithm, @checksumValue, @checksumType)`,
        )
        .run({
          ...object,
          metadata: JSON.stringify(object.metadata),
          tags: JSON.stringify(object.tags),
          acl: JSON.stringify(object.acl),
          checksumAlgorithm: object.checksum?.algorithm ?? null,
          checksumValue: object.checksum?.value ?? null,
          checksumType: object.checksum?.type ?? null,
        });
      return previous?.file;
    })();
  }

  /** Removes the object; returns its file (undefined when there was none). */
  delete(bucket: string, key: string): string | undefined {
    return this.db.transaction(() => {
      const previous = this.get(bucket, key);
      this.db.prepare("DELETE FROM s3_objects WHERE bucket = ? AND key = ?").run(bucket, key);
      return previous?.file;
    })();
  }

  /**
   * Keys of the bucket that start with `prefix` and sort after `after`, in S3 order. Lazy: the caller
   * stops when a page is full. Iterated synchronously (no await between rows).
   */
  *keysAfter(bucket: string, prefix: string, after: string): Generator<ObjectRecord> {
    const rows = this.db
      .prepare("SELECT * FROM s3_objects WHERE bucket = ? AND key > ? AND substr(key, 1, ?) = ? ORDER BY key")
      .iterate(bucket, after, prefix.length, prefix) as IterableIterator<ObjectRow>;
    for (const row of rows) yield toRecord(row);
  }

  createUpload(upload: UploadRecord): void {
    this.db
      .prepare(
        `INSERT INTO s3_uploads (id, bucket, key, created_at, attributes, file, part_size, checksum_algorithm)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        upload.id,
        upload.bucket,
        upload.key,
        upload.createdAt,
        JSON.stringify(upload.attributes),
        upload.file,
        upload.partSize,
        upload.checksumAlgorithm,
      );
  }

  getUpload(id: string): UploadRecord | undefined {
    const row = this.db.prepare("SELECT * FROM s3_uploads WHERE id = ?").get(id) as
      | {
          id: string;
          bucket: string;
          key: string;
          created_at: string;
          attributes: string;
          file: string | null;
          part_size: number | null;
          checksum_algorithm: ChecksumAlgorithm | null;
        }
      | undefined;
    if (!row) return undefined;
    return {
      id: row.id,
      bucket: row.bucket,
      key: row.key,
      createdAt: row.created_at,
      attributes: JSON.parse(row.attributes) as ObjectAttributes,
      file: row.file,
      partSize: row.part_size,
      checksumAlgorithm: row.checksum_algorithm,
    };
  }

  /**
   * Up to `limit` uploads in progress in `bucket` under `prefix`, after the marker, in
   * ListMultipartUploads' order: by key (BINARY, S3's order), then by initiation within a key. With
   * only a key marker, the keys after it; with an upload id marker too, also that key's uploads
   * started after the marked one (by initiation, then id, when the marked upload is known).
   */
  uploadsAfter(
    bucket: string,
    prefix: string,
    marker: { key: string; uploadId: string | null },
    limit: number,
  ): Array<{
    id: string;
    key: string;
    createdAt: string;
    storageClass: string;
    checksumAlgorithm: string | null;
  }> {
    const marked = marker.uploadId === null ? undefined : this.getUpload(marker.uploadId);
    // The marked key's later uploads: after the marked one's start, or by id if it is gone.
    const sameKeyAfter =
      marker.uploadId === null
        ? "0"
        : marked
          ? "(created_at > @created OR (created_at = @created AND id > @uploadId))"
          : "id > @uploadId";
    const rows = this.db
      .prepare(
        `SELECT id, key, created_at, attributes, checksum_algorithm FROM s3_uploads
         WHERE bucket = @bucket AND substr(key, 1, length(@prefix)) = @prefix
           AND (key > @key OR (key = @key AND ${sameKeyAfter}))
         ORDER BY key, created_at, id LIMIT @limit`,
      )
      .all({
        bucket,
        prefix,
        key: marker.key,
        uploadId: marker.uploadId,
        created: marked?.createdAt ?? null,
        limit,
      }) as Array<{
      id: string;
      key: string;
      created_at: string;
      attributes: string;
      checksum_algorithm: string | null;
    }>;
    return rows.map((row) => ({
      id: row.id,
      key: row.key,
      createdAt: row.created_at,
      storageClass: (JSON.parse(row.attributes) as ObjectAttributes).storageClass,
      checksumAlgorithm: row.checksum_algorithm,
    }));
  }

  /** Fixes the upload's slot size if it has none yet; returns the slot size in force. */
  fixPartSize(uploadId: string, size: number): number | null {
    this.db
      .prepare("UPDATE s3_uploads SET part_size = ? WHERE id = ? AND part_size IS NULL")
      .run(size, uploadId);
    const current = this.db.prepare("SELECT part_size FROM s3_uploads WHERE id = ?").pluck().get(uploadId);
    return typeof current === "number" ? current : null;
  }

  hasPart(uploadId: string, partNumber: number): boolean {
    return (
      this.db
        .prepare("SELECT 1 FROM s3_parts WHERE upload_id = ? AND part_number = ?")
        .get(uploadId, partNumber) !== undefined
    );
  }

  /**
   * Stores a part, replacing an earlier upload of the same number; returns the replaced part's own
   * file (a part in its slot of the upload's file has none to remove).
   */
  putPart(part: PartRecord): string | undefined {
    return this.db.transaction(() => {
      const previous = this.db
        .prepare("SELECT file, at_offset AS offset FROM s3_parts WHERE upload_id = ? AND part_number = ?")
        .get(part.uploadId, part.partNumber) as { file: string; offset: number | null } | undefined;
      this.db
        .prepare(
          `INSERT OR REPLACE INTO s3_parts (upload_id, part_number, file, size, etag, at_offset, checksum_algorithm, checksum)
           VALUES (@uploadId, @partNumber, @file, @size, @etag, @offset, @checksumAlgorithm, @checksum)`,
        )
        .run(part);
      return previous && previous.offset === null ? previous.file : undefined;
    })();
  }

  /** Up to `limit` parts numbered after `marker`, in order (ListParts pages). */
  partsAfter(uploadId: string, marker: number, limit: number): PartRecord[] {
    return this.db
      .prepare(
        `SELECT upload_id AS uploadId, part_number AS partNumber, file, size, etag, at_offset AS offset,
           checksum_algorithm AS checksumAlgorithm, checksum
         FROM s3_parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?`,
      )
      .all(uploadId, marker, limit) as PartRecord[];
  }

  parts(uploadId: string): PartRecord[] {
    return this.db
      .prepare(
        `SELECT upload_id AS uploadId, part_number AS partNumber, file, size, etag, at_offset AS offset,
           checksum_algorithm AS checksumAlgorithm, checksum
         FROM s3_parts WHERE upload_id = ? ORDER BY part_number`,
      )
      .all(uploadId) as PartRecord[];
  }

  /** Drops the upload and its parts; returns the files to remove (the upload's own, then the parts'), but not `keep`. */
  deleteUpload(id: string, keep?: string): string[] {
    return this.db.transaction(() => {
      const upload = this.getUpload(id);
      const files = new Set([upload?.file ?? undefined, ...this.parts(id).map((p) => p.file)]);
      this.db.prepare("DELETE FROM s3_uploads WHERE id = ?").run(id);
      files.delete(keep);
      return [...files].filter((f): f is string => f !== undefined);
    })();
  }

  /** Every file the store references (to sweep files left by a crash). */
  referencedFiles(): Set<string> {
    const objects = this.db
      .prepare(
        "SELECT file FROM s3_objects UNION ALL SELECT file FROM s3_parts UNION ALL SELECT file FROM s3_uploads WHERE file IS NOT NULL",
      )
      .pluck()
      .all();
    return new Set(objects.map((f) => String(f)));
  }
}
