import "server-only";
import { type GlacierJobDescription } from "@aws-sdk/client-glacier";
import { AwsOperationError } from "@/lib/aws/errors";
import { forEachVaultJobPage, type ListJobsFilter, mapBounded } from "@/lib/aws/jobs";
import { type AccountTarget, listAllVaults } from "@/lib/aws/vaults";
import { dbOf } from "@/lib/db";
import { type Tier } from "@/lib/glacier/job-types";
import { log } from "@/lib/log";
import { parseJobDescription, type TrackedDescription } from "./job-description";
import { countListedFinished, markUnseenFinishedGone, openVaults, unseenUnfinished } from "./open-jobs";
import { describeTrackedJob, JobNotFoundError } from "./poll";
import { timeScaleOf } from "./sync-pace";
import { type Due, dueParts, nextRunAt, type ScheduleState, trackingInterval } from "./sync-schedule";
import {
  abandonSyncRun,
  claimSyncRun,
  renewSyncRun,
  finishSyncRun,
  readSyncState,
  scheduleSyncRun,
  type VaultSyncReport,
} from "./sync-state";
import { recordDescriptions, type StoreOptions, updateTracking } from "./tracking-store";

/**
 * The `vault-sync` task: Glacier's view of one connection's jobs, once per connection for the whole
 * fleet (sync-state.ts), whatever the number of replicas and open pages. What is listed when is
 * sync-schedule.ts; ListJobs' filters and paging are
 * docs.aws.amazon.com/amazonglacier/latest/dev/api-jobs-get.html (`statuscode`, `completed`,
 * `limit` ≤ 50, `marker`).
 * DescribeJob only where ListJobs cannot answer: a job that left the InProgress listing has finished,
 * but that listing cannot say how — the completed listing can, at one call per 50 finished jobs the
 * vault still lists, so it is used when more jobs left than it has pages, and DescribeJob (one call
 * per job) otherwise; and a job that neither listing shows, which only DescribeJob can call gone (404).
 * SNS: a completion notification records the job at once (poll.ts applyJobNotification); a finished
 * job is no longer unfinished, so neither ListJobs nor DescribeJob is spent on it again.
 */

/** ListJobs pages hold at most 50 jobs (the API's limit and default). */
const JOBS_PER_PAGE = 50;

export type VaultSyncOptions = StoreOptions & {
  /** The connection's target, or undefined when it was deleted meanwhile. */
  loadTarget: (connectionId: string) => Promise<AccountTarget | undefined>;
  /** Enqueues the next run in `startAfterSeconds` (the task queue; tests record it). */
  schedule: (startAfterSeconds: number) => Promise<void>;
  concurrency?: number;
  /** Aborted when the process stops or a drain's time is up: the run stops between pages, due parts stay due. */
  signal?: AbortSignal;
  /** The queue's heartbeat, called with the lease's renewal. */
  heartbeat?: () => Promise<void>;
  /** How much faster than AWS the connection's Glacier runs (default: timeScaleOf its endpoint). */
  timeScale?: number;
};

/** How often (real time) a long run renews its lease and tells the queue it is alive. */
const ALIVE_EVERY_MS = 15_000;

export type VaultSyncOutcome = { ran: boolean; report: VaultSyncReport | null; nextRunAt: string | null };

function readable(vaultName: string, jobs: GlacierJobDescription[]): TrackedDescription[] {
  const tracked: TrackedDescription[] = [];
  for (const job of jobs) {
    const parsed = parseJobDescription(job);
    if (parsed.ok) tracked.push(parsed.value);
    else log().warn({ vaultName, jobId: job.JobId, problem: parsed.message }, "skipped an unreadable job");
  }
  return tracked;
}

type RunContext = {
  connectionId: string;
  target: AccountTarget;
  runAt: string;
  store: StoreOptions;
  report: VaultSyncReport;
  /** Between pages: stops an aborted run, renews the lease of a long one. */
  alive: () => Promise<void>;
};

