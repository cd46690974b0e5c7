import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeDatabase, getDatabase } from "@/lib/db";
import { closeTaskQueue } from "@/lib/tasks";
import { startCluster } from "@/tests/global-setup";
import { describePostgres } from "@/tests/support/db";
import { type Child, runFixture, until } from "@/tests/support/fixture-process";
import {
  importKitInventory,
  planForm,
  retrievalsPerArchive,
  syntheticInventory,
} from "@/tests/support/plans-kit";
import { kitForFile } from "@/tests/support/plans-kit-suite";
import { MIB, uploadArchives } from "@/tests/support/chunk-copies";
import { createPlan } from "./create";
import { getPlan } from "./queries";
import { registerPlanTasks } from "./tasks";

/**
 * Issue #14's Done-when: one plan's chunks copied by three replica processes (each the real task
 * workers on one PostgreSQL and the emulator, pg-boss scheduling), one SIGKILLed mid-chunk, then
 * PostgreSQL itself restarted: the plan finishes, every object verified byte for byte, one Glacier
 * job per archive attempt (counted at the emulator).
 */

const ARCHIVES = 6;
const SIZE = 6 * MIB + 321;
const CHUNKS_PER_ARCHIVE = 7;
const kit = kitForFile(0);

/** Which process wrote which chunk, from the replicas' `chunk-start` / `chunk-written` lines. */
function chunkLines(child: Child, kind: "start" | "written"): string[] {
  return child.lines
    .filter((l) => l.startsWith(`chunk-${kind} `))
    .map((l) => l.split(" ").slice(1).join(" "));
}

const inFlight = (child: Child) => {
  const written = new Set(chunkLines(child, "written"));
  return chunkLines(child, "start").filter((c) => !written.has(c));
};

