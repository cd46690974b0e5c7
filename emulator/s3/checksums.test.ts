import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { crc32 } from "node:zlib";
import {
  CompleteMultipartUploadCommand,
  type CompletedPart,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { DEMO_CREDENTIALS, payload, withTestEmulator } from "../testing/harness";
import { sharedS3TestEmulator } from "../../tests/support/test-emulator";

/**
 * S3's additional checksums through the real @aws-sdk/client-s3 over HTTP
 * (docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html, API_UploadPart,
 * API_CompleteMultipartUpload, ErrorResponses: BadDigest). The part minimum is lowered to 1 KiB so
 * multipart uploads stay small.
 */
const BUCKET = "checksum-tests";
const t = sharedS3TestEmulator({ s3Buckets: [BUCKET], s3Limits: { minPartSize: 1024 } });

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest();
const b64 = (b: Buffer) => b.toString("base64");
const crc32b64 = (b: Buffer) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(b));
  return b64(out);
};
const clientConfig = () => ({
  endpoint: t.emulator.url,
  region: "us-east-1",
  forcePathStyle: true,
  credentials: DEMO_CREDENTIALS,
  maxAttempts: 1,
});
const WRONG_SHA256 = b64(sha256(Buffer.from("not these bytes")));

async function readBack(Key: string) {
  const out = await t.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key, ChecksumMode: "ENABLED" }));
  return { out, bytes: Buffer.from((await out.Body?.transformToByteArray()) ?? []) };
}

describe("PutObject with x-amz-checksum-*", () => {
  it("verifies SHA-256, echoes it, and returns it with ChecksumMode ENABLED", async () => {
    const Body = payload(70_000, 1);
    const put = await t.s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: "sha.bin", Body, ChecksumSHA256: b64(sha256(Body)) }),
    );
    expect(put.ChecksumSHA256).toBe(b64(sha256(Body)));
    const { out, bytes } = await readBack("sha.bin");
    expect(bytes.equals(Body)).toBe(true);
    expect(out.ChecksumSHA256).toBe(b64(sha256(Body)));
    expect(out.ChecksumType).toBe("FULL_OBJECT");
  });

  it("refuses a SHA-256 that does not match with BadDigest and stores nothing", async () => {
    const send = t.s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: "bad-sha.bin",
        Body: payload(1000, 2),
        ChecksumSHA256: WRONG_SHA256,
      }),
    );
    await expect(send).rejects.toMatchObject({
      name: "BadDigest",
      message: "The SHA256 you specified did not match the calculated checksum.",
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      t.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "bad-sha.bin" })),
    ).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });

  it("verifies the CRC32 the SDK sends by default, and refuses a wrong one", async () => {
    const Body = payload(5000, 3);
    const put = await t.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "default.bin", Body }));
    expect(put.ChecksumCRC32).toBe(crc32b64(Body));
    expect((await readBack("default.bin")).out.ChecksumCRC32).toBe(crc32b64(Body));
    await expect(
      t.s3.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: "bad-crc.bin", Body, ChecksumCRC32: "AAAAAA==" }),
      ),
    ).rejects.toMatchObject({
      name: "BadDigest",
      message: "The CRC32 you specified did not match the calculated checksum.",
    });
  });

  it.each(["CRC32C", "SHA1", "SHA256", "CRC32"] as const)(
    "agrees with the SDK's own %s, sent as a trailer of a streamed (aws-chunked) body",
    async (ChecksumAlgorithm) => {
      const data = payload(200_000, 4);
      const put = await t.s3.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: `stream-${ChecksumAlgorithm}.bin`,
          Body: Readable.from([data.subarray(0, 65_536), data.subarray(65_536)]),
          ContentLength: data.length,
          ChecksumAlgorithm,
        }),
      );
      const echoed = put[`Checksum${ChecksumAlgorithm}`];
      expect(echoed).toMatch(/^[A-Za-z0-9+/]+=*$/);
      const { out, bytes } = await readBack(`stream-${ChecksumAlgorithm}.bin`);
      expect(bytes.equals(data)).toBe(true);
      expect(out[`Checksum${ChecksumAlgorithm}`]).toBe(echoed);
    },
  );

  it("refuses a wrong checksum trailer of a raw aws-chunked body with BadDigest (emulator without auth)", async () => {
    await withTestEmulator({ auth: false, s3Buckets: [BUCKET] }, async (raw) => {
      const put = (trailer: string) =>
        fetch(`${raw.emulator.url}/${BUCKET}/raw-trailer.bin`, {
          method: "PUT",
          headers: {
            "content-encoding": "aws-chunked",
            "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
            "x-amz-decoded-content-length": "5",
            "x-amz-trailer": "x-amz-checksum-sha256",
          },
          body: `5\r\nhello\r\n0\r\nx-amz-checksum-sha256:${trailer}\r\n\r\n`,
        });
      const bad = await put(WRONG_SHA256);
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain("<Code>BadDigest</Code>");
      const good = await put(b64(sha256(Buffer.from("hello"))));
      expect(good.status).toBe(200);
      expect(good.headers.get("x-amz-checksum-sha256")).toBe(b64(sha256(Buffer.from("hello"))));
    });
  });
});

