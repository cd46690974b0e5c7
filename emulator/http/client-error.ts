import { STATUS_CODES } from "node:http";
import { type Socket } from "node:net";
import { newRequestId } from "../rules/ids";
import { GlacierError } from "./errors";
import { errorBody } from "./respond";

interface ParserError extends Error {
  code?: string;
}

function errorFor(code: string | undefined): GlacierError {
  switch (code) {
    case "HPE_HEADER_OVERFLOW":
      return new GlacierError(431, "RequestHeaderFieldsTooLarge", "Request header fields are too large.");
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return new GlacierError(408, "RequestTimeoutException", "Timed out waiting for the request headers.");
    default:
      return new GlacierError(400, "BadRequest", "Malformed HTTP request.");
  }
}

/**
 * Requests Node rejects before our handler runs (oversize headers, malformed HTTP) still get an
 * AWS-style JSON error instead of Node's bare status line.
 */
export function handleClientError(err: ParserError, socket: Socket): void {
  if (!socket.writable || err.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const error = errorFor(err.code);
  const body = errorBody(error);
  const head = [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? "Bad Request"}`,
    `x-amzn-RequestId: ${newRequestId()}`,
    `x-amzn-ErrorType: ${error.code}`,
    `Date: ${new Date().toUTCString()}`,
    "Content-Type: application/json",
    `Content-Length: ${body.length}`,
    "Connection: close",
  ].join("\r\n");
  socket.end(Buffer.concat([Buffer.from(`${head}\r\n\r\n`, "latin1"), body]));
}
