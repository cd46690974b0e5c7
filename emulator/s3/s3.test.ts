import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { SignatureV4 } from "@smithy/signature-v4";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_CREDENTIALS, payload } from "../testing/harness";
import { NodeSha256 } from "../testing/raw-request";
import { createVault, makeS3Client } from "../testing/jobs";
import { sharedS3TestEmulator } from "../../tests/support/test-emulator";

const BUCKET = "s3-tests";
const MIB = 1024 * 1024;

const t = sharedS3TestEmulator({ s3Buckets: [BUCKET] });

const put = (Key: string, Body: string | Buffer) =>
  t.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
const text = async (Key: string, Range?: string) => {
  const out = await t.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key, Range }));
  return { out, body: (await out.Body?.transformToString()) ?? "" };
};

describe("objects", () => {
  it("PutObject stores bytes and attributes that GetObject and HeadObject return", async () => {
    const put = await t.s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: "dir/a file+ü.txt",
        Body: "hello, world",
        ContentType: "text/plain",
        StorageClass: "STANDARD_IA",
        ServerSideEncryption: "aws:kms",
        Metadata: { color: "blue" },
        Tagging: "k1=v1&k2=v%202",
        ACL: "authenticated-read",
      }),
    );
    expect(put.ETag).toBe(`"${createHash("md5").update("hello, world").digest("hex")}"`);
    const { out, body } = await text("dir/a file+ü.txt");
    expect(body).toBe("hello, world");
    expect(out).toMatchObject({
      ContentType: "text/plain",
      ContentLength: 12,
      ETag: put.ETag,
      StorageClass: "STANDARD_IA",
      ServerSideEncryption: "aws:kms",
      SSEKMSKeyId: "arn:aws:kms:us-east-1:123456789012:alias/aws/s3",
      Metadata: { color: "blue" },
      TagCount: 2,
      AcceptRanges: "bytes",
    });
    const tags = await t.s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: "dir/a file+ü.txt" }));
    expect(tags.TagSet).toEqual([
      { Key: "k1", Value: "v1" },
      { Key: "k2", Value: "v 2" },
    ]);
    const acl = await t.s3.send(new GetObjectAclCommand({ Bucket: BUCKET, Key: "dir/a file+ü.txt" }));
    expect(acl.Grants?.map((g) => [g.Grantee?.Type, g.Grantee?.URI, g.Permission])).toEqual([
      ["CanonicalUser", undefined, "FULL_CONTROL"],
      ["Group", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers", "READ"],
    ]);
    const head = await t.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "dir/a file+ü.txt" }));
    expect(head).toMatchObject({
      ContentLength: 12,
      StorageClass: "STANDARD_IA",
      LastModified: expect.any(Date) as unknown,
    });
  });

  it("accepts streamed (aws-chunked) bodies", async () => {
    const body = payload(300_000, 8);
    await t.s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: "streamed.bin",
        Body: Readable.from([body.subarray(0, 100_000), body.subarray(100_000)]),
        ContentLength: body.length,
      }),
    );
    const out = await t.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "streamed.bin" }));
    expect(Buffer.from((await out.Body?.transformToByteArray()) ?? []).equals(body)).toBe(true);
  });

  it("GetObject honours Range with 206 and Content-Range", async () => {
    await put("range.txt", "0123456789");
    const { out, body } = await text("range.txt", "bytes=2-5");
    expect(body).toBe("2345");
    expect(out.ContentRange).toBe("bytes 2-5/10");
    expect(out.$metadata.httpStatusCode).toBe(206);
    expect((await text("range.txt", "bytes=-3")).body).toBe("789");
    await expect(text("range.txt", "bytes=20-")).rejects.toMatchObject({
      name: "InvalidRange",
      $metadata: { httpStatusCode: 416 },
    });
  });

  it("overwrites and deletes objects", async () => {
    await put("replace.txt", "first");
    await put("replace.txt", "second");
    expect((await text("replace.txt")).body).toBe("second");
    await t.s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "replace.txt" }));
    await expect(text("replace.txt")).rejects.toMatchObject({
      name: "NoSuchKey",
      $metadata: { httpStatusCode: 404 },
    });
  });
});

