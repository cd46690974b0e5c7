/**
 * What a job's review step shows, each ready to copy: the exact InitiateJob HTTP request
 * (glacier-api.md §2.3: `POST /{accountId}/vaults/{vault}/jobs` with the flat JobParameters JSON as
 * body), the equivalent `aws glacier initiate-job` command and the boto3 call. Pure and isomorphic.
 */

import { type JobParametersBody } from "./schemas/job-common";

export type CommandTarget = {
  vaultName: string;
  /** "-" (the signing account, the default) or the 12-digit id. */
  accountId?: string | undefined;
  region?: string | undefined;
  /** A non-AWS endpoint (the embedded server, a VPC endpoint); null for AWS's own. */
  endpoint?: string | null | undefined;
};

export type InitiateJobRequest = {
  method: "POST";
  path: string;
  headers: [string, string][];
  body: string;
};

const GLACIER_VERSION = "2012-06-01";

function endpointUrl(target: CommandTarget): URL | undefined {
  if (!target.endpoint) return undefined;
  try {
    return new URL(target.endpoint);
  } catch {
    return undefined;
  }
}

export function initiateJobRequest(params: JobParametersBody, target: CommandTarget): InitiateJobRequest {
  const endpoint = endpointUrl(target);
  const prefix = endpoint ? endpoint.pathname.replace(/\/+$/, "") : "";
  const account = encodeURIComponent(target.accountId ?? "-");
  const body = JSON.stringify(params, null, 2);
  return {
    method: "POST",
    path: `${prefix}/${account}/vaults/${encodeURIComponent(target.vaultName)}/jobs`,
    headers: [
      ["Host", endpoint ? endpoint.host : `glacier.${target.region ?? "us-east-1"}.amazonaws.com`],
      ["x-amz-glacier-version", GLACIER_VERSION],
      ["Content-Type", "application/json"],
      ["Content-Length", String(new TextEncoder().encode(body).length)],
    ],
    body,
  };
}

/** The request as HTTP/1.1 text; the signing headers are named, since they differ on every send. */
export function formatHttpRequest(request: InitiateJobRequest): string {
  return [
    `${request.method} ${request.path} HTTP/1.1`,
    ...request.headers.map(([name, value]) => `${name}: ${value}`),
    "X-Amz-Date: <time of sending>",
    "Authorization: AWS4-HMAC-SHA256 Credential=<access key>/<date>/<region>/glacier/aws4_request, SignedHeaders=…, Signature=…",
    "",
    request.body,
  ].join("\n");
}

const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** POSIX-shell quoting: bare when safe, else single quotes with `'` written as `'\''`. */
export function shellQuote(value: string): string {
  if (value !== "" && SHELL_SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * `--name value`, or `--name=value` when the value starts with "-": the CLI's argument parser
 * would otherwise read the value as an option of its own.
 */
function cliOption(name: string, value: string): string {
  return value.startsWith("-") ? `--${name}=${shellQuote(value)}` : `--${name} ${shellQuote(value)}`;
}

export function awsCliCommand(params: JobParametersBody, target: CommandTarget): string {
  const endpoint = endpointUrl(target);
  const parts = [
    "aws glacier initiate-job",
    // Always the `=` form: "-" alone is the signing account, and an option parser must not see an option.
    `--account-id=${shellQuote(target.accountId ?? "-")}`,
    cliOption("vault-name", target.vaultName),
    cliOption("job-parameters", JSON.stringify(params)),
    ...(target.region ? [cliOption("region", target.region)] : []),
    ...(endpoint ? [cliOption("endpoint-url", target.endpoint ?? "")] : []),
  ];
  return parts.join(" \\\n  ");
}

/** A Python str literal that reads back as exactly `value` (non-ASCII escaped, so any encoding works). */
export function pythonString(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (char === "\\") out += "\\\\";
    else if (char === '"') out += '\\"';
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else if (code > 0xffff) out += `\\U${code.toString(16).padStart(8, "0")}`;
    else if (code > 0x7e) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += char;
  }
  return `${out}"`;
}

/** A JSON value as a Python literal, objects and lists one member per line. */
export function pythonLiteral(value: unknown, indent = 0): string {
  const pad = "    ".repeat(indent + 1);
  const close = "    ".repeat(indent);
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "None";
  if (typeof value === "string") return pythonString(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${pad}${pythonLiteral(v, indent + 1)},`).join("\n")}\n${close}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return "{}";
    return `{\n${entries.map(([k, v]) => `${pad}${pythonString(k)}: ${pythonLiteral(v, indent + 1)},`).join("\n")}\n${close}}`;
  }
  return "None";
}

export function boto3Call(params: JobParametersBody, target: CommandTarget): string {
  const endpoint = endpointUrl(target);
  const clientArgs = [
    pythonString("glacier"),
    ...(target.region ? [`region_name=${pythonString(target.region)}`] : []),
    ...(endpoint ? [`endpoint_url=${pythonString(target.endpoint ?? "")}`] : []),
  ];
  return [
    "import boto3",
    "",
    `glacier = boto3.client(${clientArgs.join(", ")})`,
    "response = glacier.initiate_job(",
    `    accountId=${pythonString(target.accountId ?? "-")},`,
    `    vaultName=${pythonString(target.vaultName)},`,
    `    jobParameters=${pythonLiteral(params, 1)},`,
    ")",
    'print(response["jobId"], response["location"])',
  ].join("\n");
}
