import { DeleteArchiveCommand, GetJobOutputCommand } from "@aws-sdk/client-glacier";
import { beforeAll, describe, expect, it } from "vitest";
import { treeHash } from "../../lib/glacier/tree-hash";
import { payload, withTestEmulator } from "../testing/harness";
import {
  createVault,
  describe as describeJob,
  initiateJob,
  retrievalOfNewArchive,
  uploadArchive,
  waitForJob,
} from "../testing/jobs";
import { rawRequest } from "../testing/raw-request";
import { sharedTestEmulator } from "../../tests/support/test-emulator";

const MIB = 1024 * 1024;
const SIZE = 6.5 * MIB; // 7 tree-hash leaves, as in glacier-api.md §7.2's examples
const body = payload(SIZE, 3);
const VAULT = "archive-jobs";

const t = sharedTestEmulator({ timeScale: 1_000_000, failJobsMatching: "^fail-me" });
let archiveId: string;
beforeAll(async () => {
  await createVault(t.client, VAULT);
  archiveId = await uploadArchive(t.client, VAULT, body, "six and a half MiB");
});

async function retrieve(range?: string) {
  const { jobId, location } = await initiateJob(t.client, VAULT, {
    Type: "archive-retrieval",
    ArchiveId: archiveId,
    RetrievalByteRange: range,
  });
  return { jobId, location, job: await waitForJob(t.client, VAULT, jobId) };
}

async function output(jobId: string, range?: string) {
  const out = await t.client.send(
    new GetJobOutputCommand({ accountId: "-", vaultName: VAULT, jobId, range }),
  );
  const bytes = Buffer.from((await out.body?.transformToByteArray()) ?? []);
  return { ...out, bytes };
}

describe("archive retrieval of the whole archive", () => {
  it("describes the job with every field (glacier-api.md §4)", async () => {
    const { jobId, location, job } = await retrieve();
    expect(location).toBe(`/123456789012/vaults/${VAULT}/jobs/${jobId}`);
    expect(jobId).toMatch(/^[A-Za-z0-9_-]{92}$/);
    const raw = await rawRequest(t.emulator.url, { method: "GET", path: `/-/vaults/${VAULT}/jobs/${jobId}` });
    expect(raw.json()).toEqual({
      JobId: jobId,
      JobDescription: null,
      Action: "ArchiveRetrieval",
      ArchiveId: archiveId,
      VaultARN: `arn:aws:glacier:us-east-1:123456789012:vaults/${VAULT}`,
      CreationDate: job.CreationDate,
      Completed: true,
      StatusCode: "Succeeded",
      StatusMessage: "Succeeded",
      ArchiveSizeInBytes: SIZE,
      InventorySizeInBytes: null,
      SNSTopic: null,
      CompletionDate: job.CompletionDate,
      SHA256TreeHash: treeHash(body),
      ArchiveSHA256TreeHash: treeHash(body),
      RetrievalByteRange: `0-${SIZE - 1}`,
      Tier: "Standard",
      InventoryRetrievalParameters: null,
      JobOutputPath: null,
      SelectParameters: null,
      OutputLocation: null,
    });
    // Standard: 4 h divided by the time scale.
    expect(Date.parse(job.CompletionDate ?? "") - Date.parse(job.CreationDate ?? "")).toBe(
      Math.round((4 * 3600_000) / 1_000_000),
    );
  });

  it("returns the bytes with the archive's tree hash and description", async () => {
    const { jobId } = await retrieve();
    const out = await output(jobId);
    expect(out.status).toBe(200);
    expect(out.bytes.equals(body)).toBe(true);
    expect(out.checksum).toBe(treeHash(body));
    expect(out.contentType).toBe("application/octet-stream");
    expect(out.acceptRanges).toBe("bytes");
    expect(out.archiveDescription).toBe("six and a half MiB");
  });

  it.each([
    ["bytes=0-1048575", 0, MIB - 1, true], // one leaf
    ["bytes=2097152-4194303", 2 * MIB, 4 * MIB - 1, true], // a level-1 node
    ["bytes=1048576-3145727", MIB, 3 * MIB - 1, false], // megabyte aligned, not a node
    ["bytes=4194304-", 4 * MIB, SIZE - 1, true], // [4 MiB, end): a level-2 node clipped at the end
    ["bytes=-100", SIZE - 100, SIZE - 1, false],
    ["bytes=10-20", 10, 20, false],
  ])(
    "Range %s → 206, Content-Range, tree hash only when aligned (%i-%i)",
    async (range, start, end, aligned) => {
      const { jobId } = await retrieve();
      const out = await output(jobId, range);
      expect(out.status).toBe(206);
      expect(out.contentRange).toBe(`bytes ${start}-${end}/${SIZE}`);
      expect(out.bytes.equals(body.subarray(start, end + 1))).toBe(true);
      expect(out.checksum).toBe(aligned ? treeHash(body.subarray(start, end + 1)) : undefined);
    },
  );

  it("answers 416 with an AWS JSON error for an unsatisfiable range", async () => {
    const { jobId } = await retrieve();
    const res = await rawRequest(t.emulator.url, {
      method: "GET",
      path: `/-/vaults/${VAULT}/jobs/${jobId}/output`,
      headers: { range: `bytes=${SIZE}-` },
    });
    expect(res.status).toBe(416);
    expect(res.headers["content-range"]).toBe(`bytes */${SIZE}`);
    expect(res.json()).toMatchObject({ code: "InvalidRange", type: "Client" });
  });
});

