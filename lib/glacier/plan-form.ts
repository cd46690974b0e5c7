/**
 * Bulk retrieval plans (issue #7): the plan form's types and its ONE zod schema (the form's resolver
 * and the create action both parse with it), and the per-tier estimates the form shows before
 * anything starts. The contract with lib/plans is .tmp/plans-design.md: names here are fixed by it.
 * Pure and isomorphic (components import it; no I/O).
 */

import { z } from "zod";
import { TIERS, type Tier } from "./job-types";
import { DEFAULT_THROUGHPUT, type DurationLimit, planDuration, type PlanThroughput } from "./plan-duration";
import { BYTES_PER_GB, DEFAULT_PRICING, type PricingTable } from "./pricing";
import { bucketNameProblem } from "./s3-rules";

export type PlanTier = Tier;
export const PLAN_TIERS: readonly PlanTier[] = TIERS;

export const PLAN_ORDERS = ["smallest", "oldest", "prefix"] as const;
export type PlanOrder = (typeof PLAN_ORDERS)[number];

export const PLAN_STORAGE_CLASSES = [
  "STANDARD",
  "STANDARD_IA",
  "INTELLIGENT_TIERING",
  "GLACIER_IR",
  "GLACIER",
  "DEEP_ARCHIVE",
] as const;
export type PlanStorageClass = (typeof PLAN_STORAGE_CLASSES)[number];

export type PlanDestination =
  | { kind: "directory"; path: string } // absolute path under an allowed export root (checked server-side)
  | { kind: "s3"; bucket: string; prefix: string; storageClass: PlanStorageClass };

export type PlanLimits = {
  tier: PlanTier;
  capUsd: number;
  maxInFlight: number;
  dailyByteBudget: number | null;
};

export type PlanArchive = {
  archiveId: string;
  description: string;
  decodedPath: string;
  size: number;
  treeHash: string;
  creationDate: string;
};

export type TierEstimate = {
  tier: PlanTier;
  costUsd: number;
  /** Wall-clock hours from start to the last copy, at the plan's settings (plan-duration.ts). */
  hours: { min: number; max: number };
  /** The setting that bounds the duration. */
  limitedBy: DurationLimit;
  /** Rounds of at most maxInFlight jobs. */
  waves: number;
  days: number;
};

export type PlanSelection =
  { kind: "all" } | { kind: "filter"; q: string } | { kind: "ids"; archiveIds: string[] };

export const MAX_PLAN_IDS = 10_000;
/** Thousands in flight: at Bulk's 5–12 h, 100 at a time would take a 10-million-archive vault decades. */
export const MAX_IN_FLIGHT = 5_000;
export const MAX_CAP_USD = 1_000_000;
export const BYTES_PER_GIB = 1024 ** 3;
/** S3 keys are at most 1024 bytes; the prefix leaves room for the archive's own path. */
export const MAX_S3_PREFIX_BYTES = 512;

/** Completion window per tier in hours (glacier-api.md / pricing.ts windows, as numbers). */
export const TIER_HOURS: Readonly<Record<PlanTier, { min: number; max: number }>> = {
  Expedited: { min: 1 / 60, max: 5 / 60 },
  Standard: { min: 3, max: 5 },
  Bulk: { min: 5, max: 12 },
};

// ---- Schema ----

/** A number input: NaN (an empty or garbled `valueAsNumber`) and ±Infinity are refused with `message`. */
const numberField = (message: string) => z.number({ error: message }).refine(Number.isFinite, message);

const trimmedText = (max: number, label: string) =>
  z.string().trim().max(max, `${label} must be at most ${max} characters`);

const selectionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("all") }),
  z.object({ kind: z.literal("filter"), q: trimmedText(1024, "The filter").min(1, "The filter is empty") }),
  z.object({
    kind: z.literal("ids"),
    archiveIds: z
      .array(z.string().trim().min(1, "An archive id is empty"))
      .min(1, "Select at least one archive")
      .max(
        MAX_PLAN_IDS,
        `A plan from checked rows holds at most ${MAX_PLAN_IDS.toLocaleString("en-US")} archives; use a filter or all`,
      )
      // The same row checked twice is still one archive.
      .transform((ids) => [...new Set(ids)]),
  }),
]);

/** Why `path` is not a usable server directory, or null. Roots and writability are checked by lib/plans. */
export function directoryPathProblem(path: string): string | null {
  if (path === "") return "Enter a directory on the server";
  if (!path.startsWith("/")) return "Enter an absolute path (starting with /)";
  if (path.includes("\0")) return "The path contains a NUL character";
  if (path.split("/").some((segment) => segment === "..")) return "The path must not contain “..”";
  return null;
}

