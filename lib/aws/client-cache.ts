import "server-only";

/** One SDK client a connection holds; `destroy` closes its sockets. */
type DestroyableClient = { destroy(): void };

/**
 * Clients cached per connection version (`${id}:${version}…`): a miss for a new version first destroys
 * the connection's clients of older versions, so editing a connection never leaves stale credentials or
 * open sockets behind. Clients of the same version (other variants) stay: a download may be using one.
 */
export function connectionClientCache<C extends DestroyableClient>() {
  const cache = new Map<string, C>();
  return (target: { id: string; version: string }, variant: string, build: () => C): C => {
    const key = `${target.id}:${target.version}${variant}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const current = `${target.id}:${target.version}`;
    for (const [k, client] of cache) {
      if (k.startsWith(`${target.id}:`) && !k.startsWith(current)) {
        client.destroy();
        cache.delete(k);
      }
    }
    const client = build();
    cache.set(key, client);
    return client;
  };
}

/**
 * How long a call may take, per connection (tests shorten them). `idleMs`: no byte moved either way
 * for this long ends the call (a hung server, a stalled body), yet a long download or a large part
 * that keeps moving is never cut. `answerMs`: the most a call may wait for its response headers;
 * only for calls whose body is small (Glacier's: a part upload of GiBs could legitimately take longer).
 */
export type CallTimeouts = { connectMs: number; idleMs: number; answerMs: number };

export const DEFAULT_TIMEOUTS: CallTimeouts = { connectMs: 5_000, idleMs: 60_000, answerMs: 60_000 };

/**
 * The SDK's NodeHttpHandler options. Its `requestTimeout` alone only logs a warning (smithy
 * node-http-handler 4.x): `throwOnRequestTimeout` makes it end the call, and `socketTimeout` is the
 * inactivity bound. Without both, one request the server never answers waits forever.
 */
export function requestHandlerOptions(timeouts: Partial<CallTimeouts> = {}, bounded: { answer: boolean }) {
  const t = { ...DEFAULT_TIMEOUTS, ...timeouts };
  return {
    connectionTimeout: t.connectMs,
    socketTimeout: t.idleMs,
    ...(bounded.answer ? { requestTimeout: t.answerMs, throwOnRequestTimeout: true } : {}),
  };
}

/** A cache variant for a client's timeouts, so differently bounded clients are never shared. */
export function timeoutsKey(timeouts: Partial<CallTimeouts> | undefined): string {
  return timeouts ? `:${timeouts.connectMs ?? ""}/${timeouts.idleMs ?? ""}/${timeouts.answerMs ?? ""}` : "";
}
