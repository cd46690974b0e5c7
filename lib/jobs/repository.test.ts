import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { type AwsFailure } from "@/lib/glacier/failure";
import { estimateJobCost } from "@/lib/glacier/pricing";
import {
  claimJobSubmission,
  getJobByGlacierId,
  getJobByIdempotencyKey,
  listRecentJobs,
  markJobUncertain,
  type NewJobClaim,
  recordJobSubmitted,
  releaseJobClaim,
} from "./repository";

const failure: AwsFailure = {
  code: "ResourceNotFoundException",
  message: "m",
  awsMessage: "a",
  requestId: "r",
  httpStatus: 404,
  retryable: false,
};

function claim(overrides: Partial<NewJobClaim> = {}): NewJobClaim {
  return {
    connectionId: "conn-1",
    idempotencyKey: randomUUID(),
    vaultName: "photos",
    parameters: { Type: "archive-retrieval", ArchiveId: "abc", Tier: "Bulk", Description: "d" },
    estimate: estimateJobCost({ jobType: "archive-retrieval", tier: "Bulk", retrievedBytes: 1024 }),
    submittedBy: "ops@example.com",
    ...overrides,
  };
}

describeEachDialect("job records", (dialect) => {
  it("claims a key once; a second claim gets the first record", async () => {
    const { db } = await dialect.open();
    const c = claim();
    const first = await claimJobSubmission(c, { db });
    const second = await claimJobSubmission(c, { db });
    expect(first.claimed).toBe(true);
    expect(second).toMatchObject({
      claimed: false,
      existing: { id: first.claimed ? first.job.id : "", submissionStatus: "submitting" },
    });
  });

  it("keeps what was asked: parameters, estimate, who, and the columns derived from them", async () => {
    const { db } = await dialect.open();
    const c = claim();
    const result = await claimJobSubmission(c, { db });
    if (!result.claimed) throw new Error("not claimed");
    const recorded = await recordJobSubmitted(
      result.job.id,
      { glacierJobId: "JOB-1", location: "/-/vaults/photos/jobs/JOB-1", outputPath: null },
      { db },
    );
    expect(recorded).toMatchObject({
      submissionStatus: "submitted",
      glacierJobId: "JOB-1",
      parameters: c.parameters,
      estimate: c.estimate,
      archiveId: "abc",
      tier: "Bulk",
      description: "d",
      submittedBy: "ops@example.com",
      statusCode: "InProgress",
    });
    expect(await getJobByGlacierId("conn-1", "JOB-1", { db })).toMatchObject({ id: result.job.id });
    expect(await getJobByGlacierId("conn-2", "JOB-1", { db })).toBeUndefined();
  });

  it("releases a claim (key freed, failure kept) and marks an unanswered one uncertain", async () => {
    const { db } = await dialect.open();
    const c = claim();
    const first = await claimJobSubmission(c, { db });
    if (!first.claimed) throw new Error("not claimed");
    const released = await releaseJobClaim(first.job.id, failure, { db });
    expect(released).toMatchObject({
      submissionStatus: "failed",
      idempotencyKey: null,
      submissionError: failure,
    });
    const again = await claimJobSubmission(c, { db });
    expect(again.claimed).toBe(true);
    if (!again.claimed) return;
    await markJobUncertain(again.job.id, { ...failure, code: "ECONNRESET", httpStatus: undefined }, { db });
    expect(await getJobByIdempotencyKey(c.idempotencyKey, { db })).toMatchObject({
      submissionStatus: "uncertain",
      submissionError: { code: "ECONNRESET" },
    });
  });

  it("lists a connection's recent jobs, newest first, by vault and type", async () => {
    const { db } = await dialect.open();
    const connectionId = randomUUID();
    await claimJobSubmission(claim({ connectionId, vaultName: "a" }), { db });
    await new Promise((r) => setTimeout(r, 5));
    await claimJobSubmission(
      claim({ connectionId, vaultName: "b", parameters: { Type: "inventory-retrieval" } }),
      { db },
    );
    expect((await listRecentJobs(connectionId, {}, { db })).map((j) => j.vaultName)).toEqual(["b", "a"]);
    expect((await listRecentJobs(connectionId, { vaultName: "a" }, { db })).map((j) => j.vaultName)).toEqual([
      "a",
    ]);
    expect(
      (await listRecentJobs(connectionId, { jobType: "inventory-retrieval" }, { db })).map(
        (j) => j.vaultName,
      ),
    ).toEqual(["b"]);
  });
});
