import "server-only";
import { randomBytes } from "node:crypto";
import { type Kysely, type Selectable, sql } from "kysely";
import { type Database, supportsRowLocks } from "@/lib/db";
import { type TasksTable } from "@/lib/db/schema";
import { DomainError } from "@/lib/errors";
import { type ClaimedTask, retryDelaySeconds, type TaskQueue } from "./queue";
import { type AnyTaskDefinition } from "./registry";
import { type Clock, emptyCounts, type EnqueueOptions, isTaskName } from "./types";

/**
 * The in-process queue: tasks as rows of Thaw's own database (migration 0012), for SQLite, where Thaw
 * is one process. It also runs on PostgreSQL (the tests run it on both), where claims and settlements
 * take one advisory lock so group limits and single-key slots hold between processes.
 */
export type TableQueueOptions = {
  db: Kysely<Database>;
  /** The definitions this process runs (only their names are claimed). */
  definitions: () => AnyTaskDefinition[];
  now?: Clock;
  /** Told after every enqueue, so an idle runner in this process starts at once. */
  onEnqueued?: () => void;
};

type TaskRow = Selectable<TasksTable>;

/** One key for pg_advisory_xact_lock: Thaw's in-process queue claims and settles one at a time. */
const QUEUE_LOCK = 0x7468_6177; // "thaw"
const iso = (ms: number) => new Date(ms).toISOString();

