import { parseArgs } from "node:util";
import { DEFAULTS, type EmulatorOptions } from "./options";

export class UsageError extends Error {}

export const USAGE = `Usage: npm run emulator -- [options]

  --port <n>                 port to listen on (default ${DEFAULTS.port}; 0 = any free port)
  --host <addr>              address to bind (default ${DEFAULTS.host})
  --data <dir>               data directory (default ${DEFAULTS.dataDir})
  --seed demo                create the demo vaults if the data directory is empty
  --time-scale <x>           speed up simulated job timing (default ${DEFAULTS.timeScale})
  --access-key-id <id>       accepted access key id (default ${DEFAULTS.accessKeyId})
  --secret-access-key <key>  its secret (default ${DEFAULTS.secretAccessKey})
  --no-auth                  accept requests without checking signatures
  --account-id <12 digits>   account id in ARNs and Location headers (default ${DEFAULTS.accountId})
  --help                     show this help`;

function integer(name: string, raw: string): number {
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number, got '${raw}'`);
  return Number(raw);
}

/** Parses the CLI flags into startEmulator options; throws UsageError with a readable message. */
export function parseCliArgs(argv: readonly string[]): EmulatorOptions | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        data: { type: "string" },
        seed: { type: "string" },
        "time-scale": { type: "string" },
        "access-key-id": { type: "string" },
        "secret-access-key": { type: "string" },
        "no-auth": { type: "boolean" },
        "account-id": { type: "string" },
        help: { type: "boolean" },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) return "help";
  if (values.seed !== undefined && values.seed !== "demo")
    throw new UsageError(`--seed accepts only 'demo', got '${values.seed}'`);
  const timeScale = values["time-scale"];
  if (timeScale !== undefined && !(Number(timeScale) > 0)) {
    throw new UsageError(`--time-scale must be a positive number, got '${timeScale}'`);
  }
  const keyId = values["access-key-id"];
  const secret = values["secret-access-key"];
  if ((keyId === undefined) !== (secret === undefined)) {
    throw new UsageError("--access-key-id and --secret-access-key must be given together");
  }
  return {
    dataDir: values.data ?? DEFAULTS.dataDir,
    host: values.host,
    port: values.port === undefined ? undefined : integer("port", values.port),
    seed: values.seed === "demo" ? "demo" : undefined,
    timeScale: timeScale === undefined ? undefined : Number(timeScale),
    accessKeyId: keyId,
    secretAccessKey: secret,
    auth: !values["no-auth"],
    accountId: values["account-id"],
  };
}
