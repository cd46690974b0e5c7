import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { treeHash } from "../../lib/glacier/tree-hash";
import { awsGlacier } from "../testing/aws-cli";
import { payload } from "../testing/harness";
import { createVault } from "../testing/jobs";
import { sharedTestEmulator } from "../../tests/support/test-emulator";

const t = sharedTestEmulator({ timeScale: 1_000_000 });
beforeAll(async () => {
  await createVault(t.client, "cli-jobs");
});

const aws = (...args: string[]) => awsGlacier(t.emulator.url, "us-east-1", ...args);

describe("AWS CLI: archive retrieval from upload to output", () => {
  it("upload-archive, initiate-job, list-jobs and get-job-output (whole and ranged)", async () => {
    const body = payload(2 * 1024 * 1024 + 11, 6);
    const file = path.join(t.dataDir, "cli-upload.bin");
    writeFileSync(file, body);
    const uploaded = await aws(
      "upload-archive",
      "--vault-name",
      "cli-jobs",
      "--body",
      file,
      "--archive-description",
      "via cli",
    );
    const archiveId = String(uploaded.archiveId);

    const initiated = await aws(
      "initiate-job",
      "--vault-name",
      "cli-jobs",
      "--job-parameters",
      JSON.stringify({
        Type: "archive-retrieval",
        ArchiveId: archiveId,
        Tier: "Expedited",
        Description: "cli job",
      }),
    );
    const jobId = String(initiated.jobId);
    expect(initiated.location).toBe(`/123456789012/vaults/cli-jobs/jobs/${jobId}`);

    const listed = await aws(
      "list-jobs",
      "--vault-name",
      "cli-jobs",
      "--completed",
      "true",
      "--statuscode",
      "Succeeded",
    );
    expect(listed.JobList).toEqual([
      expect.objectContaining({
        JobId: jobId,
        Action: "ArchiveRetrieval",
        JobDescription: "cli job",
        Tier: "Expedited",
        SHA256TreeHash: treeHash(body),
      }),
    ]);

    const outFile = path.join(t.dataDir, "cli-output.bin");
    // `--job-id=<id>`: Glacier ids may start with "-", which the CLI would read as an option.
    const output = await aws("get-job-output", "--vault-name", "cli-jobs", `--job-id=${jobId}`, outFile);
    expect(output).toMatchObject({
      status: 200,
      checksum: treeHash(body),
      archiveDescription: "via cli",
      acceptRanges: "bytes",
    });
    expect(readFileSync(outFile).equals(body)).toBe(true);

    const ranged = await aws(
      "get-job-output",
      "--vault-name",
      "cli-jobs",
      `--job-id=${jobId}`,
      "--range",
      "bytes=1048576-2097151",
      outFile,
    );
    expect(ranged).toMatchObject({
      status: 206,
      contentRange: `bytes 1048576-2097151/${body.length}`,
      checksum: treeHash(body.subarray(1048576, 2097152)),
    });
  });

  it("inventory retrieval in CSV through the CLI", async () => {
    const initiated = await aws(
      "initiate-job",
      "--vault-name",
      "cli-jobs",
      "--job-parameters",
      JSON.stringify({ Type: "inventory-retrieval", Format: "CSV" }),
    );
    const outFile = path.join(t.dataDir, "inventory.csv");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const output = await aws(
      "get-job-output",
      "--vault-name",
      "cli-jobs",
      `--job-id=${String(initiated.jobId)}`,
      outFile,
    );
    expect(output).toMatchObject({ status: 200, contentType: "text/csv" });
    expect(readFileSync(outFile, "utf8")).toMatch(
      /^ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash\n[A-Za-z0-9_-]{138},via cli,/,
    );
  });

  it("reports ListJobs errors the CLI understands", async () => {
    await expect(
      aws("list-jobs", "--vault-name", "cli-jobs", "--statuscode", "finished"),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining("The job status code is not valid: finished") as unknown,
    });
  });
});
