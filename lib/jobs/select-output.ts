import "server-only";
import { createInterface } from "node:readline";
import { type Readable } from "node:stream";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { awsCall, collectPages } from "@/lib/aws/call";
import { s3ClientFor } from "@/lib/aws/s3-client";
import { type AccountTarget } from "@/lib/aws/vaults";
import { splitCsvSample } from "@/lib/glacier/csv-preview";
import {
  ERROR_MANIFEST,
  RESULT_MANIFEST,
  jobOutputPath,
  parseManifest,
  selectOutputState,
} from "@/lib/glacier/select-output-layout";
import { type SelectManifests, type SelectObject, type SelectPreview } from "./view-types";

/**
 * A Select job's output in S3 (glacier-api.md §3.3): objects under `<Prefix>/<jobId>/`, laid out as
 * lib/glacier/select-output-layout.ts says (job.txt, results/ + result_manifest.txt, errors/ +
 * error_manifest.txt).
 */

export type SelectLocation = {
  bucket: string;
  /** JobOutputPath: `<Prefix>/<jobId>/`. */
  prefix: string;
  /** OutputSerialization.csv, for reading the rows back. */
  csv: {
    FieldDelimiter?: string;
    QuoteCharacter?: string;
    QuoteEscapeCharacter?: string;
    RecordDelimiter?: string;
  };
};

export type { SelectManifests, SelectObject, SelectPreview } from "./view-types";

/**
 * Objects listed, and result keys kept, at most: the page shows this many. A select over a big archive
 * can write thousands of result parts (one per 256 MiB in the emulator); the manifest is still read to
 * its end to count them all.
 */
const MAX_OBJECTS = 1000;
const PREVIEW_BYTES = 64 * 1024;
/** The error manifest and each error object are read up to these sizes (one short line each). */
const MANIFEST_BYTES = 256 * 1024;
const ERROR_BYTES = 4 * 1024;
/** Error objects read for the page (Glacier writes one per failed job, the emulator too). */
const ERRORS_SHOWN = 3;
export const PREVIEW_ROWS = 20;

type Parameters = {
  OutputLocation?: { S3?: { BucketName?: unknown; Prefix?: unknown } };
  OutputSerialization?: unknown;
};

/** Where the job wrote its results, from its recorded parameters and Glacier's JobOutputPath. */
export function selectLocationOf(
  parametersJson: string,
  outputPath: string | null,
  glacierJobId: string,
): SelectLocation | null {
  let params: Parameters & { SelectParameters?: { OutputSerialization?: { csv?: SelectLocation["csv"] } } };
  try {
    params = JSON.parse(parametersJson) as typeof params;
  } catch {
    return null;
  }
  const bucket = params.OutputLocation?.S3?.BucketName;
  if (typeof bucket !== "string" || bucket === "") return null;
  const prefix = typeof params.OutputLocation?.S3?.Prefix === "string" ? params.OutputLocation.S3.Prefix : "";
  // JobOutputPath may or may not repeat the bucket name; what matters is the part after it.
  const path = outputPath?.startsWith(`${bucket}/`) ? outputPath.slice(bucket.length + 1) : outputPath;
  return {
    bucket,
    prefix: path ?? jobOutputPath(prefix, glacierJobId),
    csv: params.SelectParameters?.OutputSerialization?.csv ?? {},
  };
}

export async function listSelectResults(
  target: AccountTarget,
  location: SelectLocation,
): Promise<SelectObject[]> {
  const client = s3ClientFor(target);
  return collectPages(async (token) => {
    const page = await awsCall("ListObjectsV2", () =>
      client.send(
        new ListObjectsV2Command({
          Bucket: location.bucket,
          Prefix: location.prefix,
          ContinuationToken: token,
        }),
      ),
    );
    const items = (page.Contents ?? []).map((o): SelectObject => ({
      key: o.Key ?? "",
      size: o.Size ?? 0,
      lastModified: o.LastModified?.toISOString() ?? null,
    }));
    return { items, next: page.IsTruncated ? page.NextContinuationToken : undefined };
  }, MAX_OBJECTS);
}

