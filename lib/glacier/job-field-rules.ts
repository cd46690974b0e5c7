/**
 * Per-field InitiateJob rules (glacier-api.md §3.1, §3.2) for the members every job type shares
 * and for archive and inventory jobs. Each `checkX(value, path, issues)` reports into a collector;
 * each exported `ruleX(value)` wraps it into a `RuleResult` for zod `superRefine`.
 */

import { type ByteRange, MIB, isMegabyteAligned, parseByteRange } from "./byte-range";
import { parseGlacierDate } from "./dates";
import { checkDescription } from "./description";
import { type InventoryFormat, INVENTORY_FORMATS, type Tier, TIERS } from "./job-types";
import {
  type Issues,
  type RuleResult,
  checkObject,
  checkOptional,
  collect,
  joinPath,
  readEnum,
  readRequiredString,
  readString,
  ruleOf,
} from "./rule-issues";
import { parseSnsTopicArn } from "./sns";

export function checkDescriptionField(value: unknown, path: string, issues: Issues): string | undefined {
  const text = readString(value, path, issues);
  if (text === undefined) return undefined;
  const check = checkDescription(text, path);
  return check.ok ? text : issues.invalid(path, check.message);
}

export function checkSnsTopic(value: unknown, path: string, issues: Issues): string | undefined {
  const text = readString(value, path, issues);
  if (text === undefined) return undefined;
  const parsed = parseSnsTopicArn(text);
  return parsed.ok ? text : issues.invalid(path, parsed.message);
}

export function checkTier(value: unknown, path: string, issues: Issues): Tier | undefined {
  return readEnum(value, path, TIERS, issues);
}

export function checkInventoryFormat(
  value: unknown,
  path: string,
  issues: Issues,
): InventoryFormat | undefined {
  return readEnum(value, path, INVENTORY_FORMATS, issues);
}

export function checkArchiveId(value: unknown, path: string, issues: Issues): string | undefined {
  const id = readRequiredString(value, path, issues);
  if (id !== undefined && /\s/.test(id))
    return issues.invalid(path, `Invalid ${path}: archive IDs contain no whitespace`);
  return id;
}

export interface ByteRangeContext {
  /** Known archive size: enables the end-of-range and in-archive checks. */
  archiveSize?: number;
}

/**
 * `RetrievalByteRange` must be megabyte aligned (§3.1). Without the archive size only the start
 * can be judged fully, and an end not just before a MiB boundary is accepted as possibly the
 * archive's last byte; the emulator calls this again with the size.
 */
export function checkRetrievalByteRange(
  value: unknown,
  path: string,
  issues: Issues,
  ctx: ByteRangeContext = {},
): ByteRange | undefined {
  const text = readString(value, path, issues);
  if (text === undefined) return undefined;
  const parsed = parseByteRange(text);
  if (!parsed.ok) return issues.invalid(path, parsed.message);
  const { range } = parsed;
  const size = ctx.archiveSize;
  if (size !== undefined && range.end >= size) {
    return issues.invalid(path, `The byte range ${text} is outside the archive, which is ${size} bytes long`);
  }
  const aligned = size === undefined ? range.start % MIB === 0 : isMegabyteAligned(range, size);
  if (!aligned) {
    return issues.invalid(
      path,
      `The byte range ${text} is not megabyte aligned: the start must be a multiple of 1 MiB (${MIB} bytes) and the end must be one byte before a multiple of 1 MiB or the last byte of the archive`,
    );
  }
  return range;
}

/** InventoryRetrievalParameters exactly as sent (echoed by DescribeJob), plus parsed values. */
export interface NormalizedInventoryRetrievalParameters {
  StartDate: string | null;
  EndDate: string | null;
  Limit: string | null;
  Marker: string | null;
}

export interface InventoryQuery {
  /** Inclusive lower bound on CreationDate. */
  startDate: Date | null;
  /** Exclusive upper bound on CreationDate. */
  endDate: Date | null;
  limit: number | null;
  marker: string | null;
}

