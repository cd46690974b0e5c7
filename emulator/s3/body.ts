import { type Readable, Transform, type TransformCallback } from "node:stream";
import { readHeader } from "../http/context";
import {
  type ChecksumAlgorithm,
  type Checksums,
  checksumHeader,
  claimedAlgorithm,
  claimedChecksums,
  createHasher,
} from "./checksums";
import { type S3Context } from "./context";
import { S3Error, badDigest, entityTooLarge, invalidRequest } from "./errors";
import { type WrittenFile } from "./runtime";

const CRLF = Buffer.from("\r\n");
const MAX_CHUNK_HEADER = 4096;
/** Trailers are a few short `name:value` lines; more than this is not a trailer. */
const MAX_TRAILER = 8192;

const malformed = () => new S3Error(400, "IncompleteBody", "The aws-chunked request body is malformed.");

/**
 * Decodes `Content-Encoding: aws-chunked` bodies (`<hex size>[;chunk-signature=…]\r\n<data>\r\n…0\r\n
 * <trailers>\r\n`), which the SDKs send for streamed uploads. Chunk signatures are not verified (the
 * request's own signature is); trailing checksums are collected in `trailers` for receiveBody to check.
 */
export class AwsChunkedDecoder extends Transform {
  /** Trailer values by lower-case name, complete once the stream has ended. */
  readonly trailers = new Map<string, string>();
  private trailerText = "";
  private pending = Buffer.alloc(0);
  private remaining = 0;
  private state: "header" | "data" | "crlf" | "trailer" = "header";

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      // Only a header or CRLF split across reads is held over: the data itself is never copied.
      this.consume(this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]));
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    if (this.state !== "trailer") {
      done(malformed());
      return;
    }
    for (const line of this.trailerText.split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon > 0)
        this.trailers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    done();
  }

  private consume(input: Buffer): void {
    let data = input;
    while (data.length > 0) {
      if (this.state === "data") {
        const take = Math.min(this.remaining, data.length);
        this.push(data.subarray(0, take));
        data = data.subarray(take);
        this.remaining -= take;
        if (this.remaining === 0) this.state = "crlf";
      } else if (this.state === "crlf") {
        if (data.length < 2) break;
        if (!data.subarray(0, 2).equals(CRLF)) throw malformed();
        data = data.subarray(2);
        this.state = "header";
      } else if (this.state === "header") {
        const end = data.indexOf(CRLF);
        if (end < 0) {
          if (data.length > MAX_CHUNK_HEADER) throw malformed();
          break;
        }
        const size = Number.parseInt(data.subarray(0, end).toString("latin1").split(";")[0] ?? "", 16);
        if (!Number.isSafeInteger(size) || size < 0) throw malformed();
        data = data.subarray(end + 2);
        this.remaining = size;
        this.state = size === 0 ? "trailer" : "data";
      } else {
        this.trailerText += data.toString("latin1");
        if (this.trailerText.length > MAX_TRAILER) throw malformed();
        data = Buffer.alloc(0);
      }
    }
    this.pending = Buffer.from(data);
  }
}

/** The part's or object's length as announced: the decoded length of an aws-chunked body, else Content-Length. */
export function declaredLength(ctx: S3Context): number | null {
  const decoded = readHeader(ctx.req, "x-amz-decoded-content-length");
  const raw = decoded ?? (isChunked(ctx) ? undefined : readHeader(ctx.req, "content-length"));
  const length = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  return Number.isSafeInteger(length) ? length : null;
}

function isChunked(ctx: S3Context): boolean {
  return (
    (readHeader(ctx.req, "x-amz-content-sha256") ?? "").startsWith("STREAMING-") ||
    (readHeader(ctx.req, "content-encoding") ?? "").includes("aws-chunked")
  );
}

/** Hashes what passes with each algorithm asked for; more than `maxSize` bytes is EntityTooLarge. */
class DigestTap extends Transform {
  readonly hashers: Map<ChecksumAlgorithm, ReturnType<typeof createHasher>>;
  private readonly digests = new Map<ChecksumAlgorithm, string>();
  private size = 0;

