import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";
import { beginOidcSignIn } from "./oidc";

/**
 * Configuration checks, and the authorization URL (PKCE S256, state, nonce, redirect URI) built from a
 * bare local discovery document. The whole flow against a real provider is in oidc-flow.test.ts.
 */

const OIDC_ENV = {
  THAW_OIDC_ISSUER: "https://id.example.com",
  THAW_OIDC_CLIENT_ID: "thaw",
  THAW_OIDC_CLIENT_SECRET: "s3cret",
  THAW_OIDC_REDIRECT_URL: "https://thaw.example.com/sign-in/sso/callback",
};

describe("OIDC configuration", () => {
  it("is off unless every variable is set, and a partial set stops the start naming what is missing", () => {
    expect(parseConfig({}).auth.oidc).toBeUndefined();
    expect(parseConfig(OIDC_ENV).auth.oidc).toMatchObject({
      issuer: "https://id.example.com",
      defaultRole: "viewer",
    });
    const { THAW_OIDC_CLIENT_SECRET: _missing, ...partial } = OIDC_ENV;
    expect(() => parseConfig(partial)).toThrow(ConfigError);
    expect(() => parseConfig(partial)).toThrow(/THAW_OIDC_CLIENT_SECRET/);
    expect(() => parseConfig({ ...OIDC_ENV, THAW_OIDC_DEFAULT_ROLE: "root" })).toThrow(
      /THAW_OIDC_DEFAULT_ROLE/,
    );
  });

  it("needs the first admin's email and password together, and a long password", () => {
    expect(() => parseConfig({ THAW_ADMIN_EMAIL: "a@example.com" })).toThrow(/THAW_ADMIN_PASSWORD/);
    expect(() => parseConfig({ THAW_ADMIN_EMAIL: "a@example.com", THAW_ADMIN_PASSWORD: "short" })).toThrow(
      /THAW_ADMIN_PASSWORD/,
    );
    expect(
      parseConfig({ THAW_ADMIN_EMAIL: "a@example.com", THAW_ADMIN_PASSWORD: "long enough password" }).auth
        .initialAdmin,
    ).toEqual({
      email: "a@example.com",
      password: "long enough password",
    });
  });

  it("makes cookies Secure in production unless told otherwise", () => {
    expect(parseConfig({ NODE_ENV: "production" }).auth.secureCookies).toBe(true);
    expect(parseConfig({ NODE_ENV: "production", THAW_COOKIE_SECURE: "false" }).auth.secureCookies).toBe(
      false,
    );
    expect(parseConfig({ NODE_ENV: "development" }).auth.secureCookies).toBe(false);
  });
});

describe("OIDC authorization redirect (local discovery document)", () => {
  let server: http.Server;
  let issuer = "";
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === "/.well-known/openid-configuration") {
        res.writeHead(200, { "content-type": "application/json" }).end(
          JSON.stringify({
            issuer,
            authorization_endpoint: `${issuer}/authorize`,
            token_endpoint: `${issuer}/token`,
            jwks_uri: `${issuer}/jwks`,
            response_types_supported: ["code"],
            subject_types_supported: ["public"],
            id_token_signing_alg_values_supported: ["RS256"],
            code_challenge_methods_supported: ["S256"],
          }),
        );
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    issuer = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends the browser to the provider with PKCE, state, nonce and the configured redirect URI", async () => {
    const oidc = {
      issuer,
      clientId: "thaw",
      clientSecret: "s3cret",
      redirectUrl: "http://127.0.0.1:3000/sign-in/sso/callback",
      defaultRole: "viewer" as const,
    };
    const { url, pending } = await beginOidcSignIn(oidc, "/jobs");
    expect(`${url.origin}${url.pathname}`).toBe(`${issuer}/authorize`);
    const q = url.searchParams;
    expect(q.get("response_type")).toBe("code");
    expect(q.get("client_id")).toBe("thaw");
    expect(q.get("redirect_uri")).toBe(oidc.redirectUrl);
    expect(q.get("scope")).toBe("openid email profile");
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get("code_challenge")).not.toBe(pending.verifier);
    expect(q.get("state")).toBe(pending.state);
    expect(q.get("nonce")).toBe(pending.nonce);
    expect(q.has("client_secret")).toBe(false);
    expect(pending.next).toBe("/jobs");
    const again = await beginOidcSignIn(oidc, "/");
    expect(again.pending.state).not.toBe(pending.state);
  });
});
