import { type Migration } from "./database";

/**
 * Core schema. Vault counts are the vault's inventory snapshot, refreshed immediately on every archive
 * change (see README "Inventory"); `inventory_date` is the time of that last refresh.
 * Archives are either stored in a file (`storage = 'file'`) or synthetic: bytes generated on read from
 * `synthetic_seed` and `size`, so a 100 000-archive demo vault needs no files.
 * Deleted archives keep a tombstone (`deleted_at`) so DeleteArchive stays idempotent and retrieval
 * jobs can tell "deleted" from "never existed".
 */
export const coreMigrations: readonly Migration[] = [
  {
    name: "core-001-init",
    sql: `
      CREATE TABLE vaults (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        inventory_date TEXT,
        archive_count INTEGER NOT NULL DEFAULT 0,
        size_bytes INTEGER NOT NULL DEFAULT 0,
        notification_topic TEXT,
        notification_events TEXT
      );
      CREATE TABLE vault_tags (
        vault_id INTEGER NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (vault_id, key)
      );
      CREATE TABLE archives (
        id TEXT PRIMARY KEY,
        vault_id INTEGER NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,
        description TEXT NOT NULL,
        size INTEGER NOT NULL CHECK (size >= 0),
        tree_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        storage TEXT NOT NULL CHECK (storage IN ('file', 'synthetic')),
        synthetic_seed TEXT,
        deleted_at TEXT,
        CHECK ((storage = 'synthetic') = (synthetic_seed IS NOT NULL))
      );
      CREATE INDEX archives_by_vault ON archives (vault_id, created_at, id);
      CREATE TABLE multipart_uploads (
        id TEXT PRIMARY KEY,
        vault_id INTEGER NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,
        description TEXT,
        part_size INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        archive_id TEXT,
        completed_at TEXT
      );
      CREATE INDEX multipart_uploads_by_vault ON multipart_uploads (vault_id, created_at, id);
      CREATE TABLE multipart_parts (
        upload_id TEXT NOT NULL REFERENCES multipart_uploads(id) ON DELETE CASCADE,
        range_start INTEGER NOT NULL,
        range_end INTEGER NOT NULL,
        tree_hash TEXT NOT NULL,
        PRIMARY KEY (upload_id, range_start)
      );
      CREATE TABLE account_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE provisioned_capacity (
        id TEXT PRIMARY KEY,
        start_date TEXT NOT NULL,
        expiration_date TEXT NOT NULL
      );
    `,
  },
];
