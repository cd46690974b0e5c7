import { describe, expect, it } from "vitest";
import { TreeHasher, treeHash, TREE_HASH_CHUNK } from "./tree-hash";

// Vectors from glacier-api.md §7.1, computed with botocore's calculate_tree_hash.
describe("treeHash", () => {
  it.each([
    ["empty", Buffer.alloc(0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["abc", Buffer.from("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    [
      "1 MiB zeros",
      Buffer.alloc(TREE_HASH_CHUNK),
      "30e14955ebf1352266dc2ff8067e68104607e750abb9d3b36582b8af909fcb58",
    ],
    [
      "1 MiB + 1 zeros",
      Buffer.alloc(TREE_HASH_CHUNK + 1),
      "28638dab8d5e1754a4ecb38b0ebe6df66c844f94aed142d4d0283d208bb786cd",
    ],
    [
      "3 MiB zeros",
      Buffer.alloc(3 * TREE_HASH_CHUNK),
      "ca6cc129a4514ec765de86a4e7a49adf44842c9cac213c383ebe4071271bdf21",
    ],
    [
      "5.5 MiB of a",
      Buffer.alloc(5.5 * TREE_HASH_CHUNK, "a"),
      "6fe91a2459edf2f97c31f3533905d61bcb91b434c244c5146fb2d92330db76ea",
    ],
  ])("%s", (_name, data, expected) => {
    expect(treeHash(data)).toBe(expected);
  });

  it("gives the same root however the bytes are chunked", () => {
    const data = Buffer.alloc(5.5 * TREE_HASH_CHUNK, "a");
    const hasher = new TreeHasher();
    for (let i = 0; i < data.length; i += 333_333) hasher.update(data.subarray(i, i + 333_333));
    expect(hasher.digestHex()).toBe(treeHash(data));
    expect(hasher.bytes).toBe(data.length);
  });
});
