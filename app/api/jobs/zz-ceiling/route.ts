export const runtime = "nodejs";
export const dynamic = "force-dynamic";
const CHUNK = Buffer.alloc(1024 * 1024, 1);
export function GET(): Response {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= 256) return controller.close();
      sent++;
      controller.enqueue(CHUNK);
    },
  }, new ByteLengthQueuingStrategy({ highWaterMark: 4 * 1024 * 1024 }));
  return new Response(stream, { headers: { "Content-Type": "application/octet-stream" } });
}
