/**
 * Finds an ArchiveId listed twice while an inventory streams in, without keeping the ids: a table of
 * their 64-bit hashes with the ordinal (seq) of the archive that brought each. Equal ids always have
 * equal hashes, so no duplicate is missed; two different ids with equal hashes (about n²/2⁶⁵: 3·10⁻⁸
 * for a million random ids) are only candidates, which the import compares exactly once the rows are
 * stored. This lets the unique ArchiveId index be built after the import instead of inside it.
 * Memory: 12 bytes per slot, a quarter to half of the slots used (24–48 MB per million archives).
 */

const FIRST_SLOTS = 1 << 16;
const MOST_FIRST_SLOTS = 1 << 22;
/** Past this many candidates the input is pathological: the caller falls back to the unique index. */
export const MAX_CANDIDATES = 10_000;

/** Two different 32-bit hashes of the string's UTF-16 units (FNV-1a and a murmur-style mix). */
function hashes(id: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ id.length;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [a | 0, b | 0];
}

/** Slots for about `expected` ids without growing: a power of two at least twice as many. */
function slotsFor(expected: number): number {
  let slots = FIRST_SLOTS;
  while (slots < expected * 2 && slots < MOST_FIRST_SLOTS) slots *= 2;
  return slots;
}

export class ArchiveIdHashes {
  private high: Int32Array;
  private low: Int32Array;
  /** The archive's seq (≥ 1); 0 marks an empty slot. */
  private seqs: Int32Array;
  private used = 0;
  /** Pairs [earlier seq, later seq] whose ids hash alike: duplicates, or (rarely) collisions. */
  readonly candidates: Array<[number, number]> = [];

  /** `expected`: how many ids are likely (a guess from the inventory's size saves rehashing as it grows). */
  constructor(expected = 0) {
    const slots = slotsFor(expected);
    this.high = new Int32Array(slots);
    this.low = new Int32Array(slots);
    this.seqs = new Int32Array(slots);
  }

  /** Records archive `seq` (≥ 1, increasing); any earlier archive hashing alike becomes a candidate. */
  add(id: string, seq: number): void {
    if (this.used * 2 >= this.seqs.length) this.grow();
    const [h, l] = hashes(id);
    const mask = this.seqs.length - 1;
    let slot = (h ^ Math.imul(l, 0x27d4eb2d)) & mask;
    for (;;) {
      const earlier = this.seqs[slot] ?? 0;
      if (earlier === 0) break;
      if (this.high[slot] === h && this.low[slot] === l && this.candidates.length <= MAX_CANDIDATES) {
        this.candidates.push([earlier, seq]);
      }
      slot = (slot + 1) & mask;
    }
    this.high[slot] = h;
    this.low[slot] = l;
    this.seqs[slot] = seq;
    this.used++;
  }

  /** True when the candidates are too many to compare one by one. */
  get overflowed(): boolean {
    return this.candidates.length > MAX_CANDIDATES;
  }

  private grow(): void {
    const [high, low, seqs] = [this.high, this.low, this.seqs];
    const size = seqs.length * 2;
    this.high = new Int32Array(size);
    this.low = new Int32Array(size);
    this.seqs = new Int32Array(size);
    const mask = size - 1;
    for (let from = 0; from < seqs.length; from++) {
      const seq = seqs[from] ?? 0;
      if (seq === 0) continue;
      const h = high[from] ?? 0;
      const l = low[from] ?? 0;
      let slot = (h ^ Math.imul(l, 0x27d4eb2d)) & mask;
      while ((this.seqs[slot] ?? 0) !== 0) slot = (slot + 1) & mask;
      this.high[slot] = h;
      this.low[slot] = l;
      this.seqs[slot] = seq;
    }
  }
}
