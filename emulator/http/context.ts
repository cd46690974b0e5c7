import { type IncomingMessage, type ServerResponse } from "node:http";
import { type EmulatorServices } from "../module";
import { missingHeader } from "./errors";

/** Everything a route handler needs; built once per request by the pipeline. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  operation: string;
  /** Decoded path parameters, e.g. `vaultName`. */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** The buffered body for non-streaming routes (empty when none was sent). */
  body: Buffer;
  /** The configured 12-digit account id (`-` in the path resolves to it). */
  accountId: string;
  /** Region from the SigV4 credential scope (default us-east-1 when unsigned). */
  region: string;
  services: EmulatorServices;
}

export function vaultArn(ctx: RequestContext, vaultName: string): string {
  return `arn:aws:glacier:${ctx.region}:${ctx.accountId}:vaults/${vaultName}`;
}

export function vaultPath(ctx: RequestContext, vaultName: string): string {
  return `/${ctx.accountId}/vaults/${vaultName}`;
}

export function param(ctx: RequestContext, name: string): string {
  return ctx.params[name] ?? "";
}

/** A single header value; repeated headers are joined with ", " as Node does for most. */
export function readHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

export function header(ctx: RequestContext, name: string): string | undefined {
  return readHeader(ctx.req, name);
}

export function requiredHeader(ctx: RequestContext, name: string): string {
  const value = header(ctx, name);
  if (value === undefined || value === "") throw missingHeader(name);
  return value;
}
