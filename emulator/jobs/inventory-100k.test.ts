import { GetJobOutputCommand } from "@aws-sdk/client-glacier";
import { describe, expect, it } from "vitest";
import { initiateJob, waitForJob } from "../testing/jobs";
import { sharedTestEmulator } from "../../tests/support/test-emulator";

const t = sharedTestEmulator({ timeScale: 1_000_000, seed: "demo" });

async function inventory100k(format: "JSON" | "CSV") {
  const started = performance.now();
  const { jobId } = await initiateJob(t.client, "archive-100k", {
    Type: "inventory-retrieval",
    Format: format,
  });
  const job = await waitForJob(t.client, "archive-100k", jobId, 30_000);
  const prepared = performance.now() - started;
  const out = await t.client.send(
    new GetJobOutputCommand({ accountId: "-", vaultName: "archive-100k", jobId }),
  );
  return { job, prepared, text: (await out.body?.transformToString()) ?? "" };
}

describe("inventory of the 100 000-archive demo vault", () => {
  it("streams JSON for every archive in seconds", async () => {
    const { job, prepared, text } = await inventory100k("JSON");
    expect(job.StatusCode).toBe("Succeeded");
    expect(job.InventorySizeInBytes).toBe(Buffer.byteLength(text));
    expect((JSON.parse(text) as { ArchiveList: unknown[] }).ArchiveList).toHaveLength(100_000);
    expect(prepared).toBeLessThan(10_000);
  });

  it("streams CSV with a header row and one line per archive", async () => {
    const { text } = await inventory100k("CSV");
    expect(text.split("\n").filter((line) => line !== "")).toHaveLength(100_001);
  });

  it("pages 100 000 archives with Limit and Marker", async () => {
    const { jobId } = await initiateJob(t.client, "archive-100k", {
      Type: "inventory-retrieval",
      InventoryRetrievalParameters: { Limit: "60000" },
    });
    const first = await waitForJob(t.client, "archive-100k", jobId, 30_000);
    const marker = first.InventoryRetrievalParameters?.Marker;
    expect(marker).toBeTruthy();
    const next = await initiateJob(t.client, "archive-100k", {
      Type: "inventory-retrieval",
      InventoryRetrievalParameters: { Marker: marker },
    });
    await waitForJob(t.client, "archive-100k", next.jobId, 30_000);
    const out = await t.client.send(
      new GetJobOutputCommand({ accountId: "-", vaultName: "archive-100k", jobId: next.jobId }),
    );
    expect(
      (JSON.parse((await out.body?.transformToString()) ?? "") as { ArchiveList: unknown[] }).ArchiveList,
    ).toHaveLength(40_000);
  });
});
