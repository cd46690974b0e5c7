import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { s3ClientFor } from "@/lib/aws/s3-client";
import { treeHash } from "@/lib/glacier/tree-hash";
import { payload } from "@/emulator/testing/harness";
import { DirectoryDestination } from "./destinations/directory";
import { S3Destination } from "./destinations/s3";
import { kitForFile } from "@/tests/support/plans-kit-suite";

const kit = kitForFile(0);

const MIB = 1024 * 1024;

describe("destinations read back what they stored", () => {
  for (const storageClass of ["STANDARD", "DEEP_ARCHIVE"] as const) {
    it(`S3 ${storageClass}: a one-part and a multipart object verify; a tampered object does not`, async () => {
      const s3 = new S3Destination(s3ClientFor(kit.target), { bucket: kit.bucket, prefix: "", storageClass });
      for (const size of [1000, 17 * MIB + 5]) {
        const bytes = payload(size, size);
        const key = `${storageClass}/${size}.bin`;
        await s3.write(key, Readable.from([bytes]), size, {});
        expect(await s3.verify(key, size, treeHash(bytes))).toEqual({ ok: true });
        await s3.write(key, Readable.from([bytes]), size, {});
        // Same size, other bytes: what is stored is not what was sent.
        const other = Buffer.from(bytes);
        other[size - 1] = (other[size - 1] ?? 0) ^ 0xff;
        await s3ClientFor(kit.target).send(
          new PutObjectCommand({ Bucket: kit.bucket, Key: key, Body: other, StorageClass: storageClass }),
        );
        const result = await s3.verify(key, size, treeHash(bytes));
        expect(result.ok).toBe(false);
      }
    });
  }

  it("directory: a verified copy is renamed into place, a corrupt one stays a .part", async () => {
    const root = path.join(kit.exportRoot, "dest");
    const dir = new DirectoryDestination(root, [kit.exportRoot]);
    await dir.probe();
    const bytes = payload(3 * MIB + 1, 9);
    await dir.write("a/b.bin", Readable.from([bytes]), bytes.length, {});
    expect(await dir.verify("a/b.bin", bytes.length, treeHash(bytes))).toEqual({ ok: true });
    expect(fs.existsSync(path.join(root, "a/b.bin.part"))).toBe(false);
    await dir.write("a/c.bin", Readable.from([bytes]), bytes.length, {});
    fs.appendFileSync(path.join(root, "a/c.bin.part"), "x");
    expect((await dir.verify("a/c.bin", bytes.length, treeHash(bytes))).ok).toBe(false);
    expect(fs.existsSync(path.join(root, "a/c.bin"))).toBe(false);
    await dir.discard("a/c.bin");
    expect(fs.existsSync(path.join(root, "a/c.bin.part"))).toBe(false);
  });
});
