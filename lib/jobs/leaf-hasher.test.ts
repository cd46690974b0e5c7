import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashLeaf } from "./leaf-hasher";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("hashLeaf", () => {
  it("hashes on the worker and hands the same bytes back, moving the caller's memory", async () => {
    const leaf = Buffer.allocUnsafe(1024 * 1024);
    for (let i = 0; i < leaf.length; i++) leaf[i] = (i * 31) & 0xff;
    const expected = sha256(leaf);
    const copy = Buffer.from(leaf);
    const hashed = await hashLeaf(leaf);
    expect(hashed.digest).toBe(expected);
    expect(hashed.bytes.equals(copy)).toBe(true);
    // Transferred, not copied: the original view is detached.
    expect(leaf.length).toBe(0);
  });

  it("keeps a short piece's length and copies views it cannot move (pool, offset)", async () => {
    const big = Buffer.allocUnsafe(1024 * 1024).fill(7);
    const piece = big.subarray(0, 1000);
    const small = Buffer.from("from the shared allocation pool");
    const offset = Buffer.allocUnsafe(64 * 1024)
      .fill(9)
      .subarray(10);
    const [a, b, c] = await Promise.all([hashLeaf(piece), hashLeaf(small), hashLeaf(offset)]);
    expect(a.bytes.length).toBe(1000);
    expect(a.digest).toBe(sha256(Buffer.alloc(1000, 7)));
    expect(b.digest).toBe(sha256(Buffer.from("from the shared allocation pool")));
    expect(small.toString()).toBe("from the shared allocation pool");
    expect(c.digest).toBe(sha256(Buffer.alloc(64 * 1024 - 10, 9)));
    expect(offset.length).toBe(64 * 1024 - 10);
  });

  it("answers many leaves in flight in order of their own bytes", async () => {
    const leaves = Array.from({ length: 32 }, (_, i) => Buffer.alloc(256 * 1024, i));
    const expected = leaves.map(sha256);
    const hashed = await Promise.all(leaves.map((leaf) => hashLeaf(leaf)));
    expect(hashed.map((h) => h.digest)).toEqual(expected);
    expect(hashed.every((h, i) => h.bytes.every((byte) => byte === i))).toBe(true);
  });
});
