/**
 * Shared links for the select wizard, on top of the generic codec in `share-link.ts`. Tagging and
 * UserMetadata are maps on the wire, so a link names each entry by its key, as the wire does:
 * `OutputLocation.S3.Tagging.project=thaw`, `OutputLocation.S3.UserMetadata.source-vault=reports`
 * (everything after the member name is the key, dots included; an empty value is kept). Grants are
 * a list, so they are indexed: `OutputLocation.S3.AccessControlList.0.Grantee.Type=Group`.
 * Character options travel in the form's notation (`\t`, `\r\n`); a link written from the wire
 * body (`selectShareLinkPathFromWire`, "Run again" from a recorded job) carries the real
 * characters, which decoding turns into notation, since an `<input>` cannot hold a line break.
 * Decoding never throws, like the codec it extends. Pure and isomorphic.
 */

import {
  type DecodedShareLink,
  type SearchParamsLike,
  decodeShareParams,
  shareLinkPath,
} from "../share-link";
import { encodeCharacterNotation } from "./select-characters";
import {
  type KeyValueMember,
  type KeyValueRow,
  type SelectJobInput,
  type SelectJobValues,
  KEY_VALUE_MEMBERS,
  emptyGrantRow,
} from "./select-job";

const S3_PATH = "OutputLocation.S3";
const mapPrefix = (member: KeyValueMember) => `${S3_PATH}.${member}.`;

/** A link holds at most this many rows per map (Tagging allows 10; metadata is bounded by 2 KB). */
const MAX_LINK_ROWS = 50;

function toParams(params: SearchParamsLike): URLSearchParams {
  if (params instanceof URLSearchParams) return params;
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value])
      if (typeof item === "string") out.append(key, item);
  }
  return out;
}

type LinkRow = { Key?: string | undefined; Value?: string | undefined };

/** The generic link of `values` without the maps, then one `member.key=value` entry per row (empty values too). */
function pathWithMaps(
  values: Record<string, unknown>,
  s3: Record<string, unknown>,
  rows: Record<KeyValueMember, readonly LinkRow[]>,
  options: { connection?: string | undefined },
): string {
  const location = isRecord(values.OutputLocation) ? values.OutputLocation : {};
  const base = shareLinkPath("select", { ...values, OutputLocation: { ...location, S3: s3 } }, options);
  const maps = new URLSearchParams();
  for (const member of KEY_VALUE_MEMBERS) {
    for (const row of rows[member]) maps.append(`${mapPrefix(member)}${row.Key ?? ""}`, row.Value ?? "");
  }
  if (maps.size === 0) return base;
  return `${base}${base.includes("?") ? "&" : "?"}${maps.toString()}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `/jobs/new/select?vault=…&SelectParameters.Expression=…&OutputLocation.S3.Tagging.project=thaw`. */
export function selectShareLinkPath(
  values: SelectJobInput,
  options: { connection?: string | undefined } = {},
): string {
  const { Tagging, UserMetadata, ...rest } = values.OutputLocation?.S3 ?? {};
  return pathWithMaps(values, rest, { Tagging: Tagging ?? [], UserMetadata: UserMetadata ?? [] }, options);
}

/** A wire map (`{"project": "thaw"}`) as the form's rows; anything else as no rows. */
function wireMapRows(value: unknown): LinkRow[] {
  if (!isRecord(value)) return [];
  return Object.entries(value).map(([Key, Value]) => ({
    Key,
    Value: typeof Value === "string" ? Value : String(Value),
  }));
}

/**
 * The link of a select job from its wire body (`vault` plus the InitiateJob members, as "Run again"
 * has them): Tagging and UserMetadata are maps there, the form's rows here. The generic codec would
 * flatten a map into the same names but drop the entries whose value is empty.
 */
export function selectShareLinkPathFromWire(
  values: Record<string, unknown>,
  options: { connection?: string | undefined } = {},
): string {
  const location = isRecord(values.OutputLocation) ? values.OutputLocation : {};
  const { Tagging, UserMetadata, ...rest } = isRecord(location.S3) ? location.S3 : {};
  return pathWithMaps(
    values,
    rest,
    { Tagging: wireMapRows(Tagging), UserMetadata: wireMapRows(UserMetadata) },
    options,
  );
}

const CHARACTER_MEMBERS = [
  "Comments",
  "QuoteEscapeCharacter",
  "RecordDelimiter",
  "FieldDelimiter",
  "QuoteCharacter",
] as const;

function toNotation(csv: Partial<Record<(typeof CHARACTER_MEMBERS)[number], string>>): void {
  for (const member of CHARACTER_MEMBERS) {
    const value = csv[member];
    if (typeof value === "string") csv[member] = encodeCharacterNotation(value);
  }
}

/** The link's values over `template` (an empty wizard); map entries become rows in link order. */
export function decodeSelectShareLink(
  params: SearchParamsLike,
  template: SelectJobValues,
): DecodedShareLink<SelectJobValues> {
  const all = toParams(params);
  const others = new URLSearchParams();
  const rows: Record<KeyValueMember, KeyValueRow[]> = { Tagging: [], UserMetadata: [] };
  for (const [name, value] of all) {
    const member = KEY_VALUE_MEMBERS.find((m) => name.startsWith(mapPrefix(m)));
    if (member === undefined) others.append(name, value);
    else if (rows[member].length < MAX_LINK_ROWS)
      rows[member].push({ Key: name.slice(mapPrefix(member).length), Value: value });
  }
  const decoded = decodeShareParams(others, template, {
    arrayItems: { [`${S3_PATH}.AccessControlList`]: emptyGrantRow() },
  });
  const select = decoded.values.SelectParameters;
  toNotation(select.InputSerialization.csv);
  toNotation(select.OutputSerialization.csv);
  const fields = [...decoded.fields];
  for (const member of KEY_VALUE_MEMBERS) {
    if (rows[member].length === 0) continue;
    decoded.values.OutputLocation.S3[member] = rows[member];
    fields.push(`${S3_PATH}.${member}`);
  }
  return { ...decoded, fields };
}
