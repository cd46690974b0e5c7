import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { freePort } from "./free-port";

/**
 * Starts one throwaway PostgreSQL 15 cluster per vitest run (trust auth on 127.0.0.1, a free port,
 * fsync off, a temp dir) and hands its URL to the suites as `inject("postgresUrl")`. Suites create
 * their own database in it. THAW_TEST_SKIP_POSTGRES=1 provides "" and the PostgreSQL suites skip.
 */

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

const BINARIES = ["initdb", "pg_ctl", "postgres"] as const;

// Test tooling, not the app: lib/config.ts does not cover these two.
const { THAW_TEST_SKIP_POSTGRES, PATH = "" } = process.env;

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  if (THAW_TEST_SKIP_POSTGRES === "1") {
    project.provide("postgresUrl", "");
    return undefined;
  }
  const missing = BINARIES.filter((bin) => !onPath(bin));
  if (missing.length > 0) {
    throw new Error(
      `PostgreSQL test cluster: ${missing.join(", ")} not found on PATH. Install PostgreSQL 15 ` +
        "(e.g. apt-get install postgresql-15 and link /usr/lib/postgresql/15/bin/* into /usr/local/bin), " +
        "or set THAW_TEST_SKIP_POSTGRES=1 to skip the PostgreSQL suites.",
    );
  }
  const started = performance.now();
  const cluster = await startCluster();
  console.log(
    `PostgreSQL test cluster ready in ${Math.round(performance.now() - started)} ms at ${cluster.url}`,
  );
  project.provide("postgresUrl", cluster.url);
  return () => cluster.stop();
}

type Cluster = {
  url: string;
  stop(): void;
  /** Stops the server, keeping its data (a restart test starts it again). */
  pause(): void;
  resume(): void;
};

export async function startCluster(): Promise<Cluster> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "thaw-pg-"));
  const dataDir = path.join(root, "data");
  const owner = clusterOwner();
  if (owner) fs.chownSync(root, owner.uid, owner.gid);
  const run = (args: string[]) => runAs(owner, args);
  try {
    run([
      "initdb",
      "-D",
      dataDir,
      "-U",
      "postgres",
      "--auth=trust",
      "-E",
      "UTF8",
      "--no-locale",
      "--no-sync",
    ]);
    const port = await freePort();
    fs.appendFileSync(
      path.join(dataDir, "postgresql.conf"),
      [
        "listen_addresses = '127.0.0.1'",
        `port = ${port}`,
        "unix_socket_directories = ''",
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
        "max_connections = 200",
        "",
      ].join("\n"),
    );
    const start = () =>
      run(["pg_ctl", "-D", dataDir, "-l", path.join(root, "server.log"), "-w", "-t", "30", "start"]);
    start();
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      pause: () => run(["pg_ctl", "-D", dataDir, "-m", "fast", "-w", "stop"]),
      resume: start,
      stop() {
        try {
          run(["pg_ctl", "-D", dataDir, "-m", "immediate", "-w", "stop"]);
        } finally {
          fs.rmSync(root, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    const log = readIfExists(path.join(root, "server.log"));
    fs.rmSync(root, { recursive: true, force: true });
    throw new Error(
      `PostgreSQL test cluster failed to start: ${String(error)}${log ? `\nserver.log:\n${log}` : ""}`,
    );
  }
}

/** initdb and postgres refuse to run as root; then the cluster belongs to the postgres system user. */
function clusterOwner(): { uid: number; gid: number; user: string } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g"), user: "postgres" };
  } catch {
    throw new Error(
      "PostgreSQL test cluster: running as root needs a 'postgres' system user to own the cluster.",
    );
  }
}

function runAs(owner: { user: string } | undefined, args: string[]): void {
  const [command, ...rest] = owner ? ["runuser", "-u", owner.user, "--", ...args] : args;
  if (!command) throw new Error("no command");
  const result = spawnSync(command, rest, { encoding: "utf8", cwd: os.tmpdir() });
  if (result.error) throw result.error;
  if (result.status !== 0)
    throw new Error(`${args.join(" ")} exited with ${result.status}: ${result.stderr || result.stdout}`);
}

function onPath(binary: string): boolean {
  return PATH.split(path.delimiter).some((dir) => dir !== "" && isExecutable(path.join(dir, binary)));
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function readIfExists(file: string): string {
  try {
    return fs.readFileSync(file, "utf8").slice(-4000);
  } catch {
    return "";
  }
}
