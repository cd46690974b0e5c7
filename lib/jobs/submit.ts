import "server-only";
import { AwsOperationError, describeAwsError } from "@/lib/aws/errors";
import { type InitiatedJob, initiateJob } from "@/lib/aws/job-requests";
import { type AccountTarget } from "@/lib/aws/vaults";
import { type DbOptions } from "@/lib/db";
import { type AwsFailure } from "@/lib/glacier/failure";
import { type JobCost } from "@/lib/glacier/job-cost";
import { type CostEstimate } from "@/lib/glacier/pricing";
import { type JobParametersBody } from "@/lib/glacier/schemas/job-common";
import { log } from "@/lib/log";
import {
  claimJobSubmission,
  type JobRecord,
  markJobUncertain,
  recordJobSubmitted,
  releaseJobClaim,
} from "./repository";

/**
 * The submission service: at most one InitiateJob per idempotency key, whatever the browser does
 * (double click, resubmitted form, retried request).
 * 1. Claim the key (INSERT; the unique index refuses a second claim, which gets the first's record).
 * 2. InitiateJob with the connection's credentials.
 * 3. Record the answer. AWS refused (4xx) → no job exists, the claim is released so the corrected
 *    form can go again. No answer (network, timeout) or a 5xx → the job may exist: the record stays
 *    `uncertain` and the same key is never sent again.
 */

export type SubmitJobRequest = {
  /** The active connection (its id is recorded) with its decrypted credentials. */
  target: AccountTarget;
  idempotencyKey: string;
  vaultName: string;
  parameters: JobParametersBody;
  estimate: CostEstimate | null;
  /** The estimate's figure, stored beside it (lib/glacier/job-cost's priceJob). */
  cost?: JobCost | null | undefined;
  submittedBy: string | null;
};

export type SubmitJobOutcome =
  | { kind: "submitted"; job: JobRecord; glacierJobId: string; reused: boolean }
  | { kind: "in-progress"; job: JobRecord }
  | { kind: "uncertain"; job: JobRecord; failure: AwsFailure | null }
  | { kind: "failed"; job: JobRecord; failure: AwsFailure };

export type SubmitOptions = DbOptions & {
  /** InitiateJob itself; tests keep the real one and point the target at the embedded server. */
  initiate?: (target: AccountTarget, vaultName: string, params: JobParametersBody) => Promise<InitiatedJob>;
};

/** A claim left `submitting` this long belongs to a request that died mid-way: its outcome is unknown. */
export const STALE_CLAIM_MS = 2 * 60_000;

function outcomeOfExisting(job: JobRecord, now = Date.now()): SubmitJobOutcome {
  if (job.submissionStatus === "submitted" && job.glacierJobId) {
    return { kind: "submitted", job, glacierJobId: job.glacierJobId, reused: true };
  }
  if (job.submissionStatus === "submitting" && now - Date.parse(job.updatedAt) < STALE_CLAIM_MS) {
    return { kind: "in-progress", job };
  }
  return { kind: "uncertain", job, failure: job.submissionError };
}

export async function submitJob(
  request: SubmitJobRequest,
  options: SubmitOptions = {},
): Promise<SubmitJobOutcome> {
  const { target, vaultName, parameters } = request;
  const claim = await claimJobSubmission(
    {
      connectionId: target.id,
      idempotencyKey: request.idempotencyKey,
      vaultName,
      parameters,
      estimate: request.estimate,
      cost: request.cost,
      submittedBy: request.submittedBy,
    },
    options,
  );
  if (!claim.claimed) return outcomeOfExisting(claim.existing);

  const initiate = options.initiate ?? initiateJob;
  let initiated: InitiatedJob;
  try {
    initiated = await initiate(target, vaultName, parameters);
  } catch (error) {
    const failure = error instanceof AwsOperationError ? error.failure : describeAwsError(error);
    // A 4xx is a refusal: nothing was created. A 5xx (like no answer at all) may come after the job
    // was made, so it is as uncertain as a lost answer and the key is never sent again.
    if (failure.httpStatus !== undefined && failure.httpStatus < 500) {
      return { kind: "failed", job: await releaseJobClaim(claim.job.id, failure, options), failure };
    }
    const job = await markJobUncertain(claim.job.id, failure, options);
    log().warn(
      { jobRecordId: job.id, vaultName, code: failure.code },
      "InitiateJob got no answer; the job may exist",
    );
    return { kind: "uncertain", job, failure };
  }
  const job = await recordJobSubmitted(
    claim.job.id,
    { glacierJobId: initiated.jobId, location: initiated.location, outputPath: initiated.jobOutputPath },
    options,
  );
  log().info(
    { jobRecordId: job.id, glacierJobId: initiated.jobId, vaultName, type: parameters.Type },
    "job submitted",
  );
  return { kind: "submitted", job, glacierJobId: initiated.jobId, reused: false };
}
