/**
 * A replica's task workers in a child process (run by lib/tasks tests with tsx): it takes tasks from
 * the test's PostgreSQL database and hangs in each, so the test can SIGKILL it mid-task.
 * Argument: JSON { databaseUrl, kind: "pg-boss" | "in-process" }. Prints "migrated <the migrations it
 * applied, JSON>", "ready", then "started <taskId> <attempt>" for each task it takes.
 */
import { type TaskKind } from "@/tests/support/tasks";

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const { databaseUrl, kind } = JSON.parse(process.argv[2] ?? "{}") as {
    databaseUrl: string;
    kind: TaskKind;
  };
  const { queueForTest, hangingChunkTask } = await import("@/tests/support/tasks");
  const { createDatabase } = await import("@/lib/db");
  // As a replica starts: Thaw's migrations, then the queue (pg-boss installs its schema).
  const thaw = await createDatabase({ databaseUrl });
  say(`migrated ${JSON.stringify(thaw.applied)}`);
  const { startLocalRunner } = await import("@/lib/tasks/local-runner");
  const definitions = [
    hangingChunkTask((context) => {
      say(`started ${context.taskId} ${context.attempt}`);
    }),
  ];
  const queue = await queueForTest(kind, databaseUrl, definitions);
  startLocalRunner({ queue, worker: `child-${process.pid}`, pollMs: 100 });
  say("ready");
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
