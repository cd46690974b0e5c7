/**
 * Shared links for the select wizard, on top of the generic codec in `share-link.ts`. Tagging and
 * UserMetadata are maps on the wire, so a link names each entry by its key, as the wire does:
 * `OutputLocation.S3.Tagging.project=thaw`, `OutputLocation.S3.UserMetadata.source-vault=reports`
 * (everything after the member name is the key, dots included; an empty value is kept). Grants are
 * a list, so they are indexed: `OutputLocation.S3.AccessControlList.0.Grantee.Type=Group`.
 * Character options travel in the form's notation (`\t`, `\r\n`); a link written from the wire
 * body (e.g. "Run again" from a recorded job) carries the real characters, which decoding turns
 * into notation, since an `<input>` cannot hold a line break. Decoding never throws, like the codec
 * it extends. Pure and isomorphic.
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

/** `/jobs/new/select?vault=…&SelectParameters.Expression=…&OutputLocation.S3.Tagging.project=thaw`. */
export function selectShareLinkPath(
  values: SelectJobInput,
  options: { connection?: string | undefined } = {},
): string {
  const s3 = values.OutputLocation?.S3 ?? {};
  const { Tagging, UserMetadata, ...rest } = s3;
  const base = shareLinkPath(
    "select",
    { ...values, OutputLocation: { ...values.OutputLocation, S3: rest } },
    options,
  );
  const maps = new URLSearchParams();
  const rows: Record<KeyValueMember, readonly { Key?: string | undefined; Value?: string | undefined }[]> = {
    Tagging: Tagging ?? [],
    UserMetadata: UserMetadata ?? [],
  };
  for (const member of KEY_VALUE_MEMBERS) {
    for (const row of rows[member]) maps.append(`${mapPrefix(member)}${row.Key ?? ""}`, row.Value ?? "");
  }
  if (maps.size === 0) return base;
  return `${base}${base.includes("?") ? "&" : "?"}${maps.toString()}`;
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
