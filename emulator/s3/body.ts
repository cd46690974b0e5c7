import { createHash } from "node:crypto";
import { type Readable, Transform, type TransformCallback } from "node:stream";
import { readHeader } from "../http/context";
import { type S3Context } from "./context";
import { S3Error } from "./errors";
import { type WrittenFile } from "./runtime";

const CRLF = Buffer.from("\r\n");
const MAX_CHUNK_HEADER = 4096;

const malformed = () => new S3Error(400, "IncompleteBody", "The aws-chunked request body is malformed.");

/**
 * Decodes `Content-Encoding: aws-chunked` bodies (`<hex size>[;chunk-signature=…]\r\n<data>\r\n…0\r\n
 * <trailers>\r\n`), which the SDKs send for streamed uploads. Chunk signatures and trailing checksums
 * are not verified (the request's own signature is).
 */
export class AwsChunkedDecoder extends Transform {
  private pending = Buffer.alloc(0);
  private remaining = 0;
  private state: "header" | "data" | "crlf" | "trailer" = "header";

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.consume(Buffer.concat([this.pending, chunk]));
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    done(this.state === "trailer" ? null : malformed());
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
        data = Buffer.alloc(0); // trailers (checksums) and the final CRLF are ignored
      }
    }
    this.pending = Buffer.from(data);
  }
}

class Sha256Counter extends Transform {
  readonly hash = createHash("sha256");

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    done(null, chunk);
  }
}

export interface ReceivedBody {
  source: Readable;
  /** Throws BadDigest / XAmzContentSHA256Mismatch when the stored bytes do not match the headers. */
  check(written: WrittenFile): void;
}

/**
 * The request body as a stream of the object's bytes: aws-chunked decoded, and checked afterwards
 * against a hex `x-amz-content-sha256` and `Content-MD5`, as S3 does.
 */
export function receiveBody(ctx: S3Context): ReceivedBody {
  const claimed = readHeader(ctx.req, "x-amz-content-sha256") ?? "";
  const chunked =
    claimed.startsWith("STREAMING-") ||
    (readHeader(ctx.req, "content-encoding") ?? "").includes("aws-chunked");
  if (
    !chunked &&
    readHeader(ctx.req, "content-length") === undefined &&
    readHeader(ctx.req, "transfer-encoding") === undefined
  ) {
    throw new S3Error(411, "MissingContentLength", "You must provide the Content-Length HTTP header.");
  }
  const decoded = chunked ? ctx.req.pipe(new AwsChunkedDecoder()) : ctx.req;
  ctx.req.on("error", (err) => decoded.destroy(err));
  const hex = /^[0-9a-f]{64}$/i.test(claimed) ? claimed.toLowerCase() : null;
  const sha = new Sha256Counter();
  const source = hex === null ? decoded : decoded.pipe(sha);
  if (hex !== null) decoded.on("error", (err) => sha.destroy(err));
  const md5 = readHeader(ctx.req, "content-md5");
  return {
    source,
    check(written) {
      if (hex !== null) {
        const actual = sha.hash.digest("hex");
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
    },
  };
}

/** Stores the request body as a new object file, verified; the file is removed if a check fails. */
export async function storeBody(ctx: S3Context): Promise<WrittenFile> {
  const body = receiveBody(ctx);
  const written = await ctx.s3.files.write(body.source);
  try {
    body.check(written);
  } catch (err) {
    await ctx.s3.files.remove(written.file);
    throw err;
  }
  return written;
}
