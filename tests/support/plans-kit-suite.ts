/**
 * One kit (see plans-kit.ts) shared by a test file: started before its tests, stopped after them.
 * Apart from plans-kit.ts because that module is loaded outside vitest too (bench/plans.ts).
 */
import { afterAll, beforeAll } from "vitest";
import { type EmulatorOptions } from "@/emulator/options";
import { type Kit, startKit } from "./plans-kit";

/**
 * The returned kit reads through to the started one, so a file can name it at the top level and use it
 * inside tests; touching it before `beforeAll` has run throws.
 */
export function kitForFile(count: number, emulatorOptions: Partial<EmulatorOptions> = {}): Kit {
  let started: Kit | undefined;
  beforeAll(async () => {
    started = await startKit(count, emulatorOptions);
  });
  afterAll(async () => {
    await started?.stop();
  });
  const current = (): Kit => {
    if (!started) throw new Error("the kit is used before beforeAll started it");
    return started;
  };
  return new Proxy({} as Kit, { get: (_, key) => Reflect.get(current(), key) as unknown });
}