  constructor(
    algorithms: Iterable<ChecksumAlgorithm>,
    private readonly maxSize: number,
  ) {
    super();
    this.hashers = new Map([...algorithms].map((a) => [a, createHasher(a)]));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxSize) {
      done(entityTooLarge(this.size, this.maxSize));
      return;
    }
    for (const hasher of this.hashers.values()) hasher.update(chunk);
    done(null, chunk);
  }

  /** Base64 digest (a hash can be finished once, so each is kept). */
  digest(algorithm: ChecksumAlgorithm): string | undefined {
    let value = this.digests.get(algorithm);
    if (value === undefined) {
      value = this.hashers.get(algorithm)?.digest().toString("base64");
      if (value !== undefined) this.digests.set(algorithm, value);
    }
    return value;
  }
}

export interface BodyOptions {
  /** S3's largest single upload (a part or a PutObject): 5 GiB unless lowered. */
  maxSize: number;
}

export interface ReceivedBody {
  source: Readable;
  /**
   * Throws BadDigest / XAmzContentSHA256Mismatch when the stored bytes do not match the headers or
   * trailers; returns the claimed checksum, verified.
   */
  check(written: WrittenFile): Checksums;
}

/**
 * The request body as a stream of the object's bytes: aws-chunked decoded, refused past `maxSize`, and
 * checked afterwards against a hex `x-amz-content-sha256`, `Content-MD5` and an `x-amz-checksum-*`
 * header or trailer, as S3 does.
 */
export function receiveBody(ctx: S3Context, options: BodyOptions): ReceivedBody {
  const claimed = readHeader(ctx.req, "x-amz-content-sha256") ?? "";
  const chunked = isChunked(ctx);
  if (
    !chunked &&
    readHeader(ctx.req, "content-length") === undefined &&
    readHeader(ctx.req, "transfer-encoding") === undefined
  ) {
    throw new S3Error(411, "MissingContentLength", "You must provide the Content-Length HTTP header.");
  }
  const length = declaredLength(ctx);
  if (length !== null && length > options.maxSize) throw entityTooLarge(length, options.maxSize);
  const checksums = claimedChecksums(ctx);
  const algorithm = claimedAlgorithm(checksums);
  const hex = /^[0-9a-f]{64}$/i.test(claimed) ? claimed.toLowerCase() : null;
  const algorithms = new Set<ChecksumAlgorithm>();
  if (algorithm !== undefined) algorithms.add(algorithm);
  if (hex !== null) algorithms.add("SHA256");
  const decoder = chunked ? new AwsChunkedDecoder() : undefined;
  const decoded = decoder ? ctx.req.pipe(decoder) : ctx.req;
  ctx.req.on("error", (err) => decoded.destroy(err));
  const tap = new DigestTap(algorithms, options.maxSize);
  const source = decoded.pipe(tap);
  decoded.on("error", (err) => tap.destroy(err));
  const md5 = readHeader(ctx.req, "content-md5");
  return {
    source,
    check(written) {
      if (hex !== null) {
        const actual = Buffer.from(tap.digest("SHA256") ?? "", "base64").toString("hex");
        if (actual !== hex) {
          throw new S3Error(
            400,
            "XAmzContentSHA256Mismatch",
            "The provided 'x-amz-content-sha256' header does not match what was computed.",
            {
              ClientComputedContentSHA256: hex,
              S3ComputedContentSHA256: actual,
            },
          );
        }
      }
      if (md5 !== undefined && Buffer.from(written.md5, "hex").toString("base64") !== md5) {
        throw new S3Error(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
      }
      if (algorithm !== undefined) {
        const sent = checksums.headers[algorithm] ?? decoder?.trailers.get(checksumHeader(algorithm));
        if (sent === undefined)
          throw invalidRequest(`The ${checksumHeader(algorithm)} trailer was announced but not sent.`);
        if (sent !== tap.digest(algorithm)) throw badDigest(algorithm);
      }
      return algorithm === undefined ? {} : { [algorithm]: tap.digest(algorithm) };
    },
  };
}

/** Stores the request body as a new object file, verified; the file is removed if a check fails. */
export async function storeBody(
  ctx: S3Context,
  options: BodyOptions,
): Promise<WrittenFile & { checksums: Checksums }> {
  const body = receiveBody(ctx, options);
  const written = await ctx.s3.files.write(body.source);
  try {
    return { ...written, checksums: body.check(written) };
  } catch (err) {
    await ctx.s3.files.remove(written.file);
    throw err;
  }
}
