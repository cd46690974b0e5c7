/**
 * Glacier (vault API) retrieval prices and completion windows, for the estimate a wizard shows
 * before submit. Every figure names its source and date; a figure no source confirmed for vaults
 * is flagged `estimate` and shown as such (formats.md §2: the official vault pricing page was not
 * available, so today every price here is an estimate). A deployment replaces figures with a JSON
 * file named by THAW_PRICING_FILE (read by lib/config.ts, validated by `pricingOverrideSchema`).
 * Pure and isomorphic.
 */

import { z } from "zod";
import { type JobType, type Tier, TIERS } from "./job-types";

/** AWS bills retrievals per GB of 2^30 bytes. */
export const BYTES_PER_GB = 1024 ** 3;

export type FigureStatus = "confirmed" | "estimate";

export type PriceFigure = { usd: number; source: string; date: string; status: FigureStatus };

export type WindowFigure = { text: string; source: string; date: string; status: FigureStatus };

export type TierPrices = {
  retrievalPerGb: PriceFigure;
  perRequest: PriceFigure;
  selectScannedPerGb: PriceFigure;
  selectReturnedPerGb: PriceFigure;
  selectPerRequest: PriceFigure;
  window: WindowFigure;
};

export type PricingTable = {
  name: string;
  region: string;
  tiers: Record<Tier, TierPrices>;
  /** Inventory retrieval: null when no source gives a price (the estimate then says so). */
  inventoryPerRequest: PriceFigure | null;
  inventoryWindow: WindowFigure;
};

const COMPILED = "2026-11-25";
const DEV_GUIDE = {
  source: "AWS Glacier Developer Guide, awsdocs/amazon-glacier-developer-guide commit 6bc8e12",
  date: "2023-06-09",
};
const REPOST =
  "AWS re:Post knowledge center “s3-manage-data-retrieval” (S3 Glacier Flexible Retrieval class; vault price assumed equal)";
const BULK = "preproom.ai cold-tier page (secondary source), matching the 2016 launch pricing";
const SELECT = "from memory; no source confirmed Glacier Select prices";

const price = (
  usd: number,
  source: string,
  status: FigureStatus = "estimate",
  date = COMPILED,
): PriceFigure => ({ usd, source, date, status });
const tierWindow = (text: string): WindowFigure => ({ text, ...DEV_GUIDE, status: "confirmed" });

/** us-east-1, as compiled in formats.md §2. */
export const DEFAULT_PRICING: PricingTable = {
  name: "Thaw's built-in table (us-east-1, compiled 2026-11-25)",
  region: "us-east-1",
  tiers: {
    Expedited: {
      retrievalPerGb: price(0.03, REPOST),
      perRequest: price(0.01, REPOST),
      selectScannedPerGb: price(0.02, SELECT),
      selectReturnedPerGb: price(0.03, SELECT),
      selectPerRequest: price(0.01, SELECT),
      window: tierWindow("1–5 minutes (archives under 250 MB)"),
    },
    Standard: {
      retrievalPerGb: price(0.01, REPOST),
      perRequest: price(0.05 / 1000, REPOST),
      selectScannedPerGb: price(0.008, SELECT),
      selectReturnedPerGb: price(0.01, SELECT),
      selectPerRequest: price(0.05 / 1000, SELECT),
      window: tierWindow("3–5 hours"),
    },
    Bulk: {
      retrievalPerGb: price(0.0025, BULK),
      perRequest: price(0.025 / 1000, BULK),
      selectScannedPerGb: price(0.001, SELECT),
      selectReturnedPerGb: price(0.0025, SELECT),
      selectPerRequest: price(0.025 / 1000, SELECT),
      window: tierWindow("5–12 hours"),
    },
  },
  inventoryPerRequest: null,
  inventoryWindow: {
    text: "about 4 hours",
    source: "not in Thaw's sources (believed similar to Standard)",
    date: COMPILED,
    status: "estimate",
  },
};

// ---- Deployment override (THAW_PRICING_FILE) ----

const OVERRIDE_SOURCE = "THAW_PRICING_FILE";

/** A figure in the file: a bare number (the deployment vouches for it) or one with its own source. */
const figureOverride = z.union([
  z
    .number()
    .nonnegative()
    .transform((usd): PriceFigure => ({ usd, source: OVERRIDE_SOURCE, date: "", status: "confirmed" })),
  z.strictObject({
    usd: z.number().nonnegative(),
    source: z.string().min(1).default(OVERRIDE_SOURCE),
    date: z.string().default(""),
    status: z.enum(["confirmed", "estimate"]).default("confirmed"),
  }),
]);

const windowOverride = z.union([
  z
    .string()
    .min(1)
    .transform((text): WindowFigure => ({ text, source: OVERRIDE_SOURCE, date: "", status: "confirmed" })),
  z.strictObject({
    text: z.string().min(1),
    source: z.string().min(1).default(OVERRIDE_SOURCE),
    date: z.string().default(""),
    status: z.enum(["confirmed", "estimate"]).default("confirmed"),
  }),
]);

const tierOverride = z.strictObject({
  retrievalPerGb: figureOverride.optional(),
  perRequest: figureOverride.optional(),
  selectScannedPerGb: figureOverride.optional(),
  selectReturnedPerGb: figureOverride.optional(),
  selectPerRequest: figureOverride.optional(),
  window: windowOverride.optional(),
});

