import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { s3ClientFor } from "@/lib/aws/s3-client";
import { S3_LIMITS } from "@/lib/glacier/s3-part-size";
import { treeHash } from "@/lib/glacier/tree-hash";
import { payload } from "@/emulator/testing/harness";
import { chunkRanges } from "./chunks/layout";
import { DirectoryDestination } from "./destinations/directory";
import { S3Destination } from "./destinations/s3";
import { DestinationRefusedError, type DestinationWriter, type WrittenPart } from "./destinations/types";
import { kitForFile } from "@/tests/support/plans-kit-suite";

const kit = kitForFile(0);

const MIB = 1024 * 1024;
const signal = new AbortController().signal;
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("base64");

/** `bytes` as a part whose body streams in 64 KiB pieces. */
function partOf(partNumber: number, offset: number, bytes: Buffer) {
  const pieces = [];
  for (let i = 0; i < bytes.length; i += 65_536) pieces.push(bytes.subarray(i, i + 65_536));
  return { partNumber, offset, length: bytes.length, body: Readable.from(pieces, { objectMode: false }) };
}

/**
 * A client whose next request body has one byte flipped on the wire, after the SDK computed its
 * checksum trailer (as a faulty network or disk would): S3 must refuse what arrived.
 */
function corruptingNextBody(client: S3Client): S3Client {
  let armed = true;
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { body?: unknown };
      if (armed && request.body instanceof Readable) {
        armed = false;
        let seen = 0;
        request.body = request.body.pipe(
          new Transform({
            transform(piece: Buffer, _encoding, done) {
              const copy = Buffer.from(piece);
              // Past the first aws-chunked header line, inside the first chunk's data.
              if (seen <= 1000 && seen + copy.length > 1000) copy[1000 - seen] = (copy[1000 - seen] ?? 0) ^ 1;
              seen += copy.length;
              done(null, copy);
            },
          }),
        );
      }
      return next(args);
    },
    { step: "finalizeRequest", priority: "low" },
  );
  return client;
}

/** Stores `bytes` under `key` part by part (last part first: the order must not matter) and finishes. */
async function store(dest: DestinationWriter, key: string, bytes: Buffer, chunkBytes: number): Promise<void> {
  const handle = await dest.begin(key, bytes.length, signal);
  const parts: WrittenPart[] = [];
  for (const r of chunkRanges(bytes.length, chunkBytes).reverse()) {
    const part = bytes.subarray(r.start, r.end + 1);
    const stored = await dest.writePart(key, handle, partOf(r.partNumber, r.start, part), signal);
    if (stored.sha256 !== null) expect(stored.sha256).toBe(sha256(part));
    parts.unshift({ partNumber: r.partNumber, etag: stored.etag, sha256: sha256(part) });
  }
  await dest.finish(key, handle, parts, bytes.length, signal);
}

describe("destinations store parts and read back what they stored", () => {
  for (const storageClass of ["STANDARD", "DEEP_ARCHIVE"] as const) {
    it(`S3 ${storageClass}: a one-part and a multipart object are stored byte for byte`, async () => {
      const s3 = new S3Destination(s3ClientFor(kit.target), { bucket: kit.bucket, prefix: "", storageClass });
      for (const size of [1000, 17 * MIB + 5]) {
        const bytes = payload(size, size);
        const key = `${storageClass}/${size}.bin`;
        await store(s3, key, bytes, 8 * MIB);
        expect(await s3.verify(key, size, treeHash(bytes))).toEqual({ ok: true });
        if (storageClass !== "STANDARD") continue;
        // Same size, other bytes: the read-back tells.
        const other = Buffer.from(bytes);
        other[size - 1] = (other[size - 1] ?? 0) ^ 0xff;
        await s3ClientFor(kit.target).send(
          new PutObjectCommand({ Bucket: kit.bucket, Key: key, Body: other }),
        );
        expect((await s3.verify(key, size, treeHash(bytes))).ok).toBe(false);
      }
    });
  }

  it("S3: parts of lib/glacier's size (8 MiB up, within the part limit); an archive S3 cannot hold is refused", () => {
    const s3 = new S3Destination(s3ClientFor(kit.target), {
      bucket: kit.bucket,
      prefix: "",
      storageClass: "STANDARD",
    });
    const settings = { floorBytes: MIB };
    expect(s3.chunkBytesFor(1000, settings)).toBe(8 * MIB);
    expect(s3.chunkBytesFor(80_000 * MIB, settings)).toBe(8 * MIB);
    expect(s3.chunkBytesFor(80_001 * MIB, settings)).toBe(16 * MIB);
    const lowered = { ...settings, s3Limits: { ...S3_LIMITS, maxParts: 4 } };
    expect(s3.chunkBytesFor(40 * MIB, lowered)).toBe(16 * MIB);
    expect(() => s3.chunkBytesFor(6 * 1024 * 1024 * MIB, settings)).toThrow(DestinationRefusedError);
  });

  it("S3 refuses a part whose bytes changed after its trailing SHA-256 was computed (BadDigest); nothing of it is kept", async () => {
    const s3 = new S3Destination(corruptingNextBody(s3ClientFor(kit.target)), {
      bucket: kit.bucket,
      prefix: "",
      storageClass: "STANDARD",
    });
    const bytes = payload(MIB, 77);
    const handle = await s3.begin("corrupt.bin", bytes.length, signal);
    await expect(s3.writePart("corrupt.bin", handle, partOf(1, 0, bytes), signal)).rejects.toMatchObject({
      failure: { code: "BadDigest" },
    });
    // The same part number again, intact: only it becomes part of the object.
    const stored = await s3.writePart("corrupt.bin", handle, partOf(1, 0, bytes), signal);
    expect(stored.sha256).toBe(sha256(bytes));
    await s3.finish(
      "corrupt.bin",
      handle,
      [{ partNumber: 1, etag: stored.etag, sha256: sha256(bytes) }],
      bytes.length,
      signal,
    );
    expect(await s3.verify("corrupt.bin", bytes.length, treeHash(bytes))).toEqual({ ok: true });
  });

  it("directory: regions land at their offsets, the file takes its name once finished", async () => {
    const root = path.join(kit.exportRoot, "dest");
    const dir = new DirectoryDestination(root, [kit.exportRoot]);
    await dir.probe();
    const bytes = payload(3 * MIB + 1, 9);
    await store(dir, "a/b.bin", bytes, MIB);
    expect(fs.readFileSync(path.join(root, "a/b.bin")).equals(bytes)).toBe(true);
    expect(fs.existsSync(path.join(root, "a/b.bin.part"))).toBe(false);
    expect(await dir.verify("a/b.bin", bytes.length, treeHash(bytes))).toEqual({ ok: true });
    // Finishing again (a crash between the rename and the database) finds the file in place.
    await dir.finish("a/b.bin", "file", [], bytes.length);
    const handle = await dir.begin("a/c.bin");
    await dir.writePart("a/c.bin", handle, partOf(1, 0, bytes.subarray(0, MIB)));
    await expect(dir.finish("a/c.bin", handle, [], bytes.length)).rejects.toThrow(/holds/);
    await dir.discard("a/c.bin");
    expect(fs.existsSync(path.join(root, "a/c.bin.part"))).toBe(false);
  });
});
