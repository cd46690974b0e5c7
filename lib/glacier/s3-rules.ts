/**
 * S3 rules that apply to a select job's OutputLocation.S3 (the results are written to S3):
 * general-purpose bucket naming, object tag limits and user-metadata limits, per the S3 user
 * guide. Pure and isomorphic.
 */

import { type Issues, isRecord, joinPath, ruleOf } from "./rule-issues";
import { codePointLength, utf8ByteLength } from "./text";

const BUCKET_CHARS = /^[a-z0-9.-]+$/;
const IPV4_LIKE = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/** Why a bucket name is invalid, or null when it is valid. */
export function bucketNameProblem(name: string): string | null {
  if (name.length < 3 || name.length > 63) return "must be 3 to 63 characters long";
  if (!BUCKET_CHARS.test(name)) return "may contain only lower-case letters, digits, dots and hyphens";
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return "must begin and end with a letter or digit";
  if (name.includes("..")) return "must not contain two adjacent dots";
  if (IPV4_LIKE.test(name)) return "must not look like an IP address";
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `must not start with the reserved prefix "${prefix}"`;
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `must not end with the reserved suffix "${suffix}"`;
  return null;
}

export function checkBucketName(value: string, path: string, issues: Issues): string | undefined {
  const problem = bucketNameProblem(value);
  return problem === null
    ? value
    : issues.invalid(path, `Invalid bucket name "${value}": a bucket name ${problem}`);
}

export const MAX_TAGS = 10;
export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;
/** Letters, digits, spaces and `+ - = . _ : / @`, as S3 and the tagging APIs allow. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** A JSON object whose values are all strings, as `Tagging` and `UserMetadata` are modelled. */
function readStringMap(value: unknown, path: string, issues: Issues): [string, string][] | undefined {
  if (!isRecord(value)) return issues.invalid(path, `${path} must be a JSON object of string values`);
  const entries: [string, string][] = [];
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === "string") entries.push([key, entry]);
    else issues.invalid(joinPath(path, key), `${joinPath(path, key)} must be a string`);
  }
  return entries;
}

/** The check of a string map whose entries `checkEntries` judges; undefined when anything was reported. */
function stringMapCheck(
  checkEntries: (entries: [string, string][], path: string, issues: Issues) => void,
): (value: unknown, path: string, issues: Issues) => Record<string, string> | undefined {
  return (value, path, issues) => {
    const before = issues.size;
    const entries = readStringMap(value, path, issues);
    if (entries === undefined) return undefined;
    checkEntries(entries, path, issues);
    return issues.size > before ? undefined : Object.fromEntries(entries);
  };
}

export const checkTagging = stringMapCheck((entries, path, issues) => {
  if (entries.length > MAX_TAGS)
    issues.invalid(path, `${path} may hold at most ${MAX_TAGS} tags; it has ${entries.length}`);
  for (const [key, tagValue] of entries) {
    const keyPath = joinPath(path, key);
    const keyLength = codePointLength(key);
    if (keyLength < 1 || keyLength > MAX_TAG_KEY_LENGTH) {
      issues.invalid(keyPath, `Tag keys must be 1 to ${MAX_TAG_KEY_LENGTH} characters long`);
    } else if (!TAG_TEXT.test(key)) {
      issues.invalid(
        keyPath,
        `Tag key "${key}" may contain only letters, digits, spaces and + - = . _ : / @`,
      );
    } else if (key.toLowerCase().startsWith("aws:")) {
      issues.invalid(keyPath, `Tag key "${key}" uses the reserved prefix "aws:"`);
    }
    if (codePointLength(tagValue) > MAX_TAG_VALUE_LENGTH) {
      issues.invalid(
        keyPath,
        `The value of tag "${key}" must be at most ${MAX_TAG_VALUE_LENGTH} characters long`,
      );
    } else if (!TAG_TEXT.test(tagValue)) {
      issues.invalid(
        keyPath,
        `The value of tag "${key}" may contain only letters, digits, spaces and + - = . _ : / @`,
      );
    }
  }
});

/** S3 counts the UTF-8 bytes of every key and value of user-defined metadata against 2 KB. */
export const MAX_USER_METADATA_BYTES = 2048;
/** Keys travel as `x-amz-meta-<key>` headers, so they must be HTTP token characters. */
const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const CONTROL_CHARACTER = /\p{Cc}/u;

export const checkUserMetadata = stringMapCheck((entries, path, issues) => {
  const seen = new Set<string>();
  let bytes = 0;
  for (const [key, metaValue] of entries) {
    const keyPath = joinPath(path, key);
    bytes += utf8ByteLength(key) + utf8ByteLength(metaValue);
    if (!HEADER_TOKEN.test(key)) {
      issues.invalid(
        keyPath,
        `Metadata key "${key}" may contain only letters, digits and the HTTP token characters (no spaces)`,
      );
    } else if (seen.has(key.toLowerCase())) {
      issues.invalid(keyPath, `Metadata key "${key}" is repeated (S3 metadata keys are case-insensitive)`);
    }
    seen.add(key.toLowerCase());
    if (CONTROL_CHARACTER.test(metaValue))
      issues.invalid(keyPath, `The value of metadata "${key}" must not contain control characters`);
  }
  if (bytes > MAX_USER_METADATA_BYTES) {
    issues.invalid(
      path,
      `${path} must be at most ${MAX_USER_METADATA_BYTES} bytes in total (keys and values, UTF-8); it is ${bytes}`,
    );
  }
});

export const ruleBucketName = ruleOf(checkBucketName, "OutputLocation.S3.BucketName");
export const ruleTagging = ruleOf(checkTagging, "OutputLocation.S3.Tagging");
export const ruleUserMetadata = ruleOf(checkUserMetadata, "OutputLocation.S3.UserMetadata");
