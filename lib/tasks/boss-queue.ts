import "server-only";
import os from "node:os";
import { PgBoss, type QueuePolicy } from "pg-boss";
import { fromKysely } from "pg-boss/dist/adapters/kysely";
import { DomainError } from "@/lib/errors";
import { type ClaimedTask, type TaskQueue } from "./queue";
import { type AnyTaskDefinition } from "./registry";
import { emptyCounts, isTaskName, type QueueHealth, type TaskName, type TaskPolicy } from "./types";

/**
 * The queue on PostgreSQL (DATABASE_URL): pg-boss, in its own schema, so any replica (or a drain)
 * takes any task. pg-boss gives what a fleet needs: SKIP LOCKED claims, retries with backoff,
 * heartbeats that a supervisor on any replica turns into retries when a process dies, per-key
 * policies and group concurrency across nodes. Tasks are claimed with fetch() and settled with
 * complete()/fail() by the same runner as the in-process queue (lib/tasks/run-task.ts), so a handler
 * behaves the same on either.
 */
export type BossQueueOptions = {
  connectionString: string;
  /** The definitions this process runs; each gets its pg-boss queue (created if missing). */
  definitions: () => AnyTaskDefinition[];
  /** pg-boss's schema in Thaw's database. */
  schema?: string;
  /** How often this replica fails tasks whose runner went silent, so another retries them (seconds). */
  superviseIntervalSeconds?: number;
  /** Told about pg-boss's own errors (a lost connection); it reconnects by itself. */
  onProblem?: (error: unknown) => void;
};

export type BossQueue = TaskQueue & {
  /** Installs or migrates pg-boss's schema (safe when replicas start at once) and its queues. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** pg-boss instances (replicas, drains) heard from in the last five minutes. */
  workers(): Promise<QueueHealth["workers"]>;
};

// Thaw's "singleton" is one queued-or-active task per key: pg-boss calls that "exclusive".
const POLICIES: Record<TaskPolicy, QueuePolicy> = {
  standard: "standard",
  singleton: "exclusive",
  stately: "stately",
};

/** pg-boss refuses heartbeats under 10 s. */
const MIN_HEARTBEAT_SECONDS = 10;
const RELEASED = "stopped before it ended (the process stopped or the drain's time ran out); it runs again";

