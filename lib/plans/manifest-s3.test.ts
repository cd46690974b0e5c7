import { GetObjectCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { s3ClientFor } from "@/lib/aws/s3-client";
import { kitForFile } from "@/tests/support/plans-kit-suite";
import { S3Destination } from "./destinations/s3";
import { MANIFEST_HEADER } from "./manifest";

const kit = kitForFile(0);
const stats = () => kit.emulator.emulator.stats;

/** 50 000 lines of ~190 bytes (≈ 9.4 MB), a page of 5 000 at a time, as manifestLines gives them. */
async function* pages(): AsyncGenerator<string> {
  yield `${MANIFEST_HEADER}\n`;
  for (let page = 0; page < 10; page++) {
    let text = "";
    for (let i = page * 5000; i < (page + 1) * 5000; i++)
      text += `${"a".repeat(138)},files/${i}.bin,${i},${"0".repeat(64).slice(0, 20)},pending,,\n`;
    yield text;
  }
}

describe("the manifest streamed to S3", () => {
  it("goes up as a multipart upload of parts of at least 5 MiB, and reads back whole", async () => {
    const prefix = `manifest-${Date.now()}/`;
    const destination = new S3Destination(s3ClientFor(kit.target), {
      bucket: kit.bucket,
      prefix,
      storageClass: "STANDARD",
    });
    stats().reset();
    await destination.writeManifestLines(pages());
    // 9.4 MB in 8 MiB parts: two UploadParts, no single PutObject of the whole text.
    expect(stats().requests("UploadPart")).toBe(2);
    expect(stats().requests("PutObject")).toBe(0);
    const out = await s3ClientFor(kit.target).send(
      new GetObjectCommand({ Bucket: kit.bucket, Key: `${prefix}manifest.csv` }),
    );
    let expected = "";
    for await (const page of pages()) expected += page;
    expect(await out.Body?.transformToString()).toBe(expected);
  });
});
