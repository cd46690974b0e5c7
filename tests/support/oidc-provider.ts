import { generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";
import { type AddressInfo } from "node:net";
import { Provider } from "oidc-provider";

/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1, for vitest and Playwright only. The
 * login screen is skipped: whoever `signInAs` names is signed in and consents at once, so tests drive
 * the authorization-code flow itself (PKCE, state, nonce, ID token signature, issuer) end to end.
 */

export type TestAccount = { sub: string; email: string; emailVerified?: boolean; name: string };

export type TestIdentityProvider = {
  issuer: string;
  /** Who the next authorization request signs in; undefined makes the provider deny it. */
  signInAs(account: TestAccount | undefined): void;
  close(): Promise<void>;
};

export type TestProviderOptions = {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  port?: number;
};

function signingKey(): object {
  const jwk = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  return { ...jwk, kid: randomBytes(8).toString("hex"), use: "sig", alg: "RS256" };
}

export async function startTestIdentityProvider(options: TestProviderOptions): Promise<TestIdentityProvider> {
  const accounts = new Map<string, TestAccount>();
  let current: TestAccount | undefined;
  // Created once the port (and so the issuer URL) is known; the server answers 503 until then.
  const ready: {
    provider?: Provider;
    handle?: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
  } = {};

  const server = http.createServer((req, res) => {
    const { provider, handle: serve } = ready;
    if (!provider || !serve) return void res.writeHead(503).end();
    const handle = req.url?.startsWith("/interaction/")
      ? finishInteraction(provider, req, res)
      : serve(req, res);
    handle.catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  ready.provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [signingKey()] },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    features: { devInteractions: { enabled: false } },
    findAccount: (_ctx, sub) => {
      const account = accounts.get(sub);
      return (
        account && {
          accountId: sub,
          claims: () => ({
            sub,
            email: account.email,
            email_verified: account.emailVerified ?? true,
            name: account.name,
          }),
        }
      );
    },
  });

  ready.handle = ready.provider.callback();

  async function finishInteraction(
    p: Provider,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> {
    const details = await p.interactionDetails(req, res);
    if (!current) {
      await p.interactionFinished(
        req,
        res,
        { error: "access_denied", error_description: "signed out at the provider" },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    accounts.set(current.sub, current);
    const grant = new p.Grant({ accountId: current.sub, clientId: options.clientId });
    grant.addOIDCScope(typeof details.params.scope === "string" ? details.params.scope : "openid");
    const grantId = await grant.save();
    await p.interactionFinished(
      req,
      res,
      { login: { accountId: current.sub }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  return {
    issuer,
    signInAs(account) {
      current = account;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The browser's part of a sign-in at the provider: follows its redirects (keeping its cookies) until
 * it sends the browser back to `redirectUri`, and returns that URL with its code, state and iss.
 */
export async function followToCallback(authorizationUrl: URL, redirectUri: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  for (let hop = 0; hop < 10; hop += 1) {
    const response = await fetch(url, {
      redirect: "manual",
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const at = pair.indexOf("=");
      if (at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const location = response.headers.get("location");
    if (!location)
      throw new Error(
        `the provider answered ${response.status} without a redirect: ${(await response.text()).slice(0, 300)}`,
      );
    url = new URL(location, url);
    if (url.href.startsWith(redirectUri)) return url;
  }
  throw new Error("the provider never redirected back");
}
