/**
 * InitiateJob's JobParameters rules (glacier-api.md §3): the single implementation behind the
 * emulator (an issue becomes the AWS error named by its `code`) and the wizards' zod schemas (an
 * issue becomes a field message at its `path`). Per-field rules live in the `*-rules.ts` modules
 * and are re-exported here. Pure and isomorphic.
 *
 * Decisions where the sources are silent (§3.1 "n/a"): a member that belongs to another job type
 * is refused with InvalidParameterValueException, as a strict server would; `Tier` is accepted on
 * inventory jobs (the developer guide's inventory examples carry one); unknown members are refused
 * (they are nearly always typos); JSON `null` counts as an absent member.
 */

import { type ByteRange, formatByteRange } from "./byte-range";
import {
  type ByteRangeContext,
  type InventoryQuery,
  type NormalizedInventoryRetrievalParameters,
  checkArchiveId,
  checkDescriptionField,
  checkInventoryFormat,
  checkInventoryRetrievalParameters,
  checkRetrievalByteRange,
  checkSnsTopic,
  checkTier,
} from "./job-field-rules";
import {
  DEFAULT_INVENTORY_FORMAT,
  DEFAULT_TIER,
  type InventoryFormat,
  JOB_TYPES,
  type JobType,
  type Tier,
} from "./job-types";
import { type OutputLocation, checkOutputLocation } from "./output-location-rules";
import {
  type Issues,
  type JobIssue,
  checkOptional,
  checkRequired,
  collect,
  isAbsent,
  readObject,
  readRequiredEnum,
} from "./rule-issues";
import { type SelectParameters, checkSelectParameters } from "./select-rules";

export type { JobIssue, IssueCode, RuleResult } from "./rule-issues";
export { splitIssuePath } from "./rule-issues";
export * from "./job-field-rules";
export * from "./csv-serialization-rules";
export * from "./select-rules";
export * from "./output-location-rules";
export * from "./s3-rules";

interface CommonJobParameters {
  Description: string | null;
  SNSTopic: string | null;
  Tier: Tier;
}

export interface ArchiveRetrievalJobParameters extends CommonJobParameters {
  Type: "archive-retrieval";
  ArchiveId: string;
  /** As sent, or null for the whole archive (the job description then shows `0-(size-1)`). */
  RetrievalByteRange: string | null;
  /** Derived from RetrievalByteRange; not a wire member. */
  byteRange: ByteRange | null;
}

export interface InventoryRetrievalJobParameters extends CommonJobParameters {
  Type: "inventory-retrieval";
  Format: InventoryFormat;
  InventoryRetrievalParameters: NormalizedInventoryRetrievalParameters;
  /** Parsed filter for the inventory selection; not a wire member. */
  inventoryQuery: InventoryQuery;
}

export interface SelectJobParameters extends CommonJobParameters {
  Type: "select";
  ArchiveId: string;
  SelectParameters: SelectParameters;
  OutputLocation: OutputLocation;
}

/** Validated parameters with defaults applied (Tier Standard, Format JSON) and enums canonical. */
export type NormalizedJobParameters =
  ArchiveRetrievalJobParameters | InventoryRetrievalJobParameters | SelectJobParameters;

export type JobParametersResult =
  { ok: true; value: NormalizedJobParameters } | { ok: false; issues: JobIssue[] };

export type JobRuleContext = ByteRangeContext;

const COMMON_KEYS = ["Type", "Description", "SNSTopic", "Tier"] as const;
const KEYS_BY_TYPE: Readonly<Record<JobType, readonly string[]>> = {
  "archive-retrieval": ["ArchiveId", "RetrievalByteRange"],
  "inventory-retrieval": ["Format", "InventoryRetrievalParameters"],
  select: ["ArchiveId", "SelectParameters", "OutputLocation"],
};
const ALL_KEYS = [...COMMON_KEYS, ...new Set(Object.values(KEYS_BY_TYPE).flat())];

/** Members of other job types: refused with a message naming the job type. */
function refuseForeignMembers(input: Record<string, unknown>, type: JobType, issues: Issues): void {
  const own = KEYS_BY_TYPE[type];
  for (const key of Object.keys(input)) {
    if (
      ALL_KEYS.includes(key) &&
      !(COMMON_KEYS as readonly string[]).includes(key) &&
      !own.includes(key) &&
      !isAbsent(input[key])
    ) {
      issues.invalid(key, `${key} is not valid for ${type} jobs`);
    }
  }
}

