import { afterAll, beforeAll, expect, it } from "vitest";
import { type OidcConfig } from "@/lib/config";
import { describeEachDialect } from "@/tests/support/db";
import { beginOidcSignIn, completeOidcSignIn, type OidcPending } from "./oidc";
import { finishOidcSignIn } from "./oidc-sign-in";
import {
  followToCallback,
  startTestIdentityProvider,
  type TestAccount,
  type TestIdentityProvider,
} from "@/tests/support/oidc-provider";
import { resolveSession } from "./sessions";
import { createUser, listUsers, updateUser } from "./users";

/**
 * SSO end to end against a real OpenID Connect provider (oidc-provider on 127.0.0.1): Thaw builds the
 * authorization request, the provider signs the user in and redirects back with a code, Thaw redeems it
 * and checks state, nonce, PKCE, issuer and the ID token's signature.
 */

const REDIRECT = "http://127.0.0.1:3999/sign-in/sso/callback";
const CLIENT = { clientId: "thaw", clientSecret: "thaw-client-secret-0001", redirectUris: [REDIRECT] };

let idp: TestIdentityProvider;
let otherIdp: TestIdentityProvider;
let oidc: OidcConfig;

beforeAll(async () => {
  [idp, otherIdp] = await Promise.all([startTestIdentityProvider(CLIENT), startTestIdentityProvider(CLIENT)]);
  oidc = {
    issuer: idp.issuer,
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    redirectUrl: REDIRECT,
    defaultRole: "operator",
  };
});
afterAll(() => Promise.all([idp.close(), otherIdp.close()]));

/** openid-client reports a failed check as "invalid response" with the reason in `cause`. */
async function refusal(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
  } catch (error) {
    const parts: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause)
      parts.push("error" in e ? `${e.message} (${String(e.error)})` : e.message);
    return parts.join(" ← ");
  }
  throw new Error("expected the sign-in to be refused");
}

let counter = 0;
function newAccount(overrides: Partial<TestAccount> = {}): TestAccount {
  counter += 1;
  return {
    sub: `sub-${counter}-${Date.now()}`,
    email: `sso-${counter}-${Date.now()}@corp.example`,
    name: `SSO Person ${counter}`,
    ...overrides,
  };
}

/** Thaw's redirect, the provider's sign-in, and the redirect back: the callback query and what the cookie held. */
async function authorize(
  account: TestAccount | undefined,
  next = "/jobs",
  at = idp,
): Promise<{ query: string; pending: OidcPending; callback: URL }> {
  at.signInAs(account);
  const begun = await beginOidcSignIn({ ...oidc, issuer: at.issuer }, next);
  const callback = await followToCallback(begun.url, REDIRECT);
  return { query: callback.search, pending: begun.pending, callback };
}

it("refuses a tampered state, a wrong nonce, a wrong PKCE verifier, a code from another issuer, and a replayed code", async () => {
  const account = newAccount();
  const tamperedState = await authorize(account);
  tamperedState.callback.searchParams.set("state", `${tamperedState.pending.state}x`);
  expect(await refusal(completeOidcSignIn(oidc, tamperedState.callback, tamperedState.pending))).toMatch(
    /"state" response parameter/,
  );

  const wrongNonce = await authorize(account);
  expect(
    await refusal(
      completeOidcSignIn(oidc, wrongNonce.callback, { ...wrongNonce.pending, nonce: "not-the-nonce" }),
    ),
  ).toMatch(/"nonce" claim/);

  const wrongVerifier = await authorize(account);
  expect(
    await refusal(
      completeOidcSignIn(oidc, wrongVerifier.callback, {
        ...wrongVerifier.pending,
        verifier: "v".repeat(43),
      }),
    ),
  ).toMatch(/\(invalid_grant\)/);

  // Mix-up: the browser comes back from another provider (same client id) than the one configured.
  const elsewhere = await authorize(account, "/jobs", otherIdp);
  expect(elsewhere.callback.searchParams.get("iss")).toBe(otherIdp.issuer);
  expect(await refusal(completeOidcSignIn(oidc, elsewhere.callback, elsewhere.pending))).toMatch(
    /"iss" \(issuer\)/,
  );
  // …and a forged iss naming the configured issuer does not help: the code is not this provider's.
  elsewhere.callback.searchParams.set("iss", idp.issuer);
  expect(await refusal(completeOidcSignIn(oidc, elsewhere.callback, elsewhere.pending))).toMatch(
    /\(invalid_grant\)/,
  );

  const replayed = await authorize(account);
  await expect(completeOidcSignIn(oidc, replayed.callback, replayed.pending)).resolves.toMatchObject({
    email: account.email,
    emailVerified: true,
  });
  expect(await refusal(completeOidcSignIn(oidc, replayed.callback, replayed.pending))).toMatch(
    /\(invalid_grant\)/,
  );
});

