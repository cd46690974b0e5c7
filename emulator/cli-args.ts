import { parseArgs } from "node:util";
import { FAULT_CODES, FaultSpecError, parseFaultSpec, type FaultSpec } from "./faults";
import { type S3Limits } from "../lib/glacier/s3-part-size";
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
  --s3-bucket <name>         create this S3 bucket for select output (repeatable)
  --expedited-capacity <n>   shared Expedited retrievals per 5 simulated minutes (default ${DEFAULTS.expeditedCapacity})
  --fail-jobs-matching <re>  jobs whose Description matches this regex fail on completion
  --sns-endpoint <arn>=<url> deliver this SNS topic's messages to an HTTP endpoint (repeatable)
  --sns-signature-version <1|2>  SignatureVersion of delivered SNS messages (default ${DEFAULTS.snsSignatureVersion})
  --min-retention <seconds>  completed jobs stay at least this long in real time (default ${DEFAULTS.minRetentionSeconds})
  --s3-max-parts <n>         TEST ONLY: lower S3's 10 000 parts per upload
  --s3-min-part-size <bytes> TEST ONLY: change S3's 5 MiB minimum part size (all parts but the last)
  --s3-max-part-size <bytes> TEST ONLY: lower S3's 5 GiB maximum part (and PutObject) size
  --s3-max-object-size <bytes>  TEST ONLY: lower S3's 5 TiB maximum object size
  --select-result-part-bytes <bytes>  TEST ONLY: start a new Select result part at this size (default 256 MiB)
  --inject-fault <Op>=<Code>[:<n>]  TEST ONLY: the next n (default 1) calls of operation Op fail with
                             Code (${FAULT_CODES.join(", ")}; ConnectionDropped runs the call and
                             drops its answer, NoAnswer never answers); repeatable
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
        "s3-bucket": { type: "string", multiple: true },
        "expedited-capacity": { type: "string" },
        "fail-jobs-matching": { type: "string" },
        "sns-endpoint": { type: "string", multiple: true },
        "sns-signature-version": { type: "string" },
        "min-retention": { type: "string" },
        "inject-fault": { type: "string", multiple: true },
        "s3-max-parts": { type: "string" },
        "s3-min-part-size": { type: "string" },
        "s3-max-part-size": { type: "string" },
        "s3-max-object-size": { type: "string" },
        "select-result-part-bytes": { type: "string" },
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
  const signatureVersion = values["sns-signature-version"];
  if (signatureVersion !== undefined && signatureVersion !== "1" && signatureVersion !== "2") {
    throw new UsageError(`--sns-signature-version must be 1 or 2, got '${signatureVersion}'`);
  }
  const faults = values["inject-fault"];
  const capacity = values["expedited-capacity"];
  const retention = values["min-retention"];
  const partBytes = values["select-result-part-bytes"];
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
    s3Buckets: values["s3-bucket"],
    expeditedCapacity: capacity === undefined ? undefined : integer("expedited-capacity", capacity),
    failJobsMatching: values["fail-jobs-matching"],
    snsEndpoints: parseSnsEndpoints(values["sns-endpoint"] ?? []),
    snsSignatureVersion: signatureVersion,
    minRetentionSeconds: retention === undefined ? undefined : integer("min-retention", retention),
    faultInjection: faults === undefined ? undefined : { armed: faults.map(parseFault) },
    s3Limits: parseS3Limits(values),
    selectResultPartBytes:
      partBytes === undefined ? undefined : integer("select-result-part-bytes", partBytes),
  };
}

const S3_LIMIT_FLAGS = {
  maxParts: "s3-max-parts",
  minPartSize: "s3-min-part-size",
  maxPartSize: "s3-max-part-size",
  maxObjectSize: "s3-max-object-size",
} as const satisfies Record<keyof S3Limits, string>;

/** The lowered S3 limits given on the command line (the others stay AWS's). */
function parseS3Limits(values: Record<string, unknown>): Partial<S3Limits> {
  const limits: Partial<S3Limits> = {};
  for (const [name, flag] of Object.entries(S3_LIMIT_FLAGS) as [keyof S3Limits, string][]) {
    const raw = values[flag];
    if (typeof raw === "string") limits[name] = integer(flag, raw);
  }
  return limits;
}

function parseFault(text: string): FaultSpec {
  try {
    return parseFaultSpec(text);
  } catch (err) {
    if (err instanceof FaultSpecError) throw new UsageError(`--inject-fault: ${err.message}`);
    throw err;
  }
}

/** `--sns-endpoint arn:aws:sns:…:topic=http://…` (the ARN holds no `=`, so the first one splits). */
function parseSnsEndpoints(entries: readonly string[]): Record<string, string> {
  const endpoints: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf("=");
    if (eq <= 0 || eq === entry.length - 1) {
      throw new UsageError(`--sns-endpoint expects <topicArn>=<url>, got '${entry}'`);
    }
    endpoints[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return endpoints;
}
