import { type JobAction, type StatusCode, type Tier } from "../../lib/glacier/job-types";
import { type Statement } from "better-sqlite3";
import { type Db } from "../store/database";
import { type JobParams, type JobRecord, type NewJob, type Prepared } from "./types";

interface JobRow {
  id: string;
  vault_id: number;
  region: string;
  action: JobAction;
  tier: Tier;
  description: string | null;
  sns_topic: string | null;
  archive_id: string | null;
  archive_size: number | null;
  archive_tree_hash: string | null;
  range_start: number | null;
  range_end: number | null;
  retrieval_bytes: number;
  params: string;
  created_at: string;
  created_ms: number;
  due_ms: number;
  prepared_ms: number | null;
  ready_ms: number | null;
  prepared: string | null;
  prepare_error: string | null;
  status: StatusCode;
  status_message: string | null;
  completed_ms: number | null;
  expires_ms: number | null;
  notified: number;
}

function toRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    vaultId: row.vault_id,
    region: row.region,
    action: row.action,
    tier: row.tier,
    description: row.description,
    snsTopic: row.sns_topic,
    archiveId: row.archive_id,
    archiveSize: row.archive_size,
    archiveTreeHash: row.archive_tree_hash,
    rangeStart: row.range_start,
    rangeEnd: row.range_end,
    retrievalBytes: row.retrieval_bytes,
    params: JSON.parse(row.params) as JobParams,
    createdAt: row.created_at,
    createdMs: row.created_ms,
    dueMs: row.due_ms,
    preparedMs: row.prepared_ms,
    readyMs: row.ready_ms,
    prepared: row.prepared === null ? null : (JSON.parse(row.prepared) as Prepared),
    prepareError: row.prepare_error,
    status: row.status,
    statusMessage: row.status_message,
    completedMs: row.completed_ms,
    expiresMs: row.expires_ms,
    notified: row.notified === 1,
  };
}

export interface JobFilter {
  completed?: boolean;
  status?: StatusCode;
}

export interface Finalization {
  status: Exclude<StatusCode, "InProgress">;
  message: string;
  completedMs: number;
  expiresMs: number;
  /** True when there is nobody to notify, so no delivery is pending. */
  notified: boolean;
}

/** Visible jobs: not yet expired at `now`. */
const LIVE = "(expires_ms IS NULL OR expires_ms > @now)";

export class JobRepository {
  /** Prepared once: preparing a statement costs more than running these small queries. */
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /** Inserts a new job; `preparedMs` marks one with nothing to prepare as prepared at once. */
  insert(job: NewJob, preparedMs: number | null = null): JobRecord {
    const readyMs = preparedMs === null ? null : Math.max(job.dueMs, preparedMs);
    const prepared = preparedMs === null ? null : {};
    this.sql(
      `INSERT INTO jobs (id, vault_id, region, action, tier, description, sns_topic, archive_id, archive_size,
         archive_tree_hash, range_start, range_end, retrieval_bytes, params, created_at, created_ms, due_ms,
         prepared_ms, ready_ms, prepared)
       VALUES (@id, @vaultId, @region, @action, @tier, @description, @snsTopic, @archiveId, @archiveSize,
         @archiveTreeHash, @rangeStart, @rangeEnd, @retrievalBytes, @params, @createdAt, @createdMs, @dueMs,
         @preparedMs, @readyMs, @prepared)`,
    ).run({
      ...job,
      params: JSON.stringify(job.params),
      preparedMs,
      readyMs,
      prepared: prepared && JSON.stringify(prepared),
    });
    return {
      ...job,
      preparedMs,
      readyMs,
      prepared,
      prepareError: null,
      status: "InProgress",
      statusMessage: null,
      completedMs: null,
      expiresMs: null,
      notified: false,
    };
  }

  /** Any job by id, expired or not (background work). */
  byId(id: string): JobRecord | undefined {
    const row = this.sql("SELECT * FROM jobs WHERE id = ?").get(id) as JobRow | undefined;
    return row && toRecord(row);
  }

  /** A job of the vault that has not expired at `now`. */
  get(vaultId: number, id: string, now: number): JobRecord | undefined {
    const row = this.sql(`SELECT * FROM jobs WHERE vault_id = @vaultId AND id = @id AND ${LIVE}`).get({
      vaultId,
      id,
      now,
    }) as JobRow | undefined;
    return row && toRecord(row);
  }

  /** Live jobs by initiation time, starting at job `fromId` (inclusive) when given. */
  list(
    vaultId: number,
    now: number,
    filter: JobFilter,
    fromId: string | undefined,
    limit: number,
  ): JobRecord[] {
    const conditions = ["vault_id = @vaultId", LIVE];
    if (filter.completed !== undefined)
      conditions.push(filter.completed ? "status != 'InProgress'" : "status = 'InProgress'");
    if (filter.status !== undefined) conditions.push("status = @status");
    if (fromId !== undefined) {
      conditions.push("(created_ms, id) >= (SELECT created_ms, id FROM jobs WHERE id = @fromId)");
    }
    const rows = this.sql(
      `SELECT * FROM jobs WHERE ${conditions.join(" AND ")} ORDER BY created_ms, id LIMIT @limit`,
    ).all({ vaultId, now, status: filter.status ?? null, fromId: fromId ?? null, limit }) as JobRow[];
    return rows.map(toRecord);
  }

