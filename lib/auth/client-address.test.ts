import { describe, expect, it } from "vitest";
import { addressFromHeaders, FORWARDED_CHAIN_HEADER, separateForwardedFor } from "./client-address";

/** What the app sees: the proxy's output, then Next's `x-forwarded-for ??= socket.remoteAddress`. */
function afterProxy(clientHeaders: Record<string, string>, socketAddress: string): Headers {
  const headers = new Headers(clientHeaders);
  separateForwardedFor(headers);
  if (!headers.has("x-forwarded-for")) headers.set("x-forwarded-for", socketAddress);
  return headers;
}

describe("client address", () => {
  it("is the socket's address when no proxy is trusted, whatever X-Forwarded-For the client sends", () => {
    for (const claimed of ["203.0.113.9", "203.0.113.9, 198.51.100.1", " , ", "10.0.0.1,10.0.0.2,10.0.0.3"]) {
      expect(addressFromHeaders(afterProxy({ "x-forwarded-for": claimed }, "192.0.2.5"), false)).toBe(
        "192.0.2.5",
      );
    }
    expect(addressFromHeaders(afterProxy({}, "192.0.2.5"), false)).toBe("192.0.2.5");
  });

  it("ignores a client-sent copy of the private chain header", () => {
    const headers = afterProxy({ [FORWARDED_CHAIN_HEADER]: "203.0.113.9" }, "192.0.2.5");
    expect(headers.get(FORWARDED_CHAIN_HEADER)).toBeNull();
    expect(addressFromHeaders(headers, true)).toBe("192.0.2.5");
  });

  it("behind a trusted proxy, is the last address that proxy appended", () => {
    const headers = afterProxy({ "x-forwarded-for": "203.0.113.9, 198.51.100.7" }, "10.1.1.1");
    expect(addressFromHeaders(headers, true)).toBe("198.51.100.7");
    expect(addressFromHeaders(headers, false)).toBe("10.1.1.1");
  });

  it("unwraps IPv4-mapped IPv6 and caps the length", () => {
    expect(addressFromHeaders(afterProxy({}, "::ffff:127.0.0.1"), false)).toBe("127.0.0.1");
    expect(addressFromHeaders(afterProxy({}, "::1"), false)).toBe("::1");
    expect(addressFromHeaders(afterProxy({ "x-forwarded-for": "x".repeat(300) }, "::1"), true)).toHaveLength(
      64,
    );
    expect(addressFromHeaders(new Headers(), false)).toBeNull();
  });
});
