import "server-only";
import { type Kysely } from "kysely";
import { type Database, inTransaction } from "@/lib/db";
import { type OutputTaskProgressTable } from "@/lib/db/schema";
import { noteProgress, type RateSample, recentRate } from "./progress-rate";
import { type TaskOutcome, type TaskReporter } from "./tasks";
import { type TaskProgress } from "./view-types";

/**
 * Progress of output work that runs as a queued task (`inventory-import`), kept in
 * `output_task_progress` so whichever replica runs it reports to every replica's job page. The row is
 * the task's public face: queued when asked for, running, then done or failed with its message.
 */

export type StoredTaskKind = OutputTaskProgressTable["kind"];

/** A run not heard from this long is taken for dead (its process went away): asking again starts anew. */
const STALE_PROGRESS_MS = 10 * 60_000;
/** How often a running task writes its progress (each write is one small UPDATE). */
const SAVE_EVERY_MS = 500;
const QUEUED_MESSAGE = "Queued: a task worker starts it shortly.";

function toProgress(row: OutputTaskProgressTable): TaskProgress {
  return {
    kind: row.kind,
    // The screen knows running, done and failed; a queued task is running to the person waiting for it.
    state: row.state === "queued" ? "running" : row.state,
    startedAt: row.started_at,
    bytes: row.bytes,
    totalBytes: row.total_bytes,
    items: row.items,
    rate: row.state === "running" ? row.rate : null,
    message: row.message,
    result: row.result,
  };
}

/**
 * Marks the task queued and runs `enqueue` in the same transaction, unless a run of it is already
 * queued or running (then that one is returned and nothing is enqueued: a double click, or two
 * replicas' pages, start the work once). The upsert's condition decides, so two askers at once on
 * PostgreSQL cannot both win: the second sees the first's committed row.
 */
export async function queueStoredTask(
  db: Kysely<Database>,
  jobId: string,
  kind: StoredTaskKind,
  totalBytes: number | null,
  enqueue: (trx: Kysely<Database>) => Promise<void>,
  now = new Date(),
): Promise<{ progress: TaskProgress; queued: boolean }> {
  const at = now.toISOString();
  const staleBefore = new Date(now.getTime() - STALE_PROGRESS_MS).toISOString();
  const row: OutputTaskProgressTable = {
    job_id: jobId,
    kind,
    state: "queued",
    started_at: at,
    bytes: 0,
    total_bytes: totalBytes,
    items: null,
    rate: null,
    message: QUEUED_MESSAGE,
    result: null,
    updated_at: at,
  };
  const { job_id: _job, kind: _kind, ...fresh } = row;
  return inTransaction(db, async (trx) => {
    const won = await trx
      .insertInto("output_task_progress")
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(["job_id", "kind"])
          .doUpdateSet(fresh)
          .where((eb) =>
            eb.or([
              eb("output_task_progress.state", "in", ["done", "failed"]),
              eb("output_task_progress.updated_at", "<", staleBefore),
            ]),
          ),
      )
      .returning("job_id")
      .executeTakeFirst();
    if (won) {
      await enqueue(trx);
      return { progress: toProgress(row), queued: true };
    }
    const running = await trx
      .selectFrom("output_task_progress")
      .selectAll()
      .where("job_id", "=", jobId)
      .where("kind", "=", kind)
      .executeTakeFirstOrThrow();
    return { progress: toProgress(running), queued: false };
  });
}

/** The job's stored task progress rows; with `since` (ISO), only those changed after it. */
export async function storedTasksOfJob(
  db: Kysely<Database>,
  jobId: string,
  since?: string,
): Promise<TaskProgress[]> {
  const rows = await db
    .selectFrom("output_task_progress")
    .selectAll()
    .where("job_id", "=", jobId)
    .$if(since !== undefined, (q) => q.where("updated_at", ">", since ?? ""))
    .execute();
  return rows.map(toProgress);
}

export type StoredRun = {
  reporter: TaskReporter;
  /** Writes the outcome (done or failed) after the last progress. */
  finish(outcome: { ok: true; value: TaskOutcome } | { ok: false; message: string }): Promise<void>;
};

/**
 * Starts a stored run: the row becomes running (its start time kept, so the page's snapshot of the
 * queued run is the same run), and the returned reporter saves progress at most every SAVE_EVERY_MS,
 * one write at a time, calling `alive` (the queue's heartbeat) as it goes.
 */
export async function startStoredRun(
  db: Kysely<Database>,
  jobId: string,
  kind: StoredTaskKind,
  alive: () => Promise<void>,
): Promise<StoredRun> {
  const update = (values: Partial<Omit<OutputTaskProgressTable, "job_id" | "kind">>) =>
    db.updateTable("output_task_progress").set(values).where("job_id", "=", jobId).where("kind", "=", kind);
  const state = {
    bytes: 0,
    totalBytes: null as number | null,
    items: null as number | null,
    message: null as string | null,
  };
  const samples: RateSample[] = [];
  await update({
    state: "running",
    bytes: 0,
    items: null,
    rate: null,
    message: null,
    result: null,
    updated_at: new Date().toISOString(),
  }).execute();
  let lastSaved = 0;
  let saving: Promise<void> = Promise.resolve();
  const save = (force: boolean) => {
    const nowMs = Date.now();
    if (!force && nowMs - lastSaved < SAVE_EVERY_MS) return saving;
    lastSaved = nowMs;
    const values = {
      bytes: state.bytes,
      total_bytes: state.totalBytes,
      items: state.items,
      rate: recentRate(samples, state.bytes, nowMs),
      message: state.message,
      updated_at: new Date(nowMs).toISOString(),
    };
    saving = saving
      .then(async () => {
        // Only while running: a late save must not turn a finished run back.
        await update(values).where("state", "=", "running").execute();
        await alive();
      })
      .catch(() => undefined);
    return saving;
  };
  const reporter: TaskReporter = {
    advance(bytes, items) {
      state.bytes += bytes;
      if (items !== undefined) state.items = (state.items ?? 0) + items;
      noteProgress(samples, state.bytes, Date.now());
      void save(false);
    },
    set(patch) {
      if (patch.bytes !== undefined) state.bytes = patch.bytes;
      if (patch.totalBytes !== undefined) state.totalBytes = patch.totalBytes;
      if (patch.items !== undefined) state.items = patch.items;
      if (patch.message !== undefined) state.message = patch.message;
      noteProgress(samples, state.bytes, Date.now());
      void save(false);
    },
  };
  return {
    reporter,
    async finish(outcome) {
      await save(true);
      await update({
        state: outcome.ok ? "done" : "failed",
        bytes: state.bytes,
        items: state.items,
        rate: null,
        message: outcome.ok ? outcome.value.message : outcome.message,
        result: outcome.ok ? outcome.value.result : null,
        updated_at: new Date().toISOString(),
      }).execute();
    },
  };
}
