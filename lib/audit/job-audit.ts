import "server-only";
import { type DbOptions } from "@/lib/db";
import { type AwsFailure } from "@/lib/glacier/failure";
import { type CostEstimate } from "@/lib/glacier/pricing";
import { type JobParametersBody } from "@/lib/glacier/schemas/job-common";
import { type AuditOutcome } from "./actions";
import { type AuditActor, recordAuditSafely } from "./record";

/** The parts of a submission outcome the audit needs (lib/jobs/submit's SubmitJobOutcome fits). */
export type AuditedJobOutcome =
  | { kind: "submitted"; glacierJobId: string; reused: boolean }
  | { kind: "in-progress" }
  | { kind: "uncertain"; failure: AwsFailure | null }
  | { kind: "failed"; failure: AwsFailure };

function outcomeOf(result: AuditedJobOutcome): AuditOutcome {
  return result.kind === "submitted" ? "success" : "failure";
}

/**
 * One audit entry per InitiateJob attempt: who, connection, vault, parameters, estimate, result.
 * `context` says on whose behalf it was sent when that was not a person's click (e.g. `{ plan: … }`).
 */
export async function auditJobSubmission(
  entry: {
    actor: AuditActor;
    connectionId: string;
    vaultName: string;
    parameters: JobParametersBody;
    estimate: CostEstimate | null;
    result: AuditedJobOutcome;
    context?: Record<string, unknown>;
  },
  options: DbOptions = {},
): Promise<void> {
  const { result } = entry;
  await recordAuditSafely(
    {
      action: "job.initiate",
      outcome: outcomeOf(result),
      actor: entry.actor,
      connectionId: entry.connectionId,
      target: result.kind === "submitted" ? result.glacierJobId : entry.vaultName,
      details: {
        ...entry.context,
        vault: entry.vaultName,
        parameters: entry.parameters,
        estimate: entry.estimate,
        result:
          result.kind === "submitted"
            ? { kind: result.kind, jobId: result.glacierJobId, reused: result.reused }
            : result.kind === "in-progress"
              ? { kind: result.kind }
              : {
                  kind: result.kind,
                  code: result.failure?.code ?? null,
                  httpStatus: result.failure?.httpStatus ?? null,
                },
      },
    },
    options,
  );
}
