import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { awsCliEnv } from "../testing/aws-cli";
import { sharedS3TestEmulator } from "../../tests/support/test-emulator";

const run = promisify(execFile);

/**
 * The S3 endpoint's limits and checksums as boto3 meets them (botocore sends its own default CRC32,
 * and its own aws-chunked trailers): BadDigest for a wrong x-amz-checksum-sha256, the part-number
 * limit (lowered to 3), a SHA-256 multipart upload's composite checksum, ListMultipartUploads paged by
 * boto3's own paginator.
 */
const BUCKET = "boto-tests";
const t = sharedS3TestEmulator({ s3Buckets: [BUCKET], s3Limits: { maxParts: 3, minPartSize: 1024 } });

const SCRIPT = `
import base64, hashlib, json, sys
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

s3 = boto3.client("s3", endpoint_url=sys.argv[1], config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))
bucket = sys.argv[2]
out = {}

def error(call):
    try:
        call()
        return None
    except ClientError as e:
        return [e.response["Error"]["Code"], e.response["Error"]["Message"], e.response["ResponseMetadata"]["HTTPStatusCode"]]

b64 = lambda b: base64.b64encode(b).decode()
sha = lambda b: hashlib.sha256(b).digest()
data = bytes(range(256)) * 8
out["badDigest"] = error(lambda: s3.put_object(Bucket=bucket, Key="bad", Body=data, ChecksumSHA256=b64(sha(b"other"))))
out["stored"] = error(lambda: s3.head_object(Bucket=bucket, Key="bad"))
s3.put_object(Bucket=bucket, Key="default", Body=data)
out["defaultRead"] = s3.get_object(Bucket=bucket, Key="default")["Body"].read() == data

up = s3.create_multipart_upload(Bucket=bucket, Key="mp", ChecksumAlgorithm="SHA256")["UploadId"]
out["partLimit"] = error(lambda: s3.upload_part(Bucket=bucket, Key="mp", UploadId=up, PartNumber=4, Body=data, ChecksumAlgorithm="SHA256"))
parts = []
for n in (1, 2):
    r = s3.upload_part(Bucket=bucket, Key="mp", UploadId=up, PartNumber=n, Body=data, ChecksumAlgorithm="SHA256")
    parts.append({"PartNumber": n, "ETag": r["ETag"], "ChecksumSHA256": r["ChecksumSHA256"]})
other = s3.create_multipart_upload(Bucket=bucket, Key="mp-other")["UploadId"]
pages = s3.get_paginator("list_multipart_uploads").paginate(Bucket=bucket, Prefix="mp", MaxUploads=1)
out["listed"] = [[u["Key"], u["UploadId"] in (up, other)] for page in pages for u in page.get("Uploads", [])]
s3.abort_multipart_upload(Bucket=bucket, Key="mp-other", UploadId=other)
done = s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=up, MultipartUpload={"Parts": parts})
out["listedAfter"] = s3.list_multipart_uploads(Bucket=bucket, Prefix="mp").get("Uploads", [])
out["composite"] = done["ChecksumSHA256"]
out["served"] = s3.head_object(Bucket=bucket, Key="mp", ChecksumMode="ENABLED").get("ChecksumSHA256")
print(json.dumps(out))
`;

describe("boto3 against the S3 endpoint", () => {
  it("gets BadDigest, the part limit and the composite checksum in S3's words", async () => {
    const { stdout } = await run("python3", ["-c", SCRIPT, t.emulator.url, BUCKET], {
      env: awsCliEnv("us-east-1"),
    });
    const out = JSON.parse(stdout) as Record<string, unknown>;
    const data = Buffer.alloc(2048);
    for (let i = 0; i < data.length; i++) data[i] = i % 256;
    const digest = createHash("sha256").update(data).digest();
    expect(out).toEqual({
      badDigest: ["BadDigest", "The SHA256 you specified did not match the calculated checksum.", 400],
      stored: ["404", "Not Found", 404],
      defaultRead: true,
      listed: [
        ["mp", true],
        ["mp-other", true],
      ],
      listedAfter: [],
      partLimit: ["InvalidArgument", "Part number must be an integer between 1 and 3, inclusive", 400],
      composite: `${createHash("sha256")
        .update(Buffer.concat([digest, digest]))
        .digest("base64")}-2`,
      served: `${createHash("sha256")
        .update(Buffer.concat([digest, digest]))
        .digest("base64")}-2`,
    });
  });
});
