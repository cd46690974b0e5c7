import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  type ListMultipartUploadsCommandInput,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { sharedS3TestEmulator } from "../../tests/support/test-emulator";

const BUCKET = "list-uploads-tests";
const t = sharedS3TestEmulator({ s3Buckets: [BUCKET] });

const create = async (Key: string) =>
  (await t.s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key, ChecksumAlgorithm: "SHA256" })))
    .UploadId ?? "";

/** Every page's uploads as `key uploadId`, following NextKeyMarker/NextUploadIdMarker. */
async function listAll(input: Omit<ListMultipartUploadsCommandInput, "Bucket">): Promise<string[][]> {
  const pages: string[][] = [];
  let markers: { KeyMarker?: string; UploadIdMarker?: string } = {};
  for (;;) {
    const out = await t.s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, ...input, ...markers }));
    pages.push((out.Uploads ?? []).map((u) => `${u.Key} ${u.UploadId}`));
    if (!out.IsTruncated) return pages;
    markers = { KeyMarker: out.NextKeyMarker ?? "", UploadIdMarker: out.NextUploadIdMarker ?? "" };
  }
}

describe("ListMultipartUploads (API_ListMultipartUploads)", () => {
  it("lists the uploads in progress under a prefix by key, then by initiation; completed and aborted ones go", async () => {
    const b1 = await create("run/b.bin");
    const a = await create("run/a.bin");
    const b2 = await create("run/b.bin");
    const other = await create("elsewhere/c.bin");
    const first = await t.s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: "run/" }));
    expect(first).toMatchObject({ Bucket: BUCKET, Prefix: "run/", MaxUploads: 1000, IsTruncated: false });
    expect(first.Uploads?.map((u) => [u.Key, u.UploadId])).toEqual([
      ["run/a.bin", a],
      ["run/b.bin", b1],
      ["run/b.bin", b2],
    ]);
    const [upload] = first.Uploads ?? [];
    expect(upload?.StorageClass).toBe("STANDARD");
    expect(upload?.ChecksumAlgorithm).toBe("SHA256");
    expect(upload?.Initiated).toBeInstanceOf(Date);

    // One a page: the markers walk the same order, the same key's second upload included.
    expect(await listAll({ Prefix: "run/", MaxUploads: 1 })).toEqual([
      [`run/a.bin ${a}`],
      [`run/b.bin ${b1}`],
      [`run/b.bin ${b2}`],
    ]);

    await t.s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: "run/b.bin", UploadId: b1 }));
    const part = await t.s3.send(
      new UploadPartCommand({
        Bucket: BUCKET,
        Key: "run/a.bin",
        UploadId: a,
        PartNumber: 1,
        Body: "x",
        ChecksumAlgorithm: "SHA256",
      }),
    );
    await t.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: "run/a.bin",
        UploadId: a,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag, ChecksumSHA256: part.ChecksumSHA256 }] },
      }),
    );
    expect(await listAll({ Prefix: "run/" })).toEqual([[`run/b.bin ${b2}`]]);
    expect((await listAll({})).flat()).toEqual([`elsewhere/c.bin ${other}`, `run/b.bin ${b2}`]);
    expect(t.emulator.stats.requests("s3:ListMultipartUploads")).toBeGreaterThanOrEqual(6);
  });

  it("refuses a delimiter (not emulated) and an unknown bucket", async () => {
    await expect(
      t.s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Delimiter: "/" })),
    ).rejects.toMatchObject({ name: "NotImplemented" });
    await expect(
      t.s3.send(new ListMultipartUploadsCommand({ Bucket: "no-such-bucket-here" })),
    ).rejects.toMatchObject({ name: "NoSuchBucket" });
  });
});
