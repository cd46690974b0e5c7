import { readFileSync } from "node:fs";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateVaultCommand,
  InitiateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  UploadMultipartPartCommand,
} from "@aws-sdk/client-glacier";
import { beforeAll, describe, expect, it } from "vitest";
import { sha256Hex, treeHash } from "../../lib/glacier/tree-hash";
import { archiveFile, filesUnder, payload } from "../testing/harness";
import { rawRequest } from "../testing/raw-request";
import { sharedTestEmulator } from "../../tests/support/test-emulator";

const MIB = 1024 * 1024;
const VAULT = "multipart";
const t = sharedTestEmulator({ log: (l) => console.log("LOG", l) });
beforeAll(async () => {
  await t.client.send(new CreateVaultCommand({ accountId: "-", vaultName: VAULT }));
});

async function initiate(partSize = MIB, archiveDescription?: string, vaultName = VAULT): Promise<string> {
  const out = await t.client.send(
    new InitiateMultipartUploadCommand({
      accountId: "-",
      vaultName,
      partSize: String(partSize),
      archiveDescription,
    }),
  );
  expect(out.$metadata.httpStatusCode).toBe(201);
  expect(out.location).toBe(`/123456789012/vaults/${vaultName}/multipart-uploads/${out.uploadId}`);
  return out.uploadId ?? "";
}

const uploadPart = (uploadId: string, whole: Buffer, start: number, end: number, checksum?: string) =>
  t.client.send(
    new UploadMultipartPartCommand({
      accountId: "-",
      vaultName: VAULT,
      uploadId,
      range: `bytes ${start}-${end}/*`,
      body: whole.subarray(start, end + 1),
      checksum,
    }),
  );

const complete = (uploadId: string, size: number, checksum: string) =>
  t.client.send(
    new CompleteMultipartUploadCommand({
      accountId: "-",
      vaultName: VAULT,
      uploadId,
      archiveSize: String(size),
      checksum,
    }),
  );

const invalid = { name: "InvalidParameterValueException", $metadata: { httpStatusCode: 400 } };
const notFound = { name: "ResourceNotFoundException", $metadata: { httpStatusCode: 404 } };

