/**
 * Where a Glacier Select job writes in S3, as docs.aws.amazon.com/amazonglacier/latest/dev/glacier-select.html
 * ("Select Output") describes it. Glacier makes a prefix per job, `<Prefix>/<jobId>/` (InitiateJob's
 * `x-amz-job-output-path`), and under it:
 * - `job.txt`, written when the job is accepted and never updated (a static DescribeJob-like record);
 * - `results/…`, the result parts, and `result_manifest.txt` listing them, once the job succeeds;
 * - `errors/…` and `error_manifest.txt` when the job fails.
 * "Presence of a result_manifest.txt file along with the absence of error_manifest.txt guarantees that
 * the job finished successfully." AWS does not document the manifests' content nor the part names; Thaw's
 * choice (the emulator writes it, the result page reads it): one `s3://<bucket>/<key>` per line, parts
 * named `results/00000.csv`, `errors/00000.txt`, … Used by the emulator and by lib/jobs.
 */

export const JOB_TXT = "job.txt";
export const RESULT_MANIFEST = "result_manifest.txt";
export const ERROR_MANIFEST = "error_manifest.txt";

/** `<Prefix>/<jobId>/`: the job's own prefix (a trailing slash on Prefix is not doubled). */
export function jobOutputPath(prefix: string, jobId: string): string {
  return `${prefix.replace(/\/+$/, "")}/${jobId}/`;
}

const partName = (part: number) => String(part).padStart(5, "0");

/** `<JobOutputPath>results/<part>.csv`; parts are numbered from 00000. */
export function resultKey(outputPath: string, part: number): string {
  return `${outputPath}results/${partName(part)}.csv`;
}

/** `<JobOutputPath>errors/<n>.txt`: what stopped the job, one `<code>: <message>` line. */
export function errorKey(outputPath: string, n: number): string {
  return `${outputPath}errors/${partName(n)}.txt`;
}

/** The manifest's text: one `s3://<bucket>/<key>` line per object. */
export function renderManifest(bucket: string, keys: readonly string[]): string {
  return keys.map((key) => `s3://${bucket}/${key}\n`).join("");
}

/**
 * The keys a manifest names in `bucket`, in its order. Lines naming another bucket, blank lines and
 * anything that is not an `s3://` URL are skipped: the manifest is read from S3 and trusted no further.
 */
export function parseManifest(text: string, bucket: string): string[] {
  const start = `s3://${bucket}/`;
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.startsWith(start) && line.length > start.length)
    .map((line) => line.slice(start.length));
}

/** How a job's output prefix reads, from the names listed under it (glacier-select.html's guarantee). */
export type SelectOutputState = "succeeded" | "failed" | "running";

export function selectOutputState(outputPath: string, keys: readonly string[]): SelectOutputState {
  const names = new Set(keys);
  if (names.has(`${outputPath}${ERROR_MANIFEST}`)) return "failed";
  if (names.has(`${outputPath}${RESULT_MANIFEST}`)) return "succeeded";
  return "running";
}
