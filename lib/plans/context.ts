import "server-only";
import { type Kysely } from "kysely";
import { targetForConnection } from "@/lib/aws/connection-target";
import { type AccountTarget } from "@/lib/aws/vaults";
import { getConfig } from "@/lib/config";
import { getConnectionOrThrow } from "@/lib/connections";
import { type Database, type DbOptions } from "@/lib/db";
import { type PricingTable } from "@/lib/glacier/pricing";
import { type S3Limits } from "@/lib/glacier/s3-part-size";
import { type DestinationWriter } from "./destinations";
import { type PlanRow } from "./store";

/** How the worker reaches a plan's connection without a request: the stored connection, decrypted. */
export type TargetResolver = (connectionId: string) => Promise<AccountTarget>;

export const connectionTarget: TargetResolver = async (connectionId) =>
  targetForConnection(await getConnectionOrThrow(connectionId));

export type TickOptions = DbOptions & {
  pricing?: PricingTable;
  resolveTarget?: TargetResolver;
  exportRoots?: readonly string[];
  /** Aborting stops the step where it is (a copy is left `copying` and redone by the next holder). */
  signal?: AbortSignal;
  /** Lease length; the step renews it while it runs. */
  leaseMs?: number;
  /**
   * Copies of one plan at once (default 2); no new copy or chunk starts after a step's budget (default
   * THAW_PLAN_COPY_BUDGET_MS, 10 s).
   */
  copyConcurrency?: number;
  copyBudgetMs?: number;
  /** The smallest chunk of a copy (default THAW_PLAN_CHUNK_MIB, 8 MiB; S3 parts never go below 8 MiB). */
  chunkFloorBytes?: number;
  /** One chunk's read and write may take this long (default: 60 s, longer for big chunks). */
  chunkTimeoutMs?: number;
  /** S3's limits as the destination enforces them (tests lower them on the emulator); default S3's own. */
  s3Limits?: S3Limits;
  /** Read every copy back from the destination before it is verified (default THAW_PLAN_READ_BACK, off). */
  readBack?: boolean;
  /** DescribeJob backoff for an in-flight job (default 2 s → 5 min). */
  checkIntervalMs?: { min: number; max: number };
  /** Backoff after throttling (default 2 s doubling → 5 min). */
  backoffMs?: { min: number; max: number };
};

/** One step of one plan: its row as the step began, and what it works with. */
export type TickContext = {
  db: Kysely<Database>;
  plan: PlanRow;
  target: AccountTarget;
  pricing: PricingTable;
  destination: DestinationWriter;
  signal: AbortSignal;
  now: Date;
  options: TickOptions;
};

export const DEFAULT_LEASE_MS = 30_000;
const DEFAULT_CHECK = { min: 2_000, max: 5 * 60_000 };
export const DEFAULT_BACKOFF = { min: 2_000, max: 5 * 60_000 };

/** A young job is asked about often, an old one rarely: a quarter of its age, within the bounds. */
export function nextCheckAt(ctx: TickContext, requestedAt: string | null): string {
  const { min, max } = ctx.options.checkIntervalMs ?? DEFAULT_CHECK;
  const age = requestedAt ? ctx.now.getTime() - Date.parse(requestedAt) : 0;
  return new Date(ctx.now.getTime() + Math.min(max, Math.max(min, age / 4))).toISOString();
}

export function exportRootsOf(options: TickOptions): readonly string[] {
  return options.exportRoots ?? getConfig().plans.exportDirs;
}

/** Every job a plan initiates says which plan it belongs to (how a lost answer is matched in ListJobs). */
export function planJobDescription(planId: string): string {
  return `Thaw plan ${planId}`;
}
