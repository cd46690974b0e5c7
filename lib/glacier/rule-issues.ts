/**
 * Shared plumbing for the InitiateJob rules: the issue type both consumers understand (the
 * emulator maps `code` to the AWS error, zod schemas map `path` to a field), a collector, and
 * readers for untrusted JSON that report wrong types and unknown keys. Pure and isomorphic.
 */

export type IssueCode = "InvalidParameterValueException" | "MissingParameterValueException";

export interface JobIssue {
  /** Dotted path in the JobParameters JSON, e.g. `OutputLocation.S3.AccessControlList[0].Grantee.ID`. */
  path: string;
  code: IssueCode;
  message: string;
}

export type RuleResult<T> = { ok: true; value: T } | { ok: false; issues: JobIssue[] };

export class Issues {
  readonly list: JobIssue[] = [];

  invalid(path: string, message: string): undefined {
    this.list.push({ path, code: "InvalidParameterValueException", message });
    return undefined;
  }

  missing(path: string, message = `Required parameter missing: ${path}`): undefined {
    this.list.push({ path, code: "MissingParameterValueException", message });
    return undefined;
  }

  get size(): number {
    return this.list.length;
  }
}

/** Runs a check with a fresh collector; ok only if it produced a value and no issue. */
export function collect<T>(check: (issues: Issues) => T | undefined): RuleResult<T> {
  const issues = new Issues();
  const value = check(issues);
  return value !== undefined && issues.size === 0 ? { ok: true, value } : { ok: false, issues: issues.list };
}

/** The `rule…` form of a check: run alone with a fresh collector, at a default path. */
export function ruleOf<T, V = unknown>(
  check: (value: V, path: string, issues: Issues) => T | undefined,
  defaultPath: string,
): (value: V, path?: string) => RuleResult<T> {
  return (value, path = defaultPath) => collect((issues) => check(value, path, issues));
}

export function joinPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return parent === "" ? key : `${parent}.${key}`;
}

/** `a.b[2].c` → `["a", "b", 2, "c"]`, the shape zod's `ctx.addIssue({ path })` wants. */
export function splitIssuePath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    const index = match[2];
    segments.push(index !== undefined ? Number(index) : (match[1] ?? ""));
  }
  return segments;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON `null` counts as absent: the SDKs omit unset members, and treating both alike is lenient. */
export function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

/** An object with only the allowed keys; unknown keys are reported (they are usually typos). */
export function readObject(
  value: unknown,
  path: string,
  allowedKeys: readonly string[],
  issues: Issues,
): Record<string, unknown> | undefined {
  if (!isRecord(value)) return issues.invalid(path, `${path || "Job parameters"} must be a JSON object`);
  for (const key of Object.keys(value)) {
    if (!allowedKeys.includes(key))
      issues.invalid(joinPath(path, key), `Unknown parameter: ${joinPath(path, key)}`);
  }
  return value;
}

/**
 * An object with only the allowed keys whose members `check` judges; undefined when anything in it was
 * reported, so one bad member fails the whole object while every issue is still collected.
 */
export function checkObject<T>(
  value: unknown,
  path: string,
  allowedKeys: readonly string[],
  issues: Issues,
  check: (input: Record<string, unknown>) => T | undefined,
): T | undefined {
  const before = issues.size;
  const input = readObject(value, path, allowedKeys, issues);
  if (input === undefined) return undefined;
  const result = check(input);
  return issues.size > before ? undefined : result;
}

export function readString(value: unknown, path: string, issues: Issues): string | undefined {
  return typeof value === "string" ? value : issues.invalid(path, `${path} must be a string`);
}

/** A required string member: absent → MissingParameterValueException, empty or non-string → invalid. */
export function readRequiredString(value: unknown, path: string, issues: Issues): string | undefined {
  if (isAbsent(value)) return issues.missing(path);
  const text = readString(value, path, issues);
  if (text === "") return issues.invalid(path, `${path} must not be empty`);
  return text;
}

/** An enum member as `matches` compares it, returned canonical, with the allowed values in the message. */
function readEnumBy<T extends string>(
  value: unknown,
  path: string,
  allowed: readonly T[],
  issues: Issues,
  matches: (allowedValue: T, text: string) => boolean,
): T | undefined {
  const text = readString(value, path, issues);
  if (text === undefined) return undefined;
  const match = allowed.find((v) => matches(v, text));
  return match ?? issues.invalid(path, `Invalid ${path}: ${text}. Valid values are ${allowed.join(", ")}`);
}

/** Exact-match enum member, with the allowed values in the message. */
export function readEnum<T extends string>(
  value: unknown,
  path: string,
  allowed: readonly T[],
  issues: Issues,
): T | undefined {
  return readEnumBy(value, path, allowed, issues, (v, text) => v === text);
}

/** Enum member matched case-insensitively (for enums AWS documents in two casings), returned canonical. */
export function readEnumIgnoringCase<T extends string>(
  value: unknown,
  path: string,
  allowed: readonly T[],
  issues: Issues,
): T | undefined {
  return readEnumBy(value, path, allowed, issues, (v, text) => v.toUpperCase() === text.toUpperCase());
}

/** A required member: absent → MissingParameterValueException, otherwise `check` judges it. */
export function checkRequired<T>(
  value: unknown,
  path: string,
  issues: Issues,
  check: (value: unknown, path: string, issues: Issues) => T | undefined,
): T | undefined {
  return isAbsent(value) ? issues.missing(path) : check(value, path, issues);
}

/** An optional member: absent → null (no issue), otherwise `check` judges it. */
export function checkOptional<T>(
  value: unknown,
  path: string,
  issues: Issues,
  check: (value: unknown, path: string, issues: Issues) => T | undefined,
): T | null | undefined {
  return isAbsent(value) ? null : check(value, path, issues);
}

/** A required exact-match enum member (absent → MissingParameterValueException). */
export function readRequiredEnum<T extends string>(
  value: unknown,
  path: string,
  allowed: readonly T[],
  issues: Issues,
): T | undefined {
  return checkRequired(value, path, issues, (present) => readEnum(present, path, allowed, issues));
}
