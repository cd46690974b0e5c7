import { describe, expect, it } from "vitest";
import { bodyLimitFor, contentSecurityPolicy, isPublicPath, newNonce, securityHeaders } from "./security-headers";

describe("security headers", () => {
  it("allows scripts only with the nonce, never inline, and forbids framing", () => {
    const csp = contentSecurityPolicy({ nonce: "abc", production: true });
    const scripts = csp.split("; ").find((d) => d.startsWith("script-src")) ?? "";
    expect(scripts).toBe("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(scripts).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(contentSecurityPolicy({ nonce: "abc", production: false })).toContain("'unsafe-eval'");
  });

  it("sends HSTS in production only, and always nosniff", () => {
    expect(securityHeaders({ nonce: "n", production: true })["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    expect(securityHeaders({ nonce: "n", production: false })["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders({ nonce: "n", production: false })["X-Content-Type-Options"]).toBe("nosniff");
  });

  it("makes a fresh unguessable nonce per call", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9+/]{24}$/);
  });

  it("lists only sign-in, health and SNS as public", () => {
    for (const p of ["/sign-in", "/sign-in/sso", "/sign-in/sso/callback", "/api/health", "/api/sns"]) expect(isPublicPath(p)).toBe(true);
    for (const p of ["/", "/sign-in-x", "/api/sns/x", "/api/jobs/1/output", "/audit", "/settings/users"]) expect(isPublicPath(p)).toBe(false);
    expect(bodyLimitFor("/api/sns")).toBe(262_144);
    expect(bodyLimitFor("/jobs/new/archive")).toBe(1_048_576);
  });
});