describe("errors", () => {
  it("answers S3 error codes the SDK maps", async () => {
    await expect(text("missing")).rejects.toMatchObject({ name: "NoSuchKey" });
    await expect(
      t.s3.send(new GetObjectCommand({ Bucket: "no-such-bucket", Key: "k" })),
    ).rejects.toMatchObject({ name: "NoSuchBucket", $metadata: { httpStatusCode: 404 } });
    await expect(t.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "missing" }))).rejects.toMatchObject({
      name: "NotFound",
      $metadata: { httpStatusCode: 404 },
    });
    await expect(t.s3.send(new ListObjectsV2Command({ Bucket: "no-such-bucket" }))).rejects.toMatchObject({
      name: "NoSuchBucket",
    });
  });

  it("checks SigV4 signatures for service s3", async () => {
    const wrongSecret = makeS3Client(t.emulator.url, {
      accessKeyId: "AKIDTHAWDEMO00000000",
      secretAccessKey: "wrong",
    });
    const unknownKey = makeS3Client(t.emulator.url, { accessKeyId: "AKIDUNKNOWN", secretAccessKey: "x" });
    try {
      await expect(wrongSecret.send(new ListObjectsV2Command({ Bucket: BUCKET }))).rejects.toMatchObject({
        name: "SignatureDoesNotMatch",
        $metadata: { httpStatusCode: 403 },
      });
      await expect(unknownKey.send(new ListObjectsV2Command({ Bucket: BUCKET }))).rejects.toMatchObject({
        name: "InvalidAccessKeyId",
      });
    } finally {
      wrongSecret.destroy();
      unknownKey.destroy();
    }
  });

  it("accepts presigned GET URLs (the SDK signer, service s3) until they expire", async () => {
    await put("presigned.txt", "shared by link");
    const signer = new SignatureV4({
      service: "s3",
      region: "us-east-1",
      credentials: DEMO_CREDENTIALS,
      sha256: NodeSha256,
      uriEscapePath: false,
    });
    const url = new URL(t.emulator.url);
    const presign = async (signingDate: Date) => {
      const signed = await signer.presign(
        {
          method: "GET",
          protocol: "http:",
          hostname: url.hostname,
          port: Number(url.port),
          path: `/${BUCKET}/presigned.txt`,
          headers: { host: url.host },
          query: {},
        },
        { expiresIn: 60, signingDate },
      );
      return `${t.emulator.url}${signed.path}?${new URLSearchParams(signed.query as Record<string, string>).toString()}`;
    };
    const ok = await fetch(await presign(new Date()));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("shared by link");
    const expired = await fetch(await presign(new Date(Date.now() - 120_000)));
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain("<Code>AccessDenied</Code>");
  });

  it("writes S3's XML error document", async () => {
    const res = await fetch(`${t.emulator.url}/${BUCKET}/private-object`);
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/xml");
    expect(await res.text()).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>AccessDenied<\/Code><Message>Access Denied<\/Message><RequestId>[0-9A-F]{16}<\/RequestId><\/Error>$/,
    );
  });

  it("leaves Glacier requests to Glacier on the same port", async () => {
    await createVault(t.client, "shared-port");
    const res = await fetch(`${t.emulator.url}/-/vaults`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "MissingAuthenticationTokenException" });
  });
});

