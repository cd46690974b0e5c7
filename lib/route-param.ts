/**
 * A dynamic route segment as text. Next hands pages and route handlers the segment already decoded
 * in some paths and still percent-encoded in others; decoding again is harmless for the ids Thaw
 * uses (Glacier job ids, vault names, UUIDs have no `%`), but a lone `%` in a hostile URL makes
 * decodeURIComponent throw — that must be a 404 for the id, not a 500.
 */
export function routeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
