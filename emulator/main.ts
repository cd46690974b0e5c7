import { USAGE, UsageError, parseCliArgs } from "./cli-args";
import { OptionsError } from "./options";
import { startEmulator } from "./server";

/** CLI entry: `npm run emulator -- --port 9090 --data .data/emulator [--seed demo] …` */
async function main(): Promise<void> {
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`thaw-emulator: ${err.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let emulator;
  try {
    emulator = await startEmulator(options);
  } catch (err) {
    if (!(err instanceof OptionsError)) throw err;
    process.stderr.write(`thaw-emulator: ${err.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  process.stdout.write(`Thaw Glacier emulator listening on ${emulator.url}\n`);
  const running = emulator;
  const shutdown = (signal: string) => {
    process.stdout.write(`Received ${signal}, shutting down\n`);
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`thaw-emulator: shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((err: unknown) => {
  process.stderr.write(`thaw-emulator: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