/** Throws once the run is aborted; every ALIVE_EVERY_MS of real time renews the lease (from the run's clock). */
function aliveCheck(
  connectionId: string,
  runStartMs: number,
  options: VaultSyncOptions,
  store: StoreOptions,
) {
  const startedWall = Date.now();
  let last = startedWall;
  return async () => {
    options.signal?.throwIfAborted();
    const wall = Date.now();
    if (wall - last < ALIVE_EVERY_MS) return;
    last = wall;
    await renewSyncRun(connectionId, runStartMs + (wall - startedWall), store);
    await options.heartbeat?.();
  };
}

async function listInto(ctx: RunContext, vaultName: string, filter: ListJobsFilter): Promise<void> {
  ctx.report.calls.listJobs += await forEachVaultJobPage(ctx.target, vaultName, filter, async (jobs) => {
    const outcome = await recordDescriptions(ctx.connectionId, readable(vaultName, jobs), ctx.store);
    ctx.report.imported += outcome.imported.length;
    ctx.report.updated += outcome.updated.length;
    await ctx.alive();
  });
}

async function describeLeft(ctx: RunContext, job: { id: string; glacierJobId: string }, vault: string) {
  ctx.report.calls.describeJob++;
  try {
    const described = await describeTrackedJob(ctx.target, vault, job.glacierJobId);
    const outcome = await recordDescriptions(ctx.connectionId, [described], ctx.store);
    ctx.report.updated += outcome.updated.length;
  } catch (error) {
    if (!(error instanceof JobNotFoundError)) throw error;
    await updateTracking(job.id, { gone_at: ctx.runAt, next_check_at: null }, ctx.store);
    ctx.report.gone++;
  }
}

/** One vault's share of the run (see the module comment for which listing when). */
async function syncVault(ctx: RunContext, vaultName: string, inProgress: boolean, completed: boolean) {
  if (inProgress && completed) await listInto(ctx, vaultName, {});
  else if (inProgress) await listInto(ctx, vaultName, { statuscode: "InProgress" });
  else if (completed) await listInto(ctx, vaultName, { completed: true });
  let finishedListed = completed;
  let left = inProgress ? await unseenUnfinished(ctx.connectionId, vaultName, ctx.runAt, ctx.store) : [];
  if (left.length > 0 && !finishedListed) {
    const listed = await countListedFinished(ctx.connectionId, vaultName, ctx.store);
    const pages = Math.ceil((listed + left.length) / JOBS_PER_PAGE);
    if (left.length > pages) {
      await listInto(ctx, vaultName, { completed: true });
      finishedListed = true;
      left = await unseenUnfinished(ctx.connectionId, vaultName, ctx.runAt, ctx.store);
    }
  }
  if (finishedListed)
    ctx.report.gone += await markUnseenFinishedGone(ctx.connectionId, vaultName, ctx.runAt, ctx.store);
  for (const job of left) await describeLeft(ctx, job, vaultName);
}

async function sweepVaults(ctx: RunContext, open: Map<string, Tier>, due: Due): Promise<string[]> {
  if (!due.sweep && !due.completed) return [...open.keys()];
  ctx.report.calls.listVaults++;
  const all = (await listAllVaults(ctx.target)).map((v) => v.name);
  return [...new Set([...all, ...open.keys()])];
}

function emptyReport(at: string): VaultSyncReport {
  return {
    at,
    imported: 0,
    updated: 0,
    gone: 0,
    failedVaults: [],
    calls: { listVaults: 0, listJobs: 0, describeJob: 0 },
    message: null,
  };
}

