/**
 * Shared links for the job wizards: form values ↔ URL query. Names are the InitiateJob member
 * names, nested members by dotted path (`InventoryRetrievalParameters.StartDate`,
 * `OutputLocation.S3.AccessControlList.0.Grantee.Type`), plus `vault` and `connection` (the
 * connection's name: a link never carries a secret). Empty values are left out.
 *
 * Decoding never throws: it walks a template of the form's values, so unknown keys (and anything
 * that would reach a prototype) are ignored, and a value that does not fit is kept as the raw
 * string, so the form's schema shows it as a field error instead of the page crashing.
 * Pure and isomorphic. A plain codec rather than nuqs: the wizard keeps its state in the form
 * (react-hook-form), the URL only seeds it and is written on "Copy link", so no live URL sync is needed.
 */

import { type WizardJobType } from "./schemas/job-common";

/** Query names that are not form fields. */
export const CONNECTION_PARAM = "connection";

/** Arrays longer than this in a link are cut: a tampered index must not allocate a huge array. */
export const MAX_LINK_ARRAY_ITEMS = 50;

export type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function flatten(value: unknown, prefix: string, out: [string, string][]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => flatten(item, `${prefix}.${index}`, out));
  } else if (isPlainObject(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else if (typeof value === "string") {
    if (value !== "") out.push([prefix, value]);
  } else if (typeof value === "number" || typeof value === "boolean") {
    out.push([prefix, String(value)]);
  }
}

/** Values → query. `extra` (e.g. the connection name) goes first. */
export function encodeShareParams(
  values: Record<string, unknown>,
  extra: Record<string, string | undefined> = {},
): URLSearchParams {
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(extra)) if (value) pairs.push([key, value]);
  flatten(values, "", pairs);
  return new URLSearchParams(pairs);
}

/** `/jobs/new/archive?vault=photos&ArchiveId=…&Tier=Bulk`. */
export function shareLinkPath(
  jobType: WizardJobType,
  values: Record<string, unknown>,
  options: { connection?: string | undefined } = {},
): string {
  const query = encodeShareParams(values, { [CONNECTION_PARAM]: options.connection }).toString();
  return `/jobs/new/${jobType}${query ? `?${query}` : ""}`;
}

/**
 * The longest link (path and query, e.g. `/jobs/new/select?…`) Thaw's server opens. Node refuses a
 * request whose header block passes 16 KiB (431), and a browser's request line shares that block
 * with its other headers and cookies. Measured against the standalone server: Chromium, signed in,
 * opened 15,749 characters and got 431 beyond; the server actions of a page opened with a 15,225-
 * character link still worked. 15,000 leaves room for longer cookies and user agents.
 */
export const MAX_SHARE_LINK_LENGTH = 15_000;

/** How far a link (path and query, or a full URL) is over MAX_SHARE_LINK_LENGTH; null when it opens. */
export function shareLinkOverLimit(link: string): { length: number; limit: number } | null {
  // A full URL's scheme and host travel outside the request line; only the path and query count.
  const target = URL.canParse(link) ? `${new URL(link).pathname}${new URL(link).search}` : link;
  return target.length > MAX_SHARE_LINK_LENGTH
    ? { length: target.length, limit: MAX_SHARE_LINK_LENGTH }
    : null;
}

function entriesOf(params: SearchParamsLike): [string, string][] {
  if (params instanceof URLSearchParams) return [...params.entries()];
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string") out.push([key, first]);
  }
  return out;
}

/** The query as one string (e.g. a React key that renews a wizard when its link changes). */
export function queryString(params: SearchParamsLike): string {
  return new URLSearchParams(entriesOf(params)).toString();
}

/** A link's text as the template leaf's type; a misfit stays the raw string for the schema to report. */
function coerceLeaf(template: unknown, raw: string): unknown {
  if (typeof template === "boolean") return raw === "true" ? true : raw === "false" ? false : raw;
  if (typeof template === "number") {
    const n = Number(raw);
    return raw.trim() !== "" && Number.isFinite(n) ? n : raw;
  }
  return raw;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

export type DecodeOptions = {
  /** Item templates for arrays, by dotted path without indices; default: the template array's first item. */
  arrayItems?: Record<string, unknown>;
};

/** Sets `raw` at `segments` inside `target`, following `template`; false when the path is unknown. */
function place(
  target: unknown,
  template: unknown,
  segments: string[],
  raw: string,
  path: string,
  options: DecodeOptions,
): boolean {
  const [head, ...rest] = segments;
  if (head === undefined) return false;
  if (Array.isArray(target) && Array.isArray(template)) {
    if (!/^\d+$/.test(head) || Number(head) >= MAX_LINK_ARRAY_ITEMS) return false;
    const item = options.arrayItems?.[path] ?? template[0];
    if (item === undefined) return false;
    const index = Number(head);
    while (target.length <= index) target.push(clone(item));
    if (rest.length === 0) {
      if (isPlainObject(item) || Array.isArray(item)) return false;
      target[index] = coerceLeaf(item, raw);
      return true;
    }
    return place(target[index], item, rest, raw, path, options);
  }
  if (!isPlainObject(target) || !isPlainObject(template) || !Object.hasOwn(template, head)) return false;
  const inner = template[head];
  const innerPath = path ? `${path}.${head}` : head;
  if (rest.length === 0) {
    if (isPlainObject(inner) || Array.isArray(inner)) return false;
    target[head] = coerceLeaf(inner, raw);
    return true;
  }
  return place(target[head], inner, rest, raw, innerPath, options);
}

export type DecodedShareLink<T> = {
  /** The template with every recognised query value applied. */
  values: T;
  /** The form paths the link set (empty: the URL carried no form state). */
  fields: string[];
  /** The `connection` name the link was made with, if any. */
  connection: string | undefined;
};

export function decodeShareParams<T extends Record<string, unknown>>(
  params: SearchParamsLike,
  template: T,
  options: DecodeOptions = {},
): DecodedShareLink<T> {
  const values = clone(template);
  const fields: string[] = [];
  let connection: string | undefined;
  for (const [key, raw] of entriesOf(params)) {
    if (key === CONNECTION_PARAM) {
      connection = raw;
      continue;
    }
    try {
      if (place(values, template, key.split("."), raw, "", options)) fields.push(key);
    } catch {
      // A value that cannot be placed is ignored like an unknown key; decoding never throws.
    }
  }
  return { values, fields, connection };
}
