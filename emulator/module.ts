import { type IncomingMessage, type ServerResponse } from "node:http";
import { type Router } from "./http/router";
import { type Migration } from "./store/database";
import { type Store } from "./store/store";
import { type ArchiveStorage } from "./store/storage";
import { type FaultInjector } from "./faults";
import { type ResolvedOptions } from "./options";
import { type RequestStats } from "./stats";

/** Shared services handed to every operation module. */
export interface EmulatorServices {
  options: ResolvedOptions;
  store: Store;
  storage: ArchiveStorage;
  /** Wall-clock now; one place to change if time is ever simulated. */
  now: () => Date;
  log: (line: string) => void;
  /** Test-only failures the pipeline answers before a handler runs (disabled unless opted in). */
  faults: FaultInjector;
  /** Requests per operation and GetJobOutput ranges served, for tests (RunningEmulator.stats). */
  stats: RequestStats;
}

/**
 * A feature area of the emulator (core vault/archive operations, later jobs). Each brings its own
 * schema migrations and routes, so adding one never touches the others.
 */
export interface EmulatorModule {
  name: string;
  migrations: readonly Migration[];
  register(router: Router, services: EmulatorServices): void;
  /**
   * Optional: take over a request before Glacier routing (e.g. an S3-style read endpoint told apart by
   * its Host or SigV4 service). Return true when the module answered it.
   */
  claimRequest?(req: IncomingMessage, res: ServerResponse, services: EmulatorServices): boolean;
  /** Called once the server listens, with its base URL (e.g. for links in outgoing messages). */
  listening?(url: string, services: EmulatorServices): void;
  /** Stop timers or flush work of this server instance before the database closes. */
  close?(services: EmulatorServices): Promise<void> | void;
}
