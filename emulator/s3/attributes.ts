import { CANNED_ACLS, type Permission, isOneOf } from "../../lib/glacier/job-types";
import { type Grant, type Grantee } from "../../lib/glacier/output-location-rules";
import { ruleTagging } from "../../lib/glacier/s3-rules";
import { readHeader } from "../http/context";
import { type S3Context } from "./context";
import { S3Error, invalidArgument } from "./errors";
import { DEFAULT_ATTRIBUTES, type ObjectAttributes, type ObjectRecord } from "./types";

/** Storage classes S3 accepts on PutObject (Glacier's OutputLocation allows the first three). */
const STORAGE_CLASSES = [
  "STANDARD",
  "REDUCED_REDUNDANCY",
  "STANDARD_IA",
  "ONEZONE_IA",
  "INTELLIGENT_TIERING",
  "GLACIER",
  "DEEP_ARCHIVE",
  "GLACIER_IR",
];

const GRANT_HEADERS: ReadonlyArray<[string, Permission]> = [
  ["x-amz-grant-full-control", "FULL_CONTROL"],
  ["x-amz-grant-read", "READ"],
  ["x-amz-grant-read-acp", "READ_ACP"],
  ["x-amz-grant-write", "WRITE"],
  ["x-amz-grant-write-acp", "WRITE_ACP"],
];

/** `aws:kms` without a key id uses the account's AWS-managed S3 key, as S3 does. */
export function defaultKmsKey(region: string, accountId: string): string {
  return `arn:aws:kms:${region}:${accountId}:alias/aws/s3`;
}

/** Header values must be Latin-1; S3 sends other metadata values RFC 2047-encoded. */
function headerSafe(value: string): string {
  return /^[\x20-\x7e]*$/.test(value)
    ? value
    : `=?UTF-8?B?${Buffer.from(value, "utf8").toString("base64")}?=`;
}

function decodeHeaderValue(value: string): string {
  const m = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=$/i.exec(value);
  return m ? Buffer.from(m[1] ?? "", "base64").toString("utf8") : value;
}

/** GetObject/HeadObject headers: ETag, dates, storage class (omitted for STANDARD, as S3 does), SSE, metadata, tag count. */
export function objectHeaders(object: ObjectRecord): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Type": object.contentType,
    ETag: object.etag,
    "Last-Modified": new Date(object.lastModified).toUTCString(),
    "Accept-Ranges": "bytes",
    "x-amz-server-side-encryption": object.sse,
  };
  if (object.storageClass !== "STANDARD") headers["x-amz-storage-class"] = object.storageClass;
  if (object.kmsKeyId !== null) headers["x-amz-server-side-encryption-aws-kms-key-id"] = object.kmsKeyId;
  if (object.kmsContext !== null) {
    headers["x-amz-server-side-encryption-context"] = Buffer.from(object.kmsContext, "utf8").toString(
      "base64",
    );
  }
  for (const [key, value] of Object.entries(object.metadata))
    headers[`x-amz-meta-${key.toLowerCase()}`] = headerSafe(value);
  const tagCount = Object.keys(object.tags).length;
  if (tagCount > 0) headers["x-amz-tagging-count"] = String(tagCount);
  return headers;
}

/** `id="…", uri="…", emailAddress="…"` lists of the x-amz-grant-* headers. */
function parseGrantees(value: string, header: string): Grantee[] {
  return value.split(",").map((part) => {
    const m = /^\s*(id|uri|emailAddress)\s*=\s*"?([^"]*)"?\s*$/i.exec(part);
    if (!m) throw invalidArgument(`Invalid grantee in ${header}: ${part.trim()}`, header, value);
    const kind = (m[1] ?? "").toLowerCase();
    const text = m[2] ?? "";
    if (kind === "id") return { Type: "CanonicalUser", ID: text };
    if (kind === "uri") return { Type: "Group", URI: text };
    return { Type: "AmazonCustomerByEmail", EmailAddress: text };
  });
}

function parseTagging(value: string): Record<string, string> {
  const tags = Object.fromEntries(new URLSearchParams(value));
  const checked = ruleTagging(tags, "x-amz-tagging");
  if (!checked.ok) throw new S3Error(400, "InvalidTag", checked.issues[0]?.message ?? "Invalid tag");
  return checked.value;
}

function parseAcl(ctx: S3Context): ObjectAttributes["acl"] {
  const canned = readHeader(ctx.req, "x-amz-acl");
  const grants: Grant[] = [];
  for (const [header, permission] of GRANT_HEADERS) {
    const value = readHeader(ctx.req, header);
    if (value !== undefined)
      for (const grantee of parseGrantees(value, header))
        grants.push({ Grantee: grantee, Permission: permission });
  }
  if (canned === undefined) return { canned: null, grants };
  if (!isOneOf(CANNED_ACLS, canned))
    throw invalidArgument(`Invalid canned ACL: ${canned}`, "x-amz-acl", canned);
  if (grants.length > 0)
    throw invalidArgument("Specifying both Canned ACLs and Header Grants is not allowed");
  return { canned, grants };
}

/** Object attributes from PutObject / CreateMultipartUpload headers. */
export function attributesFromHeaders(ctx: S3Context): ObjectAttributes {
  const header = (name: string) => readHeader(ctx.req, name);
  const storageClass = header("x-amz-storage-class") ?? "STANDARD";
  if (!STORAGE_CLASSES.includes(storageClass)) {
    throw new S3Error(400, "InvalidStorageClass", "The storage class you specified is not valid", {
      StorageClassRequested: storageClass,
    });
  }
  const sse = header("x-amz-server-side-encryption") ?? "AES256";
  if (sse !== "AES256" && sse !== "aws:kms")
    throw invalidArgument(`Unsupported server-side encryption: ${sse}`, "x-amz-server-side-encryption", sse);
  const context = header("x-amz-server-side-encryption-context");
  const metadata: Record<string, string> = {};
  for (let i = 0; i + 1 < ctx.req.rawHeaders.length; i += 2) {
    const name = (ctx.req.rawHeaders[i] ?? "").toLowerCase();
    if (name.startsWith("x-amz-meta-"))
      metadata[name.slice("x-amz-meta-".length)] = decodeHeaderValue(ctx.req.rawHeaders[i + 1] ?? "");
  }
  const tagging = header("x-amz-tagging");
  return {
    contentType: header("content-type") ?? DEFAULT_ATTRIBUTES.contentType,
    storageClass,
    sse,
    kmsKeyId:
      sse === "aws:kms"
        ? (header("x-amz-server-side-encryption-aws-kms-key-id") ??
          defaultKmsKey(ctx.region, ctx.services.options.accountId))
        : null,
    kmsContext:
      sse === "aws:kms" && context !== undefined ? Buffer.from(context, "base64").toString("utf8") : null,
    metadata,
    tags: tagging === undefined || tagging === "" ? {} : parseTagging(tagging),
    acl: parseAcl(ctx),
  };
}
