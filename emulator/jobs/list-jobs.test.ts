import { ListJobsCommand } from "@aws-sdk/client-glacier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator, withTestEmulator } from "../testing/harness";
import {
  createVault,
  describe as describeJob,
  initiateJob,
  retrievalOfNewArchive,
  uploadArchive,
  waitForJob,
} from "../testing/jobs";
import { rawRequest } from "../testing/raw-request";

const VAULT = "listing";

/** Expedited jobs finish in 180 ms while the Bulk one stays in progress for 28.8 s. */
let t: TestEmulator;
/** Expedited 1.8 ms, Standard 144 ms, Bulk 288 ms. */
let fast: TestEmulator;
let fastArchive: string;
let archiveId: string;
const jobs: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestEmulator({ timeScale: 1000, failJobsMatching: "broken" });
  fast = await startTestEmulator({ timeScale: 100_000 });
  await createVault(fast.client, VAULT);
  fastArchive = await uploadArchive(fast.client, VAULT, "fast");
  await createVault(t.client, VAULT);
  archiveId = await uploadArchive(t.client, VAULT, "listed archive");
  jobs.expedited = (
    await initiateJob(t.client, VAULT, { Type: "archive-retrieval", ArchiveId: archiveId, Tier: "Expedited" })
  ).jobId;
  jobs.failed = (
    await initiateJob(t.client, VAULT, {
      Type: "archive-retrieval",
      ArchiveId: archiveId,
      Tier: "Expedited",
      Description: "broken",
    })
  ).jobId;
  jobs.inventory = (
    await initiateJob(t.client, VAULT, { Type: "inventory-retrieval", Tier: "Expedited" })
  ).jobId;
  await waitForJob(t.client, VAULT, jobs.inventory);
  await waitForJob(t.client, VAULT, jobs.failed);
  jobs.bulk = (
    await initiateJob(t.client, VAULT, { Type: "archive-retrieval", ArchiveId: archiveId, Tier: "Bulk" })
  ).jobId;
});
afterAll(async () => {
  await t.stop();
  await fast.stop();
});

async function list(query: Record<string, string> = {}) {
  const res = await rawRequest(t.emulator.url, {
    method: "GET",
    path: `/-/vaults/${VAULT}/jobs?${new URLSearchParams(query).toString()}`,
  });
  return {
    status: res.status,
    body: res.json() as {
      JobList?: Array<Record<string, unknown>>;
      Marker?: string | null;
      code?: string;
      message?: string;
    },
  };
}

const ids = (body: { JobList?: Array<Record<string, unknown>> }) => (body.JobList ?? []).map((j) => j.JobId);

describe("ListJobs", () => {
  it("lists jobs by initiation time with Marker null at the end", async () => {
    const { body } = await list();
    expect(ids(body)).toEqual([jobs.expedited, jobs.failed, jobs.inventory, jobs.bulk]);
    expect(body.Marker).toBeNull();
  });

  it("filters by completed and statuscode, alone and combined", async () => {
    expect(ids((await list({ completed: "false" })).body)).toEqual([jobs.bulk]);
    expect(ids((await list({ completed: "true" })).body)).toEqual([
      jobs.expedited,
      jobs.failed,
      jobs.inventory,
    ]);
    expect(ids((await list({ statuscode: "Failed" })).body)).toEqual([jobs.failed]);
    expect(ids((await list({ statuscode: "InProgress" })).body)).toEqual([jobs.bulk]);
    expect(ids((await list({ completed: "true", statuscode: "Succeeded" })).body)).toEqual([
      jobs.expedited,
      jobs.inventory,
    ]);
    expect(ids((await list({ completed: "false", statuscode: "Succeeded" })).body)).toEqual([]);
  });

  it("pages with limit and a marker that names the job the next page begins at", async () => {
    const first = await list({ limit: "3" });
    expect(ids(first.body)).toEqual([jobs.expedited, jobs.failed, jobs.inventory]);
    expect(first.body.Marker).toBe(jobs.bulk);
    const second = await list({ limit: "3", marker: first.body.Marker ?? "" });
    expect(second.body).toMatchObject({ Marker: null });
    expect(ids(second.body)).toEqual([jobs.bulk]);
    const paged = await t.client.send(
      new ListJobsCommand({ accountId: "-", vaultName: VAULT, limit: 1, completed: "true" }),
    );
    expect(paged.JobList?.map((j) => j.JobId)).toEqual([jobs.expedited]);
    expect(paged.Marker).toBe(jobs.failed);
  });

  it.each([
    [{ statuscode: "finished" }, "The job status code is not valid: finished"],
    [{ completed: "yes" }, "The value for completed is not valid: yes. Use true or false."],
    [{ limit: "0" }, "Invalid limit: 0. It must be from 1 to 50."],
    [{ limit: "51" }, "Invalid limit: 51. It must be from 1 to 50."],
    [{ marker: "unknown-job" }, "Invalid marker: unknown-job"],
  ])("refuses %j with 400 InvalidParameterValueException", async (query, message) => {
    expect(await list(query as Record<string, string>)).toEqual({
      status: 400,
      body: { code: "InvalidParameterValueException", message, type: "Client" },
    });
  });

  it("answers 404 for an unknown vault", async () => {
    expect((await list()).status).toBe(200);
    const res = await rawRequest(t.emulator.url, { method: "GET", path: "/-/vaults/missing/jobs" });
    expect(res.json()).toMatchObject({ code: "ResourceNotFoundException" });
  });
});

