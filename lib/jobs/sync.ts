import "server-only";
import { type GlacierJobDescription } from "@aws-sdk/client-glacier";
import { type ListJobsFilter, listAccountJobs } from "@/lib/aws/jobs";
import { type AccountTarget } from "@/lib/aws/vaults";
import { type AwsFailure } from "@/lib/glacier/failure";
import { log } from "@/lib/log";
import { parseJobDescription, type TrackedDescription } from "./job-description";
import { markUnlistedGone, recordDescriptions, type StoreOptions } from "./tracking-store";

export type SyncOptions = StoreOptions & {
  filter?: ListJobsFilter;
  /** Vaults listed at once (ListJobs pages within a vault are sequential: each needs the last Marker). */
  concurrency?: number;
};

export type SyncResult = {
  vaults: number;
  seen: number;
  imported: string[];
  updated: string[];
  /** Unknown jobs left for the next sync (a submission in the same vault was awaiting its answer). */
  deferred: string[];
  /** Finished jobs Glacier stopped listing since the last sync. */
  gone: string[];
  failed: Array<{ vaultName: string; failure: AwsFailure }>;
  /** Descriptions that could not be read (logged, skipped). */
  unreadable: number;
};

function readAll(
  vaultName: string,
  jobs: GlacierJobDescription[],
): { tracked: TrackedDescription[]; unreadable: number } {
  const tracked: TrackedDescription[] = [];
  let unreadable = 0;
  for (const job of jobs) {
    const parsed = parseJobDescription(job);
    if (parsed.ok) tracked.push(parsed.value);
    else {
      unreadable++;
      log().warn(
        { vaultName, jobId: job.JobId, problem: parsed.message },
        "skipped an unreadable job description",
      );
    }
  }
  return { tracked, unreadable };
}

/**
 * ListJobs across every vault of the connection (all pages, `concurrency` vaults at a time) into
 * the jobs table: known jobs get Glacier's status, unknown ones are imported. With no filter, a
 * finished job Glacier no longer lists is marked gone; a filtered listing cannot tell, so it marks
 * nothing. Throws only when the vaults themselves cannot be listed.
 */
export async function syncJobs(target: AccountTarget, options: SyncOptions = {}): Promise<SyncResult> {
  const filter = options.filter ?? {};
  const { listed, failed } = await listAccountJobs(target, filter, options.concurrency ?? 4);
  const result: SyncResult = {
    vaults: listed.length + failed.length,
    seen: 0,
    imported: [],
    updated: [],
    deferred: [],
    gone: [],
    failed,
    unreadable: 0,
  };
  const unfiltered = filter.completed === undefined && filter.statuscode === undefined;
  for (const { vaultName, jobs } of listed) {
    const { tracked, unreadable } = readAll(vaultName, jobs);
    result.unreadable += unreadable;
    result.seen += tracked.length;
    const outcome = await recordDescriptions(target.id, tracked, options);
    result.imported.push(...outcome.imported);
    result.updated.push(...outcome.updated);
    result.deferred.push(...outcome.deferred);
    if (unfiltered) {
      const ids = new Set(jobs.map((j) => j.JobId ?? ""));
      result.gone.push(...(await markUnlistedGone(target.id, vaultName, ids, options)));
    }
  }
  return result;
}