describe("multipart upload with ChecksumAlgorithm SHA256", () => {
  const parts = [payload(3000, 11), payload(3000, 12), payload(1000, 13)];

  async function create(Key: string) {
    const out = await t.s3.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key, ChecksumAlgorithm: "SHA256" }),
    );
    expect(out.ChecksumAlgorithm).toBe("SHA256");
    return out.UploadId ?? "";
  }

  async function uploadAll(Key: string, UploadId: string) {
    const done = [];
    for (const [i, Body] of parts.entries()) {
      const out = await t.s3.send(
        new UploadPartCommand({
          Bucket: BUCKET,
          Key,
          UploadId,
          PartNumber: i + 1,
          Body,
          ChecksumSHA256: b64(sha256(Body)),
        }),
      );
      expect(out.ChecksumSHA256).toBe(b64(sha256(Body)));
      done.push({ PartNumber: i + 1, ETag: out.ETag, ChecksumSHA256: out.ChecksumSHA256 });
    }
    return done;
  }

  it("completes with the composite checksum base64(sha256(part digests))-N and serves it", async () => {
    const UploadId = await create("composite.bin");
    const Parts = await uploadAll("composite.bin", UploadId);
    const done = await t.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: "composite.bin",
        UploadId,
        MultipartUpload: { Parts },
      }),
    );
    const composite = `${b64(sha256(Buffer.concat(parts.map(sha256))))}-3`;
    expect(done.ChecksumSHA256).toBe(composite);
    expect(done.ChecksumType).toBe("COMPOSITE");
    const { out, bytes } = await readBack("composite.bin");
    expect(bytes.equals(Buffer.concat(parts))).toBe(true);
    expect(out.ChecksumSHA256).toBe(composite);
    expect(out.ChecksumType).toBe("COMPOSITE");
    const head = await t.s3.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: "composite.bin", ChecksumMode: "ENABLED" }),
    );
    expect(head.ChecksumSHA256).toBe(composite);
    const plain = await t.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "composite.bin" }));
    expect(plain.ChecksumSHA256).toBeUndefined();
  });

  it("lists the stored parts with their checksums (ListParts), page by page", async () => {
    const UploadId = await create("listed.bin");
    const sent = await uploadAll("listed.bin", UploadId);
    const list = (MaxParts?: number, PartNumberMarker?: string) =>
      t.s3.send(
        new ListPartsCommand({ Bucket: BUCKET, Key: "listed.bin", UploadId, MaxParts, PartNumberMarker }),
      );
    const all = await list();
    expect(all.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size, p.ChecksumSHA256])).toEqual(
      sent.map((p, i) => [p.PartNumber, p.ETag, parts[i]?.length, p.ChecksumSHA256]),
    );
    expect(all).toMatchObject({ IsTruncated: false, ChecksumAlgorithm: "SHA256" });
    const first = await list(2);
    expect(first).toMatchObject({ IsTruncated: true, NextPartNumberMarker: "2" });
    expect(first.Parts?.map((p) => p.PartNumber)).toEqual([1, 2]);
    const rest = await list(2, first.NextPartNumberMarker);
    expect(rest.Parts?.map((p) => p.PartNumber)).toEqual([3]);
    expect(rest.IsTruncated).toBe(false);
  });

  it("refuses a part whose x-amz-checksum-sha256 is wrong (BadDigest) and keeps nothing of it", async () => {
    const UploadId = await create("corrupt.bin");
    const Parts = await uploadAll("corrupt.bin", UploadId);
    const corrupt = t.s3.send(
      new UploadPartCommand({
        Bucket: BUCKET,
        Key: "corrupt.bin",
        UploadId,
        PartNumber: 2,
        Body: payload(3000, 99),
        ChecksumSHA256: Parts[1]?.ChecksumSHA256,
      }),
    );
    await expect(corrupt).rejects.toMatchObject({
      name: "BadDigest",
      message: "The SHA256 you specified did not match the calculated checksum.",
    });
    await t.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: "corrupt.bin",
        UploadId,
        MultipartUpload: { Parts },
      }),
    );
    expect((await readBack("corrupt.bin")).bytes.equals(Buffer.concat(parts))).toBe(true);
  });

  it("refuses a part sent with another algorithm (the SDK's default CRC32)", async () => {
    const UploadId = await create("mismatch.bin");
    await expect(
      t.s3.send(
        new UploadPartCommand({
          Bucket: BUCKET,
          Key: "mismatch.bin",
          UploadId,
          PartNumber: 1,
          Body: payload(10, 1),
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidRequest",
      message: "Checksum Type mismatch occurred, expected checksum Type: sha256, actual checksum Type: crc32",
    });
  });

  it("refuses a part sent without a checksum, as S3 does for a COMPOSITE upload", async () => {
    const UploadId = await create("no-checksum.bin");
    const bare = new S3Client({ ...clientConfig(), requestChecksumCalculation: "WHEN_REQUIRED" });
    try {
      await expect(
        bare.send(
          new UploadPartCommand({
            Bucket: BUCKET,
            Key: "no-checksum.bin",
            UploadId,
            PartNumber: 1,
            Body: payload(10, 1),
          }),
        ),
      ).rejects.toMatchObject({
        name: "InvalidRequest",
        message:
          "Checksum Type mismatch occurred, expected checksum Type: sha256, actual checksum Type: null",
      });
    } finally {
      bare.destroy();
    }
  });

  it("checks the object's checksum a client sends with Complete (BadDigest on a mismatch)", async () => {
    const UploadId = await create("expected.bin");
    const Parts = await uploadAll("expected.bin", UploadId);
    const composite = `${b64(sha256(Buffer.concat(parts.map(sha256))))}-3`;
    const complete = (ChecksumSHA256: string) =>
      t.s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: BUCKET,
          Key: "expected.bin",
          UploadId,
          MultipartUpload: { Parts },
          ChecksumSHA256,
        }),
      );
    await expect(complete(`${WRONG_SHA256}-3`)).rejects.toMatchObject({ name: "BadDigest" });
    await expect(complete(composite)).resolves.toMatchObject({ ChecksumSHA256: composite });
  });

  it("checks each part's ChecksumSHA256 at Complete: a wrong one is InvalidPart, a missing one InvalidRequest", async () => {
    const UploadId = await create("complete-check.bin");
    const Parts = await uploadAll("complete-check.bin", UploadId);
    const complete = (list: CompletedPart[]) =>
      t.s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: BUCKET,
          Key: "complete-check.bin",
          UploadId,
          MultipartUpload: { Parts: list },
        }),
      );
    const swapped = Parts.map((p, i) => ({
      ...p,
      ChecksumSHA256: Parts[(i + 1) % Parts.length]?.ChecksumSHA256,
    }));
    await expect(complete(swapped)).rejects.toMatchObject({
      name: "InvalidPart",
      $metadata: { httpStatusCode: 400 },
    });
    const missing = Parts.map((p, i) => (i === 1 ? { PartNumber: p.PartNumber, ETag: p.ETag } : p));
    await expect(complete(missing)).rejects.toMatchObject({
      name: "InvalidRequest",
      message:
        "The upload was created using a sha256 checksum. The complete request must include the checksum for each part. It was missing for part 2 in the request.",
    });
    await complete(Parts);
  });
});
