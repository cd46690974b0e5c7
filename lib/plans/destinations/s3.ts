import "server-only";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { awsCall } from "@/lib/aws/call";
import { AwsOperationError } from "@/lib/aws/errors";
import { type PlanStorageClass } from "@/lib/glacier/plan-form";
import { compositeSha256, sameCompositeChecksum } from "@/lib/glacier/s3-checksum";
import { s3DestinationProblem, s3PartSizeFor } from "@/lib/glacier/s3-part-size";
import { PlanValidationError } from "../errors";
import { MANIFEST_NAME } from "../ordering";
import {
  type ChunkSettings,
  compareReadBack,
  DestinationRefusedError,
  type DestinationWriter,
  measure,
  type OpenUpload,
  type PartToWrite,
  PartsGoneError,
  type ReadBack,
  type StoredPart,
  type WrittenPart,
} from "./types";

/** The manifest's parts: S3's minimum part is 5 MiB (except the last); one part in memory at a time. */
const MANIFEST_PART_SIZE = 8 * 1024 * 1024;

export type S3Place = { bucket: string; prefix: string; storageClass: PlanStorageClass };

/** S3 serves no GET of these classes without a restore: a read-back can only compare the size. */
const ARCHIVAL: readonly PlanStorageClass[] = ["GLACIER", "DEEP_ARCHIVE"];

function code(error: unknown): string {
  return error instanceof AwsOperationError ? error.failure.code : "";
}

/**
 * Objects in a bucket, one multipart upload per archive: each chunk is one part carrying its
 * SHA-256 (x-amz-checksum-sha256), so S3 itself refuses a part that arrives corrupted
 * (docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html), and the upload
 * is completed with every part's checksum. Nothing is read back unless the plan asks for it.
 */
export class S3Destination implements DestinationWriter {
  constructor(
    private readonly client: S3Client,
    private readonly place: S3Place,
  ) {}