describe("ListObjectsV2", () => {
  const bucket = "listing-bucket";
  const keys = ["a.txt", "b/1.csv", "b/2.csv", "b/c/3.csv", "c/4.csv", "d.txt", "e/5.csv"];
  beforeAll(async () => {
    await t.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const Key of keys) await t.s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }));
  });
  const list = (params: {
    Prefix?: string;
    Delimiter?: string;
    MaxKeys?: number;
    ContinuationToken?: string;
    StartAfter?: string;
  }) => t.s3.send(new ListObjectsV2Command({ Bucket: bucket, ...params }));

  it("lists keys in order with sizes, ETags and storage classes", async () => {
    const out = await list({});
    expect(out.Contents?.map((o) => o.Key)).toEqual(keys);
    expect(out.Contents?.[0]).toMatchObject({
      Size: 5,
      StorageClass: "STANDARD",
      ETag: `"${createHash("md5").update("a.txt").digest("hex")}"`,
    });
    expect(out).toMatchObject({ KeyCount: 7, IsTruncated: false, MaxKeys: 1000, Name: bucket });
  });

  it("groups by delimiter into CommonPrefixes, under a prefix too", async () => {
    const top = await list({ Delimiter: "/" });
    expect(top.Contents?.map((o) => o.Key)).toEqual(["a.txt", "d.txt"]);
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["b/", "c/", "e/"]);
    const inB = await list({ Prefix: "b/", Delimiter: "/" });
    expect(inB.Contents?.map((o) => o.Key)).toEqual(["b/1.csv", "b/2.csv"]);
    expect(inB.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["b/c/"]);
  });

  it("pages with MaxKeys and continuation tokens across common prefixes", async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await list({ Delimiter: "/", MaxKeys: 2, ContinuationToken: token });
      seen.push(
        ...(page.Contents ?? []).map((o) => o.Key ?? ""),
        ...(page.CommonPrefixes ?? []).map((p) => p.Prefix ?? ""),
      );
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
      pages++;
    } while (token);
    expect(seen.sort()).toEqual(["a.txt", "b/", "c/", "d.txt", "e/"]);
    expect(pages).toBe(3);
  });

  it("starts after StartAfter", async () => {
    expect((await list({ StartAfter: "b/2.csv" })).Contents?.map((o) => o.Key)).toEqual([
      "b/c/3.csv",
      "c/4.csv",
      "d.txt",
      "e/5.csv",
    ]);
  });

  it("lists buckets and answers HeadBucket", async () => {
    const buckets = await t.s3.send(new ListBucketsCommand({}));
    expect(buckets.Buckets?.map((b) => b.Name)).toEqual(expect.arrayContaining([BUCKET, bucket]));
    await t.s3.send(new HeadBucketCommand({ Bucket: bucket }));
    await expect(t.s3.send(new HeadBucketCommand({ Bucket: "absent-bucket" }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });
});

describe("multipart upload", () => {
  it("concatenates parts, with S3's multipart ETag", async () => {
    const first = payload(5 * MIB, 1);
    const last = payload(MIB + 7, 2);
    const { UploadId } = await t.s3.send(
      new CreateMultipartUploadCommand({
        Bucket: BUCKET,
        Key: "big.bin",
        StorageClass: "GLACIER_IR",
        Metadata: { part: "yes" },
      }),
    );
    const p1 = await t.s3.send(
      new UploadPartCommand({ Bucket: BUCKET, Key: "big.bin", UploadId, PartNumber: 1, Body: first }),
    );
    const p2 = await t.s3.send(
      new UploadPartCommand({ Bucket: BUCKET, Key: "big.bin", UploadId, PartNumber: 2, Body: last }),
    );
    const done = await t.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: "big.bin",
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag },
            { PartNumber: 2, ETag: p2.ETag },
          ],
        },
      }),
    );
    const md5s = Buffer.concat([first, last].map((b) => createHash("md5").update(b).digest()));
    expect(done.ETag).toBe(`"${createHash("md5").update(md5s).digest("hex")}-2"`);
    const out = await t.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "big.bin" }));
    expect(
      Buffer.from((await out.Body?.transformToByteArray()) ?? []).equals(Buffer.concat([first, last])),
    ).toBe(true);
    expect(out).toMatchObject({ StorageClass: "GLACIER_IR", Metadata: { part: "yes" }, ETag: done.ETag });
  });

  it("refuses small non-final parts and unknown uploads; abort discards", async () => {
    const { UploadId } = await t.s3.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: "small.bin" }),
    );
    const p1 = await t.s3.send(
      new UploadPartCommand({ Bucket: BUCKET, Key: "small.bin", UploadId, PartNumber: 1, Body: "tiny" }),
    );
    const p2 = await t.s3.send(
      new UploadPartCommand({ Bucket: BUCKET, Key: "small.bin", UploadId, PartNumber: 2, Body: "tiny" }),
    );
    const complete = (Parts: Array<{ PartNumber: number; ETag?: string }>) =>
      t.s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: BUCKET,
          Key: "small.bin",
          UploadId,
          MultipartUpload: { Parts },
        }),
      );
    await expect(
      complete([
        { PartNumber: 1, ETag: p1.ETag },
        { PartNumber: 2, ETag: p2.ETag },
      ]),
    ).rejects.toMatchObject({ name: "EntityTooSmall" });
    await expect(
      complete([
        { PartNumber: 2, ETag: p2.ETag },
        { PartNumber: 1, ETag: p1.ETag },
      ]),
    ).rejects.toMatchObject({ name: "InvalidPartOrder" });
    await expect(complete([{ PartNumber: 1, ETag: '"0000"' }])).rejects.toMatchObject({
      name: "InvalidPart",
    });
    await t.s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: "small.bin", UploadId }));
    await expect(complete([{ PartNumber: 1, ETag: p1.ETag }])).rejects.toMatchObject({
      name: "NoSuchUpload",
    });
  });
});
