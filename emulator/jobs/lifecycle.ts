import { rm } from "node:fs/promises";
import { type EmulatorServices } from "../module";
import { isSelectJob, vaultArnFor } from "./describe";
import { type LeafCache } from "./leaves";
import { notificationTopics } from "./notify";
import { type Outcome, decideOutcome } from "./outcome";
import { type JobRepository } from "./repository";
import { publishSelectErrors, publishSelectOutput } from "./select-output";
import { expiresAt } from "./timing";
import { type JobRecord, type SelectJobParams } from "./types";

/** setTimeout's maximum delay; later events are re-armed when this fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Completion and expiry. A job's status is computed lazily, on every read (`catchUp`), and by a timer
 * armed for the next completion or expiry, so completion notifications go out on time even when
 * nobody polls. Both paths finalize through the same guarded update, so a job completes once.
 */
export class JobLifecycle {
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private closed = false;

  constructor(
    private readonly services: EmulatorServices,
    private readonly repo: JobRepository,
    private readonly leaves: LeafCache,
    private readonly jobDir: (jobId: string) => string,
    private readonly notify: (job: JobRecord, topics: string[]) => void,
  ) {}

  /** Finalizes every job whose completion time has passed. Cheap when none has. */
  catchUp(): void {
    for (const job of this.repo.due(this.services.now().getTime())) this.finalize(job);
  }

  /** Makes sure the timer fires no later than `atMs`. */
  consider(atMs: number): void {
    if (atMs < this.timerAt) this.arm(atMs);
  }

  /** After start: finalize what came due while stopped, drop expired jobs, resend lost notifications. */
  start(): void {
    this.tick();
    for (const job of this.repo.unnotified(this.services.now().getTime()))
      this.notify(job, notificationTopics(this.services, job));
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private finalize(job: JobRecord): void {
    const completedMs = job.readyMs ?? job.dueMs;
    const expiresMs = expiresAt(this.services.options, completedMs);
    const finished = (outcome: Outcome): JobRecord => ({
      ...job,
      status: outcome.status,
      statusMessage: outcome.message,
      completedMs,
      expiresMs,
    });
    const { db } = this.services.store;
    const topics = notificationTopics(this.services, job);
    const outcome = db.transaction(() => {
      let result = decideOutcome(this.services, job);
      if (isSelectJob(job)) result = this.publishSelect(job, result);
      const done = this.repo.finalize(job.id, {
        ...result,
        completedMs,
        expiresMs,
        notified: topics.length === 0,
      });
      return done ? result : undefined;
    })();
    if (!outcome) return;
    this.consider(expiresMs);
    if (topics.length > 0) this.notify(finished(outcome), topics);
  }

  /**
   * A select job's results and result manifest, or its error object and error manifest
   * (select-output.ts); a failure to publish fails the job.
   */
  private publishSelect(job: JobRecord & { params: SelectJobParams }, decided: Outcome): Outcome {
    const { db } = this.services.store;
    let result = decided;
    if (result.status === "Succeeded") {
      try {
        // A savepoint: a failure halfway leaves no result objects behind.
        result = db.transaction(() => publishSelectOutput(this.services, job, this.jobDir(job.id)))();
      } catch (err) {
        // e.g. staged results removed behind the server's back: the job fails instead of every read.
        result = { status: "Failed", message: `The job output could not be published: ${String(err)}` };
      }
    }
    if (result.status === "Failed") publishSelectErrors(this.services, job, result.message);
    return result;
  }

  private arn(job: JobRecord): string {
    const vault = this.services.store.vaults.getById(job.vaultId);
    return vaultArnFor(job.region, this.services.options.accountId, vault?.name ?? "");
  }

  private purgeExpired(): void {
    for (const job of this.repo.takeExpired(this.services.now().getTime())) {
      this.leaves.forget(job.id);
      void rm(this.jobDir(job.id), { recursive: true, force: true });
    }
  }

  private tick(): void {
    this.timerAt = Number.POSITIVE_INFINITY;
    if (this.closed) return;
    try {
      this.catchUp();
      this.purgeExpired();
    } catch (err) {
      this.services.log(
        `[jobs] completing jobs failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    }
    const next = this.repo.nextEventMs();
    if (next !== undefined) this.arm(next);
  }

  private arm(atMs: number): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    const delay = Math.min(Math.max(0, atMs - this.services.now().getTime()), MAX_TIMER_MS);
    this.timerAt = atMs;
    this.timer = setTimeout(() => this.tick(), delay);
    this.timer.unref();
  }
}
