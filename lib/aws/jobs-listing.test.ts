import http from "node:http";
import { type AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "@/emulator/testing/harness";
import { createVault, initiateJob, uploadArchive, waitForJob } from "@/emulator/testing/jobs";
import { findJobVault, listAccountJobs, listVaultJobs, looksLikeGlacierJobId, mapBounded } from "./jobs";
import { emulatorTarget } from "@/tests/support/emulator-target";
import { type AccountTarget } from "./vaults";

/**
 * ListJobs through Thaw's own code against the emulator, behind a counting proxy so paging and the
 * bounds are seen on the wire. At time scale 1000 Expedited jobs finish in 180 ms while Bulk ones
 * stay in progress for 28.8 s; descriptions matching "broken" fail.
 */

type Seen = { method: string; path: string };

/** Forwards every request unchanged (Host included, so SigV4 still verifies) and records it. */
async function startCountingProxy(upstream: string) {
  const target = new URL(upstream);
  const seen: Seen[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? "", path: req.url ?? "" });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const forward = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on("end", () => inFlight--);
      },
    );
    forward.on("error", () => {
      inFlight--;
      res.writeHead(502).end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    maxInFlight: () => maxInFlight,
    reset() {
      seen.length = 0;
      maxInFlight = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const MANY = "many-jobs";
const FEW = "few-jobs";
const EMPTY_VAULTS = ["empty-1", "empty-2", "empty-3", "empty-4"];
const counts = { succeeded: 70, failed: 10, running: 40 } as const;

let emulator: TestEmulator;
let proxy: Awaited<ReturnType<typeof startCountingProxy>>;
let target: AccountTarget;
const ids = {
  succeeded: [] as string[],
  failed: [] as string[],
  running: [] as string[],
  few: [] as string[],
};

const listJobsCalls = () =>
  proxy.seen.filter((s) => s.method === "GET" && /\/vaults\/[^/]+\/jobs(\?|$)/.test(s.path));
const describeJobCalls = () =>
  proxy.seen.filter((s) => s.method === "GET" && /\/vaults\/[^/]+\/jobs\/[^/?]+$/.test(s.path));

beforeAll(async () => {
  emulator = await startTestEmulator({ timeScale: 1000, failJobsMatching: "broken" });
  proxy = await startCountingProxy(emulator.emulator.url);
  target = emulatorTarget(proxy.url);
  const client = emulator.client;
  for (const name of [MANY, FEW, ...EMPTY_VAULTS]) await createVault(client, name);
  const archive = await uploadArchive(client, MANY, "listed archive");
  const fewArchive = await uploadArchive(client, FEW, "few");
  // Interleaved so every ListJobs page mixes finished and unfinished jobs: exactly 40 Bulk (i % 3 == 2),
  // 10 failing (i % 8 == 1 among the rest) and 70 succeeding.
  for (let i = 0; i < 120; i++) {
    const kind = i % 3 === 2 ? "running" : i % 8 === 1 ? "failed" : "succeeded";
    const params =
      kind === "running"
        ? { Type: "archive-retrieval", ArchiveId: archive, Tier: "Bulk" }
        : {
            Type: "archive-retrieval",
            ArchiveId: archive,
            Tier: "Expedited",
            Description: `${kind === "failed" ? "broken" : "ok"} ${i}`,
          };
    ids[kind].push((await initiateJob(client, MANY, params)).jobId);
  }
  for (let i = 0; i < 3; i++) {
    ids.few.push(
      (
        await initiateJob(client, FEW, {
          Type: "archive-retrieval",
          ArchiveId: fewArchive,
          Tier: "Expedited",
        })
      ).jobId,
    );
  }
  for (const id of [...ids.succeeded, ...ids.failed]) await waitForJob(client, MANY, id);
  for (const id of ids.few) await waitForJob(client, FEW, id);
});
afterAll(async () => {
  await proxy.close();
  await emulator.stop();
});
beforeEach(() => proxy.reset());

const jobIds = (jobs: Array<{ JobId?: string | undefined }>) => jobs.map((j) => j.JobId ?? "").sort();

describe("listVaultJobs", () => {
  it("follows Marker through every page: all 120 jobs, each once, in 3 ListJobs pages of at most 50", async () => {
    const jobs = await listVaultJobs(target, MANY);
    expect(jobs).toHaveLength(120);
    expect(jobIds(jobs)).toEqual([...ids.succeeded, ...ids.failed, ...ids.running].sort());
    expect(listJobsCalls()).toHaveLength(3);
  });

  it("{completed:false} lists exactly the unfinished jobs, across pages", async () => {
    const jobs = await listVaultJobs(target, MANY, { completed: false });
    expect(jobIds(jobs)).toEqual([...ids.running].sort());
    expect(
      jobs.every((j) => j.Completed === false && j.StatusCode === "InProgress" && j.Tier === "Bulk"),
    ).toBe(true);
    expect(listJobsCalls().every((c) => c.path.includes("completed=false"))).toBe(true);
  });

  it("{statuscode:'Succeeded'} and {statuscode:'Failed'} split the finished jobs exactly", async () => {
    const succeeded = await listVaultJobs(target, MANY, { statuscode: "Succeeded" });
    expect(jobIds(succeeded)).toEqual([...ids.succeeded].sort());
    expect(listJobsCalls().length).toBe(2); // 70 jobs: two pages
    const failed = await listVaultJobs(target, MANY, { statuscode: "Failed" });
    expect(jobIds(failed)).toEqual([...ids.failed].sort());
    expect(failed.every((j) => j.Completed === true)).toBe(true);
  });

  it("combines both filters", async () => {
    expect(await listVaultJobs(target, MANY, { completed: true, statuscode: "InProgress" })).toEqual([]);
    expect(await listVaultJobs(target, MANY, { completed: true })).toHaveLength(
      counts.succeeded + counts.failed,
    );
  });
});

describe("listAccountJobs", () => {
  it("lists every vault with the filter, never more than `concurrency` ListJobs in flight", async () => {
    const { listed, failed } = await listAccountJobs(target, { completed: false }, 2);
    expect(failed).toEqual([]);
    const byVault = Object.fromEntries(listed.map((v) => [v.vaultName, v.jobs.length]));
    expect(byVault).toEqual({
      [MANY]: counts.running,
      [FEW]: 0,
      ...Object.fromEntries(EMPTY_VAULTS.map((v) => [v, 0])),
    });
    expect(proxy.maxInFlight()).toBeLessThanOrEqual(2);
  });

  it("with no filter counts every job of the account", async () => {
    const { listed } = await listAccountJobs(target);
    expect(listed.reduce((n, v) => n + v.jobs.length, 0)).toBe(120 + ids.few.length);
  });
});

describe("mapBounded", () => {
  it.each([1, 3, 7])("never runs more than %i at once and keeps the input order", async (limit) => {
    let running = 0;
    let peak = 0;
    const items = Array.from({ length: 25 }, (_, i) => i);
    const results = await mapBounded(items, limit, async (i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, (i * 7) % 5));
      running--;
      return i * 2;
    });
    expect(results).toEqual(items.map((i) => i * 2));
    expect(peak).toBe(limit);
  });

  it("treats a bound below 1 as 1 and copes with no items", async () => {
    let running = 0;
    let peak = 0;
    await mapBounded([1, 2, 3], 0, async () => {
      peak = Math.max(peak, ++running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
    });
    expect(peak).toBe(1);
    expect(await mapBounded([], 4, () => Promise.resolve(1))).toEqual([]);
  });
});

describe("findJobVault", () => {
  it("finds the vault of a job Thaw never recorded, with one DescribeJob per vault and no ListJobs", async () => {
    const id = ids.few[1] ?? "";
    expect(await findJobVault(target, id, { concurrency: 1 })).toBe(FEW);
    expect(listJobsCalls()).toEqual([]);
    expect(describeJobCalls().length).toBeLessThanOrEqual(2 + EMPTY_VAULTS.length);
  });

  it("answers undefined for an id that looks right but exists nowhere, probing each vault once", async () => {
    const unknown = "A".repeat(92);
    expect(looksLikeGlacierJobId(unknown)).toBe(true);
    expect(await findJobVault(target, unknown)).toBeUndefined();
    expect(describeJobCalls()).toHaveLength(2 + EMPTY_VAULTS.length);
    expect(listJobsCalls()).toEqual([]);
  });

  it("caps the vaults it probes", async () => {
    expect(await findJobVault(target, "B".repeat(92), { maxVaults: 2 })).toBeUndefined();
    expect(describeJobCalls()).toHaveLength(2);
  });

  it.each(["nope", "../../etc/passwd", "A".repeat(91), "A".repeat(93), `${"A".repeat(91)}!`])(
    "does not ask Glacier at all about %s",
    async (id) => {
      expect(await findJobVault(target, id)).toBeUndefined();
      expect(proxy.seen).toEqual([]);
    },
  );
});
