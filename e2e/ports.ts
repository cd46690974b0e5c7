import { execFileSync } from "node:child_process";

/**
 * Where the shared e2e servers listen: the dashboard, the embedded Glacier server and the SNS spec's capture
 * listener, each on a port the OS gave, so a run never collides with anything else on the machine.
 * Playwright evaluates its config (which imports this module) in the runner before it starts anything: the
 * first evaluation picks the ports and stores them in process.env, which the webServer
 * (scripts/e2e-server.mjs) and every worker inherit, so all of them read the same ports here.
 */

const VARIABLES = {
  app: "THAW_E2E_APP_PORT",
  emulator: "THAW_E2E_EMULATOR_PORT",
  capture: "THAW_E2E_CAPTURE_PORT",
} as const;

/**
 * `count` distinct free 127.0.0.1 ports, synchronously (a config module cannot await): a child process
 * binds them all at once, prints them and releases them. Specs starting servers of their own in a hook
 * use the async `freePort` (tests/free-port.ts) instead.
 */
export function freePortsSync(count: number): number[] {
  const script = `
    const net = require("node:net");
    const bind = () => new Promise((resolve, reject) => {
      const server = net.createServer().once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve(server));
    });
    Promise.all(Array.from({ length: ${count} }, bind)).then((servers) => {
      process.stdout.write(servers.map((s) => s.address().port).join(" "));
      for (const s of servers) s.close();
    });`;
  const ports = execFileSync(process.execPath, ["-e", script], { encoding: "utf8" })
    .trim()
    .split(" ")
    .map(Number);
  if (ports.length !== count || !ports.every((p) => Number.isInteger(p) && p > 0))
    throw new Error(`no free ports: ${ports.join(" ")}`);
  return ports;
}

const missing = Object.values(VARIABLES).filter((name) => !process.env[name]);
if (missing.length > 0) {
  const ports = freePortsSync(missing.length);
  missing.forEach((name, i) => (process.env[name] = String(ports[i])));
}

function portOf(name: string): number {
  const port = Number(process.env[name]);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535)
    throw new Error(`${name} is not a port: ${process.env[name]}`);
  return port;
}

export const APP_PORT = portOf(VARIABLES.app);
/** The shared dashboard (Playwright's baseURL). */
export const APP_URL = `http://127.0.0.1:${APP_PORT}`;
/** The embedded Glacier server the shared dashboard's Local Glacier connection points at. */
export const EMULATOR_URL = `http://127.0.0.1:${portOf(VARIABLES.emulator)}`;
/** Where the embedded server delivers the capture topic's notifications (security-sns.spec.ts listens). */
export const CAPTURE_PORT = portOf(VARIABLES.capture);
