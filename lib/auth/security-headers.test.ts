import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  bodyLimitFor,
  contentSecurityPolicy,
  EMPTY_STYLE_HASH,
  isPublicPath,
  newNonce,
  securityHeaders,
  SONNER_STYLE_HASH,
} from "./security-headers";

/** The stylesheet the installed sonner inserts: the string literal its bundle passes to __insertCSS. */
function sonnerStylesheet(): string {
  const entry = createRequire(import.meta.url).resolve("sonner");
  const source = readFileSync(path.join(path.dirname(entry), "index.mjs"), "utf8");
  const literal = /__insertCSS\(("(?:[^"\\]|\\.)*")\);/.exec(source)?.[1];
  if (!literal) throw new Error("sonner no longer inserts its stylesheet with __insertCSS: review the CSP");
  return JSON.parse(literal) as string;
}

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

  it("allows style elements only with the nonce or as sonner's sheet, style attributes always", () => {
    const directives = contentSecurityPolicy({ nonce: "abc", production: true }).split("; ");
    expect(directives).toContain(
      `style-src-elem 'self' 'nonce-abc' '${SONNER_STYLE_HASH}' '${EMPTY_STYLE_HASH}'`,
    );
    expect(directives).toContain("style-src-attr 'unsafe-inline'");
    expect(directives.filter((d) => d.includes("unsafe-inline"))).toEqual(["style-src-attr 'unsafe-inline'"]);
    expect(contentSecurityPolicy({ nonce: "abc", production: false })).toContain(
      "style-src 'self' 'unsafe-inline'",
    );
  });

  it("has the hash of the stylesheet the installed sonner inserts", () => {
    const digest = createHash("sha256").update(sonnerStylesheet(), "utf8").digest("base64");
    expect(SONNER_STYLE_HASH).toBe(`sha256-${digest}`);
    expect(EMPTY_STYLE_HASH).toBe(`sha256-${createHash("sha256").update("").digest("base64")}`);
  });

  it("sends HSTS in production only, and always nosniff", () => {
    expect(securityHeaders({ nonce: "n", production: true })["Strict-Transport-Security"]).toMatch(
      /max-age=\d+/,
    );
    expect(securityHeaders({ nonce: "n", production: false })["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders({ nonce: "n", production: false })["X-Content-Type-Options"]).toBe("nosniff");
  });

  it("makes a fresh unguessable nonce per call", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9+/]{24}$/);
  });

  it("lists only sign-in, health and SNS as public", () => {
    for (const p of ["/sign-in", "/sign-in/sso", "/sign-in/sso/callback", "/api/health", "/api/sns"])
      expect(isPublicPath(p)).toBe(true);
    for (const p of ["/", "/sign-in-x", "/api/sns/x", "/api/jobs/1/output", "/audit", "/settings/users"])
      expect(isPublicPath(p)).toBe(false);
    expect(bodyLimitFor("/api/sns")).toBe(262_144);
    expect(bodyLimitFor("/jobs/new/archive")).toBe(1_048_576);
  });
});
