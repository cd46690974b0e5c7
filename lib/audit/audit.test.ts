import { describe, expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { auditCsvHeader, auditCsvRow, csvField } from "./csv";
import { allAuditRecords, queryAudit } from "./query";
import { parseAuditFilter } from "./search-params";
import { type AuditEntry, recordAudit } from "./record";

describe("audit CSV", () => {
  it("quotes per RFC 4180 and defuses spreadsheet formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", twice')).toBe('"say ""hi"", twice"');
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("-1+2")).toBe("'-1+2");
    expect(csvField(null)).toBe("");
    expect(auditCsvHeader()).toBe(
      "occurred_at,actor,action,outcome,connection_id,target,address,details\r\n",
    );
  });

  it("ignores unknown filter values instead of failing", () => {
    expect(
      parseAuditFilter({ action: "drop table", outcome: ["denied", "x"], from: "yesterday", q: "vault" }),
    ).toEqual({
      action: undefined,
      outcome: "denied",
      actor: undefined,
      q: "vault",
      from: undefined,
      to: undefined,
    });
  });
});

describeEachDialect("audit query", (target) => {
  it("filters by action, outcome, user, text and date, newest first, and pages through everything", async () => {
    const { db } = await target.open();
    const alice = { id: "a", email: "alice@example.com" };
    const bob = { id: "b", email: "bob@example.com" };
    const entries: AuditEntry[] = [
      { action: "auth.sign-in", outcome: "success", actor: alice, target: "alice@example.com" },
      {
        action: "job.initiate",
        outcome: "success",
        actor: bob,
        target: "job-1",
        details: { vault: "photos_2020" },
      },
      {
        action: "job.initiate",
        outcome: "failure",
        actor: alice,
        target: "documents",
        details: { vault: "documents" },
      },
      { action: "auth.sign-in", outcome: "failure", actor: null, target: "mallory@example.com" },
    ];
    // One at a time, in this order: the query answers newest first.
    for (const entry of entries) await recordAudit(entry, { db });

    const all = await queryAudit({}, { limit: 10 }, { db });
    expect(all.map((r) => r.target)).toEqual([
      "mallory@example.com",
      "documents",
      "job-1",
      "alice@example.com",
    ]);
    expect(
      (await queryAudit({ action: "job.initiate" }, { limit: 10 }, { db })).map((r) => r.target),
    ).toEqual(["documents", "job-1"]);
    expect(
      (await queryAudit({ outcome: "failure", actor: "ALICE" }, { limit: 10 }, { db })).map((r) => r.target),
    ).toEqual(["documents"]);
    // "_" is a LIKE wildcard: it must match itself only.
    expect((await queryAudit({ q: "photos_2020" }, { limit: 10 }, { db })).map((r) => r.target)).toEqual([
      "job-1",
    ]);
    expect(await queryAudit({ q: "photosX2020" }, { limit: 10 }, { db })).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await queryAudit({ from: today, to: today }, { limit: 10 }, { db })).toHaveLength(4);
    expect(await queryAudit({ to: "2000-01-01" }, { limit: 10 }, { db })).toHaveLength(0);

    const paged: string[] = [];
    for await (const r of allAuditRecords({}, { db }, 3)) paged.push(r.id);
    expect(paged).toEqual(all.map((r) => r.id));
    const csv = all.map(auditCsvRow).join("");
    expect(csv.split("\r\n")).toHaveLength(5);
  });
});