/** The due parts over the vaults they concern, `concurrency` vaults at a time. */
async function syncDueVaults(ctx: RunContext, open: Map<string, Tier>, due: Due, options: VaultSyncOptions) {
  const vaults = await sweepVaults(ctx, open, due);
  await mapBounded(vaults, options.concurrency ?? 4, async (vaultName) => {
    await ctx.alive();
    const inProgress = due.sweep || (due.tracking && open.has(vaultName));
    try {
      await syncVault(ctx, vaultName, inProgress, due.completed);
    } catch (error) {
      if (!(error instanceof AwsOperationError)) throw error;
      ctx.report.failedVaults.push(vaultName);
    }
  });
}

/**
 * One run of `vault-sync` for a connection: does only what is due, records it in vault_sync_state,
 * and schedules the next run while jobs are unfinished or someone watches. A run while another
 * holds the connection does nothing.
 */
export async function runVaultSync(
  connectionId: string,
  options: VaultSyncOptions,
): Promise<VaultSyncOutcome> {
  const db = await dbOf(options);
  const now = options.now ?? new Date();
  const nowMs = now.getTime();
  const store: StoreOptions = { db, now };
  // Held by a live run (a copy the queue delivered twice): that run schedules what comes next. A run
  // whose replica died holds it RUN_LEASE_MS at most, less than the queue takes to retry it elsewhere.
  if (!(await claimSyncRun(connectionId, store))) return { ran: false, report: null, nextRunAt: null };
  const state = await readSyncState(connectionId, store);
  let open = await openVaults(connectionId, store);
  const report = emptyReport(now.toISOString());
  let timeScale = options.timeScale ?? 1;
  let due: Due = { tracking: false, sweep: false, completed: false };
  try {
    const target = await options.loadTarget(connectionId);
    timeScale = options.timeScale ?? timeScaleOf(target?.endpoint);
    due = dueParts(state, open.size > 0, nowMs, timeScale);
    if (target && (due.tracking || due.sweep || due.completed)) {
      const alive = aliveCheck(connectionId, nowMs, options, store);
      const ctx: RunContext = { connectionId, target, runAt: now.toISOString(), store, report, alive };
      await syncDueVaults(ctx, open, due, options);
      open = await openVaults(connectionId, store);
    }
  } catch (error) {
    if (options.signal?.aborted || !(error instanceof AwsOperationError)) {
      // Half a sweep is no sweep: the schedule stays as it was for the run the queue gives back
      // (stopped) or retries (a failure of Thaw's own, e.g. its database).
      await abandonSyncRun(connectionId, store);
      throw error;
    }
    report.message = error instanceof Error ? error.message : String(error);
    log().warn({ connectionId, detail: report.message }, "vault sync failed; trying again at its next run");
  }
  const at = (ms: number) => new Date(ms).toISOString();
  const after: ScheduleState = {
    // A sweep-only run keeps an earlier tracking time already set (a new faster job may bring it closer).
    next_tracking_at:
      open.size === 0
        ? null
        : at(
            Math.min(
              nowMs + trackingInterval(open.values(), timeScale),
              due.tracking || !state?.next_tracking_at ? Infinity : Date.parse(state.next_tracking_at),
            ),
          ),
    last_sweep_at: due.sweep ? at(nowMs) : (state?.last_sweep_at ?? null),
    last_completed_sweep_at: due.completed ? at(nowMs) : (state?.last_completed_sweep_at ?? null),
    watched_at: state?.watched_at ?? null,
  };
  const worked = due.tracking || due.sweep || due.completed;
  await finishSyncRun(
    connectionId,
    {
      next_tracking_at: after.next_tracking_at,
      last_sweep_at: after.last_sweep_at,
      last_completed_sweep_at: after.last_completed_sweep_at,
      report: worked ? report : null,
    },
    store,
  );
  const next = nextRunAt(after, open.size > 0, nowMs, timeScale);
  if (next !== null && (await scheduleSyncRun(connectionId, next, store)))
    await options.schedule(Math.ceil((next - nowMs) / 1000));
  return { ran: true, report, nextRunAt: next === null ? null : at(next) };
}
