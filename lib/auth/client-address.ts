/**
 * Where a request came from, for the per-address sign-in limit and the audit log. Pure (no
 * server-only): proxy.ts uses it too.
 *
 * Next sets `X-Forwarded-For` from the socket only when the request has none (`??=` in its base
 * server), so a client that sends its own header would otherwise name any address it likes. proxy.ts
 * therefore moves whatever the client sent to FORWARDED_CHAIN_HEADER and removes X-Forwarded-For;
 * Next then fills it with the socket's address. Only behind a trusted proxy (THAW_TRUST_PROXY=1)
 * does the moved chain count: its last entry is the address that proxy saw.
 */

export const FORWARDED_CHAIN_HEADER = "x-thaw-forwarded-for";

type HeaderReader = { get(name: string): string | null };

/** In the proxy: the request headers the app gets (changed in place). */
export function separateForwardedFor(headers: Headers): void {
  const claimed = headers.get("x-forwarded-for");
  headers.delete("x-forwarded-for");
  headers.delete(FORWARDED_CHAIN_HEADER);
  if (claimed) headers.set(FORWARDED_CHAIN_HEADER, claimed);
}

function lastEntry(value: string | null): string | undefined {
  return value
    ?.split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .at(-1);
}

/** "::ffff:10.0.0.1" (an IPv4 peer on a dual-stack socket) → "10.0.0.1"; at most 64 characters. */
function normalise(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return (mapped?.[1] ?? address).slice(0, 64);
}

/** In the app, after the proxy ran: the socket's address, or (trusted proxy) the one it forwarded. */
export function addressFromHeaders(headers: HeaderReader, trustProxy: boolean): string | null {
  const socket = lastEntry(headers.get("x-forwarded-for"));
  const chosen = trustProxy ? (lastEntry(headers.get(FORWARDED_CHAIN_HEADER)) ?? socket) : socket;
  return chosen ? normalise(chosen) : null;
}
