import path from "node:path";
import { type S3Location } from "../../lib/glacier/output-location-rules";
import {
  ERROR_MANIFEST,
  JOB_TXT,
  RESULT_MANIFEST,
  errorKey,
  renderManifest,
} from "../../lib/glacier/select-output-layout";
import { type EmulatorServices } from "../module";
import { isoMillis } from "../rules/dates";
import { defaultKmsKey } from "../s3/attributes";
import { s3Runtime } from "../s3/runtime";
import { type ObjectAttributes } from "../s3/types";
import { type JobDescription } from "./describe";
import { type Outcome, SUCCEEDED } from "./outcome";
import { type JobRecord, type SelectJobParams } from "./types";

/**
 * A select job's objects in S3, laid out as glacier-select.html "Select Output" describes (the names are
 * in lib/glacier/select-output-layout.ts): `job.txt` when the job is accepted, then either the result
 * parts and `result_manifest.txt`, or an `errors/` object and `error_manifest.txt`. Every object carries
 * the OutputLocation's storage class, encryption, ACL, tags and metadata. All of it is synchronous: it runs
 * inside InitiateJob or inside the job's finalization transaction.
 */

/** The OutputLocation's storage class, encryption, ACL, tags and metadata, as S3 object attributes. */
export function attributesFor(
  location: S3Location,
  contentType: string,
  region: string,
  accountId: string,
): ObjectAttributes {
  const kms = location.Encryption?.EncryptionType === "aws:kms";
  return {
    contentType,
    storageClass: location.StorageClass ?? "STANDARD",
    sse: kms ? "aws:kms" : "AES256",
    kmsKeyId: kms ? (location.Encryption?.KMSKeyId ?? defaultKmsKey(region, accountId)) : null,
    kmsContext: kms ? (location.Encryption?.KMSContext ?? null) : null,
    metadata: location.UserMetadata ?? {},
    tags: location.Tagging ?? {},
    acl: { canned: location.CannedACL ?? null, grants: location.AccessControlList ?? [] },
  };
}

type SelectJob = JobRecord & { params: SelectJobParams };

/** Puts objects under the job's output location, dated `atMs`; undefined when the bucket is gone. */
function outputWriter(services: EmulatorServices, job: SelectJob, atMs: number) {
  const { repo, files } = s3Runtime(services);
  const location = job.params.OutputLocation.S3;
  if (!repo.bucketExists(location.BucketName)) return undefined;
  const lastModified = isoMillis(new Date(atMs));
  const put = (key: string, file: string, size: number, md5: string, contentType: string) => {
    const attributes = attributesFor(location, contentType, job.region, services.options.accountId);
    const replaced = repo.put({
      ...attributes,
      bucket: location.BucketName,
      key,
      file,
      size,
      etag: `"${md5}"`,
      lastModified,
      checksum: null,
    });
    void files.remove(replaced);
  };
  const putText = (key: string, text: string) => {
    const written = files.writeSmall(Buffer.from(text, "utf8"));
    put(key, written.file, written.size, written.md5, "text/plain");
  };
  return { bucket: location.BucketName, outputPath: job.params.JobOutputPath, put, putText };
}

/**
 * `job.txt`, written once when the job is accepted (the job's DescribeJob JSON at that moment) and never
 * updated. Glacier writes it to check the output location synchronously; refusing a missing or
 * unwritable bucket is InitiateJob's validation, so here a missing bucket only means nothing is written.
 */
export function writeJobTxt(services: EmulatorServices, job: SelectJob, description: JobDescription): void {
  const out = outputWriter(services, job, job.createdMs);
  out?.putText(`${out.outputPath}${JOB_TXT}`, `${JSON.stringify(description, null, 2)}\n`);
}

/**
 * Publishes a completed job's staged result parts and `result_manifest.txt` naming them. A bucket removed
 * since InitiateJob fails the job, as S3 would refuse the writes.
 */
export function publishSelectOutput(services: EmulatorServices, job: SelectJob, jobDir: string): Outcome {
  const out = outputWriter(services, job, job.readyMs ?? job.dueMs);
  if (!out) {
    return {
      status: "Failed",
      message: `NoSuchBucket: The specified bucket does not exist: ${job.params.OutputLocation.S3.BucketName}`,
    };
  }
  const { files } = s3Runtime(services);
  const parts = job.prepared?.results ?? [];
  for (const part of parts) {
    out.put(part.key, files.adopt(path.join(jobDir, part.file)), part.size, part.etag, "text/csv");
  }
  const manifest = renderManifest(
    out.bucket,
    parts.map((p) => p.key),
  );
  out.putText(`${out.outputPath}${RESULT_MANIFEST}`, manifest);
  return SUCCEEDED;
}

/**
 * A failed job's `errors/00000.txt` (its `<code>: <message>`, the job's StatusMessage) and
 * `error_manifest.txt` naming it. Result parts staged before the failure are not published: Glacier
 * guarantees nothing about them. Nothing is written when the bucket is gone.
 */
export function publishSelectErrors(services: EmulatorServices, job: SelectJob, message: string): void {
  const out = outputWriter(services, job, job.readyMs ?? job.dueMs);
  if (!out) return;
  const key = errorKey(out.outputPath, 0);
  out.putText(key, `${message}\n`);
  out.putText(`${out.outputPath}${ERROR_MANIFEST}`, renderManifest(out.bucket, [key]));
}
