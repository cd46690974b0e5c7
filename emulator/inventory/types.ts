/** One archive as it appears in a vault inventory (glacier-api.md §6). */
export interface InventoryArchive {
  ArchiveId: string;
  ArchiveDescription: string;
  /** A Date, or a Glacier date string (`2012-05-15T17:19:46.700Z`) written as given. */
  CreationDate: Date | string;
  Size: number;
  SHA256TreeHash: string;
}

export type ArchiveSource<T> = Iterable<T> | AsyncIterable<T>;
