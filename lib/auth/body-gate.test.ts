import { describe, expect, it } from "vitest";
import { checkRequestBody } from "./body-gate";
import { readBodyLimited } from "./read-body";

const LIMIT = 1024 * 1024;

/** A chunked body: a stream with no Content-Length, sent in 64 KiB pieces; `pulled` counts what was read. */
function chunked(total: number, fill = "x"): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  const piece = new TextEncoder().encode(fill.repeat(64 * 1024));
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const next = piece.subarray(0, Math.min(piece.byteLength, total - sent));
      sent += next.byteLength;
      controller.enqueue(next);
    },
  });
  return { stream, pulled: () => sent };
}

function post(body: BodyInit | ReadableStream<Uint8Array>, headers: Record<string, string>): Request {
  return new Request("http://127.0.0.1/settings/users", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);
}

describe("request body gate", () => {
  it("refuses a chunked server-action body past the limit after reading at most the limit", async () => {
    const { stream, pulled } = chunked(2 * LIMIT);
    const verdict = await checkRequestBody(
      post(stream, { "next-action": "abc", "content-type": "text/plain;charset=UTF-8" }),
      LIMIT,
    );
    expect(verdict).toBe("too-large");
    expect(pulled()).toBeLessThan(LIMIT + 256 * 1024);
  });

  it("refuses a chunked multipart body past the limit, and one to a route without an action header", async () => {
    const multipart = chunked(2 * LIMIT);
    expect(
      await checkRequestBody(
        post(multipart.stream, { "next-action": "abc", "content-type": "multipart/form-data; boundary=b" }),
        LIMIT,
      ),
    ).toBe("too-large");
    const plain = chunked(2 * LIMIT);
    expect(
      await checkRequestBody(post(plain.stream, { "content-type": "application/octet-stream" }), LIMIT),
    ).toBe("too-large");
  });

  it("refuses by Content-Length without reading", async () => {
    const request = new Request("http://127.0.0.1/x", {
      method: "POST",
      body: "small",
      headers: { "content-length": String(LIMIT + 1) },
    });
    expect(await checkRequestBody(request, LIMIT)).toBe("too-large");
  });

  it("passes well-formed action bodies under the limit, leaving the original body readable", async () => {
    const { stream } = chunked(LIMIT - 100, "a");
    const text = post(stream, { "next-action": "abc", "content-type": "text/plain" });
    // Not JSON: malformed, yet within the limit.
    expect(await checkRequestBody(text, LIMIT)).toBe("malformed");
    const args = post(JSON.stringify([{ email: "a@example.com" }]), {
      "next-action": "abc",
      "content-type": "text/plain;charset=UTF-8",
    });
    expect(await checkRequestBody(args, LIMIT)).toBe("ok");
    expect(await args.text()).toBe('[{"email":"a@example.com"}]');
    const form = new FormData();
    form.set("0", JSON.stringify([{ email: "a@example.com" }]));
    const encoded = new Request("http://127.0.0.1/x", { method: "POST", body: form });
    const multipart = post(await encoded.arrayBuffer(), {
      "next-action": "abc",
      "content-type": encoded.headers.get("content-type") ?? "",
    });
    expect(await checkRequestBody(multipart, LIMIT)).toBe("ok");
    expect(
      await checkRequestBody(post("x", { "next-action": "abc", "content-type": "application/json" }), LIMIT),
    ).toBe("malformed");
  });

  it("leaves GET and length-framed non-action bodies alone", async () => {
    expect(await checkRequestBody(new Request("http://127.0.0.1/jobs"), LIMIT)).toBe("ok");
    expect(await checkRequestBody(post("{}", { "content-length": "2" }), LIMIT)).toBe("ok");
  });

  it("reads text up to the limit and no further", async () => {
    expect(await readBodyLimited(post("héllo", {}), 10)).toBe("héllo");
    expect(await readBodyLimited(post(chunked(11).stream, {}), 10)).toBeUndefined();
  });
});
