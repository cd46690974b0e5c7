import { type S3Context, S3_XMLNS, requireAuthenticated, sendXml } from "./context";
import { invalidArgument } from "./errors";
import { requireBucket } from "./read-ops";
import { type ObjectRecord } from "./types";
import { type XmlChild, el, elWith } from "./xml";

const MAX_KEYS = 1000;

type Item = { kind: "object"; object: ObjectRecord } | { kind: "prefix"; prefix: string };

/**
 * Continuation tokens name the last item of the page: `K<key>` for an object, `P<prefix>` for a
 * common prefix (the next page skips every key under it). Opaque to clients (base64url).
 */
function encodeToken(item: Item): string {
  return Buffer.from(item.kind === "object" ? `K${item.object.key}` : `P${item.prefix}`, "utf8").toString(
    "base64url",
  );
}

function decodeToken(token: string): { after: string; skipPrefix: string | null } {
  const text = Buffer.from(token, "base64url").toString("utf8");
  if (text.startsWith("K")) return { after: text.slice(1), skipPrefix: null };
  if (text.startsWith("P")) return { after: text.slice(1), skipPrefix: text.slice(1) };
  throw invalidArgument("The continuation token provided is incorrect", "continuation-token", token);
}

function parseMaxKeys(raw: string | null): number {
  if (raw === null || raw === "") return MAX_KEYS;
  if (!/^\d+$/.test(raw))
    throw invalidArgument("Provided max-keys not an integer or within integer range", "max-keys", raw);
  return Math.min(Number(raw), MAX_KEYS);
}

/** Walks keys in order, folding keys that share a common prefix (up to the delimiter) into one item. */
function* items(
  ctx: S3Context,
  bucket: string,
  prefix: string,
  delimiter: string,
  after: string,
  skipPrefix: string | null,
): Generator<Item> {
  let lastPrefix = skipPrefix;
  for (const object of ctx.s3.repo.keysAfter(bucket, prefix, after)) {
    if (lastPrefix !== null && object.key.startsWith(lastPrefix)) continue;
    const cut = delimiter === "" ? -1 : object.key.indexOf(delimiter, prefix.length);
    if (cut < 0) {
      yield { kind: "object", object };
      continue;
    }
    lastPrefix = object.key.slice(0, cut + delimiter.length);
    yield { kind: "prefix", prefix: lastPrefix };
  }
}

/** ListObjectsV2: prefix, delimiter, max-keys, continuation-token, start-after, encoding-type=url. */
export function listObjectsV2(ctx: S3Context): void {
  requireAuthenticated(ctx);
  const bucket = requireBucket(ctx);
  const q = (name: string) => ctx.query.get(name);
  const prefix = q("prefix") ?? "";
  const delimiter = q("delimiter") ?? "";
  const maxKeys = parseMaxKeys(q("max-keys"));
  const token = q("continuation-token");
  const startAfter = q("start-after");
  const urlEncoded = isUrlEncoded(q("encoding-type"));
  const resume =
    token !== null && token !== "" ? decodeToken(token) : { after: startAfter ?? "", skipPrefix: null };

  const page: Item[] = [];
  let truncated = false;
  for (const item of items(ctx, bucket, prefix, delimiter, resume.after, resume.skipPrefix)) {
    if (page.length === maxKeys) {
      truncated = true;
      break;
    }
    page.push(item);
  }
  const encode = (text: string) => (urlEncoded ? encodeURIComponent(text).replace(/%2F/g, "/") : text);
  const last = page.at(-1);
  const children: XmlChild[] = [
    el("Name", bucket),
    el("Prefix", encode(prefix)),
    delimiter === "" ? null : el("Delimiter", encode(delimiter)),
    el("MaxKeys", maxKeys),
    el("KeyCount", page.length),
    el("IsTruncated", truncated),
    token === null ? null : el("ContinuationToken", token),
    truncated && last ? el("NextContinuationToken", encodeToken(last)) : null,
    startAfter === null ? null : el("StartAfter", encode(startAfter)),
    urlEncoded ? el("EncodingType", "url") : null,
    page.map((item) =>
      item.kind === "object"
        ? el(
            "Contents",
            el("Key", encode(item.object.key)),
            el("LastModified", item.object.lastModified),
            el("ETag", item.object.etag),
            el("Size", item.object.size),
            el("StorageClass", item.object.storageClass),
          )
        : el("CommonPrefixes", el("Prefix", encode(item.prefix))),
    ),
  ];
  sendXml(ctx, 200, elWith("ListBucketResult", { xmlns: S3_XMLNS }, ...children));
}

/** `encoding-type`: absent, or `url` (keys percent-encoded in the answer); anything else is refused as S3 does. */
export function isUrlEncoded(encodingType: string | null): boolean {
  if (encodingType !== null && encodingType !== "url")
    throw invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encodingType);
  return encodingType === "url";
}
