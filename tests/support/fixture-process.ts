/**
 * The child process of a test (tests/support/shutdown-fixture.ts, run with tsx and the react-server
 * condition), its stdout split into lines, and a wait for a condition. Imported by *.test.ts only.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
const FIXTURE = path.join(ROOT, "tests", "support", "shutdown-fixture.ts");
const TSX = path.join(ROOT, "node_modules", "tsx", "dist", "loader.mjs");

export type Child = {
  process: ChildProcess;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

export function runFixture(...args: string[]): Child {
  return runScript(FIXTURE, ...args);
}

/** Runs another test script (a path under the repository) the same way. */
export function runScript(script: string, ...args: string[]): Child {
  const file = path.resolve(ROOT, script);
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", TSX, file, ...args], {
    cwd: ROOT,
    env: { ...process.env, THAW_LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: string[] = [];
  let buffered = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    lines.push(...parts);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { process: child, lines, exited };
}

export async function until(check: () => boolean | Promise<boolean>, limitMs = 15_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