export function createBossQueue(options: BossQueueOptions): BossQueue {
  const { connectionString, definitions, schema = "pgboss", onProblem = () => undefined } = options;
  const superviseSeconds = options.superviseIntervalSeconds ?? 20;
  const boss = new PgBoss({
    connectionString,
    schema,
    application_name: "thaw-tasks",
    max: 5,
    superviseIntervalSeconds: superviseSeconds,
    // A supervise pass only sweeps the queues whose monitor time is this old: the same interval, so a
    // dead replica's task is failed (and retried) within heartbeatSeconds + about this.
    monitorIntervalSeconds: superviseSeconds,
    instanceName: "thaw",
    // Scheduling (cron) is unused: Thaw enqueues its own follow-ups.
    schedule: false,
  });
  boss.on("error", onProblem);
  const ensured = new Map<TaskName, Promise<void>>();
  let rotation = 0;

  const lookup = (name: string) => definitions().find((d) => d.name === name);
  const names = () => definitions().map((d) => d.name);
  const sql = async <R>(text: string, values: unknown[]) =>
    (await boss.getDb().executeSql(text, values)).rows as R[];

  /** The queue of a definition, with its retry and heartbeat options brought up to date. */
  function ensureQueue(definition: AnyTaskDefinition): Promise<void> {
    let done = ensured.get(definition.name);
    if (!done) {
      const settings = {
        retryLimit: definition.retryLimit,
        retryDelay: Math.max(1, definition.retryDelaySeconds),
        retryBackoff: true,
        expireInSeconds: definition.expireInSeconds,
        ...(definition.heartbeatSeconds === undefined
          ? {}
          : { heartbeatSeconds: Math.max(MIN_HEARTBEAT_SECONDS, definition.heartbeatSeconds) }),
        // Done tasks are kept an hour (health counts), parked ones as long as pg-boss keeps failures.
        deleteAfterSeconds: 3600,
      };
      done = (async () => {
        await boss.createQueue(definition.name, {
          policy: POLICIES[definition.policy ?? "standard"],
          ...settings,
        });
        // createQueue leaves an existing queue as it was; a changed definition updates it.
        await boss.updateQueue(definition.name, settings);
      })();
      done.catch(() => ensured.delete(definition.name));
      ensured.set(definition.name, done);
    }
    return done;
  }

  const attemptOf = (task: ClaimedTask) => ({ id: task.id, retryCount: task.attempt - 1 });
  const affected = (response: object) => (response as { affected?: number }).affected ?? 0;

  return {
    kind: "pg-boss",

    async start() {
      await boss.start({ attempts: 5 });
      for (const definition of definitions()) await ensureQueue(definition);
    },

    async stop() {
      await boss.stop({ graceful: false, close: true });
    },

    async enqueue(name, payload, enqueueOptions = {}, trx) {
      const definition = lookup(name);
      if (!definition) throw new Error(`task ${name} is not defined in this process`);
      if (typeof payload !== "object" || payload === null || Array.isArray(payload))
        throw new Error(`task ${name}: the payload must be an object`);
      await ensureQueue(definition);
      await boss.send(name, payload, {
        ...(enqueueOptions.singletonKey === undefined ? {} : { singletonKey: enqueueOptions.singletonKey }),
        ...(enqueueOptions.groupId === undefined ? {} : { group: { id: enqueueOptions.groupId } }),
        ...(enqueueOptions.startAfterSeconds ? { startAfter: enqueueOptions.startAfterSeconds } : {}),
        // In Thaw's transaction: the task exists if and only if it commits.
        ...(trx ? { db: fromKysely(trx) } : {}),
      });
    },

    async claim() {
      const defined = definitions();
      rotation = (rotation + 1) % Math.max(1, defined.length);
      for (const definition of [...defined.slice(rotation), ...defined.slice(0, rotation)]) {
        await ensureQueue(definition);
        const [job] = await boss.fetch<unknown>(definition.name, {
          batchSize: 1,
          ...(definition.groupConcurrency ? { groupConcurrency: definition.groupConcurrency } : {}),
        });
        if (job && isTaskName(job.name))
          return {
            id: job.id,
            name: job.name,
            payload: job.data,
            attempt: job.retryCount + 1,
            claimedAt: Date.now(),
            definition,
          };
      }
      return undefined;
    },

    async heartbeat(task) {
      return affected(await boss.touch(task.name, attemptOf(task))) > 0;
    },

    async complete(task) {
      await boss.complete(task.name, attemptOf(task));
    },

    async fail(task, _worker, error) {
      await boss.fail(task.name, attemptOf(task), { message: error });
    },

    // pg-boss has no "put back": the run counts as a failed one, retried after its delay.
    async release(task) {
      await boss.fail(task.name, attemptOf(task), { message: RELEASED });
    },

    async maintain() {
      // A drain may be the only pg-boss instance for a while (Vercel): it takes back silent tasks itself.
      await boss.supervise();
    },

    async health() {
      const queueNames = names();
      const perTask = emptyCounts();
      const counts = await sql<{ name: string; state: string; count: number }>(
        `select name, state::text as state, count(*)::int as count from ${schema}.job
          where name = any($1) and state in ('created', 'retry', 'active', 'failed') group by name, state`,
        [queueNames],
      );
      for (const { name, state, count } of counts) {
        if (!isTaskName(name)) continue;
        const bucket = state === "active" ? "active" : state === "failed" ? "failed" : "waiting";
        perTask[name][bucket] += Number(count);
      }
      const [oldest] = await sql<{ seconds: number | null }>(
        `select extract(epoch from now() - min(start_after))::float8 as seconds from ${schema}.job
          where name = any($1) and state in ('created', 'retry') and start_after <= now()`,
        [queueNames],
      );
      // A task waiting for its retry failed recently; a parked one counts by when it gave up.
      const [failed] = await sql<{ count: number }>(
        `select count(*)::int as count from ${schema}.job where name = any($1)
          and (state = 'retry' or (state = 'failed' and completed_on > now() - interval '1 hour'))`,
        [queueNames],
      );
      return {
        oldestWaitingSeconds: oldest?.seconds == null ? null : Math.max(0, Number(oldest.seconds)),
        failedLastHour: Number(failed?.count ?? 0),
        perTask,
      };
    },

    async parked(filter) {
      const rows = await sql<{ id: string; name: string; error: string | null; failed_at: Date | null }>(
        `select id::text as id, name, output->>'message' as error, completed_on as failed_at from ${schema}.job
          where name = any($1) and state = 'failed' and ($2::text is null or group_id = $2)
          order by completed_on desc limit 100`,
        [names(), filter.groupId ?? null],
      );
      return rows.flatMap((row) =>
        isTaskName(row.name)
          ? [
              {
                taskId: row.id,
                name: row.name,
                error: row.error ?? "",
                failedAt: row.failed_at ? new Date(row.failed_at).toISOString() : "",
              },
            ]
          : [],
      );
    },

    async retryParked(taskId) {
      const gone = new DomainError("This task is no longer waiting for a retry.", { status: 404 });
      if (!/^[0-9a-f-]{36}$/i.test(taskId)) throw gone;
      const [row] = await sql<{ name: string }>(
        `select name from ${schema}.job where id = $1::uuid and state = 'failed'`,
        [taskId],
      );
      if (!row) throw gone;
      // pg-boss gives the task one more run (its retry limit goes up by one).
      if (affected(await boss.retry(row.name, taskId)) === 0) throw gone;
    },

    async workers() {
      const instances = await boss.getInstances();
      const since = Date.now() - 5 * 60_000;
      return instances
        .filter((i) => i.stoppedOn === null && i.heartbeatOn.getTime() >= since)
        .map((i) => ({ id: i.id, host: `${i.host} (pid ${i.pid})`, lastSeen: i.heartbeatOn.toISOString() }));
    },
  };
}

/** This process, as the in-process queue reports its one worker. */
export function thisHost(): string {
  return `${os.hostname()} (pid ${process.pid})`;
}