describe("simulated time", () => {
  it("completes each tier after its delay divided by the time scale, in tier order", async () => {
    const started = await Promise.all(
      (["Bulk", "Standard", "Expedited"] as const).map((Tier) =>
        initiateJob(fast.client, VAULT, { Type: "archive-retrieval", ArchiveId: fastArchive, Tier }),
      ),
    );
    const done = await Promise.all(started.map((s) => waitForJob(fast.client, VAULT, s.jobId)));
    const took = done.map((j) => Date.parse(j.CompletionDate ?? "") - Date.parse(j.CreationDate ?? ""));
    expect(took).toEqual([288, 144, 2]); // 8 h, 4 h, 3 min ÷ 100 000
    expect(done.map((j) => j.Tier)).toEqual(["Bulk", "Standard", "Expedited"]);
  });

  it("keeps jobs across a restart and completes them on time afterwards", async () => {
    // A Standard job takes 720 ms at this scale.
    await withTestEmulator({ timeScale: 20_000 }, async (r) => {
      const { jobId } = await retrievalOfNewArchive(r.client, "v", "survives restarts");
      const inventory = await initiateJob(r.client, "v", { Type: "inventory-retrieval" });
      await r.restart();
      expect((await describeJob(r.client, "v", jobId)).StatusCode).toBe("InProgress");
      const done = await waitForJob(r.client, "v", jobId);
      expect(done.StatusCode).toBe("Succeeded");
      expect(Date.parse(done.CompletionDate ?? "") - Date.parse(done.CreationDate ?? "")).toBe(720);
      expect((await waitForJob(r.client, "v", inventory.jobId)).StatusCode).toBe("Succeeded");
    });
  });

  it("expires completed jobs 24 h (scaled) after completion: gone from ListJobs, 404 afterwards", async () => {
    // A completed job is kept 172.8 ms at this scale.
    await withTestEmulator({ timeScale: 500_000, minRetentionSeconds: 0 }, async (e) => {
      const { jobId } = await retrievalOfNewArchive(e.client, "v", "short-lived", { Tier: "Expedited" });
      await waitForJob(e.client, "v", jobId);
      await new Promise((resolve) => setTimeout(resolve, 400));
      await expect(describeJob(e.client, "v", jobId)).rejects.toMatchObject({
        name: "ResourceNotFoundException",
      });
      const listed = await e.client.send(new ListJobsCommand({ accountId: "-", vaultName: "v" }));
      expect(listed.JobList).toEqual([]);
    });
  });

  it("keeps completed jobs at least --min-retention seconds at huge time scales", async () => {
    const { jobId } = await initiateJob(fast.client, VAULT, {
      Type: "archive-retrieval",
      ArchiveId: fastArchive,
      Tier: "Expedited",
    });
    await waitForJob(fast.client, VAULT, jobId);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // > 24 h ÷ 100 000 = 864 ms
    expect((await describeJob(fast.client, VAULT, jobId)).StatusCode).toBe("Succeeded");
  });
});