export const pricingOverrideSchema = z.strictObject({
  name: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
  tiers: z
    .strictObject({
      Expedited: tierOverride.optional(),
      Standard: tierOverride.optional(),
      Bulk: tierOverride.optional(),
    })
    .optional(),
  inventoryPerRequest: figureOverride.optional(),
  inventoryWindow: windowOverride.optional(),
});

export type PricingOverride = z.output<typeof pricingOverrideSchema>;

function defined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The built-in table with the deployment's figures laid over it. */
export function applyPricingOverride(
  override: PricingOverride,
  base: PricingTable = DEFAULT_PRICING,
): PricingTable {
  const tiers = Object.fromEntries(
    TIERS.map((tier) => [tier, { ...base.tiers[tier], ...defined(override.tiers?.[tier]) }]),
  ) as Record<Tier, TierPrices>;
  return {
    name: override.name ?? `${base.name}, with figures from ${OVERRIDE_SOURCE}`,
    region: override.region ?? base.region,
    tiers,
    inventoryPerRequest: override.inventoryPerRequest ?? base.inventoryPerRequest,
    inventoryWindow: override.inventoryWindow ?? base.inventoryWindow,
  };
}

// ---- Estimates ----

export type CostLine = { label: string; quantity: string; usd: number; figure: PriceFigure };

export type CostEstimate = {
  jobType: JobType;
  tier: Tier | null;
  lines: CostLine[];
  /** Null when a needed size or price is unknown (the notes say which). */
  totalUsd: number | null;
  /** Some figure used is not confirmed for vaults. */
  unverified: boolean;
  window: WindowFigure;
  table: string;
  notes: string[];
};

export type EstimateInput = {
  jobType: JobType;
  tier?: Tier | undefined;
  /** Archive retrieval: bytes retrieved (the range, or the archive size). */
  retrievedBytes?: number | null | undefined;
  /** Select: bytes scanned (the archive size) and expected bytes returned. */
  scannedBytes?: number | null | undefined;
  returnedBytes?: number | null | undefined;
};

function perGbLine(label: string, bytes: number, figure: PriceFigure): CostLine {
  const gb = bytes / BYTES_PER_GB;
  return { label, quantity: `${gb.toPrecision(3)} GB`, usd: gb * figure.usd, figure };
}

function requestLine(figure: PriceFigure): CostLine {
  return { label: "Request", quantity: "1 request", usd: figure.usd, figure };
}

function usable(bytes: number | null | undefined): bytes is number {
  return typeof bytes === "number" && Number.isFinite(bytes) && bytes >= 0;
}

export function estimateJobCost(input: EstimateInput, table: PricingTable = DEFAULT_PRICING): CostEstimate {
  const notes: string[] = [];
  const lines: CostLine[] = [];
  let complete = true;
  if (input.jobType === "inventory-retrieval") {
    if (table.inventoryPerRequest) lines.push(requestLine(table.inventoryPerRequest));
    else {
      complete = false;
      notes.push(
        "No source gives a price for inventory retrievals; a deployment can set one in THAW_PRICING_FILE.",
      );
    }
    return finish(input, null, lines, complete, table.inventoryWindow, table, notes);
  }
  const tier = input.tier ?? "Standard";
  const prices = table.tiers[tier];
  if (input.jobType === "archive-retrieval") {
    lines.push(requestLine(prices.perRequest));
    if (usable(input.retrievedBytes))
      lines.push(perGbLine("Data retrieved", input.retrievedBytes, prices.retrievalPerGb));
    else {
      complete = false;
      notes.push(`Size unknown: retrieval costs $${prices.retrievalPerGb.usd} per GB on top of the request.`);
    }
  } else {
    lines.push(requestLine(prices.selectPerRequest));
    if (usable(input.scannedBytes))
      lines.push(perGbLine("Data scanned", input.scannedBytes, prices.selectScannedPerGb));
    else {
      complete = false;
      notes.push(`Archive size unknown: scanning costs $${prices.selectScannedPerGb.usd} per GB.`);
    }
    if (usable(input.returnedBytes))
      lines.push(perGbLine("Data returned", input.returnedBytes, prices.selectReturnedPerGb));
    else
      notes.push(
        `Results cost $${prices.selectReturnedPerGb.usd} per GB returned (not included: the result size is known only afterwards).`,
      );
  }
  return finish(input, tier, lines, complete, prices.window, table, notes);
}

function finish(
  input: EstimateInput,
  tier: Tier | null,
  lines: CostLine[],
  complete: boolean,
  completion: WindowFigure,
  table: PricingTable,
  notes: string[],
): CostEstimate {
  const unverified = lines.some((l) => l.figure.status === "estimate") || completion.status === "estimate";
  if (unverified)
    notes.push("Figures marked “estimate” are not confirmed for the vault API by any source Thaw has.");
  return {
    jobType: input.jobType,
    tier,
    lines,
    totalUsd: complete ? lines.reduce((sum, l) => sum + l.usd, 0) : null,
    unverified,
    window: completion,
    table: table.name,
    notes,
  };
}

/** `$0.0123`: small amounts keep their significant digits, which is what distinguishes the tiers. */
const small = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  maximumSignificantDigits: 2,
});
const large = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

export function formatUsd(usd: number): string {
  return usd >= 1 ? large.format(usd) : small.format(usd);
}