describe("archive retrieval of a byte range", () => {
  it("a megabyte-aligned but not tree-hash-aligned range has no checksums (the four cases)", async () => {
    const { jobId, job } = await retrieve(`${MIB}-${3 * MIB - 1}`);
    expect(job).toMatchObject({
      RetrievalByteRange: `${MIB}-${3 * MIB - 1}`,
      ArchiveSHA256TreeHash: treeHash(body),
    });
    expect(job.SHA256TreeHash).toBeUndefined();
    const whole = await output(jobId);
    expect(whole.bytes.equals(body.subarray(MIB, 3 * MIB))).toBe(true);
    expect(whole.checksum).toBeUndefined();
    const part = await output(jobId, "bytes=0-1048575");
    expect(part.checksum).toBeUndefined();
  });

  it("a tree-hash-aligned range has its hash, whole and for aligned parts relative to it", async () => {
    const sub = body.subarray(2 * MIB, 4 * MIB);
    const { jobId, job } = await retrieve(`${2 * MIB}-${4 * MIB - 1}`);
    expect(job.SHA256TreeHash).toBe(treeHash(sub));
    expect((await output(jobId)).checksum).toBe(treeHash(sub)); // case 3
    const first = await output(jobId, "bytes=1048576-2097151"); // case 4, relative to the retrieved range
    expect(first.contentRange).toBe(`bytes ${MIB}-${2 * MIB - 1}/${2 * MIB}`);
    expect(first.bytes.equals(sub.subarray(MIB))).toBe(true);
    expect(first.checksum).toBe(treeHash(sub.subarray(MIB)));
    expect((await output(jobId, "bytes=0-524287")).checksum).toBeUndefined();
  });

  it("a range that runs to the archive's end may end on its last byte", async () => {
    const { jobId, job } = await retrieve(`${4 * MIB}-${SIZE - 1}`);
    expect(job.SHA256TreeHash).toBe(treeHash(body.subarray(4 * MIB)));
    expect((await output(jobId)).bytes.equals(body.subarray(4 * MIB))).toBe(true);
  });
});

describe("InitiateJob refusals for archive jobs", () => {
  it.each([
    [{ RetrievalByteRange: "1-1048575" }, 400, "InvalidParameterValueException", /not megabyte aligned/],
    [{ RetrievalByteRange: `0-${SIZE}` }, 400, "InvalidParameterValueException", /outside the archive/],
    [{ RetrievalByteRange: "0-1048574" }, 400, "InvalidParameterValueException", /not megabyte aligned/],
    [{ RetrievalByteRange: "5-1" }, 400, "InvalidParameterValueException", /must not be after/],
    [{ ArchiveId: undefined }, 400, "MissingParameterValueException", /ArchiveId/],
    [
      { ArchiveId: "no-such-archive" },
      404,
      "ResourceNotFoundException",
      /Archive not found for ArchiveId: no-such-archive/,
    ],
    [
      { Format: "CSV" },
      400,
      "InvalidParameterValueException",
      /Format is not valid for archive-retrieval jobs/,
    ],
    [{ Tier: "Fast" }, 400, "InvalidParameterValueException", /Invalid Tier: Fast/],
    [{ SNSTopic: "not-an-arn" }, 400, "InvalidParameterValueException", /Invalid SNS topic ARN/],
    [{ Description: "caf\u00e9" }, 400, "InvalidParameterValueException", /Description/],
  ])("%j → %i %s", async (override, status, code, message) => {
    await expect(
      initiateJob(t.client, VAULT, { Type: "archive-retrieval", ArchiveId: archiveId, ...override }),
    ).rejects.toMatchObject({
      name: code,
      message: expect.stringMatching(message) as unknown,
      $metadata: expect.objectContaining({ httpStatusCode: status }) as unknown,
    });
  });

  it.each([
    ["{not json", "SerializationException"],
    [
      JSON.stringify({ Type: "archive-retrieval", ArchiveId: "x", Extra: 1 }),
      "InvalidParameterValueException",
    ],
    [JSON.stringify({ ArchiveId: "x" }), "MissingParameterValueException"],
    [JSON.stringify({ Type: "restore" }), "InvalidParameterValueException"],
  ])("a body the SDK cannot send, %s → %s (JSON error with x-amzn-ErrorType)", async (body, code) => {
    const res = await rawRequest(t.emulator.url, { method: "POST", path: `/-/vaults/${VAULT}/jobs`, body });
    expect(res.status).toBe(400);
    expect(res.headers["x-amzn-errortype"]).toBe(code);
    expect(res.json()).toMatchObject({ code, type: "Client" });
  });

  it("an unknown vault is 404", async () => {
    await expect(
      initiateJob(t.client, "no-such-vault", { Type: "inventory-retrieval" }),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "Vault not found for ARN: arn:aws:glacier:us-east-1:123456789012:vaults/no-such-vault",
    });
  });

  it("an unknown job is 404 for DescribeJob and GetJobOutput", async () => {
    await expect(describeJob(t.client, VAULT, "nope")).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "The job ID was not found: nope",
    });
    await expect(output("nope")).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});