it("refuses a provider whose discovery document names another issuer", async () => {
  const misnamed = { ...oidc, issuer: idp.issuer.replace("127.0.0.1", "localhost") };
  const { callback, pending } = await authorize(newAccount());
  expect(await refusal(completeOidcSignIn(misnamed, callback, pending))).toMatch(/issuer does not match/);
});

describeEachDialect("SSO sign-in against a real provider", (target) => {
  it("creates the user with the configured default role on first sign-in, then signs the same user in again", async () => {
    const { db } = await target.open();
    const account = newAccount();
    const first = await authorize(account, "/vaults/documents");
    const outcome = await finishOidcSignIn(oidc, first.query, first.pending, "192.0.2.10", {
      db,
      sessionHours: 1,
    });
    expect(outcome).toMatchObject({ ok: true, next: "/vaults/documents" });
    if (!outcome.ok) return;
    const user = await resolveSession(outcome.token, { db });
    expect(user).toMatchObject({ email: account.email, name: account.name, role: "operator" });
    expect((await listUsers({ db })).find((u) => u.email === account.email)).toMatchObject({
      sso: true,
      hasPassword: false,
      role: "operator",
    });

    const again = await authorize(account);
    const second = await finishOidcSignIn(oidc, again.query, again.pending, "192.0.2.10", {
      db,
      sessionHours: 1,
    });
    expect(second.ok && (await resolveSession(second.token, { db }))?.id).toBe(user?.id);
    expect((await listUsers({ db })).filter((u) => u.email === account.email)).toHaveLength(1);

    const audit = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "auth.sign-in")
      .where("target", "=", account.email)
      .execute();
    expect(audit.map((a) => [a.outcome, a.address])).toEqual([
      ["success", "192.0.2.10"],
      ["success", "192.0.2.10"],
    ]);
  });

  it("links a verified email to an existing local user, keeping that user's role", async () => {
    const { db } = await target.open();
    const account = newAccount();
    await createUser(
      {
        email: account.email.toUpperCase(),
        name: "Local",
        role: "viewer",
        password: "a long enough password",
      },
      { db },
    );
    const { query, pending } = await authorize(account);
    const outcome = await finishOidcSignIn(oidc, query, pending, null, { db });
    expect(outcome.ok && (await resolveSession(outcome.token, { db }))).toMatchObject({
      role: "viewer",
      name: "Local",
    });
    expect((await listUsers({ db })).filter((u) => u.email.toLowerCase() === account.email)).toHaveLength(1);
  });

  it("refuses a disabled user, a tampered callback, a missing cookie and a denial at the provider, starting no session", async () => {
    const { db } = await target.open();
    const account = newAccount();
    const first = await authorize(account);
    const created = await finishOidcSignIn(oidc, first.query, first.pending, null, { db });
    const id = created.ok ? (await resolveSession(created.token, { db }))?.id : undefined;
    expect(id).toBeDefined();
    if (!id) return;
    await createUser(
      { email: "keeper@example.com", name: "Keeper", role: "admin", password: "a long enough password" },
      { db },
    );
    await updateUser(id, { name: account.name, role: "operator", disabled: true }, { db });

    const disabled = await authorize(account);
    expect(await finishOidcSignIn(oidc, disabled.query, disabled.pending, null, { db })).toEqual({
      ok: false,
      error: "sso-disabled",
    });

    const stranger = newAccount();
    const tampered = await authorize(stranger);
    expect(
      await finishOidcSignIn(
        oidc,
        tampered.query.replace(/state=[^&]+/, "state=forged"),
        tampered.pending,
        null,
        { db },
      ),
    ).toEqual({ ok: false, error: "sso" });
    expect(await finishOidcSignIn(oidc, tampered.query, undefined, null, { db })).toEqual({
      ok: false,
      error: "sso",
    });
    const denied = await authorize(undefined);
    expect(new URLSearchParams(denied.query).get("error")).toBe("access_denied");
    expect(await finishOidcSignIn(oidc, denied.query, denied.pending, null, { db })).toEqual({
      ok: false,
      error: "sso",
    });

    expect(await db.selectFrom("sessions").select("id").where("user_id", "=", id).execute()).toEqual([]);
    expect((await listUsers({ db })).map((u) => u.email)).not.toContain(stranger.email);
    const since = (
      await db
        .selectFrom("audit_log")
        .select("occurred_at")
        .where("target", "=", account.email)
        .orderBy("occurred_at", "desc")
        .executeTakeFirstOrThrow()
    ).occurred_at;
    const outcomes = await db
      .selectFrom("audit_log")
      .select(["outcome"])
      .where("action", "=", "auth.sign-in")
      .where("occurred_at", ">=", since)
      .orderBy("occurred_at")
      .execute();
    expect(outcomes.map((o) => o.outcome)).toEqual(["denied", "failure", "failure", "failure"]);
  });
});
