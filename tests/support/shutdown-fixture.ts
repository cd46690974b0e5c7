/**
 * The child process of shutdown.test.ts (run with tsx and the react-server condition): a process
 * told to stop by a real signal.
 *   next <graceMs> <stopMs|hang>: a stand-in for Next's own exit listener, registered first, then a
 *     `stop` that takes stopMs (or never ends);
 *   alone: no other listener;
 *   worker <json>: a real plan worker on the test's database and emulator, as lib/startup.ts wires it
 *     (`options` in the JSON: more tick options, e.g. a copy test's chunk size and budget).
 * Each line it prints is a step, so the test can tell their order.
 */
import { type AccountTarget } from "@/lib/aws/vaults";
import { type DatabaseOptions } from "@/lib/db";
import { runBeforeExitSignals, type TickOptions } from "@/lib/plans";

const say = (line: string) => process.stdout.write(`${line}\n`);
const [mode = "", first = "", second = ""] = process.argv.slice(2);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  if (mode === "worker") {
    const { createDatabase } = await import("@/lib/db");
    const { createPlanWorker } = await import("@/lib/plans");
    const setup = JSON.parse(first) as {
      database: DatabaseOptions;
      target: AccountTarget;
      owner: string;
      options?: TickOptions;
    };
    const { db } = await createDatabase(setup.database);
    const worker = createPlanWorker({
      db,
      owner: setup.owner,
      tickMs: 20,
      resolveTarget: () => Promise.resolve(setup.target),
      checkIntervalMs: { min: 0, max: 0 },
      ...setup.options,
    });
    runBeforeExitSignals(async () => {
      await worker.stop({ graceMs: 3_000 });
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
