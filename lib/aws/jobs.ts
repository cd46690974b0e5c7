import "server-only";
import { type GlacierJobDescription, ListJobsCommand } from "@aws-sdk/client-glacier";
import { awsCall } from "./call";
import { glacierClientFor } from "./glacier-client";
import { type AccountTarget, listAllVaults } from "./vaults";

export type JobSummary = {
  jobId: string;
  vaultName: string;
  action: string;
  archiveId: string | null;
  description: string | null;
  tier: string | null;
  statusCode: string;
  statusMessage: string | null;
  creationDate: string | null;
  completionDate: string | null;
  sizeInBytes: number | null;
};

function toJobSummary(vaultName: string, j: GlacierJobDescription): JobSummary {
  return {
    jobId: j.JobId ?? "",
    vaultName,
    action: j.Action ?? "",
    archiveId: j.ArchiveId ?? null,
    description: j.JobDescription ?? null,
    tier: j.Tier ?? null,
    statusCode: j.StatusCode ?? "InProgress",
    statusMessage: j.StatusMessage ?? null,
    creationDate: j.CreationDate ?? null,
    completionDate: j.CompletionDate ?? null,
    sizeInBytes: j.ArchiveSizeInBytes ?? j.InventorySizeInBytes ?? null,
  };
}

/** Every job Glacier still lists for one vault, following Marker through every page. */
export async function listVaultJobs(target: AccountTarget, vaultName: string): Promise<JobSummary[]> {
  const client = glacierClientFor(target);
  const jobs: JobSummary[] = [];
  let marker: string | undefined;
  do {
    const page = await awsCall("ListJobs", () =>
      client.send(new ListJobsCommand({ accountId: target.accountId, vaultName, marker })),
    );
    jobs.push(...(page.JobList ?? []).map((j) => toJobSummary(vaultName, j)));
    marker = page.Marker ?? undefined;
  } while (marker);
  return jobs;
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping the input order in the result. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Jobs across all vaults of the account, newest first; vaults are asked 4 at a time. */
export async function listAccountJobs(target: AccountTarget): Promise<JobSummary[]> {
  const vaults = await listAllVaults(target);
  const perVault = await mapBounded(vaults, 4, (v) => listVaultJobs(target, v.name));
  return perVault.flat().sort((a, b) => (b.creationDate ?? "").localeCompare(a.creationDate ?? ""));
}
