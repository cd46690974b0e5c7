/**
 * A lazily created value shared by every caller: concurrent first calls get the same promise, and
 * a failure is forgotten so the next call tries again (a database that was down at start may come up).
 */
export type SharedPromise<T> = { get(): Promise<T>; clear(): Promise<T> | undefined };

export function sharedPromise<T>(
  factory: () => Promise<T>,
  slot: { current?: Promise<T> | undefined } = {},
): SharedPromise<T> {
  return {
    get() {
      if (slot.current) return slot.current;
      const created = factory().catch((error: unknown) => {
        if (slot.current === created) slot.current = undefined;
        throw error;
      });
      slot.current = created;
      return created;
    },
    clear() {
      const previous = slot.current;
      slot.current = undefined;
      return previous;
    },
  };
}
