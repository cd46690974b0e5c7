/**
 * Database work that outlives the request that started it (an inventory's index builds), tracked so
 * that whoever is about to close or remove the database — a test suite's teardown — can wait for it
 * instead of pulling the file from under a running build.
 */
const running = new Set<Promise<unknown>>();

/** Tracks `work` until it settles; returns it unchanged. */
export function trackBackground<T>(work: Promise<T>): Promise<T> {
  running.add(work);
  const forget = () => running.delete(work);
  work.then(forget, forget);
  return work;
}

/** Resolves once every tracked piece of work has settled, including work started meanwhile. */
export async function backgroundSettled(): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running]);
}
