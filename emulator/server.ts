import { mkdirSync } from "node:fs";
import { type Server, createServer } from "node:http";
import { type AddressInfo } from "node:net";
import path from "node:path";
import { handleClientError } from "./http/client-error";
import { createRequestListener } from "./http/pipeline";
import { Router } from "./http/router";
import { FaultInjector, FaultSpecError, type FaultCode } from "./faults";
import { type EmulatorModule, type EmulatorServices } from "./module";
import { jobsModule } from "./jobs";
import { coreModule } from "./ops";
import { type EmulatorOptions, OptionsError, type ResolvedOptions, resolveOptions } from "./options";
import { type S3FaultControl, s3Faults, s3Module } from "./s3";
import { seedDemo } from "./seed/demo";
import { snsModule } from "./sns";
import { applyMigrations, openDatabase } from "./store/database";
import { ArchiveStorage } from "./store/storage";
import { RequestStats } from "./stats";
import { Store } from "./store/store";

/** Node's default, made explicit: larger headers get a 431 JSON error. */
export const MAX_HEADER_SIZE = 16 * 1024;

const KEEP_ALIVE_MS = 65_000;

/**
 * Feature modules, in routing order. SNS closes before jobs, so pending deliveries stop (and are
 * resent after a restart) instead of holding up shutdown.
 */
export const EMULATOR_MODULES: readonly EmulatorModule[] = [coreModule, snsModule, s3Module, jobsModule];

/** Arms test-only failures at run time; throws unless the server was started with `faultInjection`. */
export interface FaultControl {
  failNext(operation: string, code: FaultCode, count?: number): void;
  pending(operation: string): number;
}

export interface RunningEmulator {
  url: string;
  port: number;
  faults: FaultControl;
  /** Test only: S3 operations answering errors after some good calls (needs `faultInjection`). */
  s3Faults: S3FaultControl;
  /** Requests per operation and GetJobOutput ranges served since start, for tests to assert on. */
  stats: RequestStats;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    // In-flight uploads are cut off: their temp files are discarded by the upload handler.
    setTimeout(() => server.closeAllConnections(), 1000).unref();
  });
}

/** The faults given at start, armed once the routes exist (a misspelt operation is an options error). */
function armStartFaults(faults: FaultInjector, resolved: ResolvedOptions): void {
  const armed = resolved.faultInjection?.armed ?? [];
  try {
    for (const { operation, code, count } of armed) faults.failNext(operation, code, count);
  } catch (err) {
    if (err instanceof FaultSpecError) throw new OptionsError(`inject-fault: ${err.message}`);
    throw err;
  }
  if (faults.enabled) {
    const list = armed.map((f) => `${f.operation}=${f.code}:${f.count ?? 1}`).join(", ");
    resolved.log(`fault injection is ON (test only)${list ? `: ${list}` : ""}`);
  }
}

/** Starts the Glacier-compatible server. State lives in `options.dataDir` and survives restarts. */
export async function startEmulator(
  options: EmulatorOptions,
  modules: readonly EmulatorModule[] = EMULATOR_MODULES,
): Promise<RunningEmulator> {
  const resolved = resolveOptions(options);
  mkdirSync(resolved.dataDir, { recursive: true });
  const storage = new ArchiveStorage(resolved.dataDir);
  storage.init();
  const db = openDatabase(path.join(resolved.dataDir, "state.sqlite"));
  const router = new Router();
  const services: EmulatorServices = {
    options: resolved,
    store: new Store(db),
    storage,
    now: () => new Date(),
    log: resolved.log,
    faults: new FaultInjector(
      resolved.faultInjection !== undefined,
      (op) => router.hasOperation(op),
      resolved.log,
    ),
    stats: new RequestStats(),
  };
  try {
    applyMigrations(
      db,
      modules.flatMap((m) => m.migrations),
    );
    if (resolved.seed === "demo") await seedDemo(services);
    for (const feature of modules) feature.register(router, services);
    armStartFaults(services.faults, resolved);

    const server = createServer(
      // Idle keep-alive sockets stay open longer than clients typically wait between calls, so a client
      // rarely reuses a socket the server is just closing (which surfaces as ECONNRESET).
      {
        maxHeaderSize: MAX_HEADER_SIZE,
        requestTimeout: 0,
        keepAliveTimeout: KEEP_ALIVE_MS,
        headersTimeout: KEEP_ALIVE_MS + 1000,
      },
      createRequestListener(router, services, modules),
    );
    server.on("clientError", handleClientError);
    await listen(server, resolved.port, resolved.host);
    const { port } = server.address() as AddressInfo;
    const host = resolved.host.includes(":") ? `[${resolved.host}]` : resolved.host;
    const url = `http://${host}:${port}`;
    for (const feature of modules) feature.listening?.(url, services);
    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      faults: services.faults,
      s3Faults: s3Faults(services),
      stats: services.stats,
      close() {
        closing ??= (async () => {
          await closeServer(server);
          for (const feature of modules) await feature.close?.(services);
          db.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    for (const feature of modules) await feature.close?.(services);
    db.close();
    throw err;
  }
}
