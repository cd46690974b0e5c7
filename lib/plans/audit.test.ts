import { expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { createPlan } from "./create";
import {
  importKitInventory,
  planForm,
  retrievalsPerArchive,
  runUntil,
  syntheticInventory,
  tickOptions,
} from "@/tests/support/plans-kit";
import { kitForFile } from "@/tests/support/plans-kit-suite";

const CREATOR = "alice@example.com";
const ARCHIVES = 4;
// 2 Expedited retrievals per 5 simulated minutes (1 s real): some InitiateJobs are refused (and audited) first.
const kit = kitForFile(ARCHIVES, { timeScale: 300, expeditedCapacity: 2 });

type Details = {
  plan?: { id?: string; archiveId?: string; attempt?: number };
  parameters?: { ArchiveId?: string; Tier?: string };
  estimate?: { totalUsd?: number } | null;
  result?: { kind?: string; code?: string | null; jobId?: string };
};

describeEachDialect("the plan worker's InitiateJobs in the audit log", (dialect) => {
  it("records every InitiateJob sent, accepted or refused, once, as the plan's creator with the plan id", async () => {
    const { db } = await dialect.open();
    // One listed archive the vault does not have: its InitiateJob is refused for good.
    const ghost = {
      archiveId: `${kit.archives[0]?.archiveId.slice(0, -4) ?? ""}GONE`,
      description: "",
      size: 10,
      bytes: Buffer.alloc(10),
    };
    const inventoryId = await importKitInventory(
      kit,
      db,
      syntheticInventory(kit.vaultName, [...kit.archives, ghost]),
    );
    const options = tickOptions(kit, db);
    const plan = await createPlan(
      { target: kit.target, form: planForm(kit, inventoryId, { maxInFlight: 10 }), createdBy: CREATOR },
      options,
    );
    const settled = await runUntil(plan.id, options, (p) => p.counts.pending === 0);
    expect(settled.counts.failed).toBe(1);

    const rows = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "job.initiate")
      .where("connection_id", "=", kit.target.id)
      .execute();
    const entries = rows
      .map((r) => ({ ...r, parsed: JSON.parse(r.details) as Details }))
      .filter((r) => r.parsed.plan?.id === plan.id);
    expect(entries.length).toBe(rows.filter((r) => r.details.includes(plan.id)).length);
    expect(entries.every((e) => e.actor_email === CREATOR)).toBe(true);
    expect(
      entries.every(
        (e) => e.parsed.parameters?.Tier === "Expedited" && (e.parsed.estimate?.totalUsd ?? 0) > 0,
      ),
    ).toBe(true);

    // Accepted: exactly one row per job Glacier lists for the plan, naming that job.
    const accepted = entries.filter((e) => e.outcome === "success");
    const jobs = await retrievalsPerArchive(kit, plan.id);
    expect(accepted).toHaveLength(ARCHIVES);
    expect([...jobs.values()].reduce((s, n) => s + n, 0)).toBe(ARCHIVES);
    expect(new Set(accepted.map((e) => e.parsed.plan?.archiveId))).toEqual(new Set(jobs.keys()));
    expect(accepted.every((e) => e.target === e.parsed.result?.jobId)).toBe(true);

    // Refused: the missing archive, and the capacity refusals the plan backed off from.
    const refused = entries.filter((e) => e.outcome === "failure");
    expect(
      refused.filter((e) => e.parsed.plan?.archiveId === ghost.archiveId).map((e) => e.parsed.result?.code),
    ).toEqual(["ResourceNotFoundException"]);
    expect(refused.some((e) => e.parsed.result?.code === "InsufficientCapacityException")).toBe(true);
    expect(refused.every((e) => e.target === kit.vaultName)).toBe(true);
  });
});
