import { type Migration } from "../store/database";

/**
 * Jobs. A job is InProgress until `ready_ms` (the later of its tier delay, `due_ms`, and the end of
 * its background preparation, `prepared_ms`) has passed; it is then finalized (status, completion
 * date, expiry) by whichever comes first, a read or the completion timer. Times are epoch ms so the
 * timer and the lazy check compare numbers. `params` holds the normalized type-specific parameters
 * (JSON); `prepared` the preparation's results (output size, next inventory marker, result objects).
 */
export const jobsMigrations: readonly Migration[] = [
  {
    name: "jobs-001-init",
    sql: `
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        vault_id INTEGER NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,
        region TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('ArchiveRetrieval', 'InventoryRetrieval', 'Select')),
        tier TEXT NOT NULL,
        description TEXT,
        sns_topic TEXT,
        archive_id TEXT,
        archive_size INTEGER,
        archive_tree_hash TEXT,
        range_start INTEGER,
        range_end INTEGER,
        retrieval_bytes INTEGER NOT NULL DEFAULT 0,
        params TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        due_ms INTEGER NOT NULL,
        prepared_ms INTEGER,
        ready_ms INTEGER,
        prepared TEXT,
        prepare_error TEXT,
        status TEXT NOT NULL DEFAULT 'InProgress' CHECK (status IN ('InProgress', 'Succeeded', 'Failed')),
        status_message TEXT,
        completed_ms INTEGER,
        expires_ms INTEGER,
        notified INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX jobs_by_vault ON jobs (vault_id, created_ms, id);
      CREATE INDEX jobs_ready ON jobs (status, ready_ms);
      CREATE INDEX jobs_expiry ON jobs (expires_ms);
      CREATE INDEX jobs_admission ON jobs (tier, created_ms);
    `,
  },
];
