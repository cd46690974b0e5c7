import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { treeHash } from "../../lib/glacier/tree-hash";
import { ArchiveStorage } from "./storage";
import { syntheticBytes, syntheticStream } from "./synthetic";

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const dir = mkdtempSync(path.join(tmpdir(), "thaw-storage-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("synthetic archive content", () => {
  const size = 3 * 1024 * 1024 + 17;
  const whole = syntheticBytes("seed-a", 0, size - 1);

  it("is deterministic per seed and differs between seeds", () => {
    expect(syntheticBytes("seed-a", 0, 999).equals(whole.subarray(0, 1000))).toBe(true);
    expect(syntheticBytes("seed-b", 0, 999).equals(whole.subarray(0, 1000))).toBe(false);
  });

  it.each([
    [0, 0],
    [1, 15],
    [15, 16],
    [17, 1_048_577],
    [1_048_576, 2_097_151],
    [size - 5, size - 1],
  ])("serves the range %i-%i identically in memory and as a stream", async (start, end) => {
    const expected = whole.subarray(start, end + 1);
    expect(syntheticBytes("seed-a", start, end).equals(expected)).toBe(true);
    expect((await collect(syntheticStream("seed-a", start, end))).equals(expected)).toBe(true);
  });
});

describe("ArchiveStorage.openArchiveStream", () => {
  const storage = new ArchiveStorage(dir);
  storage.init();

  it("streams file and synthetic archives through one call", async () => {
    const content = Buffer.from("0123456789abcdef");
    writeFileSync(path.join(dir, "tmp", "f"), content);
    await storage.commitArchive(path.join(dir, "tmp", "f"), "file-archive");
    const file = { id: "file-archive", size: content.length, storage: "file" as const, syntheticSeed: null };
    expect((await collect(storage.openArchiveStream(file, 3, 9))).toString()).toBe("3456789");

    const synthetic = { id: "s", size: 2_500_000, storage: "synthetic" as const, syntheticSeed: "seed-c" };
    const bytes = await collect(storage.openArchiveStream(synthetic, 0, synthetic.size - 1));
    expect(treeHash(bytes)).toBe(treeHash(syntheticBytes("seed-c", 0, synthetic.size - 1)));
  });

  it("refuses ranges outside the archive", () => {
    const synthetic = { id: "s", size: 10, storage: "synthetic" as const, syntheticSeed: "x" };
    expect(() => storage.openArchiveStream(synthetic, 0, 10)).toThrow(RangeError);
    expect(() => storage.openArchiveStream(synthetic, -1, 3)).toThrow(RangeError);
  });
});
