import { createHash } from "node:crypto";
import path from "node:path";
import { ListJobsCommand, ListVaultsCommand } from "@aws-sdk/client-glacier";
import Database from "better-sqlite3";
import { glacier } from "./wizard-helpers";

// Playwright compiles specs to CommonJS here, where import.meta is unavailable.
const dbFile = path.resolve(__dirname, "..", ".tmp", "e2e", "app", "thaw.sqlite");

/**
 * Every job the embedded server lists, in every vault, through every page. Not a stable snapshot on its
 * own: ListJobs hides a job once it expires (at e2e's time scale, --min-retention after it completes,
 * 10 minutes by default), so jobs the earlier specs started drop out of the list while the fuzz runs.
 * Compare with `jobsCreatedSince`, not with equality.
 */
export async function emulatorJobs(): Promise<string[]> {
  const client = glacier();
  const ids: string[] = [];
  const vaults = await client.send(new ListVaultsCommand({ accountId: "-" }));
  for (const vault of vaults.VaultList ?? []) {
    let marker: string | undefined;
    do {
      const page = await client.send(
        new ListJobsCommand({ accountId: "-", vaultName: vault.VaultName ?? "", marker }),
      );
      ids.push(...(page.JobList ?? []).map((j) => j.JobId ?? ""));
      marker = page.Marker ?? undefined;
    } while (marker);
  }
  return ids.sort();
}

/**
 * The listed jobs that were not listed `before`. Stable under expiry: expiry only removes ids, and a job
 * initiated after `before` gets a new random id that stays listed for at least the retention above (far
 * longer than the fuzz spec's timeout), so any job created in between shows up here.
 */
export function jobsCreatedSince(before: readonly string[], after: readonly string[]): string[] {
  const known = new Set(before);
  return after.filter((id) => !known.has(id));
}

type Row = Record<string, unknown>;

function rows(db: Database.Database, query: string): Row[] {
  return db.prepare(query).all() as Row[];
}

const digest = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

/**
 * What user input could change, per table (count + checksum). Left out on purpose: failed sign-ins
 * (login_failures, and their audit rows: refusing a sign-in is recorded by design), SNS replay ids,
 * and the tracking columns that background polling refreshes on reads.
 */
export function databaseState(): { tables: Record<string, { count: number; sha256: string }>; jobs: Row[] } {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const queries: Record<string, string> = {
      users: "select * from users order by id",
      sessions: "select id, user_id, expires_at from sessions order by id",
      connections: "select * from connections order by id",
      settings: "select * from settings order by key",
      sns_subscriptions: "select * from sns_subscriptions order by topic_arn",
      audit_log:
        "select * from audit_log where not (action = 'auth.sign-in' and outcome <> 'success') order by id",
      inventories: "select id, connection_id, vault_name, job_id, status from inventories order by id",
    };
    const tables = Object.fromEntries(
      Object.entries(queries).map(([name, q]) => {
        const found = rows(db, q);
        return [name, { count: found.length, sha256: digest(found) }];
      }),
    );
    const jobs = rows(
      db,
      "select id, connection_id, idempotency_key, glacier_job_id, parameters, submitted_by, submission_status from jobs order by id",
    );
    return { tables, jobs };
  } finally {
    db.close();
  }
}
