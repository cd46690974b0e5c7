/**
 * The 10 000 jobs the tracking benchmark filters in Chromium, inserted straight into the app's SQLite
 * file (the app's own migrations made the tables).
 */
import { randomUUID } from "node:crypto";
import BetterSqlite3 from "better-sqlite3";

/** Thaw's jobs table with `count` jobs across 20 vaults, inserted straight into the app's SQLite file. */
export function seedJobs(sqlitePath: string, count: number): void {
  const db = new BetterSqlite3(sqlitePath);
  try {
    const connection = db.prepare("select id from connections order by created_at limit 1").get() as
      { id: string } | undefined;
    if (!connection) throw new Error("the app created no connection");
    const job =
      db.prepare(`insert into jobs (id, connection_id, idempotency_key, vault_name, job_type, glacier_job_id, parameters,
      archive_id, tier, description, submission_status, status_code, status_message, glacier_creation_date, completion_date,
      size_bytes, created_at, updated_at) values (?, ?, null, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?, ?, ?)`);
    const tracking =
      db.prepare(`insert into job_tracking (job_id, origin, output_size_bytes, expires_at, next_check_at, updated_at)
      values (?, 'imported', ?, ?, ?, ?)`);
    const types = ["archive-retrieval", "inventory-retrieval", "select"] as const;
    const statuses = ["Succeeded", "Succeeded", "InProgress", "Failed"] as const;
    const insert = db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const id = randomUUID();
        const type = types[i % 3] ?? "archive-retrieval";
        const status = statuses[i % 4] ?? "Succeeded";
        const created = new Date(Date.UTC(2026, 0, 1) + i * 600_000).toISOString();
        const completed =
          status === "InProgress" ? null : new Date(Date.parse(created) + 4 * 3_600_000).toISOString();
        const size = 1_000 + ((i * 7919) % 5_000_000_000);
        job.run(
          id,
          connection.id,
          `vault-${i % 20}`,
          type,
          `bench-job-${i}`,
          JSON.stringify({ Type: type }),
          type === "inventory-retrieval" ? null : `archive-${i}`,
          ["Standard", "Bulk", "Expedited"][i % 3],
          `nightly backup ${i}`,
          status,
          status,
          created,
          completed,
          size,
          created,
          created,
        );
        tracking.run(
          id,
          size,
          completed && status === "Succeeded"
            ? new Date(Date.parse(completed) + 86_400_000).toISOString()
            : null,
          // The seeded vaults do not exist: keep the poller from describing 2 500 make-believe jobs mid-run.
          status === "InProgress" ? "2999-01-01T00:00:00.000Z" : null,
          created,
        );
      }
    });
    insert();
  } finally {
    db.close();
  }
}
