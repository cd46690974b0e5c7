import "server-only";
import { type Readable } from "node:stream";
import {
  DescribeJobCommand,
  GetJobOutputCommand,
  type GlacierJobDescription,
  ListJobsCommand,
} from "@aws-sdk/client-glacier";
import { type StatusCode } from "@/lib/glacier/job-types";
import { awsCall, awsCallOrNull, collectPages } from "./call";
import { AwsOperationError, type AwsFailure } from "./errors";
import { glacierClientFor } from "./glacier-client";
import { type AccountTarget, listAllVaults } from "./vaults";

/** ListJobs' own filters (glacier-api.md §5); both may be combined. */
export type ListJobsFilter = { completed?: boolean | undefined; statuscode?: StatusCode | undefined };

async function listJobsPage(
  target: AccountTarget,
  vaultName: string,
  filter: ListJobsFilter,
  marker: string | undefined,
): Promise<{ items: GlacierJobDescription[]; next: string | null | undefined }> {
  const client = glacierClientFor(target);
  const page = await awsCall("ListJobs", () =>
    client.send(
      new ListJobsCommand({
        accountId: target.accountId,
        vaultName,
        marker,
        completed: filter.completed === undefined ? undefined : String(filter.completed),
        statuscode: filter.statuscode,
      }),
    ),
  );
  return { items: page.JobList ?? [], next: page.Marker };
}

/** Every job Glacier still lists for one vault, following Marker through every page (50 per page). */
export async function listVaultJobs(
  target: AccountTarget,
  vaultName: string,
  filter: ListJobsFilter = {},
): Promise<GlacierJobDescription[]> {
  return collectPages((marker) => listJobsPage(target, vaultName, filter, marker));
}

/**
 * The same listing one page (≤ 50 jobs) at a time, each handed to `onPage` before the next is asked
 * for: a vault with 100 000 listed jobs never sits in memory whole. Returns the number of pages.
 */
export async function forEachVaultJobPage(
  target: AccountTarget,
  vaultName: string,
  filter: ListJobsFilter,
  onPage: (jobs: GlacierJobDescription[]) => Promise<void>,
): Promise<number> {
  let marker: string | undefined;
  let pages = 0;
  do {
    const page = await listJobsPage(target, vaultName, filter, marker);
    pages++;
    await onPage(page.items);
    marker = page.next ?? undefined;
  } while (marker);
  return pages;
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping the input order in the result. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}

export type VaultJobs = { vaultName: string; jobs: GlacierJobDescription[] };

export type AccountJobs = {
  /** Vaults whose listing completed, with every job listed. */
  listed: VaultJobs[];
  /** Vaults whose listing failed (e.g. deleted meanwhile); the others still count. */
  failed: Array<{ vaultName: string; failure: AwsFailure }>;
};

/**
 * Jobs across every vault of the account, `concurrency` vaults at a time. One failing vault does not
 * hide the others' jobs; listing the vaults themselves failing does throw.
 */
export async function listAccountJobs(
  target: AccountTarget,
  filter: ListJobsFilter = {},
  concurrency = 4,
): Promise<AccountJobs> {
  const vaults = await listAllVaults(target);
  const outcomes = await mapBounded(vaults, concurrency, async (v) => {
    try {
      return { ok: true as const, vaultName: v.name, jobs: await listVaultJobs(target, v.name, filter) };
    } catch (error) {
      if (!(error instanceof AwsOperationError)) throw error;
      return { ok: false as const, vaultName: v.name, failure: error.failure };
    }
  });
  const result: AccountJobs = { listed: [], failed: [] };
  for (const o of outcomes) {
    if (o.ok) result.listed.push({ vaultName: o.vaultName, jobs: o.jobs });
    else result.failed.push({ vaultName: o.vaultName, failure: o.failure });
  }
  return result;
}

/** Glacier job ids are 92 characters of URL-safe base64 (glacier-api.md §4); anything else is not one. */
const GLACIER_JOB_ID = /^[A-Za-z0-9_-]{92}$/;

export function looksLikeGlacierJobId(jobId: string): boolean {
  return GLACIER_JOB_ID.test(jobId);
}

/** Vaults probed at most when looking for an unknown job: a random URL must not cost 1 000 requests. */
export const FIND_JOB_MAX_VAULTS = 100;

export type FindJobOptions = { concurrency?: number; maxVaults?: number };

/**
 * The vault a job of this account belongs to (a job Thaw has no record of, e.g. started from the CLI).
 * Anyone can open `/jobs/<anything>`, so the work is bounded: ids that cannot be Glacier's are refused
 * without a request, and each vault costs one DescribeJob (not every ListJobs page), for at most
 * `maxVaults` vaults, `concurrency` at a time, stopping at the first hit.
 */
export async function findJobVault(
  target: AccountTarget,
  jobId: string,
  options: FindJobOptions = {},
): Promise<string | undefined> {
  if (!looksLikeGlacierJobId(jobId)) return undefined;
  const vaults = (await listAllVaults(target)).slice(0, options.maxVaults ?? FIND_JOB_MAX_VAULTS);
  const client = glacierClientFor(target);
  // A miss is the expected answer in every vault but one: awsCallOrNull keeps it out of the warning log.
  const holds = async (vaultName: string): Promise<boolean> =>
    (await awsCallOrNull("DescribeJob", () =>
      client.send(new DescribeJobCommand({ accountId: target.accountId, vaultName, jobId })),
    )) !== null;
  const step = Math.max(1, options.concurrency ?? 4);
  for (let start = 0; start < vaults.length; start += step) {
    const batch = vaults.slice(start, start + step);
    const found = await mapBounded(batch, step, async (v) => ((await holds(v.name)) ? v.name : undefined));
    const hit = found.find((name) => name !== undefined);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

export type JobOutput = {
  /** The bytes, streamed; destroy it to stop early. */
  body: Readable;
  status: number;
  contentRange: string | null;
  contentType: string | null;
  /** Present only for tree-hash-aligned archive ranges (§6). */
  treeHash: string | null;
  archiveDescription: string | null;
};

/** GetJobOutput, optionally for `range` (`bytes=a-b`, relative to the retrieved data). */
export async function getJobOutput(
  target: AccountTarget,
  vaultName: string,
  jobId: string,
  options: { range?: string | undefined; signal?: AbortSignal | undefined } = {},
): Promise<JobOutput> {
  const client = glacierClientFor(target);
  const out = await awsCall("GetJobOutput", () =>
    client.send(
      new GetJobOutputCommand({ accountId: target.accountId, vaultName, jobId, range: options.range }),
      { abortSignal: options.signal },
    ),
  );
  if (!out.body) throw new Error("GetJobOutput returned no body");
  return {
    // In Node the SDK's streaming payload is the HTTP response (an IncomingMessage).
    body: out.body as Readable,
    status: out.status ?? 200,
    contentRange: out.contentRange ?? null,
    contentType: out.contentType ?? null,
    treeHash: out.checksum ?? null,
    archiveDescription: out.archiveDescription ?? null,
  };
}
