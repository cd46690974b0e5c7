import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { payload } from "../testing/harness";
import { sharedS3TestEmulator } from "../../tests/support/test-emulator";

const BUCKET = "multipart-tests";
const MIB = 1024 * 1024;

const t = sharedS3TestEmulator({ s3Buckets: [BUCKET] });

/** The files holding object and part bytes, with their sizes. */
function storedFiles(): number[] {
  const dir = path.join(t.dataDir, "s3", "objects");
  return readdirSync(dir).map((f) => statSync(path.join(dir, f)).size);
}

const md5 = (b: Buffer) => createHash("md5").update(b).digest();
const multipartEtag = (parts: Buffer[]) =>
  `"${createHash("md5")
    .update(Buffer.concat(parts.map(md5)))
    .digest("hex")}-${parts.length}"`;

async function upload(Key: string) {
  const { UploadId = "" } = await t.s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key }));
  const etags = new Map<number, string>();
  return {
    UploadId,
    async part(PartNumber: number, Body: Buffer, extra: { ContentMD5?: string } = {}) {
      const out = await t.s3.send(
        new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber, Body, ...extra }),
      );
      etags.set(PartNumber, out.ETag ?? "");
      return out.ETag;
    },
    complete(numbers: number[]) {
      const Parts = numbers.map((PartNumber) => ({ PartNumber, ETag: etags.get(PartNumber) }));
      return t.s3.send(
        new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key, UploadId, MultipartUpload: { Parts } }),
      );
    },
  };
}

async function read(Key: string): Promise<{ bytes: Buffer; etag: string | undefined }> {
  const out = await t.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
  return { bytes: Buffer.from((await out.Body?.transformToByteArray()) ?? []), etag: out.ETag };
}

describe("multipart upload: parts written in place", () => {
  it("keeps one file per upload (not one per part) and completes into it without a copy", async () => {
    const before = storedFiles().length;
    const parts = [payload(5 * MIB, 11), payload(5 * MIB, 12), payload(MIB + 3, 13)];
    const u = await upload("in-place.bin");
    for (const [i, body] of parts.entries()) await u.part(i + 1, body);
    expect(storedFiles().length).toBe(before + 1);
    const done = await u.complete([1, 2, 3]);
    expect(done.ETag).toBe(multipartEtag(parts));
    const sizes = storedFiles();
    expect(sizes.length).toBe(before + 1);
    expect(sizes).toContain(11 * MIB + 3);
    const stored = await read("in-place.bin");
    expect(stored.bytes.equals(Buffer.concat(parts))).toBe(true);
    expect(stored.etag).toBe(done.ETag);
  });

  it("takes parts out of order and re-uploads (the last upload wins), and completes with fewer parts than sent", async () => {
    const a = [payload(5 * MIB, 21), payload(5 * MIB, 22), payload(5 * MIB, 23), payload(2 * MIB, 24)];
    const u = await upload("shuffled.bin");
    await u.part(3, a[2] ?? Buffer.alloc(0));
    await u.part(2, payload(5 * MIB, 99));
    await u.part(1, a[0] ?? Buffer.alloc(0));
    await u.part(4, a[3] ?? Buffer.alloc(0));
    await u.part(2, a[1] ?? Buffer.alloc(0));
    const done = await u.complete([1, 2, 3, 4]);
    expect(done.ETag).toBe(multipartEtag(a));
    expect((await read("shuffled.bin")).bytes.equals(Buffer.concat(a))).toBe(true);

    const v = await upload("shorter.bin");
    for (const [i, body] of a.entries()) await v.part(i + 1, body);
    await v.complete([1, 2]);
    expect((await read("shorter.bin")).bytes.equals(Buffer.concat(a.slice(0, 2)))).toBe(true);
  });

  it("joins parts of uneven sizes and with gaps in the numbering", async () => {
    const a = [payload(5 * MIB, 31), payload(6 * MIB, 32), payload(100, 33)];
    const u = await upload("uneven.bin");
    await u.part(1, a[0] ?? Buffer.alloc(0));
    await u.part(4, a[1] ?? Buffer.alloc(0));
    await u.part(9, a[2] ?? Buffer.alloc(0));
    const done = await u.complete([1, 4, 9]);
    expect(done.ETag).toBe(multipartEtag(a));
    expect((await read("uneven.bin")).bytes.equals(Buffer.concat(a))).toBe(true);
  });

  it("a re-upload refused for a bad Content-MD5 leaves the stored part as it was", async () => {
    const a = [payload(5 * MIB, 41), payload(MIB, 42)];
    const u = await upload("bad-retry.bin");
    await u.part(1, a[0] ?? Buffer.alloc(0));
    await u.part(2, a[1] ?? Buffer.alloc(0));
    const wrong = md5(Buffer.from("something else")).toString("base64");
    await expect(u.part(1, payload(5 * MIB, 43), { ContentMD5: wrong })).rejects.toMatchObject({
      name: "BadDigest",
    });
    await u.complete([1, 2]);
    expect((await read("bad-retry.bin")).bytes.equals(Buffer.concat(a))).toBe(true);
  });

  it("survives a restart mid-upload, and abort leaves no file behind", async () => {
    const before = storedFiles().length;
    const a = [payload(5 * MIB, 51), payload(MIB, 52)];
    const u = await upload("restart.bin");
    await u.part(1, a[0] ?? Buffer.alloc(0));
    await t.restart();
    await u.part(2, a[1] ?? Buffer.alloc(0));
    await u.complete([1, 2]);
    expect((await read("restart.bin")).bytes.equals(Buffer.concat(a))).toBe(true);

    const w = await upload("aborted.bin");
    await w.part(2, payload(MIB, 53));
    await w.part(1, payload(5 * MIB, 54));
    expect(storedFiles().length).toBe(before + 3);
    await t.s3.send(
      new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: "aborted.bin", UploadId: w.UploadId }),
    );
    expect(storedFiles().length).toBe(before + 1);
  });
});
