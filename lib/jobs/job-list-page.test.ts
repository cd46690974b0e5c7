import { randomUUID } from "node:crypto";
import { type Kysely } from "kysely";
import { expect, it } from "vitest";
import { type Database } from "@/lib/db";
import { DEFAULT_PRICING } from "@/lib/glacier/pricing";
import { describeEachDialect } from "@/tests/support/db";
import {
  decodeCursor,
  encodeCursor,
  type JobListFilter,
  type JobPage,
  type JobPageCursor,
  listJobPage,
  listJobVaults,
} from "./job-list-page";

/** The jobs list paged in the database: every job exactly once, whichever way and however filtered. */

const JOBS = 10_050;
const VAULTS = ["alpha", "beta", "gamma"];
const NOW = Date.parse("2026-12-07T12:00:00.000Z");
const ALL: JobListFilter = { status: "all", type: "all", vault: "", q: "" };

/** Jobs in groups of 7 sharing one created_at (ties the id must order), a third of them finished. */
async function seed(db: Kysely<Database>, connectionId: string): Promise<void> {
  const rows = Array.from({ length: JOBS }, (_, i) => {
    const created = new Date(NOW - 60_000 * Math.floor(i / 7)).toISOString();
    const done = i % 3 === 0;
    return {
      id: randomUUID(),
      connection_id: connectionId,
      idempotency_key: null,
      vault_name: VAULTS[i % VAULTS.length] ?? "alpha",
      job_type: "archive-retrieval" as const,
      glacier_job_id: `job-${i}`,
      location: null,
      output_path: null,
      parameters: "{}",
      archive_id: `archive-${i}`,
      tier: "Bulk",
      description: i % 100 === 0 ? `nightly_backup ${i}` : null,
      estimate: null,
      submission_status: "submitted" as const,
      submission_error: null,
      submitted_by: null,
      status_code: done ? "Succeeded" : "InProgress",
      status_message: null,
      glacier_creation_date: created,
      completion_date: done ? created : null,
      size_bytes: 1000,
      sha256_tree_hash: null,
      last_described_at: null,
      created_at: created,
      updated_at: created,
    };
  });
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto("jobs")
      .values(rows.slice(i, i + 500))
      .execute();
}

async function walk(
  db: Kysely<Database>,
  connectionId: string,
  filter: JobListFilter,
  direction: "older" | "newer",
  from: JobPageCursor | null = null,
): Promise<{ keys: string[]; pages: number; last: JobPage }> {
  const keys: string[] = [];
  let cursor = from;
  let pages = 0;
  for (;;) {
    const page = await listJobPage(
      connectionId,
      {
        filter,
        [direction]: cursor,
        now: NOW,
        expiringWithinMs: 6 * 3_600_000,
      },
      { db, pricing: DEFAULT_PRICING },
    );
    pages++;
    keys.push(...(direction === "older" ? page.rows : [...page.rows].reverse()).map((r) => r.key));
    cursor = page[direction];
    if (!cursor) return { keys, pages, last: page };
  }
}

describeEachDialect("jobs list paging", (dialect) => {
  it("returns every one of 10 050 jobs exactly once, newest first and back again", async () => {
    const { db } = await dialect.open();
    const connectionId = randomUUID();
    await seed(db, connectionId);

    const down = await walk(db, connectionId, ALL, "older");
    expect(down.pages).toBe(Math.ceil(JOBS / 200));
    expect(new Set(down.keys).size).toBe(JOBS);
    expect(down.keys).toHaveLength(JOBS);

    // From the oldest page back up through "Newer": the same jobs, in the same order reversed.
    const oldest = down.last.rows.at(-1);
    const start = oldest ? { createdAt: oldest.recordedAt, key: oldest.key } : null;
    const up = await walk(db, connectionId, ALL, "newer", start);
    expect([oldest?.key, ...up.keys]).toEqual([...down.keys].reverse());

    expect(await listJobVaults(connectionId, { db })).toEqual(VAULTS);
  });

  it("pages a filtered list in the database: vault, status and words", async () => {
    const { db } = await dialect.open();
    const connectionId = randomUUID();
    await seed(db, connectionId);
    const inBeta = await walk(db, connectionId, { ...ALL, vault: "beta", status: "in-progress" }, "older");
    const expected = Array.from({ length: JOBS }, (_, i) => i).filter((i) => i % 3 === 1 && i % 3 !== 0);
    expect(new Set(inBeta.keys).size).toBe(expected.length);
    expect(inBeta.keys).toHaveLength(expected.length);

    // `_` is a literal underscore, not LIKE's any-character.
    const nightly = await walk(db, connectionId, { ...ALL, q: "NIGHTLY_backup" }, "older");
    expect(nightly.keys).toHaveLength(Math.ceil(JOBS / 100));
    const none = await walk(db, connectionId, { ...ALL, q: "nightlyxbackup" }, "older");
    expect(none.keys).toEqual([]);
  });

  it("reads cursors back and refuses what is not one", () => {
    const cursor = { createdAt: "2026-12-07T12:00:00.000Z", key: randomUUID() };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor("garbage")).toBeNull();
    expect(decodeCursor("not-a-date~key")).toBeNull();
    expect(decodeCursor("")).toBeNull();
  });
});
