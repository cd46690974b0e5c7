import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { type S3Location } from "../../lib/glacier/output-location-rules";
import { type EmulatorServices } from "../module";
import { isoMillis } from "../rules/dates";
import { defaultKmsKey } from "../s3/attributes";
import { s3Runtime } from "../s3/runtime";
import { type ObjectAttributes } from "../s3/types";
import { type JobDescription } from "./describe";
import { type Outcome, SUCCEEDED } from "./outcome";
import { type JobRecord, type SelectJobParams } from "./types";

/** `<Prefix>/<jobId>/`: where Glacier puts a select job's output (returned as JobOutputPath). */
export function jobOutputPath(prefix: string, jobId: string): string {
  return `${prefix.replace(/\/+$/, "")}/${jobId}/`;
}

/** `<JobOutputPath>results/<part>.csv`; parts are numbered from 00000. */
export function resultKey(outputPath: string, part: number): string {
  return `${outputPath}results/${String(part).padStart(5, "0")}.csv`;
}

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

/**
 * Publishes a completed select job's staged result parts and its `job.txt` manifest (the job's
 * DescribeJob JSON at completion) under JobOutputPath, with the location's attributes. A missing
 * bucket fails the job, as S3 would refuse the writes. Synchronous: it runs inside finalization.
 */
export function publishSelectOutput(
  services: EmulatorServices,
  job: JobRecord,
  params: SelectJobParams,
  description: JobDescription,
  jobDir: string,
): Outcome {
  const { repo, files } = s3Runtime(services);
  const location = params.OutputLocation.S3;
  if (!repo.bucketExists(location.BucketName)) {
    return {
      status: "Failed",
      message: `NoSuchBucket: The specified bucket does not exist: ${location.BucketName}`,
    };
  }
  const lastModified = isoMillis(new Date(job.readyMs ?? job.dueMs));
  const { accountId } = services.options;
  const store = (key: string, file: string, size: number, md5: string, contentType: string) => {
    const attributes = attributesFor(location, contentType, job.region, accountId);
    const replaced = repo.put({
      ...attributes,
      bucket: location.BucketName,
      key,
      file,
      size,
      etag: `"${md5}"`,
      lastModified,
    });
    void files.remove(replaced);
  };
  for (const part of job.prepared?.results ?? []) {
    store(part.key, files.adopt(path.join(jobDir, part.file)), part.size, part.etag, "text/csv");
  }
  const manifest = Buffer.from(`${JSON.stringify(description, null, 2)}\n`, "utf8");
  const manifestPath = path.join(jobDir, "job.txt");
  writeFileSync(manifestPath, manifest);
  const md5 = createMd5(manifest);
  store(`${params.JobOutputPath}job.txt`, files.adopt(manifestPath), manifest.length, md5, "text/plain");
  return SUCCEEDED;
}

function createMd5(data: Buffer): string {
  return createHash("md5").update(data).digest("hex");
}