  /** Whether the vault has a live job with this id (a ListJobs marker must name one). */
  exists(vaultId: number, id: string, now: number): boolean {
    return this.get(vaultId, id, now) !== undefined;
  }

  /** Records the end of preparation; the job completes at max(due, prepared). */
  markPrepared(id: string, preparedMs: number, prepared: Prepared | null, error: string | null): void {
    this.sql(
      `UPDATE jobs SET prepared_ms = @preparedMs, ready_ms = MAX(due_ms, @preparedMs), prepared = @prepared,
           prepare_error = @error WHERE id = @id AND prepared_ms IS NULL`,
    ).run({ id, preparedMs, prepared: prepared === null ? null : JSON.stringify(prepared), error });
  }

  /** In-progress jobs whose completion time has come. */
  due(now: number): JobRecord[] {
    const rows = this.sql(
      "SELECT * FROM jobs WHERE status = 'InProgress' AND ready_ms <= ? ORDER BY ready_ms, id",
    ).all(now) as JobRow[];
    return rows.map(toRecord);
  }

  /** Sets the outcome unless another path finalized the job first; true when this call did. */
  finalize(id: string, outcome: Finalization): boolean {
    const result = this.sql(
      `UPDATE jobs SET status = @status, status_message = @message, completed_ms = @completedMs,
           expires_ms = @expiresMs, notified = @notified WHERE id = @id AND status = 'InProgress'`,
    ).run({ id, ...outcome, notified: outcome.notified ? 1 : 0 });
    return result.changes === 1;
  }

  markNotified(id: string): void {
    this.sql("UPDATE jobs SET notified = 1 WHERE id = ?").run(id);
  }

  /** Completed, unexpired jobs whose notification was never delivered (e.g. the server stopped first). */
  unnotified(now: number): JobRecord[] {
    const rows = this.sql(`SELECT * FROM jobs WHERE status != 'InProgress' AND notified = 0 AND ${LIVE}`).all(
      { now },
    ) as JobRow[];
    return rows.map(toRecord);
  }

  /** Jobs still preparing (after a restart their preparation starts again). */
  unprepared(): JobRecord[] {
    const rows = this.sql("SELECT * FROM jobs WHERE prepared_ms IS NULL").all() as JobRow[];
    return rows.map(toRecord);
  }

  /** Removes expired jobs and returns them (their files are removed by the caller). */
  takeExpired(now: number): JobRecord[] {
    return this.db.transaction(() => {
      const rows = this.sql("SELECT * FROM jobs WHERE expires_ms <= ?").all(now) as JobRow[];
      this.sql("DELETE FROM jobs WHERE expires_ms <= ?").run(now);
      return rows.map(toRecord);
    })();
  }

  /** The next time something happens on its own: a completion or an expiry. */
  nextEventMs(): number | undefined {
    const value = this.sql(
      `SELECT MIN(t) FROM (
           SELECT MIN(ready_ms) AS t FROM jobs WHERE status = 'InProgress'
           UNION ALL SELECT MIN(expires_ms) FROM jobs WHERE expires_ms IS NOT NULL)`,
    )
      .pluck()
      .get();
    return typeof value === "number" ? value : undefined;
  }

  /** Retrievals of `tier` (archive and select jobs) initiated at or after `since`. */
  retrievalsSince(tier: Tier, since: number): { count: number; bytes: number } {
    const row = this.sql(
      `SELECT COUNT(*) AS count, COALESCE(SUM(retrieval_bytes), 0) AS bytes FROM jobs
         WHERE tier = ? AND created_ms >= ? AND action != 'InventoryRetrieval'`,
    ).get(tier, since) as { count: number; bytes: number };
    return row;
  }

  /** Bytes of in-progress retrievals of `tier` (the retrieval policy's current load). */
  inProgressBytes(tier: Tier): number {
    return Number(
      this.db
        .prepare(
          "SELECT COALESCE(SUM(retrieval_bytes), 0) FROM jobs WHERE tier = ? AND status = 'InProgress' AND action != 'InventoryRetrieval'",
        )
        .pluck()
        .get(tier),
    );
  }

  /** Bytes stored in all vaults (their inventory snapshots), for the FreeTier allowance. */
  storedBytes(): number {
    return Number(this.sql("SELECT COALESCE(SUM(size_bytes), 0) FROM vaults").pluck().get());
  }

  ids(): Set<string> {
    return new Set(
      this.db
        .prepare("SELECT id FROM jobs")
        .pluck()
        .all()
        .map((id) => String(id)),
    );
  }
}
