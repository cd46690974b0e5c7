/** For test files that share one embedded Glacier server across all their tests. */
import { afterAll, beforeAll } from "vitest";
import { type EmulatorOptions } from "@/emulator/options";
import { startTestEmulator, type TestEmulator } from "@/emulator/testing/harness";
import { type S3TestEmulator, startS3TestEmulator } from "@/emulator/testing/s3-harness";

/**
 * Starts an emulator before the file's tests and stops it after them. The returned object reads
 * through to the running emulator, so it can be held at module level before `beforeAll` has run;
 * setup that needs the server (a vault, an archive) goes in a `beforeAll` registered after this call.
 */
function sharedEmulator<T extends TestEmulator>(start: () => Promise<T>): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(() => started?.stop());
  // A proxy rather than a copy: restart() replaces the harness's emulator and clients in place.
  return new Proxy({} as T, {
    get(_target, key) {
      if (!started) throw new Error("the test emulator is used before beforeAll has started it");
      const value: unknown = Reflect.get(started, key);
      return typeof value === "function" ? value.bind(started) : value;
    },
  });
}

export const sharedTestEmulator = (options: Partial<EmulatorOptions> = {}): TestEmulator =>
  sharedEmulator(() => startTestEmulator(options));

/** The same, with an S3 client beside the Glacier one. */
export const sharedS3TestEmulator = (options: Partial<EmulatorOptions> = {}): S3TestEmulator =>
  sharedEmulator(() => startS3TestEmulator(options));
