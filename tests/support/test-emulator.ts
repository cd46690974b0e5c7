/** For test files that share one embedded Glacier server across all their tests. */
import { afterAll, beforeAll } from "vitest";
import { type EmulatorOptions } from "@/emulator/options";
import { startTestEmulator, type TestEmulator } from "@/emulator/testing/harness";

/**
 * Starts an emulator before the file's tests and stops it after them. The returned object reads
 * through to the running emulator, so it can be held at module level before `beforeAll` has run;
 * setup that needs the server (a vault, an archive) goes in a `beforeAll` registered after this call.
 */
export function sharedTestEmulator(options: Partial<EmulatorOptions> = {}): TestEmulator {
  let started: TestEmulator | undefined;
  beforeAll(async () => {
    started = await startTestEmulator(options);
  });
  afterAll(() => started?.stop());
  const running = (): TestEmulator => {
    if (!started) throw new Error("the test emulator is used before beforeAll has started it");
    return started;
  };
  return {
    get emulator() {
      return running().emulator;
    },
    get client() {
      return running().client;
    },
    get dataDir() {
      return running().dataDir;
    },
    restart: () => running().restart(),
    stop: () => running().stop(),
  };
}
