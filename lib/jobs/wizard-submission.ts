import "server-only";
import { auditJobSubmission } from "@/lib/audit";
import { type ActionResult, actionFailure } from "@/lib/auth/action-result";
import { targetForConnection } from "@/lib/aws/connection-target";
import { AwsOperationError } from "@/lib/aws/errors";
import { type AccountTarget, describeVault, getRetrievalControls } from "@/lib/aws/vaults";
import { getConfig } from "@/lib/config";
import { type ConnectionSummary } from "@/lib/connections";
import { withExpectedCompletion } from "@/lib/glacier/completion-time";
import { findCatalogArchive } from "@/lib/inventory";
import { type AwsFailure } from "@/lib/glacier/failure";
import { type PriceJobInput, priceJob } from "@/lib/glacier/job-cost";
import { validateJobParameters } from "@/lib/glacier/job-rules";
import {
  type JobParametersBody,
  SUBMISSION_JOB_PREFIX,
  SUBMISSION_STATE_KEY,
} from "@/lib/glacier/schemas/job-common";
import {
  explainFailure,
  explainUnsettled,
  type FailureFacts,
  type SubmissionMessage,
} from "./submission-errors";
import { observedCompletionTimes } from "./completion-history";
import { submitJob } from "./submit";
import { requestVaultSync } from "./live";
import { enqueueVaultSync } from "./vault-sync-task";

/**
 * What every wizard action does once its schema accepted the input: estimate, submit through the
 * idempotent service with the active connection, and answer with the job's page or the messages.
 * The action itself redirects (redirect() must run outside the service's error handling).
 */

export type WizardSubmission = {
  idempotencyKey: string;
  vaultName: string;
  parameters: JobParametersBody;
  /** What the form knows for the price; the archive's size comes from the catalog here. */
  estimate: Pick<PriceJobInput, "tier" | "rangeBytes">;
  /** Who submitted: the signed-in user's email. */
  submittedBy?: string | null | undefined;
};

export type WizardSubmissionResult = { redirectTo: string } | ActionResult<never>;

export function jobPagePath(glacierJobId: string): string {
  return `/jobs/${encodeURIComponent(glacierJobId)}`;
}

/** The facts a message needs beyond the failure; a lookup that fails leaves its fact unknown. */
async function factsFor(
  target: AccountTarget,
  vaultName: string,
  failure: AwsFailure,
): Promise<FailureFacts> {
  if (failure.code === "ResourceNotFoundException") {
    const vaultExists = await describeVault(target, vaultName).then(
      () => true,
      (e: unknown) =>
        e instanceof AwsOperationError && e.failure.code === "ResourceNotFoundException" ? false : undefined,
    );
    return { vaultName, vaultExists };
  }
  if (failure.code === "PolicyEnforcedException") {
    const policy = await getRetrievalControls(target).then(
      (c) => c.policy,
      () => undefined,
    );
    return { vaultName, policy };
  }
  return { vaultName };
}

/** Field paths of the form go under the envelope's `job.` prefix, where the form's own errors are. */
function asActionFailure({ message, fieldErrors }: SubmissionMessage): ActionResult<never> {
  const prefixed = Object.fromEntries(
    Object.entries(fieldErrors).map(([path, text]) => [
      path === SUBMISSION_STATE_KEY ? path : `${SUBMISSION_JOB_PREFIX}${path}`,
      text,
    ]),
  );
  return actionFailure(message, prefixed);
}

/**
 * The job's archive in the vault's catalog: its size prices the job (bytes retrieved or scanned) and
 * judges the byte range with the same rule the wizard applied as it was typed (lib/glacier/job-rules).
 */
async function archiveSizeOf(connectionId: string, vaultName: string, parameters: JobParametersBody) {
  const archiveId = parameters.ArchiveId;
  if (typeof archiveId !== "string") return null;
  return (await findCatalogArchive(connectionId, vaultName, archiveId))?.size ?? null;
}

/** `active` is the session's active connection (lib/session), which the action passes in. */
export async function submitFromWizard(
  active: ConnectionSummary | undefined,
  submission: WizardSubmission,
): Promise<WizardSubmissionResult> {
  if (!active)
    return actionFailure(
      "There is no connection yet: add one under Settings → Connections, then submit again.",
    );
  const target = await targetForConnection(active);
  const { parameters, vaultName } = submission;
  const archiveSize = await archiveSizeOf(target.id, vaultName, parameters);
  if (archiveSize !== null) {
    const judged = validateJobParameters(parameters, { archiveSize });
    if (!judged.ok)
      return asActionFailure({
        message: "Some fields need attention.",
        // The first message per field, as the form shows it.
        fieldErrors: Object.fromEntries([...judged.issues].reverse().map((i) => [i.path, i.message])),
      });
  }
  const { estimate: priced, cost } = priceJob(
    { ...submission.estimate, jobType: parameters.Type, archiveSize },
    getConfig().pricing,
  );
  // Stored with the job: its page then says when it should complete, as this connection's history said at submission.
  const estimate = withExpectedCompletion(
    priced,
    await observedCompletionTimes(target.id),
    parameters.Type,
    typeof parameters.Tier === "string" ? parameters.Tier : null,
  );
  const outcome = await submitJob({
    target,
    idempotencyKey: submission.idempotencyKey,
    vaultName,
    parameters,
    estimate,
    cost,
    submittedBy: submission.submittedBy ?? null,
  });
  await auditJobSubmission({
    actor: submission.submittedBy ? { id: null, email: submission.submittedBy } : null,
    connectionId: target.id,
    vaultName,
    parameters,
    estimate,
    result: outcome,
  });
  switch (outcome.kind) {
    case "submitted":
      // Tracking starts with the connection's next vault sync; the job page's feed asks for it too.
      await requestVaultSync(target.id, { enqueue: enqueueVaultSync }).catch(() => undefined);
      return { redirectTo: jobPagePath(outcome.glacierJobId) };
    case "in-progress":
      return asActionFailure(explainUnsettled("in-progress", null));
    case "uncertain":
      return asActionFailure(explainUnsettled("uncertain", outcome.failure));
    case "failed":
      return asActionFailure(
        explainFailure(outcome.failure, parameters, await factsFor(target, vaultName, outcome.failure)),
      );
  }
}
