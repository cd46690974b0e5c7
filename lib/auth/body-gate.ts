import { checkActionForm, checkActionText } from "./action-body";
import { readBytesLimited } from "./read-body";

/**
 * What proxy.ts does with a request body before Next sees it: too large (by Content-Length, or by
 * counting the stream when a chunked body declares none), a server-action body Next would choke on
 * (see action-body.ts), or fine. Only a copy is read, and only up to the limit, so nothing is buffered
 * past it; route handlers that read bodies (/api/sns) still bound their own read.
 */

export type BodyVerdict = "ok" | "too-large" | "malformed";

function declaredTooLarge(request: Request, limit: number): boolean {
  const length = request.headers.get("content-length");
  if (length === null) return false;
  const bytes = Number(length);
  return !Number.isFinite(bytes) || bytes > limit;
}

const isServerAction = (request: Request) => request.method === "POST" && request.headers.has("next-action");

async function actionBodyOk(type: string, bytes: Uint8Array<ArrayBuffer>): Promise<boolean> {
  if (type.startsWith("multipart/form-data")) {
    const form = await new Response(bytes, { headers: { "content-type": type } })
      .formData()
      .catch(() => undefined);
    return form !== undefined && checkActionForm(form).ok;
  }
  if (!type.startsWith("text/plain") && type !== "") return false;
  const text = new TextDecoder("utf-8", { fatal: true });
  try {
    return checkActionText(text.decode(bytes)).ok;
  } catch {
    return false;
  }
}

export async function checkRequestBody(request: Request, limit: number): Promise<BodyVerdict> {
  if (request.method === "GET" || request.method === "HEAD") return "ok";
  if (declaredTooLarge(request, limit)) return "too-large";
  const action = isServerAction(request);
  // With a Content-Length, Node's parser already holds the body to it: only actions need reading.
  if (!action && request.headers.has("content-length")) return "ok";
  if (!request.body) return "ok";
  const bytes = await readBytesLimited(request.clone(), limit);
  if (bytes === undefined) return "too-large";
  if (!action) return "ok";
  return (await actionBodyOk(request.headers.get("content-type") ?? "", bytes)) ? "ok" : "malformed";
}
