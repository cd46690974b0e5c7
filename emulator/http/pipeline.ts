import { type IncomingMessage, type ServerResponse } from "node:http";
import { type EmulatorModule, type EmulatorServices } from "../module";
import { newRequestId } from "../rules/ids";
import { authenticate } from "./authenticate";
import { type RequestContext, readHeader } from "./context";
import { accessDenied, badRequest, invalidParameter, missingHeader, toGlacierError } from "./errors";
import { drainBody, readBufferedBody } from "./request-body";
import { sendError } from "./respond";
import { type Router } from "./router";

export const API_VERSION = "2012-06-01";

interface Target {
  rawPath: string;
  rawQuery: string;
  segments: string[];
}

function parseTarget(url: string): Target {
  const q = url.indexOf("?");
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? "" : url.slice(q + 1);
  try {
    const segments = rawPath
      .split("/")
      .filter((s) => s.length > 0)
      .map((s) => decodeURIComponent(s));
    return { rawPath, rawQuery, segments };
  } catch {
    throw badRequest(`Malformed request path: ${rawPath}`);
  }
}

/** `x-amz-glacier-version` is mandatory (glacier-api.md §1.2, §10.5). */
function checkApiVersion(req: IncomingMessage): void {
  const version = readHeader(req, "x-amz-glacier-version");
  if (version === undefined || version === "") throw missingHeader("x-amz-glacier-version");
  if (version !== API_VERSION)
    throw invalidParameter(`Unsupported x-amz-glacier-version: ${version}; use ${API_VERSION}.`);
}

/** `-` means the signer's account; any other value must be the configured 12-digit id. */
function resolveAccount(segment: string, accountId: string): string {
  if (segment === "-" || segment === accountId) return accountId;
  throw accessDenied(`Access denied for account id '${segment}'.`);
}

async function handle(
  router: Router,
  services: EmulatorServices,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
) {
  const method = req.method ?? "GET";
  const target = parseTarget(req.url ?? "/");
  const [accountSegment, ...segments] = target.segments;
  const query = new URLSearchParams(target.rawQuery);
  const match = accountSegment === undefined ? undefined : router.match(method, segments, query);
  if (!match || accountSegment === undefined)
    throw badRequest(`No operation matches ${method} ${target.rawPath}`);

  const streaming = match.route.body === "stream";
  const body = streaming ? Buffer.alloc(0) : await readBufferedBody(req);
  const signed = { method, rawPath: target.rawPath, rawQuery: target.rawQuery, rawHeaders: req.rawHeaders };
  const region = authenticate(services, req, signed, streaming ? "stream" : body);
  checkApiVersion(req);
  const ctx: RequestContext = {
    req,
    res,
    requestId,
    operation: match.route.operation,
    params: match.params,
    query,
    body,
    accountId: resolveAccount(accountSegment, services.options.accountId),
    region,
    services,
  };
  services.stats.count(match.route.operation, "glacier");
  // After authentication: only a request that would have run can use up an injected fault.
  const fault = services.faults.take(match.route.operation);
  if (fault?.kind === "error") throw fault.error;
  if (fault?.kind === "hang") return neverAnswer(res);
  if (fault?.kind === "drop") loseTheAnswer(res);
  await match.route.handler(ctx);
}

/** Test fault: no answer at all; the request ends only when the client (or the server's close) cuts it. */
function neverAnswer(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => res.once("close", () => resolve()));
}

/**
 * Test fault: the handler runs in full (its effects are kept), but whatever it sends is replaced by a
 * destroyed socket, as when an answer is lost on the way back.
 */
function loseTheAnswer(res: ServerResponse): void {
  const drop = () => {
    res.socket?.destroy();
    return true;
  };
  res.write = drop as ServerResponse["write"];
  res.end = ((...args: unknown[]) => {
    drop();
    // Node's callback contract: a handler awaiting `end` (send-file, JSON) must still settle.
    const callback = args.find((a): a is () => void => typeof a === "function");
    callback?.();
    return res;
  }) as ServerResponse["end"];
}

/** The HTTP request listener: every response carries x-amzn-RequestId; every failure is an AWS JSON error. */
export function createRequestListener(
  router: Router,
  services: EmulatorServices,
  modules: readonly EmulatorModule[] = [],
) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (modules.some((m) => m.claimRequest?.(req, res, services) === true)) return;
    const requestId = newRequestId();
    res.setHeader("x-amzn-RequestId", requestId);
    handle(router, services, req, res, requestId).catch(async (err: unknown) => {
      const error = toGlacierError(err);
      // A client that vanished mid-request is routine, not a server fault worth a stack trace.
      if (error.status >= 500 && !req.destroyed) {
        services.log(
          `[${requestId}] ${req.method} ${req.url}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
      }
      // A client still sending a refused body would see a reset instead of the error: read it first,
      // unless it is huge, in which case the connection is closed after the error.
      const drained = await drainBody(req);
      sendError(res, error, !drained);
    });
  };
}
