import "server-only";
import { type Kysely } from "kysely";
import { targetForConnection } from "@/lib/aws/connection-target";
import { type AccountTarget } from "@/lib/aws/vaults";
import { getConfig } from "@/lib/config";
import { getConnectionOrThrow } from "@/lib/connections";
import { type Database, dbOf, type DbOptions } from "@/lib/db";
import { type PricingTable } from "@/lib/glacier/pricing";
import { type S3Limits } from "@/lib/glacier/s3-part-size";
import { destinationFor, type DestinationWriter } from "./destinations";
import { getPlanRow, parseDestination, type PlanRow, type PlanStatus, pricingOf } from "./store";

/** How the worker reaches a plan's connection without a request: the stored connection, decrypted. */
export type TargetResolver = (connectionId: string) => Promise<AccountTarget>;

export const connectionTarget: TargetResolver = async (connectionId) =>
  targetForConnection(await getConnectionOrThrow(connectionId));

export type TickOptions = DbOptions & {
  pricing?: PricingTable;
  resolveTarget?: TargetResolver;
  exportRoots?: readonly string[];
  /** Aborting stops the step or chunk where it is (a chunk cut short is left pending and run again). */
  signal?: AbortSignal;
  /** How long after one plan-initiate step the next runs (default THAW_PLAN_TICK_MS). */
  tickMs?: number;
  /**
   * Archives of one plan being copied at once (default THAW_PLAN_COPIES_AT_ONCE, 4): a plan-initiate
   * step starts copies, and enqueues their chunks, only up to this many.
   */
  copyConcurrency?: number;
  /** A copy with no chunk stored this long has its chunks enqueued again (default COPY_STALL_MS). */
  copyStallMs?: number;
  /** The first retry of a failed chunk waits this long, doubling (default 5 s; tests 0). */
  chunkRetryDelaySeconds?: number;
  /** The smallest chunk of a copy (default THAW_PLAN_CHUNK_MIB, 8 MiB; S3 parts never go below 8 MiB). */
  chunkFloorBytes?: number;
  /** One chunk's read and write may take this long (default: 60 s, longer for big chunks). */
  chunkTimeoutMs?: number;
  /** S3's limits as the destination enforces them (tests lower them on the emulator); default S3's own. */
  s3Limits?: S3Limits;
  /** Tests only: wraps the plan's destination writer, to watch what reaches it (default: none). */
  watchDestination?: (writer: DestinationWriter) => DestinationWriter;
  /** Read every copy back from the destination before it is verified (default THAW_PLAN_READ_BACK, off). */
  readBack?: boolean;
  /** DescribeJob backoff for an in-flight job (default 2 s → 5 min). */
  checkIntervalMs?: { min: number; max: number };
  /** Backoff after throttling (default 2 s doubling → 5 min). */
  backoffMs?: { min: number; max: number };
  /**
   * How long an InitiateJob without an answer is looked for in ListJobs before its estimate is given
   * back and a new attempt may start (default RECONCILE_WINDOW_MS).
   */
  reconcileWindowMs?: number;
  /** InitiateJob calls per second at most (default THAW_PLAN_INITIATIONS_PER_SECOND). */
  initiationsPerSecond?: number;
  /** The step's clock (tests move it instead of waiting). */
  clock?: () => Date;
};

/**
 * What one plan task (a plan-initiate step, a copy-chunk, a copy-finish) works with: the plan's row as
 * it began, and its fence, `plan.lease_epoch` (cancel raises it: a task that began before writes nothing
 * after).
 */
export type TickContext = {
  db: Kysely<Database>;
  plan: PlanRow;
  target: AccountTarget;
  pricing: PricingTable;
  destination: DestinationWriter;
  signal: AbortSignal;
  now: Date;
  options: TickOptions;
};

