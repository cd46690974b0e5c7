/**
 * The wizards' fields as a person sees them: one label per form path, used by the inputs themselves
 * and by every validation message, so a message names the field the way the screen labels it
 * ("Created before (UTC) must be later than Created from (UTC)") and the API name with AWS's error
 * code follow as a small detail line. The rules (job-rules.ts) keep writing for the AWS error, naming
 * wire paths; `labelIssue` turns such a message into the screen's words. Pure and isomorphic.
 */

import { type JobIssue } from "./rule-issues";

type LabelEntry = {
  /** The input's visible label (a row's number is `#`). */
  label: string;
  /** Where two inputs share a label (input and output CSV), the section that tells them apart. */
  section?: string;
};

const IN = "SelectParameters.InputSerialization.csv";
const OUT = "SelectParameters.OutputSerialization.csv";
const S3 = "OutputLocation.S3";
const GRANT = `${S3}.AccessControlList[]`;

const CSV_CHARACTERS = [
  ["FieldDelimiter", "Field delimiter"],
  ["RecordDelimiter", "Record delimiter"],
  ["QuoteCharacter", "Quote character"],
  ["QuoteEscapeCharacter", "Quote escape character"],
] as const;

function csvLabels(base: string, section: string): [string, LabelEntry][] {
  return CSV_CHARACTERS.map(([member, label]) => [`${base}.${member}`, { label, section }]);
}

/** Form paths (row indexes as `[]`) → labels. Inputs read their label from here; so do messages. */
const LABELS: ReadonlyMap<string, LabelEntry> = new Map<string, LabelEntry>([
  ["vault", { label: "Vault" }],
  ["ArchiveId", { label: "Archive id" }],
  ["RetrievalByteRange", { label: "Byte range" }],
  ["Tier", { label: "Tier" }],
  ["Description", { label: "Description" }],
  ["SNSTopic", { label: "SNS topic ARN" }],
  ["Format", { label: "Format" }],
  ["InventoryRetrievalParameters", { label: "Inventory parameters" }],
  ["InventoryRetrievalParameters.StartDate", { label: "Created from (UTC)" }],
  ["InventoryRetrievalParameters.EndDate", { label: "Created before (UTC)" }],
  ["InventoryRetrievalParameters.Limit", { label: "Limit" }],
  ["InventoryRetrievalParameters.Marker", { label: "Marker" }],
  ["SelectParameters.Expression", { label: "SQL expression" }],
  ["SelectParameters.ExpressionType", { label: "Expression type" }],
  [`${IN}.FileHeaderInfo`, { label: "Header line", section: "Input CSV" }],
  [`${IN}.Comments`, { label: "Comment character", section: "Input CSV" }],
  ...csvLabels(IN, "Input CSV"),
  [`${OUT}.QuoteFields`, { label: "Quote fields", section: "Output CSV" }],
  ...csvLabels(OUT, "Output CSV"),
  [`${S3}.BucketName`, { label: "S3 bucket" }],
  [`${S3}.Prefix`, { label: "Key prefix" }],
  [`${S3}.StorageClass`, { label: "Storage class" }],
  [`${S3}.Encryption`, { label: "Encryption" }],
  [`${S3}.Encryption.EncryptionType`, { label: "Encryption type" }],
  [`${S3}.Encryption.KMSKeyId`, { label: "KMS key ID" }],
  [`${S3}.Encryption.KMSContext`, { label: "KMS encryption context" }],
  [`${S3}.CannedACL`, { label: "Canned ACL" }],
  [`${S3}.AccessControlList`, { label: "Grants" }],
  [`${GRANT}.Grantee`, { label: "Grantee", section: "Grant #" }],
  [`${GRANT}.Grantee.Type`, { label: "Grantee type", section: "Grant #" }],
  [`${GRANT}.Grantee.ID`, { label: "Canonical user ID", section: "Grant #" }],
  [`${GRANT}.Grantee.URI`, { label: "Group", section: "Grant #" }],
  [`${GRANT}.Grantee.EmailAddress`, { label: "Email address", section: "Grant #" }],
  [`${GRANT}.Grantee.DisplayName`, { label: "Display name", section: "Grant #" }],
  [`${GRANT}.Permission`, { label: "Permission", section: "Grant #" }],
  [`${S3}.Tagging`, { label: "Tags" }],
  [`${S3}.Tagging[].Key`, { label: "Tags # key" }],
  [`${S3}.Tagging[].Value`, { label: "Tags # value" }],
  [`${S3}.UserMetadata`, { label: "User metadata" }],
  [`${S3}.UserMetadata[].Key`, { label: "User metadata # key" }],
  [`${S3}.UserMetadata[].Value`, { label: "User metadata # value" }],
]);

export type FieldPath = string;

/** `a.0.b` (a form path) and `a[0].b` (a rule's path) → `a[].b` and the row numbers, 1-based. */
function normalise(path: string): { key: string; rows: number[] } {
  const rows: number[] = [];
  const key = path.replace(/(?:\.(\d+)(?=\.|$))|\[(\d+)\]/g, (_, dotted?: string, bracketed?: string) => {
    rows.push(Number(dotted ?? bracketed) + 1);
    return "[]";
  });
  return { key, rows };
}

function withRows(text: string, rows: readonly number[]): string {
  let next = 0;
  return text.replace(/#/g, () => String(rows[next++] ?? ""));
}

function entryOf(path: string): { entry: LabelEntry; rows: number[] } | undefined {
  const { key, rows } = normalise(path);
  const entry = LABELS.get(key);
  return entry && { entry, rows };
}

/** The input's label as shown on screen ("Created before (UTC)", "Grantee type"), or the path itself. */
export function fieldLabel(path: FieldPath): string {
  const found = entryOf(path);
  return found ? withRows(found.entry.label, found.rows) : path;
}

/**
 * The field as a message names it: its label, and where labels repeat, its section
 * ("Field delimiter (Input CSV)", "Grantee type (Grant 2)"). Undefined for a path no input shows.
 */
export function fieldName(path: FieldPath): string | undefined {
  const found = entryOf(path);
  if (!found) return undefined;
  const { entry, rows } = found;
  const label = withRows(entry.label, rows);
  return entry.section ? `${label} (${withRows(entry.section, rows)})` : label;
}

/** A wire path in a message: `InventoryRetrievalParameters.EndDate`, `OutputLocation.S3.AccessControlList[0].Grantee.ID`. */
const PATH_IN_TEXT = /\b[A-Z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*|\[\d+\])*/g;

/**
 * A rule's message in the screen's words: every wire path it names becomes the field's name, and
 * "Required parameter missing: X" (AWS's wording) becomes "X is required".
 */
export function labelMessage(message: string, path: FieldPath): string {
  const own = fieldName(path);
  if (own && message === `Required parameter missing: ${path}`) return `${own} is required`;
  return message.replace(PATH_IN_TEXT, (token) => fieldName(token) ?? token);
}

/** Between a message and its detail line (API path and AWS's error code) in one error string. */
const DETAIL_SEPARATOR = "\n";

/** An issue as the one string a form error carries: the labelled message, then `path · code`. */
export function labelIssue(issue: JobIssue): string {
  return `${labelMessage(issue.message, issue.path)}${DETAIL_SEPARATOR}${issue.path} · ${issue.code}`;
}

/** A form error string split back into the message and its small-print detail (null when none). */
export function splitFieldError(text: string): { message: string; detail: string | null } {
  const at = text.indexOf(DETAIL_SEPARATOR);
  return at < 0
    ? { message: text, detail: null }
    : { message: text.slice(0, at), detail: text.slice(at + 1) };
}
