import "server-only";
import {
  DescribeJobCommand,
  type GlacierJobDescription,
  InitiateJobCommand,
  type JobParameters,
  ListJobsCommand,
} from "@aws-sdk/client-glacier";
import { type JobParametersBody } from "@/lib/glacier/schemas/job-common";
import { awsCall } from "./call";
import { glacierClientFor } from "./glacier-client";
import { type AccountTarget } from "./vaults";

export type InitiatedJob = { jobId: string; location: string | null; jobOutputPath: string | null };

/**
 * InitiateJob with the body exactly as validated, in exactly one attempt: the SDK's own retries would
 * resend a request whose answer was lost (a timeout, a reset, a 5xx after the job was made) and start
 * a second billed job. The caller decides what an error means (lib/jobs: a refusal, or no answer).
 */
export async function initiateJob(
  target: AccountTarget,
  vaultName: string,
  params: JobParametersBody,
): Promise<InitiatedJob> {
  const client = glacierClientFor(target, { maxAttempts: 1 });
  // The schema already checked every member against Glacier's rules; the SDK type is a looser view of the same JSON.
  const jobParameters = params as JobParameters;
  const out = await awsCall("InitiateJob", () =>
    client.send(new InitiateJobCommand({ accountId: target.accountId, vaultName, jobParameters })),
  );
  return { jobId: out.jobId ?? "", location: out.location ?? null, jobOutputPath: out.jobOutputPath ?? null };
}

/** What a page shows of a job: DescribeJob's answer, nulls where Glacier sends none (§4). */
export type JobDescription = {
  jobId: string;
  action: string;
  vaultArn: string | null;
  archiveId: string | null;
  description: string | null;
  tier: string | null;
  statusCode: string;
  statusMessage: string | null;
  completed: boolean;
  creationDate: string | null;
  completionDate: string | null;
  archiveSizeInBytes: number | null;
  inventorySizeInBytes: number | null;
  retrievalByteRange: string | null;
  sha256TreeHash: string | null;
  snsTopic: string | null;
  inventoryMarker: string | null;
  jobOutputPath: string | null;
};

export function toJobDescription(j: GlacierJobDescription): JobDescription {
  return {
    jobId: j.JobId ?? "",
    action: j.Action ?? "",
    vaultArn: j.VaultARN ?? null,
    archiveId: j.ArchiveId ?? null,
    description: j.JobDescription ?? null,
    tier: j.Tier ?? null,
    statusCode: j.StatusCode ?? "InProgress",
    statusMessage: j.StatusMessage ?? null,
    completed: j.Completed ?? false,
    creationDate: j.CreationDate ?? null,
    completionDate: j.CompletionDate ?? null,
    archiveSizeInBytes: j.ArchiveSizeInBytes ?? null,
    inventorySizeInBytes: j.InventorySizeInBytes ?? null,
    retrievalByteRange: j.RetrievalByteRange ?? null,
    sha256TreeHash: j.SHA256TreeHash ?? null,
    snsTopic: j.SNSTopic ?? null,
    inventoryMarker: j.InventoryRetrievalParameters?.Marker ?? null,
    jobOutputPath: j.JobOutputPath ?? null,
  };
}

export async function describeJob(
  target: AccountTarget,
  vaultName: string,
  jobId: string,
): Promise<JobDescription> {
  const client = glacierClientFor(target);
  const out = await awsCall("DescribeJob", () =>
    client.send(new DescribeJobCommand({ accountId: target.accountId, vaultName, jobId })),
  );
  return toJobDescription(out);
}

/**
 * The next-page marker of the vault's newest succeeded inventory job, if it has one (§3.2: send it
 * in a new InitiateJob to continue where that inventory stopped). Looks at the first page only.
 */
export async function latestInventoryMarker(
  target: AccountTarget,
  vaultName: string,
): Promise<{ jobId: string; marker: string; completionDate: string | null } | null> {
  const client = glacierClientFor(target);
  const page = await awsCall("ListJobs", () =>
    client.send(new ListJobsCommand({ accountId: target.accountId, vaultName, statuscode: "Succeeded" })),
  );
  const newest = (page.JobList ?? [])
    .filter((j) => j.Action === "InventoryRetrieval")
    .sort((a, b) => (b.CreationDate ?? "").localeCompare(a.CreationDate ?? ""))[0];
  const marker = newest?.InventoryRetrievalParameters?.Marker;
  return newest && marker
    ? { jobId: newest.JobId ?? "", marker, completionDate: newest.CompletionDate ?? null }
    : null;
}
