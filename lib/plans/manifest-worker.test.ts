import { CompiledQuery } from "kysely";
import { describe, expect, it } from "vitest";
import { describePostgres } from "@/tests/support/db";
import { startQueryWorker } from "./manifest-worker";

describe("the manifest's query worker", () => {
  it("rejects when its connection cannot be made (the caller then reads in its own thread)", async () => {
    // Port 1 on the loopback: nothing listens, the connection is refused at once.
    await expect(startQueryWorker("postgres://thaw@127.0.0.1:1/none")).rejects.toThrow(/ECONNREFUSED/);
  });
});

describePostgres("the manifest's query worker on PostgreSQL", (target) => {
  it("answers queries in order, reports a failed one, and ends its connection when closed", async () => {
    const url = target.options().databaseUrl ?? "";
    const worker = await startQueryWorker(url);
    const first = worker.rows(CompiledQuery.raw("select $1::int + 1 as n", [1]));
    const second = worker.rows(CompiledQuery.raw("select 'two' as s"));
    expect(await first).toEqual([{ n: 2 }]);
    expect(await second).toEqual([{ s: "two" }]);
    await expect(worker.rows(CompiledQuery.raw("select * from no_such_table"))).rejects.toThrow(
      /no_such_table/,
    );
    await worker.close();
  });
});
