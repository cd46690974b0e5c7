/**
 * Request bodies read with a byte limit: Content-Length may be absent (chunked) or lie, so the stream
 * itself is counted and abandoned past `limit`.
 */
export async function readBytesLimited(
  request: Request,
  limit: number,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (!(declared <= limit)) return undefined;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Not awaited: on a clone (a tee branch) cancel settles only once the other branch is cancelled too.
      void reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The body as UTF-8 text, or undefined past `limit` bytes. */
export async function readBodyLimited(request: Request, limit: number): Promise<string | undefined> {
  const bytes = await readBytesLimited(request, limit);
  return bytes && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}
