import { type Migration } from "../store/database";

/**
 * The S3 side (select output, and plain PutObject for tools that need a bucket). Object bytes live in
 * `s3/objects/<file>`; a row is written only once its file is complete, so a key never points at a
 * partial file. Keys compare as BINARY (UTF-8 byte order), which is S3's listing order.
 * Attributes are stored as given: `metadata`/`tags` JSON objects, `acl` JSON `{canned, grants}`.
 */
export const s3Migrations: readonly Migration[] = [
  {
    name: "s3-001-init",
    sql: `
      CREATE TABLE s3_buckets (
        name TEXT PRIMARY KEY,
        created_at TEXT NOT NULL
      );
      CREATE TABLE s3_objects (
        bucket TEXT NOT NULL REFERENCES s3_buckets(name) ON DELETE CASCADE,
        key TEXT NOT NULL,
        file TEXT NOT NULL,
        size INTEGER NOT NULL,
        etag TEXT NOT NULL,
        last_modified TEXT NOT NULL,
        content_type TEXT NOT NULL,
        storage_class TEXT NOT NULL,
        sse TEXT NOT NULL,
        kms_key_id TEXT,
        kms_context TEXT,
        metadata TEXT NOT NULL,
        tags TEXT NOT NULL,
        acl TEXT NOT NULL,
        PRIMARY KEY (bucket, key)
      );
      CREATE TABLE s3_uploads (
        id TEXT PRIMARY KEY,
        bucket TEXT NOT NULL REFERENCES s3_buckets(name) ON DELETE CASCADE,
        key TEXT NOT NULL,
        created_at TEXT NOT NULL,
        attributes TEXT NOT NULL
      );
      CREATE TABLE s3_parts (
        upload_id TEXT NOT NULL REFERENCES s3_uploads(id) ON DELETE CASCADE,
        part_number INTEGER NOT NULL,
        file TEXT NOT NULL,
        size INTEGER NOT NULL,
        etag TEXT NOT NULL,
        PRIMARY KEY (upload_id, part_number)
      );
    `,
  },
  {
    // Parts written in place: an upload's assembly file (`file`, slots of `part_size` bytes fixed by
    // part 1) and, per part, where its bytes are (`at_offset` in that file; null = its own file).
    name: "s3-002-parts-in-place",
    sql: `
      ALTER TABLE s3_uploads ADD COLUMN file TEXT;
      ALTER TABLE s3_uploads ADD COLUMN part_size INTEGER;
      ALTER TABLE s3_parts ADD COLUMN at_offset INTEGER;
    `,
  },
  {
    // S3's additional checksums (checking-object-integrity.html): the object's (FULL_OBJECT for a
    // PutObject, COMPOSITE "<base64>-<n>" for a multipart upload), the upload's algorithm from
    // CreateMultipartUpload, and each part's checksum in that algorithm (or the one it was sent with).
    name: "s3-003-checksums",
    sql: `
      ALTER TABLE s3_objects ADD COLUMN checksum_algorithm TEXT;
      ALTER TABLE s3_objects ADD COLUMN checksum_value TEXT;
      ALTER TABLE s3_objects ADD COLUMN checksum_type TEXT;
      ALTER TABLE s3_uploads ADD COLUMN checksum_algorithm TEXT;
      ALTER TABLE s3_parts ADD COLUMN checksum_algorithm TEXT;
      ALTER TABLE s3_parts ADD COLUMN checksum TEXT;
    `,
  },
];