/** Why `prefix` is not a usable S3 key prefix, or null (empty is fine: the bucket's root). */
export function s3PrefixProblem(prefix: string): string | null {
  if (prefix.startsWith("/")) return "The prefix must not start with /";
  if (new TextEncoder().encode(prefix).length > MAX_S3_PREFIX_BYTES)
    return `The prefix must be at most ${MAX_S3_PREFIX_BYTES} bytes`;
  if (prefix.split("/").some((segment) => segment === "." || segment === ".."))
    return "The prefix must not contain “.” or “..” segments";
  return null;
}

const problemCheck =
  <T>(problem: (value: T) => string | null) =>
  (value: T, ctx: z.RefinementCtx) => {
    const message = problem(value);
    if (message !== null) ctx.addIssue({ code: "custom", message });
  };

const destinationSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("directory"),
    path: z.string().trim().superRefine(problemCheck(directoryPathProblem)),
  }),
  z.object({
    kind: z.literal("s3"),
    bucket: z
      .string()
      .trim()
      .superRefine(
        problemCheck((bucket) =>
          bucket === "" ? "Enter a bucket name" : withSubject("A bucket name", bucketNameProblem(bucket)),
        ),
      ),
    prefix: z.string().trim().default("").superRefine(problemCheck(s3PrefixProblem)),
    storageClass: z.enum(PLAN_STORAGE_CLASSES, { error: "Choose a storage class" }),
  }),
]);

function withSubject(subject: string, problem: string | null): string | null {
  return problem === null ? null : `${subject} ${problem}`;
}

/** "" from an empty text input means "none". */
const optionalText = (max: number, label: string) =>
  trimmedText(max, label)
    .nullable()
    .optional()
    .transform((value) => (value ? value : null));

// ---- Limit rules: the one home of each. The form's schema, createPlan and updatePlanLimits all ask them. ----

/** Why `usd` cannot be a plan's spending cap, or null: more than $0 (NaN is not), at most MAX_CAP_USD. */
export function spendingCapProblem(usd: number): string | null {
  if (!(usd > 0)) return "The spending cap must be more than $0";
  if (usd > MAX_CAP_USD) return `The spending cap must be at most $${MAX_CAP_USD.toLocaleString("en-US")}`;
  return null;
}

/** Why `n` cannot be a plan's number of jobs in flight, or null: a whole number from 1 to MAX_IN_FLIGHT. */
export function maxInFlightProblem(n: number): string | null {
  return Number.isInteger(n) && n >= 1 && n <= MAX_IN_FLIGHT
    ? null
    : `Jobs in flight must be a whole number from 1 to ${MAX_IN_FLIGHT.toLocaleString("en-US")}`;
}

/**
 * Why `amount` (GiB in the form, bytes in lib/plans) cannot be a plan's daily byte budget, or null:
 * more than 0, or none at all (null).
 */
export function dailyBudgetProblem(amount: number | null, unit: "GiB" | "bytes"): string | null {
  return amount === null || (Number.isFinite(amount) && amount > 0)
    ? null
    : `The daily budget must be more than 0 ${unit}, or empty for none`;
}

/** The limits a plan's page can change later (edit limits) as well as the form. */
const limitFields = {
  capUsd: numberField("Enter a spending cap in US dollars").superRefine(problemCheck(spendingCapProblem)),
  maxInFlight: numberField("Enter how many jobs may run at once").superRefine(
    problemCheck(maxInFlightProblem),
  ),
  /** Empty = no daily budget. */
  dailyByteBudgetGiB: numberField("Enter the daily budget in GiB, or leave it empty")
    .superRefine(problemCheck((gib: number) => dailyBudgetProblem(gib, "GiB")))
    .nullable()
    .optional()
    .transform((gib) => gib ?? null),
};

/** Editing a running plan's limits: the same fields and messages as the form. */
export const planLimitsFieldsSchema = z.object(limitFields);
export type PlanLimitsFields = z.output<typeof planLimitsFieldsSchema>;
export type PlanLimitsFieldsInput = z.input<typeof planLimitsFieldsSchema>;

export const planFormSchema = z
  .object({
    /** One per form instance: the same key creates the same plan (a double click or a retry). */
    planKey: z.uuid("The form lost its key; reload the page"),
    name: trimmedText(100, "The name").min(1, "Name the plan"),
    inventoryId: z.string().trim().min(1, "Choose an imported inventory"),
    selection: selectionSchema,
    tier: z.enum(TIERS, { error: "Choose a retrieval tier" }),
    ...limitFields,
    orderBy: z.enum(PLAN_ORDERS, { error: "Choose an order" }),
    /** For order "prefix": paths starting with it go first. */
    prefix: optionalText(1024, "The prefix"),
    destination: destinationSchema,
  })
  .superRefine((form, ctx) => {
    if (form.orderBy === "prefix" && form.prefix === null)
      ctx.addIssue({ code: "custom", path: ["prefix"], message: "Enter the prefix whose archives go first" });
  });