function checkCommon(input: Record<string, unknown>, issues: Issues): CommonJobParameters | undefined {
  const before = issues.size;
  const description = checkOptional(input.Description, "Description", issues, checkDescriptionField);
  const snsTopic = checkOptional(input.SNSTopic, "SNSTopic", issues, checkSnsTopic);
  const tier = isAbsent(input.Tier) ? DEFAULT_TIER : checkTier(input.Tier, "Tier", issues);
  if (issues.size > before || description === undefined || snsTopic === undefined || tier === undefined)
    return undefined;
  return { Description: description, SNSTopic: snsTopic, Tier: tier };
}

function checkArchiveRetrieval(
  input: Record<string, unknown>,
  common: CommonJobParameters,
  issues: Issues,
  ctx: JobRuleContext,
) {
  const archiveId = checkArchiveId(input.ArchiveId, "ArchiveId", issues);
  const byteRange = checkOptional(input.RetrievalByteRange, "RetrievalByteRange", issues, (value, path) =>
    checkRetrievalByteRange(value, path, issues, ctx),
  );
  if (archiveId === undefined || byteRange === undefined) return undefined;
  const value: ArchiveRetrievalJobParameters = {
    Type: "archive-retrieval",
    ...common,
    ArchiveId: archiveId,
    RetrievalByteRange: byteRange && formatByteRange(byteRange),
    byteRange,
  };
  return value;
}

function checkInventoryRetrieval(
  input: Record<string, unknown>,
  common: CommonJobParameters,
  issues: Issues,
) {
  const format = isAbsent(input.Format)
    ? DEFAULT_INVENTORY_FORMAT
    : checkInventoryFormat(input.Format, "Format", issues);
  const checked = isAbsent(input.InventoryRetrievalParameters)
    ? {
        parameters: { StartDate: null, EndDate: null, Limit: null, Marker: null },
        query: { startDate: null, endDate: null, limit: null, marker: null },
      }
    : checkInventoryRetrievalParameters(
        input.InventoryRetrievalParameters,
        "InventoryRetrievalParameters",
        issues,
      );
  if (format === undefined || checked === undefined) return undefined;
  const value: InventoryRetrievalJobParameters = {
    Type: "inventory-retrieval",
    ...common,
    Format: format,
    InventoryRetrievalParameters: checked.parameters,
    inventoryQuery: checked.query,
  };
  return value;
}

function checkSelect(input: Record<string, unknown>, common: CommonJobParameters, issues: Issues) {
  const archiveId = checkArchiveId(input.ArchiveId, "ArchiveId", issues);
  const select = checkRequired(input.SelectParameters, "SelectParameters", issues, checkSelectParameters);
  const output = checkRequired(input.OutputLocation, "OutputLocation", issues, checkOutputLocation);
  if (archiveId === undefined || select === undefined || output === undefined) return undefined;
  const value: SelectJobParameters = {
    Type: "select",
    ...common,
    ArchiveId: archiveId,
    SelectParameters: select,
    OutputLocation: output,
  };
  return value;
}

function checkJobParameters(
  params: unknown,
  issues: Issues,
  ctx: JobRuleContext,
): NormalizedJobParameters | undefined {
  const input = readObject(params, "", ALL_KEYS, issues);
  if (input === undefined) return undefined;
  const type = readRequiredEnum(input.Type, "Type", JOB_TYPES, issues);
  const common = checkCommon(input, issues);
  if (type === undefined) return undefined;
  refuseForeignMembers(input, type, issues);
  // Type-specific checks run even when a common member failed, so every issue is reported at once.
  const base = common ?? { Description: null, SNSTopic: null, Tier: DEFAULT_TIER };
  const value =
    type === "archive-retrieval"
      ? checkArchiveRetrieval(input, base, issues, ctx)
      : type === "inventory-retrieval"
        ? checkInventoryRetrieval(input, base, issues)
        : checkSelect(input, base, issues);
  return common && value;
}

/**
 * Validates an InitiateJob body. `ctx.archiveSize`, when known, enables the full
 * RetrievalByteRange check (the emulator knows it; a wizard may not).
 * Issues come in a stable order; the emulator reports the first one as the AWS error.
 */
export function validateJobParameters(params: unknown, ctx: JobRuleContext = {}): JobParametersResult {
  return collect((issues) => checkJobParameters(params, issues, ctx));
}
