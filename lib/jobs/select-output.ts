import "server-only";
import { type Readable } from "node:stream";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { awsCall, collectPages } from "@/lib/aws/call";
import { s3ClientFor } from "@/lib/aws/s3-client";
import { type AccountTarget } from "@/lib/aws/vaults";
import { splitCsvSample } from "@/lib/glacier/csv-preview";
import { type SelectObject, type SelectPreview } from "./view-types";

/** A Select job's output in S3 (glacier-api.md §3.3): objects under `<Prefix>/<jobId>/`. */

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

export type { SelectObject, SelectPreview } from "./view-types";

/** Objects listed at most (a Select job writes a few result parts and a manifest). */
const MAX_OBJECTS = 1000;
const PREVIEW_BYTES = 64 * 1024;
export const PREVIEW_ROWS = 20;

type Parameters = {
  OutputLocation?: { S3?: { BucketName?: unknown; Prefix?: unknown } };
  OutputSerialization?: unknown;
};

/** Where the job wrote its results, from its recorded parameters and Glacier's JobOutputPath. */
export function selectLocationOf(
  parametersJson: string,
  jobOutputPath: string | null,
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
  const path = jobOutputPath?.startsWith(`${bucket}/`)
    ? jobOutputPath.slice(bucket.length + 1)
    : jobOutputPath;
  return {
    bucket,
    prefix: path ?? `${prefix.replace(/\/+$/, "")}/${glacierJobId}/`,
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

/** The first rows of a result object: its first 64 KiB, split with the job's output serialization. */
export async function previewSelectResult(
  target: AccountTarget,
  location: SelectLocation,
  key: string,
): Promise<SelectPreview> {
  const client = s3ClientFor(target);
  const out = await awsCall("GetObject", () =>
    client.send(
      new GetObjectCommand({ Bucket: location.bucket, Key: key, Range: `bytes=0-${PREVIEW_BYTES - 1}` }),
    ),
  );
  const text = (await out.Body?.transformToString("utf-8")) ?? "";
  const total = Number(/\/(\d+)$/.exec(out.ContentRange ?? "")?.[1] ?? text.length);
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
