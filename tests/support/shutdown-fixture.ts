/**
 * The child process of shutdown.test.ts (run with tsx and the react-server condition): a process
 * told to stop by a real signal.
 *   next <graceMs> <stopMs|hang>: a stand-in for Next's own exit listener, registered first, then a
 *     `stop` that takes stopMs (or never ends);
 *   alone: no other listener;
 *   worker <json>: the real task workers running the plans' tasks on the test's database and emulator,
 *     as lib/startup.ts wires them (`options` in the JSON: more plan task options, e.g. a chunk size;
 *     `chunkWriteMs`: each chunk's write reported as a line and made that much slower).
 * Each line it prints is a step, so the test can tell their order.
 */
import path from "node:path";
import { type AccountTarget } from "@/lib/aws/vaults";
import { type DatabaseOptions } from "@/lib/db";
import { type PlanTaskOptions, runBeforeExitSignals } from "@/lib/plans";

const say = (line: string) => process.stdout.write(`${line}\n`);
const [mode = "", first = "", second = ""] = process.argv.slice(2);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// The plan's destination writer, as lib/plans lets a test watch it (its own types are private to it).
type DestinationWriter = Parameters<NonNullable<PlanTaskOptions["watchDestination"]>>[0];
type PartToWrite = Parameters<DestinationWriter["writePart"]>[2];

/** A destination that says which chunk this process writes, and takes `ms` longer over each. */
function reporting(ms: number) {
  return (writer: DestinationWriter): DestinationWriter =>
    Object.assign(Object.create(writer) as DestinationWriter, {
      writePart: async (key: string, handle: string, part: PartToWrite, signal: AbortSignal) => {
        say(`chunk-start ${key} ${part.partNumber}`);
        await sleep(ms);
        const stored = await writer.writePart(key, handle, part, signal);
        say(`chunk-written ${key} ${part.partNumber}`);
        return stored;
      },
    });
}

async function main(): Promise<void> {
  if (mode === "worker") {
    const setup = JSON.parse(first) as {
      database: DatabaseOptions;
      target: AccountTarget;
      options?: PlanTaskOptions;
      /** Print `chunk-start <key> <part>` / `chunk-written …` per chunk, each write taking this long. */
      chunkWriteMs?: number;
      /** THAW_TASK_CONCURRENCY of this process. */
      taskConcurrency?: number;
    };
    // The process's own database is the test's (read by lib/config on first use, after this): the
    // task queue lives there (pg-boss when DATABASE_URL is set, the tasks table of SQLite otherwise).
    if (setup.database.databaseUrl) process.env.DATABASE_URL = setup.database.databaseUrl;
    if (setup.database.sqlitePath) process.env.THAW_DATA_DIR = path.dirname(setup.database.sqlitePath);
    if (setup.taskConcurrency) process.env.THAW_TASK_CONCURRENCY = String(setup.taskConcurrency);
    const { getDatabase } = await import("@/lib/db");
    const { enqueueDrivenPlans, registerPlanTasks } = await import("@/lib/plans");
    const { startTaskWorkers } = await import("@/lib/tasks");
    // One connection for the queue and the tasks, as in the app (two SQLite connections of one
    // process would lock each other out).
    const { db } = await getDatabase();
    const options: PlanTaskOptions = {
      db,
      tickMs: 20,
      resolveTarget: () => Promise.resolve(setup.target),
      checkIntervalMs: { min: 0, max: 0 },
      ...setup.options,
      ...(setup.chunkWriteMs === undefined ? {} : { watchDestination: reporting(setup.chunkWriteMs) }),
    };
    // As lib/startup.ts wires them: the plans' tasks registered, every driven plan's step queued.
    registerPlanTasks(options);
    await enqueueDrivenPlans(options);
    const workers = startTaskWorkers();
    runBeforeExitSignals(async () => {
      await workers.stop({ graceMs: 3_000 });
      say("stopped");
    });
    say("ready");
    return;
  }
  if (mode === "next") {
    process.on("SIGTERM", () => {
      say("next-cleanup");
      process.exit(143);
    });
  }
  runBeforeExitSignals(
    async () => {
      say("stop-begin");
      await (second === "hang" ? new Promise<void>(() => undefined) : sleep(Number(second || 0)));
      say("stop-end");
    },
    { graceMs: Number(first || 5_000), onProblem: (problem) => say(`problem: ${problem}`) },
  );
  setInterval(() => undefined, 1_000);
  say("ready");
}

void main();
