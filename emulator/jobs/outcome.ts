import { type StatusCode } from "../../lib/glacier/job-types";
import { type EmulatorServices } from "../module";
import { type JobRecord } from "./types";

export interface Outcome {
  status: Exclude<StatusCode, "InProgress">;
  message: string;
}

export const SUCCEEDED: Outcome = { status: "Succeeded", message: "Succeeded" };

const failed = (message: string): Outcome => ({ status: "Failed", message });

/**
 * How a job ends, decided at its completion time (`readyMs`): a preparation error (select engine,
 * unreadable archive), an archive deleted while the job ran (glacier-api.md §2.2: "a job that is still
 * preparing data may fail"), or a description matching `--fail-jobs-matching`. Select jobs can still
 * fail afterwards when their results cannot be published (missing bucket).
 */
export function decideOutcome(services: EmulatorServices, job: JobRecord): Outcome {
  if (job.prepareError !== null) return failed(job.prepareError);
  if (job.archiveId !== null) {
    const archive = services.store.archives.get(job.vaultId, job.archiveId);
    const deletedMs = archive?.deletedAt ? Date.parse(archive.deletedAt) : null;
    if (!archive || (deletedMs !== null && deletedMs <= (job.readyMs ?? job.dueMs))) {
      return failed(`The archive was deleted before the job completed: ${job.archiveId}`);
    }
  }
  const pattern = services.options.failJobsMatching;
  if (pattern && pattern.test(job.description ?? "")) {
    return failed(`Job failed on purpose: its description matches --fail-jobs-matching /${pattern.source}/`);
  }
  return SUCCEEDED;
}