/**
 * An InitiateJob whose answer was lost may still have made a job. AWS's ListJobs page
 * (docs.aws.amazon.com/amazonglacier/latest/dev/api-jobs-get.html) lists a job from its initiation
 * until some time after it completes (hours to days for an archive), and says nothing of a delay
 * before a new job is listed. What bounds "could still appear" is the request itself: AWS does not
 * process a signed request whose time stamp is more than 15 minutes older than its own clock
 * (docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/AboutTimestamp.html; the same
 * SigV4 rule gives RequestTimeTooSkewed), so a request still travelling (retransmitted, queued in a
 * proxy) cannot start a job after that. 15 minutes, plus up to 15 of clock difference between Thaw and
 * AWS that signing tolerates, plus 30 for the listing to catch up: a job not listed an hour after its
 * claim was never made. Until then the attempt is neither given back nor repeated.
 */
/**
 * Statuses whose plans are driven. A paused plan is driven too, but only to track and copy the jobs
 * already in flight (their outputs are paid for and expire 24 h after completion); it initiates
 * nothing. A cancelled or completed plan's tasks do nothing.
 */
export const DRIVEN_STATUSES: readonly PlanStatus[] = ["running", "capped", "paused"];

/** The context of one task of a plan, or undefined when the plan is gone or no longer driven. */
export async function openPlanContext(
  planId: string,
  options: TickOptions,
  signal: AbortSignal,
): Promise<TickContext | undefined> {
  const db = await dbOf(options);
  const plan = await getPlanRow(db, planId);
  if (!plan || !DRIVEN_STATUSES.includes(plan.status)) return undefined;
  const target = await (options.resolveTarget ?? connectionTarget)(plan.connection_id);
  const destination = destinationFor(parseDestination(plan.destination), target, exportRootsOf(options));
  return {
    db,
    plan,
    target,
    pricing: pricingOf(options),
    destination: (options.watchDestination ?? ((d) => d))(destination),
    signal,
    now: options.clock?.() ?? new Date(),
    options,
  };
}

export const RECONCILE_WINDOW_MS = 60 * 60_000;
const DEFAULT_CHECK = { min: 2_000, max: 5 * 60_000 };
export const DEFAULT_BACKOFF = { min: 2_000, max: 5 * 60_000 };

/** A young job is asked about often, an old one rarely: a quarter of its age, within the bounds. */
export function nextCheckAt(ctx: TickContext, requestedAt: string | null): string {
  const { min, max } = ctx.options.checkIntervalMs ?? DEFAULT_CHECK;
  const age = requestedAt ? ctx.now.getTime() - Date.parse(requestedAt) : 0;
  return new Date(ctx.now.getTime() + Math.min(max, Math.max(min, age / 4))).toISOString();
}

export function exportRootsOf(options: TickOptions): readonly string[] {
  return options.exportRoots ?? getConfig().plans.exportDirs;
}

const PLAN_JOB_PREFIX = "Thaw plan ";

/**
 * Every job a plan initiates says which plan, archive and attempt it is (how a lost answer is matched
 * in ListJobs: a job of another attempt, plan or tool is never taken for this one). Glacier allows
 * 1 024 printable ASCII characters; this is about 200 (an archive id is 138).
 */
export function planJobDescription(planId: string, archiveId: string, attempt: number): string {
  return `${PLAN_JOB_PREFIX}${planId} attempt ${attempt} archive ${archiveId}`;
}

/** The archive and attempt a listed job's description names, when it is one of this plan's. */
export function planJobAttempt(
  planId: string,
  description: string | null | undefined,
): { archiveId: string; attempt: number } | null {
  const head = `${PLAN_JOB_PREFIX}${planId} attempt `;
  if (!description?.startsWith(head)) return null;
  const match = /^(\d+) archive (.+)$/.exec(description.slice(head.length));
  return match?.[1] && match[2] ? { attempt: Number(match[1]), archiveId: match[2] } : null;
}

/** What plans started before attempts were named sent: the plan's id alone. */
export function legacyPlanJobDescription(planId: string): string {
  return `${PLAN_JOB_PREFIX}${planId}`;
}

/** Whether a listed job's description says it was started by this plan (any archive, any attempt). */
export function isPlanJobDescription(planId: string, description: string | null | undefined): boolean {
  const own = legacyPlanJobDescription(planId);
  return description === own || (description ?? "").startsWith(`${own} `);
}
