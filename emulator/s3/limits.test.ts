import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { payload, withTestEmulator } from "../testing/harness";
import { sharedS3TestEmulator } from "../../tests/support/test-emulator";

/**
 * S3's multipart limits (docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html; API_UploadPart,
 * API_CompleteMultipartUpload), lowered by the emulator's s3Limits option so small data reaches them:
 * 3 parts, parts of 1 KiB to 4 KiB (the last may be smaller), objects up to 10 000 bytes.
 */
const BUCKET = "limit-tests";
const t = sharedS3TestEmulator({
  s3Buckets: [BUCKET],
  s3Limits: { maxParts: 3, minPartSize: 1024, maxPartSize: 4096, maxObjectSize: 10_000 },
});

async function upload(Key: string) {
  const { UploadId = "" } = await t.s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key }));
  const sent: { PartNumber: number; ETag: string | undefined }[] = [];
  return {
    part: async (PartNumber: number, Body: Buffer) => {
      const out = await t.s3.send(new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber, Body }));
      sent.push({ PartNumber, ETag: out.ETag });
    },
    complete: () =>
      t.s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: BUCKET,
          Key,
          UploadId,
          MultipartUpload: { Parts: sent },
        }),
      ),
  };
}

describe("S3 limits, lowered", () => {
  it("takes part numbers 1 to maxParts only (InvalidArgument)", async () => {
    const u = await upload("numbers.bin");
    await u.part(3, payload(100, 1));
    for (const PartNumber of [0, 4, 10_000]) {
      await expect(u.part(PartNumber, payload(100, 1))).rejects.toMatchObject({
        name: "InvalidArgument",
        message: "Part number must be an integer between 1 and 3, inclusive",
        $metadata: { httpStatusCode: 400 },
      });
    }
  });

  it("refuses a part, or a PutObject, over the maximum part size (EntityTooLarge) before storing it", async () => {
    const u = await upload("big-part.bin");
    await expect(u.part(1, payload(4097, 2))).rejects.toMatchObject({
      name: "EntityTooLarge",
      message: "Your proposed upload exceeds the maximum allowed size",
      $metadata: { httpStatusCode: 400 },
    });
    await u.part(1, payload(4096, 2));
    await u.complete();
    await expect(
      t.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "big-put.bin", Body: payload(4097, 3) })),
    ).rejects.toMatchObject({ name: "EntityTooLarge" });
  });

  it("refuses at Complete a part under the minimum that is not the last (EntityTooSmall); the last may be small", async () => {
    const small = await upload("small-middle.bin");
    await small.part(1, payload(2000, 4));
    await small.part(2, payload(1023, 5));
    await small.part(3, payload(10, 6));
    await expect(small.complete()).rejects.toMatchObject({
      name: "EntityTooSmall",
      message: "Your proposed upload is smaller than the minimum allowed object size.",
      $metadata: { httpStatusCode: 400 },
    });
    const ok = await upload("small-last.bin");
    await ok.part(1, payload(1024, 7));
    await ok.part(2, payload(1, 8));
    await expect(ok.complete()).resolves.toMatchObject({ ETag: expect.stringMatching(/-2"$/) });
  });

  it("refuses at Complete an object over the maximum object size (EntityTooLarge)", async () => {
    const u = await upload("big-object.bin");
    for (const n of [1, 2, 3]) await u.part(n, payload(4000, 10 + n));
    await expect(u.complete()).rejects.toMatchObject({ name: "EntityTooLarge" });
  });
});

describe("S3 limits on a body of undeclared length", () => {
  it("cuts an aws-chunked PutObject off at the maximum part size with EntityTooLarge and stores nothing", async () => {
    await withTestEmulator(
      { auth: false, s3Buckets: [BUCKET], s3Limits: { minPartSize: 1024, maxPartSize: 4096 } },
      async (raw) => {
        const chunk = "a".repeat(3000);
        const put = (body: string) =>
          fetch(`${raw.emulator.url}/${BUCKET}/undeclared.bin`, {
            method: "PUT",
            headers: {
              "content-encoding": "aws-chunked",
              "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD",
            },
            body,
          });
        const frame = (data: string) => `${data.length.toString(16)}\r\n${data}\r\n`;
        const tooBig = await put(`${frame(chunk)}${frame(chunk)}0\r\n\r\n`);
        expect(tooBig.status).toBe(400);
        expect(await tooBig.text()).toContain("<Code>EntityTooLarge</Code>");
        const head = await fetch(`${raw.emulator.url}/${BUCKET}/undeclared.bin`, { method: "HEAD" });
        expect(head.status).toBe(404);
        expect((await put(`${frame(chunk)}0\r\n\r\n`)).status).toBe(200);
      },
    );
  });
});

describe("S3 limits, AWS's own", () => {
  const aws = sharedS3TestEmulator({ s3Buckets: [BUCKET] });

  it("takes part number 10 000 and refuses 10 001", async () => {
    const { UploadId = "" } = await aws.s3.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: "k" }),
    );
    const part = (PartNumber: number) =>
      aws.s3.send(
        new UploadPartCommand({ Bucket: BUCKET, Key: "k", UploadId, PartNumber, Body: payload(10, 1) }),
      );
    await expect(part(10_000)).resolves.toMatchObject({ ETag: expect.any(String) });
    await expect(part(10_001)).rejects.toMatchObject({
      name: "InvalidArgument",
      message: "Part number must be an integer between 1 and 10000, inclusive",
    });
  });
});

describe("S3 limits as options", () => {
  it("are lowered from the command line, and nonsense is refused at start", async () => {
    const { parseCliArgs } = await import("../cli-args");
    const { OptionsError, resolveOptions } = await import("../options");
    const parsed = parseCliArgs(["--s3-max-parts", "4", "--s3-max-object-size", "1000000"]);
    expect(parsed).toMatchObject({ s3Limits: { maxParts: 4, maxObjectSize: 1_000_000 } });
    if (parsed === "help") throw new Error("unexpected help");
    expect(resolveOptions(parsed).s3Limits).toEqual({
      maxParts: 4,
      minPartSize: 5 * 1024 * 1024,
      maxPartSize: 5 * 1024 ** 3,
      maxObjectSize: 1_000_000,
    });
    expect(() => resolveOptions({ dataDir: "x", s3Limits: { maxParts: 0 } })).toThrow(OptionsError);
    expect(() => resolveOptions({ dataDir: "x", s3Limits: { minPartSize: 10, maxPartSize: 5 } })).toThrow(
      /minPartSize \(10\) must not be above maxPartSize \(5\)/,
    );
  });
});
