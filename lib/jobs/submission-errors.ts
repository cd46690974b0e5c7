/**
 * Turns a submission that did not start a job into what the wizard shows: a message at the field
 * the failure concerns, or at the top, always with the next step. Pure, so every case is tested
 * without AWS; the facts it needs beyond the failure (does the vault exist, what does the retrieval
 * policy say) are looked up by the caller.
 */

import { type AwsFailure } from "@/lib/glacier/failure";
import { formatBytes } from "@/lib/glacier/format";
import {
  type JobParametersBody,
  SUBMISSION_STATE_KEY,
  type SubmissionState,
} from "@/lib/glacier/schemas/job-common";

export type FailureFacts = {
  vaultName: string;
  /** From DescribeVault after a ResourceNotFoundException; undefined when it could not be asked. */
  vaultExists?: boolean | undefined;
  /** The account's data retrieval policy after a PolicyEnforcedException. */
  policy?: { strategy: string; bytesPerHour: number | null } | null | undefined;
};

export type SubmissionMessage = { message: string; fieldErrors: Record<string, string> };

function reference(failure: AwsFailure): string {
  const parts = [
    failure.code,
    failure.httpStatus !== undefined ? `HTTP ${failure.httpStatus}` : "",
    failure.requestId ? `request id ${failure.requestId}` : "",
  ];
  return `(${parts.filter(Boolean).join(", ")})`;
}

function awsSaid(failure: AwsFailure): string {
  return failure.awsMessage ? ` Glacier said: “${failure.awsMessage}”.` : "";
}

/** Every member path of the body, deepest first, e.g. `InventoryRetrievalParameters.Limit` before `Limit`. */
function memberPaths(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [...memberPaths(inner, path), path];
  });
}

/** The sent member an InvalidParameterValue / MissingParameterValue message names, if any. */
export function fieldNamedIn(message: string | undefined, params: JobParametersBody): string | undefined {
  if (!message) return undefined;
  const paths = memberPaths(params).filter((p) => p !== "Type");
  const exact = paths.find((p) => message.includes(p));
  if (exact) return exact;
  // AWS messages often name only the last segment ("Limit", "StartDate").
  return paths.find((p) => new RegExp(`\\b${p.split(".").pop() ?? p}\\b`).test(message));
}

function describePolicy(policy: FailureFacts["policy"]): string {
  if (!policy) return "The policy could not be read.";
  if (policy.strategy === "BytesPerHour") {
    return `The policy is “Max Retrieval Rate”: Standard retrievals in progress may add up to at most ${formatBytes(policy.bytesPerHour)} per hour.`;
  }
  if (policy.strategy === "FreeTier")
    return "The policy is “Free Tier Only”: Standard retrievals beyond the free daily allowance are refused.";
  return `The policy strategy is ${policy.strategy}.`;
}

export function explainFailure(
  failure: AwsFailure,
  params: JobParametersBody,
  facts: FailureFacts,
): SubmissionMessage {
  const ref = reference(failure);
  switch (failure.code) {
    case "InsufficientCapacityException": {
      const message = `Glacier has no Expedited capacity free right now. Choose Standard (3–5 hours), or buy provisioned capacity for this account and region: each unit guarantees at least 3 Expedited retrievals every 5 minutes. ${ref}`;
      return { message, fieldErrors: { Tier: message } };
    }
    case "PolicyEnforcedException": {
      const message = `The account's data retrieval policy refused this retrieval; nothing was charged. ${describePolicy(facts.policy)} The policy limits Standard retrievals only: choose Bulk or Expedited, retrieve a smaller byte range, or wait for running retrievals to finish. ${ref}`;
      return {
        message,
        fieldErrors: { Tier: "The data retrieval policy refuses this Standard retrieval now (see above)." },
      };
    }
    case "ResourceNotFoundException": {
      if (facts.vaultExists === false) {
        const message = `Vault ${facts.vaultName} does not exist in this account and region. Pick another vault, or switch connection. ${ref}`;
        return { message, fieldErrors: { vault: message } };
      }
      if (facts.vaultExists === true && typeof params.ArchiveId === "string") {
        const message = `Vault ${facts.vaultName} has no archive with this id (it may have been deleted, or belong to another vault). Check it against the latest inventory. ${ref}`;
        return { message, fieldErrors: { ArchiveId: message } };
      }
      return {
        message: `Glacier could not find the vault or archive.${awsSaid(failure)} Check both and try again. ${ref}`,
        fieldErrors: {},
      };
    }
    case "InvalidParameterValueException":
    case "MissingParameterValueException": {
      const field = fieldNamedIn(failure.awsMessage, params);
      const message = `Glacier refused ${field ?? "a parameter"}.${awsSaid(failure)} Correct it and submit again. ${ref}`;
      return { message, fieldErrors: field ? { [field]: message } : {} };
    }
    case "ServiceUnavailableException":
    case "ThrottlingException":
      return {
        message: `Glacier is unavailable right now; no job was started. Try again in a few minutes. ${ref}`,
        fieldErrors: {},
      };
    default:
      return { message: `${failure.message}${awsSaid(failure)} No job was started. ${ref}`, fieldErrors: {} };
  }
}

/** A submission whose key is taken by a request that has not (or may not have) finished. */
export function explainUnsettled(state: SubmissionState, failure: AwsFailure | null): SubmissionMessage {
  const message =
    state === "in-progress"
      ? "This form is already being submitted (another tab or a second click). Wait a moment, then look for the job in the job list."
      : `No answer came back from Glacier${failure ? ` (${failure.message})` : ""}, so the job may or may not have started. Check the job list before submitting again: this form will not send the same request twice.`;
  return { message, fieldErrors: { [SUBMISSION_STATE_KEY]: state } };
}
