import { expect, it } from "vitest";
import { type Insertable } from "kysely";
import { type JobsTable } from "@/lib/db/schema";
import { describeEachDialect } from "@/tests/support/db";
import { COMPLETION_HISTORY_ROWS, observedCompletionTimes } from "./completion-history";

const base = Date.parse("2026-11-01T00:00:00Z");
const iso = (ms: number) => new Date(base + ms).toISOString();
let serial = 0;

function job(connectionId: string, overrides: Partial<Insertable<JobsTable>>): Insertable<JobsTable> {
  serial += 1;
  return {
    id: `job-${serial}`,
    connection_id: connectionId,
    vault_name: "photos",
    job_type: "archive-retrieval",
    parameters: "{}",
    tier: "Standard",
    submission_status: "submitted",
    status_code: "Succeeded",
    glacier_creation_date: iso(serial * 3_600_000),
    completion_date: iso(serial * 3_600_000 + 60_000),
    created_at: iso(serial * 3_600_000 - 5_000),
    updated_at: iso(serial * 3_600_000 + 60_000),
    ...overrides,
  };
}

describeEachDialect("observed completion times", (dialect) => {
  it("summarises this connection's succeeded jobs by type and tier, from Glacier's own dates", async () => {
    const { db } = await dialect.open();
    await db
      .insertInto("jobs")
      .values([
        job("c1", {}),
        job("c1", {}),
        job("c1", { tier: "Bulk", completion_date: null, status_code: "InProgress" }),
        job("c1", { status_code: "Failed" }),
        job("c1", { job_type: "inventory-retrieval", tier: null }),
        job("c2", { tier: "Expedited" }),
      ])
      .execute();
    const observed = await observedCompletionTimes("c1", { db });
    expect(observed.sort((a, b) => a.jobType.localeCompare(b.jobType))).toEqual([
      {
        jobType: "archive-retrieval",
        tier: "Standard",
        count: 2,
        medianMs: 60_000,
        minMs: 60_000,
        maxMs: 60_000,
      },
      {
        jobType: "inventory-retrieval",
        tier: "Standard",
        count: 1,
        medianMs: 60_000,
        minMs: 60_000,
        maxMs: 60_000,
      },
    ]);
    expect(await observedCompletionTimes("nobody", { db })).toEqual([]);
  });

  it("reads only the newest completed jobs, however long the history", async () => {
    const { db } = await dialect.open();
    // Older jobs took an hour, the newest COMPLETION_HISTORY_ROWS took a minute: only those count.
    const old = Array.from({ length: 50 }, () => job("c3", {}));
    for (const row of old)
      row.completion_date = iso(Date.parse(row.glacier_creation_date ?? "") - base + 3_600_000);
    const recent = Array.from({ length: COMPLETION_HISTORY_ROWS }, () => job("c3", {}));
    for (let i = 0; i < old.length + recent.length; i += 500)
      await db
        .insertInto("jobs")
        .values([...old, ...recent].slice(i, i + 500))
        .execute();
    const [summary] = await observedCompletionTimes("c3", { db });
    expect(summary?.maxMs).toBe(60_000);
  });
});
