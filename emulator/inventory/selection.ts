/**
 * InventoryRetrievalParameters applied to a vault's archives (glacier-api.md §3.2): StartDate
 * inclusive, EndDate exclusive, at most Limit archives, resuming after Marker. Works over any
 * iterable sorted by (CreationDate, ArchiveId) ascending, and reads it lazily: it stops at
 * EndDate, and after Limit it reads one more match only to learn whether a next page exists.
 */

import { type InventoryQuery } from "../../lib/glacier/job-field-rules";
import { decodeInventoryMarker, encodeInventoryMarker, type InventoryMarker } from "./marker";
import { type ArchiveSource, type InventoryArchive } from "./types";

export interface InventorySelection<T> {
  /** The selected archives; iterate once. */
  archives: AsyncIterable<T>;
  /** The marker for the next page, or null when nothing is left. Valid once `archives` is exhausted. */
  nextMarker(): string | null;
}

type Key = InventoryMarker;

function keyOf(archive: InventoryArchive): Key {
  const creationMs =
    archive.CreationDate instanceof Date ? archive.CreationDate.getTime() : Date.parse(archive.CreationDate);
  if (Number.isNaN(creationMs))
    throw new RangeError(`Archive ${archive.ArchiveId} has an invalid CreationDate`);
  return { creationMs, archiveId: archive.ArchiveId };
}

function compareKeys(a: Key, b: Key): number {
  if (a.creationMs !== b.creationMs) return a.creationMs < b.creationMs ? -1 : 1;
  return a.archiveId < b.archiveId ? -1 : a.archiveId > b.archiveId ? 1 : 0;
}

/**
 * `query` is the parsed filter from `validateJobParameters` (`inventoryQuery`). A malformed marker
 * throws InventoryMarkerError right away, so the caller can refuse the job at InitiateJob.
 */
export function selectInventory<T extends InventoryArchive>(
  source: ArchiveSource<T>,
  query: Partial<InventoryQuery>,
): InventorySelection<T> {
  const after = query.marker ? decodeInventoryMarker(query.marker) : null;
  const startMs = query.startDate?.getTime() ?? null;
  const endMs = query.endDate?.getTime() ?? null;
  const limit = query.limit ?? null;
  let marker: string | null = null;
  let done = false;

  async function* select(): AsyncGenerator<T, void, undefined> {
    let previous: Key | null = null;
    let last: Key | null = null;
    let taken = 0;
    for await (const archive of source) {
      const key = keyOf(archive);
      if (previous && compareKeys(previous, key) > 0)
        throw new Error("Inventory source is not sorted by (CreationDate, ArchiveId)");
      previous = key;
      if (after && compareKeys(key, after) <= 0) continue;
      if (startMs !== null && key.creationMs < startMs) continue;
      if (endMs !== null && key.creationMs >= endMs) break;
      if (limit !== null && taken >= limit) {
        marker = last && encodeInventoryMarker(last);
        break;
      }
      taken++;
      last = key;
      yield archive;
    }
    done = true;
  }

  return {
    archives: select(),
    nextMarker() {
      if (!done) throw new Error("nextMarker() is known only after the archives have been read to the end");
      return marker;
    },
  };
}
