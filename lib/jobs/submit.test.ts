import { randomUUID } from "node:crypto";
import { CreateVaultCommand, ListJobsCommand } from "@aws-sdk/client-glacier";
import { afterAll, beforeAll, expect, it } from "vitest";
import { initiateJob } from "@/lib/aws/job-requests";
import { emulatorTarget } from "@/tests/support/emulator-target";
import { closedPort, describeEachDialect } from "@/tests/support/db";
import { type JobParametersBody } from "@/lib/glacier/schemas/job-common";
import { startTestEmulator, type TestEmulator } from "@/emulator/testing/harness";
import { getJobByIdempotencyKey } from "./repository";
import { submitJob, type SubmitJobRequest } from "./submit";

let emulator: TestEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
  for (const vaultName of ["documents", "reports", "photos"]) {
    await emulator.client.send(new CreateVaultCommand({ accountId: "-", vaultName }));
  }
});
afterAll(async () => {
  await emulator.stop();
});

const inventory: JobParametersBody = {
  Type: "inventory-retrieval",
  Format: "CSV",
  Description: "submit test",
};

async function jobsIn(vaultName: string): Promise<string[]> {
  const page = await emulator.client.send(new ListJobsCommand({ accountId: "-", vaultName }));
  return (page.JobList ?? []).map((j) => j.JobId ?? "");
}

describeEachDialect("job submission", (dialect) => {
  const request = (overrides: Partial<SubmitJobRequest> = {}): SubmitJobRequest => ({
    target: emulatorTarget(emulator.emulator.url),
    idempotencyKey: randomUUID(),
    vaultName: "documents",
    parameters: inventory,
    estimate: null,
    submittedBy: null,
    ...overrides,
  });

  it("starts the job with InitiateJob and records who, what and Glacier's answer", async () => {
    const { db } = await dialect.open();
    const before = await jobsIn("documents");
    const outcome = await submitJob(request(), { db });
    expect(outcome.kind).toBe("submitted");
    if (outcome.kind !== "submitted") return;
    expect(outcome.reused).toBe(false);
    expect(await jobsIn("documents")).toEqual(expect.arrayContaining([...before, outcome.glacierJobId]));
    expect(outcome.job).toMatchObject({
      submissionStatus: "submitted",
      glacierJobId: outcome.glacierJobId,
      vaultName: "documents",
      jobType: "inventory-retrieval",
      parameters: inventory,
      description: "submit test",
    });
    expect(outcome.job.location).toContain(`/vaults/documents/jobs/${outcome.glacierJobId}`);
  });

  it("starts exactly one job for concurrent submissions of one form", async () => {
    const { db } = await dialect.open();
    const vaultName = "reports";
    const before = await jobsIn(vaultName);
    const same = request({ vaultName, parameters: { ...inventory, Description: "double click" } });
    const outcomes = await Promise.all([
      submitJob(same, { db }),
      submitJob(same, { db }),
      submitJob(same, { db }),
    ]);
    const started = (await jobsIn(vaultName)).filter((id) => !before.includes(id));
    expect(started).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === "submitted" && !o.reused)).toHaveLength(1);
    expect(outcomes.every((o) => o.kind === "submitted" || o.kind === "in-progress")).toBe(true);
    // A later retry of the same form lands on the same job.
    const retry = await submitJob(same, { db });
    expect(retry).toMatchObject({ kind: "submitted", reused: true, glacierJobId: started[0] });
    expect((await jobsIn(vaultName)).filter((id) => !before.includes(id))).toHaveLength(1);
  });

  it("releases the key when AWS answered with an error, so the corrected form goes through", async () => {
    const { db } = await dialect.open();
    const key = randomUUID();
    const refused = await submitJob(request({ idempotencyKey: key, vaultName: "no-such-vault" }), { db });
    expect(refused.kind).toBe("failed");
    if (refused.kind !== "failed") return;
    expect(refused.failure).toMatchObject({ code: "ResourceNotFoundException", httpStatus: 404 });
    expect(refused.job).toMatchObject({ submissionStatus: "failed", idempotencyKey: null });
    expect(await getJobByIdempotencyKey(key, { db })).toBeUndefined();

    const corrected = await submitJob(request({ idempotencyKey: key, vaultName: "photos" }), { db });
    expect(corrected.kind).toBe("submitted");
  });

  it("marks a submission with no answer uncertain and never sends that key again", async () => {
    const { db } = await dialect.open();
    const key = randomUUID();
    const unreachable = emulatorTarget(`http://127.0.0.1:${await closedPort()}`);
    let calls = 0;
    const counting = {
      db,
      initiate: (...args: Parameters<typeof initiateJob>) => {
        calls++;
        return initiateJob(...args);
      },
    };
    const first = await submitJob(request({ idempotencyKey: key, target: unreachable }), counting);
    expect(first.kind).toBe("uncertain");
    expect(first.job.submissionStatus).toBe("uncertain");
    expect(first.job.submissionError?.code).toBe("ECONNREFUSED");
    const again = await submitJob(request({ idempotencyKey: key }), counting);
    expect(again.kind).toBe("uncertain");
    expect(calls).toBe(1);
  });
});