  async probe(): Promise<void> {
    const { bucket, prefix } = this.place;
    const field = "destination.bucket";
    try {
      await awsCall("HeadBucket", () => this.client.send(new HeadBucketCommand({ Bucket: bucket })));
    } catch (error) {
      const c = code(error);
      if (c === "NotFound" || c === "NoSuchBucket")
        throw new PlanValidationError(`The bucket ${bucket} does not exist.`, field);
      throw new PlanValidationError(`The bucket ${bucket} cannot be reached (${c || "error"}).`, field);
    }
    const Key = `${prefix}.thaw-write-probe-${randomUUID()}`;
    try {
      await awsCall("PutObject", () =>
        this.client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: "probe" })),
      );
      await awsCall("DeleteObject", () => this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key })));
    } catch (error) {
      throw new PlanValidationError(
        `Thaw cannot write to the bucket ${bucket} (${code(error) || "error"}).`,
        field,
      );
    }
  }

  /** S3's part size for the archive (lib/glacier's rule: ≥ 8 MiB, ≤ 10 000 parts); the plan's floor does not apply. */
  chunkBytesFor(size: number, settings: ChunkSettings): number {
    const part = s3PartSizeFor(size, settings.s3Limits);
    if (part === null)
      throw new DestinationRefusedError(s3DestinationProblem({ size }, settings.s3Limits) ?? "");
    return part;
  }

  async begin(key: string, _size: number, signal: AbortSignal): Promise<string> {
    const out = await awsCall("CreateMultipartUpload", () =>
      this.client.send(
        new CreateMultipartUploadCommand({
          Bucket: this.place.bucket,
          Key: key,
          StorageClass: this.place.storageClass,
          ChecksumAlgorithm: "SHA256",
        }),
        { abortSignal: signal },
      ),
    );
    if (!out.UploadId) throw new Error("CreateMultipartUpload returned no upload id");
    return out.UploadId;
  }

  /**
   * The part's body streams out as it arrives, its SHA-256 sent as a trailer (aws-chunked,
   * `x-amz-trailer: x-amz-checksum-sha256`, which the SDK computes of a streamed body of known length
   * when ChecksumAlgorithm is SHA256): S3 refuses the part (BadDigest) when what arrived differs, and
   * echoes the checksum, which completion lists
   * (docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html#trailing-checksums).
   */
  async writePart(
    key: string,
    uploadId: string,
    part: PartToWrite,
    signal: AbortSignal,
  ): Promise<StoredPart> {
    const out = await awsCall("UploadPart", () =>
      this.client.send(
        new UploadPartCommand({
          Bucket: this.place.bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber: part.partNumber,
          Body: part.body,
          ContentLength: part.length,
          ChecksumAlgorithm: "SHA256",
        }),
        { abortSignal: signal },
      ),
    ).catch((error: unknown) => {
      // Aborted behind Thaw's back, or expired by a lifecycle rule: the parts went with it.
      throw code(error) === "NoSuchUpload" ? new PartsGoneError(key) : error;
    });
    if (!out.ETag) throw new Error(`UploadPart ${part.partNumber} returned no ETag`);
    // The SHA-256 S3 verified the part's bytes against; the completion must name it.
    if (!out.ChecksumSHA256) throw new Error(`UploadPart ${part.partNumber} returned no SHA-256`);
    return { etag: out.ETag, sha256: out.ChecksumSHA256 };
  }

  /**
   * CompleteMultipartUpload with every part's SHA-256; the object checksum it answers must be the
   * composite of those (computed here from the recorded chunks, no request). An upload S3 no longer
   * knows (NoSuchUpload: "aborted or completed", API_CompleteMultipartUpload) was either completed by
   * an earlier run whose answer was lost, or aborted behind Thaw's back: one HeadObject tells which —
   * the object must state exactly that composite checksum (and size); otherwise the parts are gone.
   */
  async finish(
    key: string,
    uploadId: string,
    parts: readonly WrittenPart[],
    size: number,
    signal: AbortSignal,
  ): Promise<void> {
    // An empty archive has no part to complete with (S3 wants at least one): an empty object instead.
    if (parts.length === 0) {
      await this.discard(key, uploadId);
      await awsCall("PutObject", () =>
        this.client.send(
          new PutObjectCommand({
            Bucket: this.place.bucket,
            Key: key,
            Body: "",
            StorageClass: this.place.storageClass,
          }),
          { abortSignal: signal },
        ),
      );
      return;
    }
    const expected = parts.every((p) => p.sha256 !== null)
      ? compositeSha256(parts.map((p) => p.sha256 ?? ""))
      : null;
    try {
      const out = await awsCall("CompleteMultipartUpload", () =>
        this.client.send(
          new CompleteMultipartUploadCommand({
            Bucket: this.place.bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: {
              Parts: parts.map((p) => ({
                PartNumber: p.partNumber,
                ETag: p.etag ?? undefined,
                ChecksumSHA256: p.sha256 ?? undefined,
              })),
            },
          }),
          { abortSignal: signal },
        ),
      );
      if (expected !== null && out.ChecksumSHA256 && !sameCompositeChecksum(out.ChecksumSHA256, expected))
        throw new Error(`S3 completed ${key} with checksum ${out.ChecksumSHA256}, the parts' is ${expected}`);
    } catch (error) {
      if (code(error) !== "NoSuchUpload") throw error;
      if (!(await this.holdsCompleted(key, size, expected))) throw new PartsGoneError(key);
    }
  }

  /** Whether `key` is the object a completed upload of these parts made (HeadObject, no body). */
  private async holdsCompleted(key: string, size: number, expected: string | null): Promise<boolean> {
    const head = await awsCall("HeadObject", () =>
      this.client.send(
        new HeadObjectCommand({ Bucket: this.place.bucket, Key: key, ChecksumMode: "ENABLED" }),
      ),
    ).catch((error: unknown) => {
      if (code(error) === "NotFound" || code(error) === "NoSuchKey") return null;
      throw error;
    });
    if (head?.ContentLength !== size) return false;
    return expected === null || sameCompositeChecksum(head.ChecksumSHA256 ?? "", expected);
  }

  private head(key: string) {
    return awsCall("HeadObject", () =>
      this.client.send(new HeadObjectCommand({ Bucket: this.place.bucket, Key: key })),
    );
  }

  async verify(key: string, size: number, treeHash: string): Promise<ReadBack> {
    if (ARCHIVAL.includes(this.place.storageClass)) {
      const head = await this.head(key);
      return head.ContentLength === size
        ? { ok: true }
        : { ok: false, problem: `stored ${head.ContentLength ?? "?"} bytes, expected ${size}` };
    }
    const out = await awsCall("GetObject", () =>
      this.client.send(new GetObjectCommand({ Bucket: this.place.bucket, Key: key })),
    );
    if (!out.Body) return { ok: false, problem: "GetObject returned no body" };
    return compareReadBack(await measure(out.Body as Readable), size, treeHash);
  }

  async discard(key: string, uploadId: string | null): Promise<void> {
    if (!uploadId) return;
    try {
      await awsCall("AbortMultipartUpload", () =>
        this.client.send(
          new AbortMultipartUploadCommand({ Bucket: this.place.bucket, Key: key, UploadId: uploadId }),
        ),
      );
    } catch (error) {
      // Already completed or aborted: nothing is left to clean up.
      if (code(error) !== "NoSuchUpload") throw error;
    }
  }

  /**
   * ListMultipartUploads under the plan's prefix, page by page (at most 1000 a page, the markers
   * naming the last; docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html).
   */
  async *openUploads(): AsyncIterable<OpenUpload> {
    const { bucket, prefix } = this.place;
    let markers: { KeyMarker?: string; UploadIdMarker?: string } = {};
    for (;;) {
      const out = await awsCall("ListMultipartUploads", () =>
        this.client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix, ...markers })),
      );
      for (const upload of out.Uploads ?? [])
        if (upload.Key && upload.UploadId)
          yield {
            key: upload.Key,
            handle: upload.UploadId,
            initiated: upload.Initiated ?? null,
            manifest: upload.Key === `${prefix}${MANIFEST_NAME}`,
          };
      if (!out.IsTruncated || !out.NextKeyMarker) return;
      markers = { KeyMarker: out.NextKeyMarker, UploadIdMarker: out.NextUploadIdMarker ?? "" };
    }
  }

  async writeManifest(text: string): Promise<void> {
    const Key = `${this.place.prefix}${MANIFEST_NAME}`;
    await awsCall("PutObject", () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.place.bucket,
          Key,
          Body: text,
          ContentType: "text/csv; charset=utf-8",
        }),
      ),
    );
  }

  async writeManifestLines(lines: AsyncIterable<string>): Promise<void> {
    const bytes = Readable.from(
      (async function* () {
        for await (const line of lines) yield Buffer.from(line, "utf8");
      })(),
      { highWaterMark: 1 },
    );
    // lib-storage sends one PutObject when the whole body fits one part, else a multipart upload.
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.place.bucket,
        Key: `${this.place.prefix}${MANIFEST_NAME}`,
        Body: bytes,
        ContentType: "text/csv; charset=utf-8",
      },
      partSize: MANIFEST_PART_SIZE,
      queueSize: 1,
      leavePartsOnError: false,
    });
    await awsCall("Upload", () => upload.done());
  }
}
