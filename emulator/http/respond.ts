import { type ServerResponse } from "node:http";
import { type RequestContext } from "./context";
import { type GlacierError } from "./errors";

type Headers = Readonly<Record<string, string>>;

export function sendJson(ctx: RequestContext, status: number, body: unknown, headers: Headers = {}): void {
  const payload = Buffer.from(JSON.stringify(body), "utf8");
  ctx.res.writeHead(status, {
    ...headers,
    "Content-Type": "application/json",
    "Content-Length": String(payload.length),
  });
  ctx.res.end(payload);
}

/** Bodiless success (201/202/204): IDs travel in headers (glacier-api.md §10.9). */
export function sendEmpty(ctx: RequestContext, status: number, headers: Headers = {}): void {
  ctx.res.writeHead(status, status === 204 ? { ...headers } : { ...headers, "Content-Length": "0" });
  ctx.res.end();
}

export function errorBody(err: GlacierError): Buffer {
  return Buffer.from(JSON.stringify({ code: err.code, message: err.message, type: err.type }), "utf8");
}

/**
 * Writes the JSON error. `closeConnection` is set when the request body was not consumed, so Node closes
 * the socket instead of draining a possibly huge upload.
 */
export function sendError(res: ServerResponse, err: GlacierError, closeConnection: boolean): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const payload = errorBody(err);
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "Content-Length": String(payload.length),
    "x-amzn-ErrorType": err.code,
  };
  if (closeConnection) headers.Connection = "close";
  res.writeHead(err.status, headers);
  res.end(payload);
}
