/**
 * Finds an ArchiveId listed twice while an inventory streams in, without keeping the ids: a 53-bit
 * hash of each id is appended as the archives come (8 bytes each, written in order, so cheap on the
 * cache), and once they are all in, the hashes are sorted and equal neighbours picked out. Equal ids
 * always have equal hashes, so no duplicate is missed; different ids with equal hashes (about
 * n²/2⁵⁴: 6·10⁻⁵ for a million random ids) only make a group of suspects, which the import compares
 * exactly against the stored rows (unique-ids.ts). This lets the unique ArchiveId index be built
 * after the import instead of inside it.
 */

/** Past this many suspects the input is pathological: the caller falls back to the unique index. */
export const MAX_SUSPECTS = 10_000;
const FIRST_CAPACITY = 1 << 14;
const MOST_FIRST_CAPACITY = 1 << 23;

/**
 * A 53-bit hash (exact in a double) of the string's UTF-16 units: 32 bits of FNV-1a and 21 of a
 * murmur-style mix, two units per step. It runs for every archive of an import: ≈ 0.25 s per
 * million 138-character ids.
 */
export function idHash(id: string): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ id.length;
  const pairs = id.length - 1;
  let i = 0;
  for (; i < pairs; i += 2) {
    const c = id.charCodeAt(i) | (id.charCodeAt(i + 1) << 16);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  if (i === pairs) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0) * 0x200000 + (b >>> 11);
}

export class ArchiveIdHashes {
  private hashes: Float64Array;
  private count = 0;
  private groups: number[][] | null = null;

  /** `expected`: how many ids are likely (a guess from the inventory's size saves regrowing). */
  constructor(expected = 0) {
    this.hashes = new Float64Array(
      Math.min(Math.max(FIRST_CAPACITY, Math.ceil(expected)), MOST_FIRST_CAPACITY),
    );
  }

  /** Records the next archive's id; archives are numbered (seq) from 1 in the order they are added. */
  add(id: string): void {
    if (this.count === this.hashes.length) {
      const grown = new Float64Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[this.count++] = idHash(id);
  }

  /**
   * The seqs of archives whose ids hash alike, one array per hash (ascending seqs): every duplicate
   * is within one group. Call once all ids are added; the answer is kept.
   */
  suspects(): number[][] {
    if (this.groups) return this.groups;
    const all = this.hashes.subarray(0, this.count);
    const sorted = all.slice().sort();
    const shared = new Set<number>();
    for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) shared.add(sorted[i] ?? 0);
    const bySharedHash = new Map<number, number[]>();
    if (shared.size > 0) {
      for (let k = 0; k < all.length; k++) {
        const hash = all[k] ?? 0;
        if (!shared.has(hash)) continue;
        const group = bySharedHash.get(hash) ?? [];
        group.push(k + 1);
        bySharedHash.set(hash, group);
      }
    }
    this.groups = [...bySharedHash.values()];
    return this.groups;
  }

  /** True when the suspects are too many to compare one by one. */
  get overflowed(): boolean {
    return this.suspects().reduce((n, group) => n + group.length, 0) > MAX_SUSPECTS;
  }
}
