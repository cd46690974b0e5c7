import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { directoryPlan, type DirectoryPlan } from "@/tests/support/plan-fixtures";
import { DirectoryDestination } from "./destinations/directory";
import { MANIFEST_HEADER, manifestLines } from "./manifest";
import { MANIFEST_NAME } from "./ordering";
import { PERSON, updateItem } from "./store";

/** RFC 4180, written out here independently of manifest.ts. */
const csv = (value: string | number | null) => {
  const text = value === null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

describeEachDialect("the streamed manifest", (dialect) => {
  let made: DirectoryPlan | undefined;
  afterEach(() => made?.remove());

  it("writes page by page to the destination exactly the CSV of every archive in order, those not reached yet pending without a key", async () => {
    const { db } = await dialect.open();
    // Quotes and commas only in the smallest archives (entriesOf's sizes), so the first page is
    // read again as rows and quoted, and the others are the database's unquoted lines.
    const descriptions = Array.from({ length: 1050 }, (_, i) =>
      (i * 7919) % 100_000 < 5_000 ? `quoted "name", with comma ${i}` : `files/${i}.bin`,
    );
    // 1 000 items written at creation; the last 50 archives are not reached yet (no item, no key).
    made = await directoryPlan(db, descriptions, {}, { firstItems: 1000 });
    const planId = made.plan.id;
    const items = await db.selectFrom("plan_items").selectAll().where("plan_id", "=", planId).execute();
    const verifiedAt = "2030-01-02T03:04:05.000Z";
    for (const item of items.slice(0, 30))
      await updateItem(db, item, { status: "verified", verified_at: verifiedAt }, undefined, PERSON);

    const pages: number[] = [];
    async function* counted() {
      for await (const part of manifestLines(db, planId, { page: 100 })) {
        pages.push(part.length);
        yield part;
      }
    }
    const root = path.join(made.exportRoot, "out");
    await new DirectoryDestination(root, [made.exportRoot]).writeManifestLines(counted());

    const rows = await db
      .selectFrom("plan_items")
      .selectAll()
      .where("plan_id", "=", planId)
      .orderBy("seq")
      .execute();
    expect(rows).toHaveLength(1000);
    const unreached = await db
      .selectFrom("plan_order")
      .select("archive_seq")
      .where("plan_id", "=", planId)
      .where("seq", ">", 1000)
      .orderBy("seq")
      .execute();
    expect(unreached).toHaveLength(50);
    const expected = [
      MANIFEST_HEADER,
      ...rows.map((r) =>
        [r.archive_id, r.object_key, Number(r.size), r.tree_hash, r.status, r.glacier_job_id, r.verified_at]
          .map(csv)
          .join(","),
      ),
      ...unreached.map((o) => {
        const e = made?.entries[Number(o.archive_seq) - 1];
        return `${e?.archiveId},,${e?.size},${e?.treeHash},pending,,`;
      }),
    ].join("\n");
    expect(fs.readFileSync(path.join(root, MANIFEST_NAME), "utf8")).toBe(`${expected}\n`);
    // The header, then 10 pages of at most 100 items and one of the 50 not reached: never the whole manifest at once.
    expect(pages).toHaveLength(12);
    expect(rows.filter((r) => r.status === "verified")).toHaveLength(30);
    const quoted = rows.filter((r) => r.object_key.includes('"')).map((r) => r.seq);
    expect(quoted.length).toBeGreaterThan(10);
    expect(Math.max(...quoted)).toBeLessThanOrEqual(100);
    // Only the manifest is left: the temporary file was renamed into place.
    expect(fs.readdirSync(root)).toEqual([MANIFEST_NAME]);
  });

  it("reads the pages in a worker thread, on a connection of its own, with the same bytes", async () => {
    const { db } = await dialect.open();
    const descriptions = Array.from({ length: 450 }, (_, i) =>
      i % 97 === 0 ? `quoted "name", with comma ${i}` : `files/${i}.bin`,
    );
    made = await directoryPlan(db, descriptions);
    const planId = made.plan.id;
    // Connections named by the worker that were opened since `since` (the server's clock).
    const workerConnections = async (since: string) =>
      Number(
        (
          await sql<{ n: number }>`select count(*) as n from pg_stat_activity
            where application_name = 'thaw manifest' and backend_start >= cast(${since} as timestamptz)`.execute(
            db,
          )
        ).rows[0]?.n,
      );
    // SQLite: this process's threads named by the worker (its connection lives there).
    const workerThreads = () =>
      fs.readdirSync("/proc/self/task").filter((task) => {
        try {
          return fs.readFileSync(`/proc/self/task/${task}/comm`, "utf8").trim() === "thaw manifest";
        } catch {
          return false; // a thread that ended meanwhile
        }
      }).length;
    const read = async (inWorker: boolean) => {
      const postgres = dialect.dialect === "postgres";
      const since = postgres
        ? (await sql<{ t: string }>`select cast(clock_timestamp() as text) as t`.execute(db)).rows[0]?.t
        : undefined;
      const parts: string[] = [];
      const connections: number[] = [];
      for await (const part of manifestLines(db, planId, { page: 100, inWorker })) {
        parts.push(part);
        connections.push(since !== undefined ? await workerConnections(since) : workerThreads());
      }
      return { parts, connections };
    };
    const inWorker = await read(true);
    const here = await read(false);
    expect(inWorker.parts.join("")).toBe(here.parts.join(""));
    // The header and 5 pages of at most 100 items, some with a quoted key (read again as rows).
    expect(inWorker.parts).toHaveLength(6);
    expect(inWorker.parts.join("")).toContain('""name""');
    // The header comes before the worker starts; then one connection of its own (SQLite: in one
    // thread of its own) reads every page.
    expect(inWorker.connections).toEqual([0, 1, 1, 1, 1, 1]);
    expect(here.connections).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
