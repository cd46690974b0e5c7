import "server-only";

/** Server-sent events from a route handler (stack-notes: one event flushes at a time under next start). */

export type SseSend = (event: string, data: unknown) => void;

const KEEPALIVE_MS = 15_000;

/**
 * A `text/event-stream` response. `setup` starts producing events and returns its cleanup, which
 * runs once when the client goes away or `close` is called.
 */
export function sseResponse(
  signal: AbortSignal,
  setup: (send: SseSend, close: () => void) => () => void,
): Response {
  const encoder = new TextEncoder();
  let cleanup: (() => void) | undefined;
  let keepalive: NodeJS.Timeout | undefined;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(keepalive);
    signal.removeEventListener("abort", finish);
    cleanup?.();
    try {
      controllerRef?.close();
    } catch {
      // The client already went away.
    }
  };
  const write = (text: string) => {
    if (closed || !controllerRef) return;
    try {
      controllerRef.enqueue(encoder.encode(text));
    } catch {
      finish();
    }
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controllerRef = controller;
      keepalive = setInterval(() => write(": keepalive\n\n"), KEEPALIVE_MS);
      signal.addEventListener("abort", finish);
      write("retry: 3000\n\n");
      cleanup = setup((event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`), finish);
      if (signal.aborted) finish();
    },
    cancel() {
      controllerRef = undefined;
      finish();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