export interface CheckedInventoryParameters {
  parameters: NormalizedInventoryRetrievalParameters;
  query: InventoryQuery;
}

const INVENTORY_PARAMETER_KEYS = ["StartDate", "EndDate", "Limit", "Marker"] as const;

function checkInventoryDate(
  value: unknown,
  path: string,
  issues: Issues,
): { text: string; date: Date } | undefined {
  const text = readString(value, path, issues);
  if (text === undefined) return undefined;
  const parsed = parseGlacierDate(text);
  return parsed.ok
    ? { text, date: parsed.date }
    : issues.invalid(path, parsed.message.replace("Invalid date", `Invalid ${path}`));
}

/** `Limit` travels as a string of digits holding an integer ≥ 1 (§3.2). */
export function checkInventoryLimit(
  value: unknown,
  path: string,
  issues: Issues,
): { text: string; limit: number } | undefined {
  const text = readString(value, path, issues);
  if (text === undefined) return undefined;
  const limit = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    return issues.invalid(
      path,
      `Invalid ${path}: "${text}" must be a whole number of at least 1, written as a string of digits`,
    );
  }
  return { text, limit };
}

export function checkInventoryRetrievalParameters(
  value: unknown,
  path: string,
  issues: Issues,
): CheckedInventoryParameters | undefined {
  return checkObject(value, path, INVENTORY_PARAMETER_KEYS, issues, (input) => {
    const start = checkOptional(input.StartDate, joinPath(path, "StartDate"), issues, checkInventoryDate);
    const end = checkOptional(input.EndDate, joinPath(path, "EndDate"), issues, checkInventoryDate);
    const limit = checkOptional(input.Limit, joinPath(path, "Limit"), issues, checkInventoryLimit);
    const marker = checkOptional(input.Marker, joinPath(path, "Marker"), issues, readRequiredString);
    if (start && end && start.date.getTime() >= end.date.getTime()) {
      // Thaw decision: an empty window is almost certainly a mistake, so it is refused up front.
      const endPath = joinPath(path, "EndDate");
      issues.invalid(endPath, `${endPath} must be later than ${joinPath(path, "StartDate")}`);
    }
    if (start === undefined || end === undefined || limit === undefined || marker === undefined) {
      return undefined;
    }
    return {
      parameters: {
        StartDate: start?.text ?? null,
        EndDate: end?.text ?? null,
        Limit: limit?.text ?? null,
        Marker: marker,
      },
      query: {
        startDate: start?.date ?? null,
        endDate: end?.date ?? null,
        limit: limit?.limit ?? null,
        marker,
      },
    };
  });
}

export const ruleDescription = ruleOf(checkDescriptionField, "Description");
export const ruleSnsTopic = ruleOf(checkSnsTopic, "SNSTopic");
export const ruleTier = ruleOf(checkTier, "Tier");
export const ruleInventoryFormat = ruleOf(checkInventoryFormat, "Format");
export const ruleArchiveId = ruleOf(checkArchiveId, "ArchiveId");
export const ruleRetrievalByteRange = (
  value: unknown,
  ctx: ByteRangeContext = {},
  path = "RetrievalByteRange",
): RuleResult<ByteRange> => collect((issues) => checkRetrievalByteRange(value, path, issues, ctx));
export const ruleInventoryLimit = (
  value: unknown,
  path = "InventoryRetrievalParameters.Limit",
): RuleResult<number> => collect((issues) => checkInventoryLimit(value, path, issues)?.limit);
export const ruleInventoryDate = (
  value: unknown,
  path = "InventoryRetrievalParameters.StartDate",
): RuleResult<Date> => collect((issues) => checkInventoryDate(value, path, issues)?.date);
export const ruleInventoryRetrievalParameters = ruleOf(
  checkInventoryRetrievalParameters,
  "InventoryRetrievalParameters",
);
