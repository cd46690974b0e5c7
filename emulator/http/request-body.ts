import { type IncomingMessage } from "node:http";
import { GlacierError, serializationError } from "./errors";

/** Bodies of non-streaming operations are small JSON documents; anything larger is refused. */
export const MAX_BUFFERED_BODY = 1024 * 1024;
/**
 * A refused request's unread body is read and discarded up to this size, so the client (still
 * sending) receives the error instead of a connection reset. Larger bodies get the connection closed.
 */
export const MAX_DRAIN = 64 * 1024 * 1024;

const tooLarge = () =>
  new GlacierError(413, "RequestEntityTooLargeException", `Request body exceeds ${MAX_BUFFERED_BODY} bytes.`);

export function declaredLength(req: IncomingMessage): number | undefined {
  const raw = req.headers["content-length"];
  if (raw === undefined) return undefined;
  return /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
}

/**
 * Reads the body, keeping at most `keep` bytes; resolves with them, or with `undefined` when the body
 * was larger (the excess was read and discarded). Bodies above MAX_DRAIN are cut off by destroying
 * the request.
 */
function consume(req: IncomingMessage, keep: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (total <= keep) chunks.push(chunk);
      else if (total > MAX_DRAIN) req.destroy(tooLarge());
    });
    req.once("end", () => resolve(total <= keep ? Buffer.concat(chunks, total) : undefined));
    req.once("error", reject);
    req.once("close", () => {
      if (!req.complete) reject(new Error("request aborted before its body was complete"));
    });
  });
}

/** Reads a whole (small) body; more than `limit` bytes is a 413 error. */
export async function readBufferedBody(req: IncomingMessage, limit = MAX_BUFFERED_BODY): Promise<Buffer> {
  const declared = declaredLength(req);
  if (declared !== undefined && declared > limit) throw tooLarge();
  const body = await consume(req, limit);
  if (body === undefined) throw tooLarge();
  return body;
}

/** Discards an unread body before an error is sent; false when it is too large to be worth reading. */
export async function drainBody(req: IncomingMessage): Promise<boolean> {
  if (req.complete) return true;
  if (req.destroyed || req.readableEnded) return false;
  const declared = declaredLength(req);
  if (declared === undefined || Number.isNaN(declared) || declared > MAX_DRAIN) return false;
  try {
    await consume(req, 0);
    return true;
  } catch {
    return false;
  }
}

/** Parses a JSON object body; malformed JSON is a SerializationException (§12). */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw serializationError("Malformed JSON in request body.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw serializationError("Request body must be a JSON object.");
  }
  return value as Record<string, unknown>;
}