describe("failure paths", () => {
  it("fails a job whose description matches --fail-jobs-matching", async () => {
    const { jobId } = await initiateJob(t.client, VAULT, {
      Type: "archive-retrieval",
      ArchiveId: archiveId,
      Description: "fail-me please",
    });
    const job = await waitForJob(t.client, VAULT, jobId);
    expect(job).toMatchObject({
      Completed: true,
      StatusCode: "Failed",
      StatusMessage: expect.stringContaining("--fail-jobs-matching") as unknown,
    });
    expect(job.SHA256TreeHash).toBeUndefined();
    await expect(output(jobId)).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: `The job is not currently available for download: ${jobId}`,
    });
  });

  it("fails a job whose archive is deleted while it runs; output prepared before a deletion stays", async () => {
    // A Bulk job (8 h) takes 576 ms at this scale.
    await withTestEmulator({ timeScale: 50_000 }, async (slow) => {
      await createVault(slow.client, "v");
      const doomed = await uploadArchive(slow.client, "v", "doomed bytes");
      const kept = await uploadArchive(slow.client, "v", "kept bytes");
      const running = await initiateJob(slow.client, "v", {
        Type: "archive-retrieval",
        ArchiveId: doomed,
        Tier: "Bulk",
      });
      const done = await initiateJob(slow.client, "v", {
        Type: "archive-retrieval",
        ArchiveId: kept,
        Tier: "Expedited",
      });
      await waitForJob(slow.client, "v", done.jobId);
      await slow.client.send(new DeleteArchiveCommand({ accountId: "-", vaultName: "v", archiveId: doomed }));
      await slow.client.send(new DeleteArchiveCommand({ accountId: "-", vaultName: "v", archiveId: kept }));
      const failed = await waitForJob(slow.client, "v", running.jobId);
      expect(failed).toMatchObject({
        StatusCode: "Failed",
        StatusMessage: `The archive was deleted before the job completed: ${doomed}`,
      });
      const out = await slow.client.send(
        new GetJobOutputCommand({ accountId: "-", vaultName: "v", jobId: done.jobId }),
      );
      expect(await out.body?.transformToString()).toBe("kept bytes");
      // A new job for the deleted archive is refused up front.
      await expect(
        initiateJob(slow.client, "v", { Type: "archive-retrieval", ArchiveId: doomed }),
      ).rejects.toMatchObject({
        name: "ResourceNotFoundException",
      });
    });
  });

  it("reports InProgress with null completion fields and refuses output until done", async () => {
    await withTestEmulator({ timeScale: 1 }, async (real) => {
      const { jobId } = await retrievalOfNewArchive(real.client, "v", "slow", { Tier: "Bulk" });
      const raw = await rawRequest(real.emulator.url, { method: "GET", path: `/-/vaults/v/jobs/${jobId}` });
      expect(raw.json()).toMatchObject({
        Completed: false,
        StatusCode: "InProgress",
        StatusMessage: "Operation in progress.",
        CompletionDate: null,
        SHA256TreeHash: null,
        ArchiveSHA256TreeHash: treeHash(Buffer.from("slow")),
        RetrievalByteRange: "0-3",
        Tier: "Bulk",
      });
      const res = await rawRequest(real.emulator.url, {
        method: "GET",
        path: `/-/vaults/v/jobs/${jobId}/output`,
      });
      expect(res.status).toBe(400);
      expect(res.json()).toEqual({
        code: "InvalidParameterValueException",
        message: `The job is not currently available for download: ${jobId}`,
        type: "Client",
      });
    });
  });
});