export function createTableQueue(options: TableQueueOptions): TaskQueue {
  const { db, definitions, now = Date.now, onEnqueued } = options;
  const lookup = (name: string) => definitions().find((d) => d.name === name);
  let rotation = 0;

  const serialized = <T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> =>
    db.transaction().execute(async (trx) => {
      if (supportsRowLocks(trx)) await sql`select pg_advisory_xact_lock(${QUEUE_LOCK})`.execute(trx);
      return fn(trx);
    });

  const heldRow = (trx: Kysely<Database>, task: ClaimedTask, worker: string) =>
    trx
      .selectFrom("tasks")
      .selectAll()
      .where("id", "=", task.id)
      .where("state", "=", "active")
      .where("worker", "=", worker)
      .where("attempt", "=", task.attempt)
      .executeTakeFirst();

  /** Back to waiting (a retry, or a released run); a one-queued key already queued makes this row redundant. */
  async function requeue(
    trx: Kysely<Database>,
    row: TaskRow,
    definition: AnyTaskDefinition,
    change: { startAfter: number; attempt: number; failure?: { at: number; error: string } },
  ): Promise<void> {
    const stately = definition.policy === "stately" && row.singleton_key !== null;
    if (stately) {
      const queued = await trx
        .selectFrom("tasks")
        .select("id")
        .where("name", "=", row.name)
        .where("singleton_key", "=", row.singleton_key)
        .where("singleton_slot", "=", "waiting")
        .executeTakeFirst();
      if (queued) {
        await trx.deleteFrom("tasks").where("id", "=", row.id).execute();
        return;
      }
    }
    await trx
      .updateTable("tasks")
      .set({
        state: "waiting",
        attempt: change.attempt,
        start_after: iso(change.startAfter),
        worker: null,
        deadline_at: null,
        singleton_slot: stately ? "waiting" : row.singleton_slot,
        ...(change.failure ? { failed_at: iso(change.failure.at), error: change.failure.error } : {}),
      })
      .where("id", "=", row.id)
      .execute();
  }

  async function recordFailure(
    trx: Kysely<Database>,
    row: TaskRow,
    definition: AnyTaskDefinition,
    error: string,
    at: number,
  ): Promise<void> {
    if (row.attempt <= definition.retryLimit) {
      const delay = retryDelaySeconds(definition, row.attempt) * 1000;
      await requeue(trx, row, definition, {
        startAfter: at + delay,
        attempt: row.attempt,
        failure: { at, error },
      });
      return;
    }
    await trx
      .updateTable("tasks")
      .set({
        state: "parked",
        singleton_slot: null,
        worker: null,
        deadline_at: null,
        failed_at: iso(at),
        error,
      })
      .where("id", "=", row.id)
      .execute();
  }

  /** Active tasks past their deadline: their process died or hung; each counts as a failed run. */
  async function takeBackOverdue(trx: Kysely<Database>, at: number): Promise<void> {
    const overdue = await trx
      .selectFrom("tasks")
      .selectAll()
      .where("state", "=", "active")
      .where("deadline_at", "<", iso(at))
      .limit(100)
      .execute();
    for (const row of overdue) {
      const definition = lookup(row.name);
      if (!definition) continue;
      const silence = definition.heartbeatSeconds ?? definition.expireInSeconds;
      await recordFailure(
        trx,
        row,
        definition,
        `taken back: not heard from within ${silence} s (the process running it stopped or hung)`,
        at,
      );
    }
  }

  async function claimOne(
    trx: Kysely<Database>,
    definition: AnyTaskDefinition,
    worker: string,
    at: number,
  ): Promise<TaskRow | undefined> {
    const limitSeconds = Math.min(definition.expireInSeconds, definition.heartbeatSeconds ?? Infinity);
    const groupRoom = definition.groupConcurrency
      ? sql`and (t.group_id is null or (select count(*) from tasks a
            where a.name = t.name and a.group_id = t.group_id and a.state = 'active') < ${definition.groupConcurrency})`
      : sql``;
    const keyRoom =
      definition.policy === "stately"
        ? sql`and (t.singleton_key is null or not exists (select 1 from tasks a
            where a.name = t.name and a.singleton_key = t.singleton_key and a.state = 'active'))`
        : sql``;
    const result = await sql<TaskRow>`update tasks set
        state = 'active', attempt = attempt + 1, worker = ${worker}, started_at = ${iso(at)},
        deadline_at = ${iso(at + limitSeconds * 1000)},
        singleton_slot = case when singleton_slot = 'waiting' then 'active' else singleton_slot end
      where id = (select t.id from tasks t
        where t.name = ${definition.name} and t.state = 'waiting' and t.start_after <= ${iso(at)}
        ${groupRoom} ${keyRoom}
        order by t.start_after, t.created_at, t.id limit 1)
      returning *`.execute(trx);
    return result.rows[0];
  }

  return {
    kind: "in-process",

    async enqueue(name, payload, enqueueOptions = {}, trx) {
      const definition = lookup(name);
      if (!definition) throw new Error(`task ${name} is not defined in this process`);
      await insertTask(trx ?? db, definition, payload, enqueueOptions, now());
      onEnqueued?.();
    },

    claim(worker) {
      return serialized(async (trx) => {
        const at = now();
        await takeBackOverdue(trx, at);
        const defined = definitions();
        rotation = (rotation + 1) % Math.max(1, defined.length);
        // Round the names so one busy kind of task does not starve the others.
        const order = [...defined.slice(rotation), ...defined.slice(0, rotation)];
        for (const definition of order) {
          const row = await claimOne(trx, definition, worker, at);
          if (row && isTaskName(row.name))
            return {
              id: row.id,
              name: row.name,
              payload: JSON.parse(row.payload) as unknown,
              attempt: row.attempt,
              claimedAt: at,
              definition,
            };
        }
        return undefined;
      });
    },

    async heartbeat(task, worker) {
      const { definition } = task;
      const at = now();
      const deadline = Math.min(
        task.claimedAt + definition.expireInSeconds * 1000,
        at + (definition.heartbeatSeconds ?? definition.expireInSeconds) * 1000,
      );
      const result = await db
        .updateTable("tasks")
        .set({ deadline_at: iso(deadline) })
        .where("id", "=", task.id)
        .where("state", "=", "active")
        .where("worker", "=", worker)
        .where("attempt", "=", task.attempt)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async complete(task, worker) {
      await db
        .deleteFrom("tasks")
        .where("id", "=", task.id)
        .where("state", "=", "active")
        .where("worker", "=", worker)
        .where("attempt", "=", task.attempt)
        .execute();
    },

    fail(task, worker, error) {
      return serialized(async (trx) => {
        const row = await heldRow(trx, task, worker);
        // Taken back meanwhile: the failure was already counted.
        if (row) await recordFailure(trx, row, task.definition, error, now());
      });
    },

    release(task, worker) {
      return serialized(async (trx) => {
        const row = await heldRow(trx, task, worker);
        if (row) await requeue(trx, row, task.definition, { startAfter: now(), attempt: row.attempt - 1 });
      });
    },

    async health() {
      const at = now();
      const counts = await db
        .selectFrom("tasks")
        .select(["name", "state", (eb) => eb.fn.countAll<number>().as("count")])
        .groupBy(["name", "state"])
        .execute();
      const perTask = emptyCounts();
      for (const { name, state, count } of counts) {
        if (!isTaskName(name)) continue;
        perTask[name][state === "parked" ? "failed" : state] = Number(count);
      }
      const oldest = await db
        .selectFrom("tasks")
        .select((eb) => eb.fn.min("start_after").as("oldest"))
        .where("state", "=", "waiting")
        .where("start_after", "<=", iso(at))
        .executeTakeFirst();
      const failed = await db
        .selectFrom("tasks")
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .where("failed_at", ">=", iso(at - 3_600_000))
        .executeTakeFirst();
      return {
        oldestWaitingSeconds: oldest?.oldest ? Math.max(0, (at - Date.parse(oldest.oldest)) / 1000) : null,
        failedLastHour: Number(failed?.count ?? 0),
        perTask,
      };
    },

    async parked(filter) {
      let query = db
        .selectFrom("tasks")
        .select(["id", "name", "error", "failed_at"])
        .where("state", "=", "parked")
        .orderBy("failed_at", "desc")
        .limit(100);
      if (filter.groupId !== undefined) query = query.where("group_id", "=", filter.groupId);
      const rows = await query.execute();
      return rows.flatMap((row) =>
        isTaskName(row.name)
          ? [{ taskId: row.id, name: row.name, error: row.error ?? "", failedAt: row.failed_at ?? "" }]
          : [],
      );
    },

    retryParked(taskId) {
      return serialized(async (trx) => {
        const row = await trx
          .selectFrom("tasks")
          .selectAll()
          .where("id", "=", taskId)
          .where("state", "=", "parked")
          .executeTakeFirst();
        const definition = row ? lookup(row.name) : undefined;
        if (!row || !definition)
          throw new DomainError("This task is no longer waiting for a retry.", { status: 404 });
        const key = row.singleton_key;
        const slot = key === null ? null : slotOnEnqueue(definition);
        if (slot !== null) {
          const holder = await trx
            .selectFrom("tasks")
            .select("id")
            .where("name", "=", row.name)
            .where("singleton_key", "=", key)
            .where("singleton_slot", "=", slot)
            .executeTakeFirst();
          // The same work is already queued under its key: that task stands for this one.
          if (holder) {
            await trx.deleteFrom("tasks").where("id", "=", row.id).execute();
            return;
          }
        }
        await trx
          .updateTable("tasks")
          .set({ state: "waiting", attempt: 0, start_after: iso(now()), singleton_slot: slot })
          .where("id", "=", row.id)
          .execute();
        onEnqueued?.();
      });
    },
  };
}

/**
 * Queues a task as a row of `db` (Thaw's database or a transaction on it: then the task exists if and
 * only if the transaction commits). A key whose slot is taken: the task already queued stands for this one.
 */
export async function insertTask(
  db: Kysely<Database>,
  definition: AnyTaskDefinition,
  payload: unknown,
  options: EnqueueOptions,
  at: number,
): Promise<void> {
  const key = options.singletonKey ?? null;
  await db
    .insertInto("tasks")
    .values({
      id: timeOrderedId(at),
      name: definition.name,
      payload: JSON.stringify(payload ?? null),
      state: "waiting",
      singleton_key: key,
      singleton_slot: key === null ? null : slotOnEnqueue(definition),
      group_id: options.groupId ?? null,
      attempt: 0,
      start_after: iso(at + (options.startAfterSeconds ?? 0) * 1000),
      created_at: iso(at),
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

let sequence = 0;

/**
 * A UUID (version 7 layout) that sorts by creation: the millisecond, then a counter within this
 * process, so tasks queued in one millisecond still run first-in first-out.
 */
function timeOrderedId(at: number): string {
  sequence = (sequence + 1) & 0xfff;
  const hex =
    Math.floor(at).toString(16).padStart(12, "0").slice(-12) +
    "7" +
    sequence.toString(16).padStart(3, "0") +
    (((randomBytes(1)[0] ?? 0) & 0x3f) | 0x80).toString(16) +
    randomBytes(7).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The slot a keyed task takes when queued: one for queued-or-active, or the queued one of two. */
function slotOnEnqueue(definition: AnyTaskDefinition): string | null {
  if (definition.policy === "singleton") return "held";
  if (definition.policy === "stately") return "waiting";
  return null;
}
