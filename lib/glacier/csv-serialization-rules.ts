/**
 * Select's CSV serialization rules (glacier-api.md §3.3; developer guide CSVInput): each
 * character option is a single character, `\n`, `\r` or printable ASCII 32–126; RecordDelimiter
 * may also be `\r\n`. Thaw also accepts `\t` (the guide's list omits it, but S3 Select, the same
 * engine, reads tab-separated files, and refusing TSV would block a common use). The effective characters must not collide, or no parser could split the
 * data unambiguously. Also the defaults the Select engine applies. Pure and isomorphic.
 */

import { type FileHeaderInfo, FILE_HEADER_INFO, type QuoteFields, QUOTE_FIELDS } from "./job-types";
import {
  type Issues,
  type RuleResult,
  checkObject,
  collect,
  isAbsent,
  joinPath,
  readEnumIgnoringCase,
  readString,
  ruleOf,
} from "./rule-issues";

/** CSVInput as sent on the wire; every member optional. */
export interface CsvInputSerialization {
  FileHeaderInfo?: FileHeaderInfo;
  Comments?: string;
  QuoteEscapeCharacter?: string;
  RecordDelimiter?: string;
  FieldDelimiter?: string;
  QuoteCharacter?: string;
}

/** CSVOutput as sent on the wire; every member optional. */
export interface CsvOutputSerialization {
  QuoteFields?: QuoteFields;
  QuoteEscapeCharacter?: string;
  RecordDelimiter?: string;
  FieldDelimiter?: string;
  QuoteCharacter?: string;
}

/**
 * Defaults: the developer guide documents `,` for FieldDelimiter; the others follow S3 Select.
 * Comments has no default here (S3 Select's is `#`): Glacier documents none, and silently
 * dropping data rows that start with `#` would be the worse surprise.
 */
export const CSV_DEFAULTS = {
  FileHeaderInfo: "NONE",
  FieldDelimiter: ",",
  RecordDelimiter: "\n",
  QuoteCharacter: '"',
  QuoteEscapeCharacter: '"',
  QuoteFields: "ASNEEDED",
} as const satisfies { FileHeaderInfo: FileHeaderInfo; QuoteFields: QuoteFields } & Record<string, string>;

const CHARACTER_OPTIONS = [
  "QuoteEscapeCharacter",
  "RecordDelimiter",
  "FieldDelimiter",
  "QuoteCharacter",
] as const;

function isAllowedCharacter(text: string): boolean {
  if (text.length !== 1) return false;
  const code = text.charCodeAt(0);
  return text === "\n" || text === "\r" || text === "\t" || (code >= 0x20 && code <= 0x7e);
}

/** One CSV character option; `recordDelimiter` also allows `\r\n`. */
export function checkCsvCharacter(
  value: unknown,
  path: string,
  issues: Issues,
  recordDelimiter = false,
): string | undefined {
  const text = readString(value, path, issues);
  if (text === undefined) return undefined;
  if (isAllowedCharacter(text) || (recordDelimiter && text === "\r\n")) return text;
  const extra = recordDelimiter ? ", \\r\\n" : "";
  return issues.invalid(
    path,
    `Invalid ${path}: must be a single character (\\t, \\n, \\r${extra} or printable ASCII 32-126)`,
  );
}

type CharacterKey = (typeof CHARACTER_OPTIONS)[number] | "Comments";

/** Reports two roles sharing a character, on the later of the two paths. */
function checkNoCollisions(
  effective: Partial<Record<CharacterKey, string>>,
  path: string,
  issues: Issues,
): void {
  const record = effective.RecordDelimiter ?? "";
  const pairs: [CharacterKey, CharacterKey][] = [
    ["FieldDelimiter", "RecordDelimiter"],
    ["QuoteCharacter", "FieldDelimiter"],
    ["QuoteCharacter", "RecordDelimiter"],
    ["Comments", "FieldDelimiter"],
    ["Comments", "QuoteCharacter"],
    ["Comments", "RecordDelimiter"],
  ];
  for (const [a, b] of pairs) {
    const left = effective[a];
    const right = effective[b];
    if (left === undefined || right === undefined) continue;
    const clash = b === "RecordDelimiter" ? record.includes(left) : left === right;
    if (clash)
      issues.invalid(joinPath(path, a), `${joinPath(path, a)} must differ from ${joinPath(path, b)}`);
  }
}

function checkCharacters(
  input: Record<string, unknown>,
  path: string,
  issues: Issues,
  keys: readonly CharacterKey[],
): Partial<Record<CharacterKey, string>> {
  const given: Partial<Record<CharacterKey, string>> = {};
  for (const key of keys) {
    const raw = input[key];
    if (isAbsent(raw)) continue;
    const text = checkCsvCharacter(raw, joinPath(path, key), issues, key === "RecordDelimiter");
    if (text !== undefined) given[key] = text;
  }
  return given;
}

function effectiveCharacters(
  given: Partial<Record<CharacterKey, string>>,
): Partial<Record<CharacterKey, string>> {
  return {
    FieldDelimiter: given.FieldDelimiter ?? CSV_DEFAULTS.FieldDelimiter,
    RecordDelimiter: given.RecordDelimiter ?? CSV_DEFAULTS.RecordDelimiter,
    QuoteCharacter: given.QuoteCharacter ?? CSV_DEFAULTS.QuoteCharacter,
    ...(given.Comments !== undefined ? { Comments: given.Comments } : {}),
  };
}

/**
 * The body CSVInput and CSVOutput share: the character options, the one enum member each direction
 * adds (AWS documents those in two casings, so read case-insensitively), and the collision check.
 */
function checkCsvSerialization<K extends "FileHeaderInfo" | "QuoteFields", V extends string>(
  value: unknown,
  path: string,
  issues: Issues,
  characterKeys: readonly CharacterKey[],
  member: { key: K; values: readonly V[] },
): (Partial<Record<CharacterKey, string>> & Partial<Record<K, V>>) | undefined {
  return checkObject(value, path, [member.key, ...characterKeys], issues, (input) => {
    const characters = checkCharacters(input, path, issues, characterKeys);
    const added: Partial<Record<K, V>> = {};
    if (!isAbsent(input[member.key])) {
      const read = readEnumIgnoringCase(input[member.key], joinPath(path, member.key), member.values, issues);
      if (read) added[member.key] = read;
    }
    checkNoCollisions(effectiveCharacters(characters), path, issues);
    return { ...characters, ...added };
  });
}

export function checkCsvInput(
  value: unknown,
  path: string,
  issues: Issues,
): CsvInputSerialization | undefined {
  return checkCsvSerialization(value, path, issues, ["Comments", ...CHARACTER_OPTIONS], {
    key: "FileHeaderInfo",
    values: FILE_HEADER_INFO,
  });
}

export function checkCsvOutput(
  value: unknown,
  path: string,
  issues: Issues,
): CsvOutputSerialization | undefined {
  return checkCsvSerialization(value, path, issues, CHARACTER_OPTIONS, {
    key: "QuoteFields",
    values: QUOTE_FIELDS,
  });
}

export const ruleCsvCharacter = (value: unknown, path: string, recordDelimiter = false): RuleResult<string> =>
  collect((issues) => checkCsvCharacter(value, path, issues, recordDelimiter));
export const ruleCsvInput = ruleOf(checkCsvInput, "SelectParameters.InputSerialization.csv");
export const ruleCsvOutput = ruleOf(checkCsvOutput, "SelectParameters.OutputSerialization.csv");
