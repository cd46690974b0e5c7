import "server-only";
import * as client from "openid-client";
import { getConfig, type OidcConfig } from "@/lib/config";
import { dbOf, type DbOptions } from "@/lib/db";
import { type SessionUser } from "./sessions";
import { createUser, emailKey, toUser } from "./users";

/**
 * Optional SSO with any OpenID Connect provider (authorization code + PKCE, state and nonce checked
 * by openid-client). Users are matched by issuer + subject; a verified email that matches a local
 * user without SSO links the two; anyone else is created with THAW_OIDC_DEFAULT_ROLE.
 */

export function oidcEnabled(): boolean {
  return getConfig().auth.oidc !== undefined;
}

const discovered = new Map<string, Promise<client.Configuration>>();

/** Discovery once per issuer; a failed discovery is retried on the next sign-in. */
export function oidcClient(oidc: OidcConfig): Promise<client.Configuration> {
  let pending = discovered.get(oidc.issuer);
  if (!pending) {
    const issuer = new URL(oidc.issuer);
    // Plain http only for a provider on this machine (development); anything else must be https.
    const local =
      issuer.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(issuer.hostname);
    pending = client.discovery(
      issuer,
      oidc.clientId,
      oidc.clientSecret,
      undefined,
      local ? { execute: [client.allowInsecureRequests] } : undefined,
    );
    pending.catch(() => discovered.delete(oidc.issuer));
    discovered.set(oidc.issuer, pending);
  }
  return pending;
}

/** What the browser keeps between the redirect and the callback (in a short-lived httpOnly cookie). */
export type OidcPending = { verifier: string; state: string; nonce: string; next: string };

export async function beginOidcSignIn(
  oidc: OidcConfig,
  next: string,
): Promise<{ url: URL; pending: OidcPending }> {
  const config = await oidcClient(oidc);
  const verifier = client.randomPKCECodeVerifier();
  const pending: OidcPending = { verifier, state: client.randomState(), nonce: client.randomNonce(), next };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: oidc.redirectUrl,
    scope: "openid email profile",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url, pending };
}

export type OidcIdentity = {
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  name: string | undefined;
};

/** Exchanges the code (checking state, nonce and PKCE) and returns who signed in. */
export async function completeOidcSignIn(
  oidc: OidcConfig,
  callbackUrl: URL,
  pending: OidcPending,
): Promise<OidcIdentity> {
  const config = await oidcClient(oidc);
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: pending.verifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
  const idToken = tokens.claims();
  if (!idToken) throw new Error("the provider returned no ID token");
  // Conformant providers put scope claims (email, name) in the ID token only when no access token is
  // issued; otherwise they come from UserInfo, which openid-client checks is about the same subject.
  const claims =
    typeof idToken.email === "string"
      ? idToken
      : { ...(await client.fetchUserInfo(config, tokens.access_token, idToken.sub)), sub: idToken.sub };
  const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);
  return {
    subject: `${oidc.issuer}|${idToken.sub}`,
    email: str(claims.email),
    emailVerified: claims.email_verified === true,
    name: str(claims.name) ?? str(claims.preferred_username),
  };
}

/** The Thaw user for an SSO identity: found, linked or created. Undefined when that user is disabled. */
export async function userForIdentity(
  identity: OidcIdentity,
  defaultRole: OidcConfig["defaultRole"],
  options: DbOptions = {},
): Promise<SessionUser | undefined> {
  const db = await dbOf(options);
  let row = await db
    .selectFrom("users")
    .selectAll()
    .where("oidc_subject", "=", identity.subject)
    .executeTakeFirst();
  if (!row && identity.email && identity.emailVerified) {
    const local = await db
      .selectFrom("users")
      .selectAll()
      .where("email_key", "=", emailKey(identity.email))
      .where("oidc_subject", "is", null)
      .executeTakeFirst();
    if (local) {
      await db
        .updateTable("users")
        .set({ oidc_subject: identity.subject, updated_at: new Date().toISOString() })
        .where("id", "=", local.id)
        .execute();
      row = { ...local, oidc_subject: identity.subject };
    }
  }
  if (!row) {
    const email = identity.email ?? `${identity.subject.split("|").pop() ?? "user"}@sso.invalid`;
    const created = await createUser(
      { email, name: identity.name ?? email, role: defaultRole, oidcSubject: identity.subject },
      { db },
    );
    return { id: created.id, email: created.email, name: created.name, role: created.role };
  }
  const user = toUser(row);
  return user.disabled ? undefined : { id: user.id, email: user.email, name: user.name, role: user.role };
}
