/**
 * Lets a bench module run on its own (`tsx bench/emulator.ts`) as well as under `npm run bench`: when the
 * module is the process's entry point, runs its bench and prints the figures. No `bench…` export, so
 * bench/run.ts finds nothing to run here.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

export function runWhenInvokedDirectly(
  moduleUrl: string,
  bench: () => Promise<Record<string, number | string>>,
): void {
  const entry = process.argv[1];
  if (entry === undefined || path.resolve(entry) !== fileURLToPath(moduleUrl)) return;
  bench().then(
    (figures) => console.table(figures),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