describePostgres("one plan, three replica processes", () => {
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  let databaseUrl = "";
  // Its own cluster (it is restarted), and this process on the replicas' database and queue, as a
  // fourth replica that creates the plan and runs no worker: set before the first getConfig().
  beforeAll(async () => {
    cluster = await startCluster();
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query("create database replicas");
    await admin.end();
    const url = new URL(cluster.url);
    url.pathname = "/replicas";
    databaseUrl = url.toString();
    process.env.DATABASE_URL = databaseUrl;
    process.env.THAW_LOG_LEVEL = "silent";
  }, 60_000);
  afterAll(async () => {
    await closeTaskQueue();
    await closeDatabase();
    cluster.stop();
  });

  it(
    "shares the chunks, survives a replica SIGKILLed mid-chunk and a PostgreSQL restart: all verified, one job per attempt",
    { timeout: 240_000 },
    async () => {
      const replicas: Child[] = [];
      try {
        const { db } = await getDatabase();
        const archives = await uploadArchives(kit, Array<number>(ARCHIVES).fill(SIZE), 900);
        const inventoryId = await importKitInventory(kit, db, syntheticInventory(kit.vaultName, archives));
        const dir = path.join(kit.exportRoot, "replicas");
        const form = planForm(kit, inventoryId, {
          destination: { kind: "directory", path: dir },
          maxInFlight: ARCHIVES,
        });
        // pg-boss's shortest heartbeat (10 s): a killed replica's chunk is taken back within about
        // that plus a supervise interval. Every process registers the same options (the last one to
        // start sets the queue's heartbeat).
        const planOptions = {
          chunkFloorBytes: MIB,
          copyConcurrency: 6,
          heartbeatSeconds: 10,
          tickMs: 200,
          exportRoots: [kit.exportRoot],
        };
        registerPlanTasks({ db, ...planOptions });
        const setup = JSON.stringify({
          database: { databaseUrl },
          target: kit.target,
          // Each chunk's write takes 800 ms: long enough to be caught in the middle of one, and the
          // copy outlasts an idle replica's 2 s poll. Two tasks at once per replica, six for the plan.
          chunkWriteMs: 800,
          taskConcurrency: 2,
          options: planOptions,
        });
        for (let i = 0; i < 3; i++) replicas.push(runFixture("worker", setup));
        await until(() => replicas.every((r) => r.lines.includes("ready")), 120_000);
        // The plan once all three are up, its first step queued on pg-boss in its creating transaction.
        kit.emulator.emulator.stats.reset();
        const plan = await createPlan({ target: kit.target, form, createdBy: null }, { db, ...planOptions });

        // All three take chunks of the one plan.
        await until(() => replicas.every((r) => chunkLines(r, "written").length > 0), 60_000);
        // One of them is killed while it writes a chunk.
        const [victim] = replicas;
        if (!victim) throw new Error("no replica");
        await until(() => inFlight(victim).length > 0, 30_000);
        victim.process.kill("SIGKILL");
        await victim.exited;
        const lost = inFlight(victim);
        expect(lost.length).toBeGreaterThan(0);

        // Then PostgreSQL is restarted while a survivor writes a chunk (the plan is mid-run): its
        // connections are cut (pg_ctl's fast stop), and it stays away two seconds, so the survivors'
        // polls and settlements fail meanwhile; nothing waits on that pause.
        const survivors = replicas.slice(1);
        const before = survivors.reduce((n, r) => n + chunkLines(r, "written").length, 0);
        await until(
          () =>
            survivors.reduce((n, r) => n + chunkLines(r, "written").length, 0) > before &&
            survivors.some((r) => inFlight(r).length > 0),
          30_000,
        );
        cluster.pause();
        const cutMidChunk = survivors.flatMap(inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        cluster.resume();
        expect(cutMidChunk.length).toBeGreaterThan(0);

        // A pooled connection that died with the server fails its next query once.
        const status = async () => (await getPlan(plan.id, { db }).catch(() => undefined))?.status;
        await until(async () => (await status()) === "completed", 150_000);

        const done = await getPlan(plan.id, { db });
        expect(done?.counts).toMatchObject({ verified: ARCHIVES, failed: 0 });
        const items = await db.selectFrom("plan_items").selectAll().where("plan_id", "=", plan.id).execute();
        const bytes = new Map(archives.map((a) => [a.archiveId, a.bytes]));
        for (const item of items)
          expect(
            fs
              .readFileSync(path.join(dir, item.object_key))
              .equals(bytes.get(item.archive_id) ?? Buffer.alloc(0)),
          ).toBe(true);
        // One InitiateJob per archive (each on its first attempt), as the emulator counted them.
        expect(items.every((i) => i.attempts === 1)).toBe(true);
        expect(kit.emulator.emulator.stats.requests("InitiateJob")).toBe(ARCHIVES);
        expect([...(await retrievalsPerArchive(kit, plan.id)).values()]).toEqual(Array(ARCHIVES).fill(1));
        // Every chunk read; again only those a stopped run (the kill, the restart) had in hand.
        const reads = items.flatMap((i) =>
          kit.emulator.emulator.stats
            .jobOutputReads(i.glacier_job_id ?? "")
            .map((r) => `${i.archive_id}:${r.start}`),
        );
        expect(new Set(reads).size).toBe(ARCHIVES * CHUNKS_PER_ARCHIVE);
        // The killed replica's chunks were taken back by pg-boss (its heartbeat lapsed) and run again:
        // their tasks completed on a retry.
        const seqOf = new Map(items.map((i) => [i.object_key, i.seq]));
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        const { rows: retried } = await client
          .query<{ data: { seq: number; idx: number } }>(
            "select data from pgboss.job where name = 'copy-chunk' and state = 'completed' and retry_count > 0",
          )
          .finally(() => client.end());
        const retriedChunks = new Set(retried.map((r) => `${r.data.seq}:${r.data.idx}`));
        for (const chunk of lost) {
          const [key = "", part = "0"] = chunk.split(" ");
          expect(retriedChunks).toContain(`${seqOf.get(key)}:${Number(part) - 1}`);
        }
        const perReplica = replicas.map((r) => chunkLines(r, "written").length);
        console.log(
          `replicas: chunks written ${perReplica.join(" / ")}; killed mid-chunk ${lost.length}; ` +
            `cut by the restart ${cutMidChunk.length}; reads ${reads.length} for ${ARCHIVES * CHUNKS_PER_ARCHIVE} chunks`,
        );
      } finally {
        for (const r of replicas) r.process.kill("SIGKILL");
        await Promise.all(replicas.map((r) => r.exited));
      }
    },
  );
});