describe("multipart upload", () => {
  it("uploads parts in any order, lists them, and completes into one archive", async () => {
    const whole = payload(2.5 * MIB, 11);
    const uploadId = await initiate(MIB, "big.bin");
    const ranges = [
      [2 * MIB, whole.length - 1],
      [0, MIB - 1],
      [MIB, 2 * MIB - 1],
    ] as const;
    const results = await Promise.all(ranges.map(([s, e]) => uploadPart(uploadId, whole, s, e)));
    expect(results.map((r) => r.$metadata.httpStatusCode)).toEqual([204, 204, 204]);
    expect(results[1]?.checksum).toBe(treeHash(whole.subarray(0, MIB)));

    const parts = await t.client.send(new ListPartsCommand({ accountId: "-", vaultName: VAULT, uploadId }));
    expect(parts).toMatchObject({
      MultipartUploadId: uploadId,
      PartSizeInBytes: MIB,
      ArchiveDescription: "big.bin",
    });
    expect(parts.Parts?.map((p) => p.RangeInBytes)).toEqual([
      "0-1048575",
      "1048576-2097151",
      `2097152-${whole.length - 1}`,
    ]);

    const done = await complete(uploadId, whole.length, treeHash(whole));
    expect(done.$metadata.httpStatusCode).toBe(201);
    expect(done.checksum).toBe(treeHash(whole));
    expect(done.location).toBe(`/123456789012/vaults/${VAULT}/archives/${done.archiveId}`);
    expect(sha256Hex(readFileSync(archiveFile(t.dataDir, done.archiveId ?? "")))).toBe(sha256Hex(whole));
    expect(filesUnder(t.dataDir, "multipart")).toHaveLength(0);

    // Repeating the call returns the same archive; the upload no longer lists or accepts parts.
    expect((await complete(uploadId, whole.length, treeHash(whole))).archiveId).toBe(done.archiveId);
    const uploads = await t.client.send(
      new ListMultipartUploadsCommand({ accountId: "-", vaultName: VAULT }),
    );
    expect(uploads.UploadsList?.map((u) => u.MultipartUploadId)).not.toContain(uploadId);
    await expect(uploadPart(uploadId, whole, 0, MIB - 1)).rejects.toMatchObject(notFound);
  });

  it("rejects misaligned, oversized and wrongly hashed parts", async () => {
    const whole = payload(3 * MIB, 12);
    const uploadId = await initiate(MIB);
    await expect(uploadPart(uploadId, whole, MIB / 2, MIB + MIB / 2 - 1)).rejects.toMatchObject(invalid);
    await expect(uploadPart(uploadId, whole, 0, 2 * MIB - 1)).rejects.toMatchObject(invalid);
    await expect(uploadPart(uploadId, whole, 0, MIB - 1, "f".repeat(64))).rejects.toMatchObject({
      ...invalid,
      message: expect.stringContaining("Checksum mismatch"),
    });
    expect(filesUnder(t.dataDir, "multipart")).toHaveLength(0);
    expect(filesUnder(t.dataDir, "tmp")).toHaveLength(0);
    const bad = Buffer.from("abc");
    const mismatch = await rawRequest(t.emulator.url, {
      method: "PUT",
      path: `/-/vaults/${VAULT}/multipart-uploads/${uploadId}`,
      headers: {
        "content-range": "bytes 0-9/*",
        "x-amz-sha256-tree-hash": treeHash(bad),
        "x-amz-content-sha256": sha256Hex(bad),
      },
      body: bad,
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.json().code).toBe("InvalidParameterValueException");
  });

  it("refuses to complete with missing parts, a short middle part or a wrong hash", async () => {
    const whole = payload(3 * MIB, 13);
    const gap = await initiate(MIB);
    await uploadPart(gap, whole, 0, MIB - 1);
    await uploadPart(gap, whole, 2 * MIB, 3 * MIB - 1);
    await expect(complete(gap, whole.length, treeHash(whole))).rejects.toMatchObject({
      ...invalid,
      message: "Missing part for range 1048576-2097151.",
    });

    const short = await initiate(MIB);
    const shortWhole = Buffer.concat([whole.subarray(0, MIB / 2), whole.subarray(MIB, 2 * MIB)]);
    await uploadPart(short, whole, 0, MIB / 2 - 1);
    await uploadPart(short, whole, MIB, 2 * MIB - 1);
    await expect(complete(short, 1.5 * MIB, treeHash(shortWhole))).rejects.toMatchObject(invalid);

    await uploadPart(gap, whole, MIB, 2 * MIB - 1);
    await expect(complete(gap, whole.length, "0".repeat(64))).rejects.toMatchObject({
      ...invalid,
      message: expect.stringContaining("Checksum mismatch"),
    });
    await expect(complete(gap, whole.length + 1, treeHash(whole))).rejects.toMatchObject(invalid);
    await expect(complete(gap, whole.length, treeHash(whole))).resolves.toMatchObject({
      checksum: treeHash(whole),
    });
  });

  it("lets a re-uploaded part overwrite the earlier one", async () => {
    const first = payload(MIB, 20);
    const second = payload(MIB, 21);
    const uploadId = await initiate(MIB);
    await uploadPart(uploadId, first, 0, MIB - 1);
    await uploadPart(uploadId, second, 0, MIB - 1);
    const parts = await t.client.send(new ListPartsCommand({ accountId: "-", vaultName: VAULT, uploadId }));
    expect(parts.Parts).toEqual([{ RangeInBytes: `0-${MIB - 1}`, SHA256TreeHash: treeHash(second) }]);
    const done = await complete(uploadId, MIB, treeHash(second));
    expect(sha256Hex(readFileSync(archiveFile(t.dataDir, done.archiveId ?? "")))).toBe(sha256Hex(second));
  });

  it("aborts uploads and 404s for unknown ones", async () => {
    const whole = payload(MIB, 30);
    const uploadId = await initiate(MIB);
    await uploadPart(uploadId, whole, 0, MIB - 1);
    const aborted = await t.client.send(
      new AbortMultipartUploadCommand({ accountId: "-", vaultName: VAULT, uploadId }),
    );
    expect(aborted.$metadata.httpStatusCode).toBe(204);
    expect(filesUnder(t.dataDir, `multipart/${uploadId}`)).toHaveLength(0);
    await expect(
      t.client.send(new ListPartsCommand({ accountId: "-", vaultName: VAULT, uploadId })),
    ).rejects.toMatchObject(notFound);
    await expect(
      t.client.send(new AbortMultipartUploadCommand({ accountId: "-", vaultName: VAULT, uploadId })),
    ).rejects.toMatchObject(notFound);
    await expect(complete("no-such-upload", 1, "0".repeat(64))).rejects.toMatchObject(notFound);
  });

  it.each(["0", "3145728", "524288", "8589934592", "abc"])("rejects part size %s", async (partSize) => {
    await expect(
      t.client.send(new InitiateMultipartUploadCommand({ accountId: "-", vaultName: VAULT, partSize })),
    ).rejects.toMatchObject(invalid);
  });

  it("accepts the largest part size (4 GiB)", async () => {
    await expect(initiate(4096 * MIB)).resolves.toMatch(/^[A-Za-z0-9_-]{92}$/);
  });

  it("pages ListParts and ListMultipartUploads with markers", async () => {
    await t.client.send(new CreateVaultCommand({ accountId: "-", vaultName: "paging" }));
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await initiate(MIB, `upload ${i}`, "paging"));
    const list = (marker?: string, limit?: number) =>
      t.client.send(new ListMultipartUploadsCommand({ accountId: "-", vaultName: "paging", marker, limit }));
    const all = await list();
    expect(all.UploadsList?.map((u) => u.MultipartUploadId)).toEqual(ids);
    expect(all.Marker ?? null).toBeNull();
    const page1 = await list(undefined, 2);
    const page2 = await list(page1.Marker, 2);
    const page3 = await list(page2.Marker, 2);
    expect(
      [...(page1.UploadsList ?? []), ...(page2.UploadsList ?? []), ...(page3.UploadsList ?? [])].map(
        (u) => u.MultipartUploadId,
      ),
    ).toEqual(ids);
    expect(page3.Marker ?? null).toBeNull();

    const whole = payload(3 * MIB, 40);
    const uploadId = ids[0] ?? "";
    for (let i = 0; i < 3; i++) {
      await t.client.send(
        new UploadMultipartPartCommand({
          accountId: "-",
          vaultName: "paging",
          uploadId,
          range: `bytes ${i * MIB}-${(i + 1) * MIB - 1}/*`,
          body: whole.subarray(i * MIB, (i + 1) * MIB),
        }),
      );
    }
    const parts1 = await t.client.send(
      new ListPartsCommand({ accountId: "-", vaultName: "paging", uploadId, limit: 2 }),
    );
    expect(parts1.Parts).toHaveLength(2);
    expect(parts1.Marker).toBe(String(2 * MIB));
    const parts2 = await t.client.send(
      new ListPartsCommand({
        accountId: "-",
        vaultName: "paging",
        uploadId,
        limit: 2,
        marker: parts1.Marker,
      }),
    );
    expect(parts2.Parts?.map((p) => p.RangeInBytes)).toEqual([`${2 * MIB}-${3 * MIB - 1}`]);
    expect(parts2.Marker ?? null).toBeNull();
  });
});
