import { mkdirSync } from "node:fs";
import path from "node:path";
import { isTreeHashAligned } from "../../lib/glacier/byte-range";
import { combineTreeHashes } from "../../lib/glacier/tree-hash";
import { type EmulatorServices } from "../module";
import { SelectError } from "../select";
import { isInventoryJob, isSelectJob } from "./describe";
import { type LeafCache } from "./leaves";
import { prepareInventory } from "./prepare-inventory";
import { prepareSelect } from "./prepare-select";
import { type JobRepository } from "./repository";
import { type JobRecord, type Prepared } from "./types";

/**
 * Whether the job has output to prepare. Archive jobs need background work only for a
 * tree-hash-aligned sub-range (its SHA256TreeHash); inventory and select jobs always do.
 */
export function needsPreparation(
  job: Pick<JobRecord, "action" | "rangeStart" | "rangeEnd" | "archiveSize">,
): boolean {
  if (job.action !== "ArchiveRetrieval") return true;
  if (job.rangeStart === null || job.rangeEnd === null || job.archiveSize === null) return false;
  const range = { start: job.rangeStart, end: job.rangeEnd };
  const whole = range.start === 0 && range.end === job.archiveSize - 1;
  return !whole && isTreeHashAligned(range, job.archiveSize);
}

function failureMessage(err: unknown): string {
  if (err instanceof SelectError) return `${err.code}: ${err.message}`;
  return `The job output could not be prepared: ${err instanceof Error ? err.message : String(err)}`;
}

/**
 * Prepares job output in the background, starting at InitiateJob: the inventory snapshot file, the
 * select result parts, the tree hash of an aligned archive range. A job completes at the later of its
 * tier delay and the end of its preparation; a preparation error fails it (at that time) with the
 * error's message. Closing aborts unfinished work, which starts again after a restart.
 */
export class JobPreparer {
  private readonly abort = new AbortController();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly services: EmulatorServices,
    private readonly repo: JobRepository,
    private readonly leaves: LeafCache,
    private readonly jobDir: (jobId: string) => string,
    private readonly onPrepared: (readyMs: number) => void,
  ) {}

  /** Starts preparing `job` (one that `needsPreparation`). */
  start(job: JobRecord): void {
    // Called synchronously so an inventory snapshot is taken at creation (see prepareInventory).
    const work = this.prepare(job).then(
      (prepared) => this.finish(job.id, prepared, null),
      (err: unknown) => {
        if (this.abort.signal.aborted) return;
        if (!(err instanceof SelectError))
          this.services.log(`[jobs] preparing ${job.id} failed: ${String(err)}`);
        this.finish(job.id, null, failureMessage(err));
      },
    );
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  async close(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled([...this.running]);
  }

  private prepare(job: JobRecord): Promise<Prepared> {
    const { signal } = this.abort;
    const dir = this.jobDir(job.id);
    mkdirSync(dir, { recursive: true });
    if (isInventoryJob(job)) {
      return prepareInventory(this.services, job, job.params, path.join(dir, "output"), signal);
    }
    const archive =
      job.archiveId === null ? undefined : this.services.store.archives.get(job.vaultId, job.archiveId);
    if (!archive) return Promise.reject(new Error(`archive ${job.archiveId ?? ""} is not in the vault`));
    if (isSelectJob(job)) {
      return prepareSelect(this.services.storage, job.params, archive, dir, signal, {
        partBytes: this.services.options.selectResultPartBytes,
        now: this.services.now,
      });
    }
    return this.leaves
      .leaves(job, archive, signal)
      .then((leaves) => ({ treeHash: combineTreeHashes(leaves).toString("hex") }));
  }

  private finish(jobId: string, prepared: Prepared | null, error: string | null): void {
    if (this.abort.signal.aborted) return;
    this.repo.markPrepared(jobId, this.services.now().getTime(), prepared, error);
    const readyMs = this.repo.byId(jobId)?.readyMs;
    if (readyMs !== undefined && readyMs !== null) this.onPrepared(readyMs);
  }
}