export type PlanForm = z.output<typeof planFormSchema>;
export type PlanFormInput = z.input<typeof planFormSchema>;

/** The limits a parsed form sets (the daily budget in bytes, as the database stores it). */
export function planLimitsOf(form: PlanForm): PlanLimits {
  return {
    tier: form.tier,
    capUsd: form.capUsd,
    maxInFlight: form.maxInFlight,
    dailyByteBudget: budgetBytes(form.dailyByteBudgetGiB),
  };
}

/** The form's daily budget in GiB as the bytes the database stores (null: no budget). */
export function budgetBytes(gib: number | null): number | null {
  return gib === null ? null : Math.round(gib * BYTES_PER_GIB);
}

// ---- Estimates ----

/** One archive-retrieval job: the request plus the bytes retrieved at the tier's rate. */
export function archiveCostUsd(
  size: number,
  tier: PlanTier,
  pricing: PricingTable = DEFAULT_PRICING,
): number {
  const prices = pricing.tiers[tier];
  return prices.perRequest.usd + (Math.max(0, size) / BYTES_PER_GB) * prices.retrievalPerGb.usd;
}

/**
 * Cost and duration of the whole selection for every tier, side by side. Duration (plan-duration.ts):
 * waves of maxInFlight jobs each taking the tier's window, no faster than the initiation rate, a daily
 * byte budget spreading initiations over ceil(bytes / budget) days, and the copies' assumed speed.
 */
export function estimatePlan(
  totals: { archives: number; bytes: number; largest: number },
  limits: Omit<PlanLimits, "tier">,
  pricing: PricingTable = DEFAULT_PRICING,
  throughput: PlanThroughput = DEFAULT_THROUGHPUT,
): TierEstimate[] {
  const archives = Math.max(0, Math.floor(totals.archives));
  const bytes = Math.max(0, totals.bytes);
  const waves = archives === 0 ? 0 : Math.ceil(archives / Math.max(1, limits.maxInFlight));
  const budget = limits.dailyByteBudget;
  const budgetDays =
    archives > 0 && budget !== null && budget > 0 ? Math.max(1, Math.ceil(bytes / budget)) : 1;
  return PLAN_TIERS.map((tier) => {
    const prices = pricing.tiers[tier];
    const { hours, limitedBy } = planDuration(
      { archives, bytes, budgetDays, maxInFlight: limits.maxInFlight },
      TIER_HOURS[tier],
      throughput,
    );
    return {
      tier,
      costUsd: archives * prices.perRequest.usd + (bytes / BYTES_PER_GB) * prices.retrievalPerGb.usd,
      hours,
      limitedBy,
      waves,
      days: Math.ceil(hours.max / 24),
    };
  });
}

/** Warnings the form shows next to the estimates (the server refuses the hard cases again). */
export function planLimitWarnings(
  totals: { archives: number; bytes: number; largest: number },
  limits: PlanLimits,
  pricing: PricingTable = DEFAULT_PRICING,
): string[] {
  const warnings: string[] = [];
  if (limits.dailyByteBudget !== null && totals.largest > limits.dailyByteBudget)
    warnings.push("The daily budget is smaller than the largest archive: that archive would never start.");
  const total = estimatePlan(totals, limits, pricing).find((e) => e.tier === limits.tier)?.costUsd ?? 0;
  if (totals.archives > 0 && spendingCapProblem(limits.capUsd) === null && total > limits.capUsd)
    warnings.push(
      `The estimate exceeds the cap: the plan will stop when the next archive would pass $${limits.capUsd}, until you raise the cap.`,
    );
  return warnings;
}

/** Minutes below an hour, hours below two days, else days: "1–5 min", "3–5 h", "4.2–9 days", "≈ 2 days". */
export function formatHours(hours: { min: number; max: number }): string {
  const { min, max } = hours;
  const [low, high, unit] =
    max < 1
      ? [String(Math.round(min * 60)), String(Math.round(max * 60)), "min"]
      : max < 48
        ? [round1(min), round1(max), "h"]
        : [round1(min / 24), round1(max / 24), "days"];
  return low === high ? `≈ ${low} ${unit}` : `${low}–${high} ${unit}`;
}

const round1 = (n: number) => String(Math.round(n * 10) / 10);
