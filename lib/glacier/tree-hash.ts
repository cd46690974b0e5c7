import { createHash } from "node:crypto";

/** Glacier's SHA-256 tree hash (glacier-api.md §7): 1 MiB leaves, pairwise parents, odd node promoted. */
export const TREE_HASH_CHUNK = 1024 * 1024;

function sha256(...parts: Uint8Array[]): Buffer {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
}

/** Reduce a level of binary digests to the root; an odd last node is promoted unchanged. */
export function combineTreeHashes(nodes: readonly Uint8Array[]): Buffer {
  if (nodes.length === 0) return sha256();
  let level: Uint8Array[] = [...nodes];
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as Uint8Array;
      const right = level[i + 1];
      next.push(right ? sha256(left, right) : left);
    }
    level = next;
  }
  return Buffer.from(level[0] as Uint8Array);
}

/** Incremental tree hash: feed bytes in any chunking, read the hex root at the end. */
export class TreeHasher {
  private readonly leaves: Buffer[] = [];
  private current = createHash("sha256");
  private filled = 0;
  private total = 0;

  update(data: Uint8Array): this {
    let offset = 0;
    while (offset < data.length) {
      const take = Math.min(TREE_HASH_CHUNK - this.filled, data.length - offset);
      this.current.update(data.subarray(offset, offset + take));
      this.filled += take;
      offset += take;
      if (this.filled === TREE_HASH_CHUNK) this.closeLeaf();
    }
    this.total += data.length;
    return this;
  }

  get bytes(): number {
    return this.total;
  }

  /** The binary leaf digests so far (closing a partial leaf). Used to combine ranges. */
  leafDigests(): Buffer[] {
    if (this.filled > 0) this.closeLeaf();
    return [...this.leaves];
  }

  digestHex(): string {
    if (this.filled > 0 || this.leaves.length === 0) this.closeLeaf();
    return combineTreeHashes(this.leaves).toString("hex");
  }

  private closeLeaf(): void {
    this.leaves.push(this.current.digest());
    this.current = createHash("sha256");
    this.filled = 0;
  }
}

export function treeHash(data: Uint8Array): string {
  return new TreeHasher().update(data).digestHex();
}

export function sha256Hex(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