/** The first `bytes` of an object as text, and the object's whole size. */
async function readHead(
  target: AccountTarget,
  location: SelectLocation,
  key: string,
  bytes: number,
): Promise<{ text: string; total: number }> {
  const client = s3ClientFor(target);
  const out = await awsCall("GetObject", () =>
    client.send(new GetObjectCommand({ Bucket: location.bucket, Key: key, Range: `bytes=0-${bytes - 1}` })),
  );
  const text = (await out.Body?.transformToString("utf-8")) ?? "";
  return { text, total: Number(/\/(\d+)$/.exec(out.ContentRange ?? "")?.[1] ?? text.length) };
}

/**
 * What the job's manifests say, given the objects listed under its output path: the result keys in the
 * result manifest, or the text of the error objects the error manifest names. "Presence of a
 * result_manifest.txt file along with the absence of error_manifest.txt guarantees that the job
 * finished successfully" (glacier-select.html).
 */
export async function readSelectManifests(
  target: AccountTarget,
  location: SelectLocation,
  objects: readonly SelectObject[],
): Promise<SelectManifests> {
  const state = selectOutputState(
    location.prefix,
    objects.map((o) => o.key),
  );
  if (state === "running") return { state, results: [], resultCount: 0, errors: [] };
  if (state === "succeeded") return { state, ...(await readResultManifest(target, location)), errors: [] };
  const manifest = await readHead(target, location, `${location.prefix}${ERROR_MANIFEST}`, MANIFEST_BYTES);
  const keys = parseManifest(manifest.text, location.bucket).filter((k) => k.startsWith(location.prefix));
  const errors = await Promise.all(
    keys
      .slice(0, ERRORS_SHOWN)
      .map(async (key) => (await readHead(target, location, key, ERROR_BYTES)).text.trim()),
  );
  return { state, results: [], resultCount: 0, errors };
}

/**
 * result_manifest.txt read line by line to its end: every part is counted, the first MAX_OBJECTS keys
 * kept, so a manifest of a hundred thousand parts costs a stream, not its size in memory.
 */
async function readResultManifest(
  target: AccountTarget,
  location: SelectLocation,
): Promise<{ results: string[]; resultCount: number }> {
  const body = await openSelectObject(target, location, `${location.prefix}${RESULT_MANIFEST}`);
  const results: string[] = [];
  let resultCount = 0;
  for await (const line of createInterface({ input: body.body, crlfDelay: Infinity })) {
    const [key] = parseManifest(line, location.bucket);
    if (key === undefined || !key.startsWith(location.prefix)) continue;
    resultCount += 1;
    if (results.length < MAX_OBJECTS) results.push(key);
  }
  return { results, resultCount };
}

/** The first rows of a result object: its first 64 KiB, split with the job's output serialization. */
export async function previewSelectResult(
  target: AccountTarget,
  location: SelectLocation,
  key: string,
): Promise<SelectPreview> {
  const { text, total } = await readHead(target, location, key, PREVIEW_BYTES);
  const cut = total > PREVIEW_BYTES;
  // A cut sample ends mid-record: drop the partial last line.
  const delimiter = location.csv.RecordDelimiter ?? "\n";
  const sample = cut ? text.slice(0, Math.max(0, text.lastIndexOf(delimiter) + delimiter.length)) : text;
  const { records, problem } = splitCsvSample(sample, {
    FieldDelimiter: location.csv.FieldDelimiter,
    QuoteCharacter: location.csv.QuoteCharacter,
    QuoteEscapeCharacter: location.csv.QuoteEscapeCharacter,
    RecordDelimiter: location.csv.RecordDelimiter,
  });
  const rows = records.filter((r) => !(r.length === 1 && r[0] === ""));
  return { key, rows: rows.slice(0, PREVIEW_ROWS), truncated: cut || rows.length > PREVIEW_ROWS, problem };
}

/** A result object as a stream, for the download route. */
export async function openSelectObject(
  target: AccountTarget,
  location: SelectLocation,
  key: string,
  signal?: AbortSignal,
): Promise<{ body: Readable; size: number | null; contentType: string | null }> {
  const client = s3ClientFor(target);
  const out = await awsCall("GetObject", () =>
    client.send(new GetObjectCommand({ Bucket: location.bucket, Key: key }), { abortSignal: signal }),
  );
  if (!out.Body) throw new Error("GetObject returned no body");
  return {
    body: out.Body as Readable,
    size: out.ContentLength ?? null,
    contentType: out.ContentType ?? null,
  };
}
