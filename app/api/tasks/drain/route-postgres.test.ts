import pg from "pg";
import { beforeAll, expect, it } from "vitest";
import { describePostgres } from "@/tests/support/db";
import { DRAIN_SECRET, drainRouteSuite } from "@/tests/support/drain-route";

describePostgres("POST/GET /api/tasks/drain [pg-boss]", (target) => {
  // Before the first getConfig() (in the first test): this file's module graph sees PostgreSQL.
  beforeAll(() => {
    process.env.DATABASE_URL = target.options().databaseUrl;
    process.env.THAW_WORKER = "external";
    process.env.CRON_SECRET = DRAIN_SECRET;
  });
  drainRouteSuite();

  it("scheduled them on pg-boss (its job table), not on the in-process table", async () => {
    const client = new pg.Client({ connectionString: target.options().databaseUrl });
    await client.connect();
    try {
      const boss = await client.query<{ n: number }>(
        "select count(*)::int as n from pgboss.job where name = 'copy-chunk' and state = 'completed'",
      );
      const table = await client.query<{ n: number }>("select count(*)::int as n from tasks");
      expect([boss.rows[0]?.n, table.rows[0]?.n]).toEqual([30, 0]);
    } finally {
      await client.end();
    }
  });
});
