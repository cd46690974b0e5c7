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

/** Timeouts both clients share: a dead endpoint fails in seconds, a slow download still finishes. */
export const REQUEST_HANDLER = { connectionTimeout: 5_000, requestTimeout: 60_000 };
