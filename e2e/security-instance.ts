import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { type Browser, type Page, test } from "@playwright/test";
import { freePort } from "../tests/free-port";
import { startTestIdentityProvider, type TestIdentityProvider } from "../tests/support/oidc-provider";

/**
 * A second dashboard from the same standalone build, with its own free port, database and environment, for
 * specs that need settings the shared e2e server does not have (SSO) or that would spoil its state
 * (exhausting 127.0.0.1's sign-in limit). The shared server's start has already copied the static files.
 */

// Playwright compiles specs to CommonJS here, where import.meta is unavailable.
const root = path.resolve(__dirname, "..");

export type AppInstance = { url: string; output(): string; stop(): Promise<void> };

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/api/health`)).ok;
  } catch {
    return false;
  }
}

/** Starts the dashboard on `port`, or on a free port the OS gives when none is named. */
export async function startAppInstance(
  name: string,
  env: Record<string, string>,
  port?: number,
): Promise<AppInstance> {
  port ??= await freePort();
  const dataDir = path.join(root, ".tmp", `e2e-${name}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const standalone = path.join(root, ".next", "standalone");
  const child = spawn(process.execPath, [path.join(standalone, "server.js")], {
    cwd: standalone,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      THAW_DATA_DIR: dataDir,
      THAW_SECRET_KEY: "1e".repeat(32),
      THAW_COOKIE_SECURE: "false",
      ...env,
    },
  });
  let output = "";
  for (const stream of [child.stdout, child.stderr])
    stream.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!(await healthy(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`the ${name} dashboard did not start on ${url}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** A browser on `app` with nobody signed in (cookies ignore ports: the shared server's admin cookie must not come along). */
export async function instancePage(browser: Browser, app: AppInstance): Promise<Page> {
  const context = await browser.newContext({ baseURL: app.url, storageState: { cookies: [], origins: [] } });
  return context.newPage();
}

/** `redirect`: the callback the SSO dashboard registers with its provider. */
export type SsoInstance = { app: AppInstance; idp: TestIdentityProvider; redirect: string };

/**
 * A test OpenID provider and a dashboard configured for it, with a password admin too, each on a free port.
 * The dashboard's port is chosen first: the provider must know its callback URL before it starts.
 */
export async function startSsoAppInstance(
  name: string,
  options: { clientId: string; admin: { email: string; password: string }; defaultRole: string },
): Promise<SsoInstance> {
  const appPort = await freePort();
  const redirect = `http://127.0.0.1:${appPort}/sign-in/sso/callback`;
  const clientSecret = `${options.clientId}-client-secret`;
  const idp = await startTestIdentityProvider({
    clientId: options.clientId,
    clientSecret,
    redirectUris: [redirect],
  });
  try {
    const app = await startAppInstance(
      name,
      {
        THAW_ADMIN_EMAIL: options.admin.email,
        THAW_ADMIN_PASSWORD: options.admin.password,
        THAW_OIDC_ISSUER: idp.issuer,
        THAW_OIDC_CLIENT_ID: options.clientId,
        THAW_OIDC_CLIENT_SECRET: clientSecret,
        THAW_OIDC_REDIRECT_URL: redirect,
        THAW_OIDC_DEFAULT_ROLE: options.defaultRole,
      },
      appPort,
    );
    return { app, idp, redirect };
  } catch (error) {
    await idp.close();
    throw error;
  }
}

/**
 * For a spec file whose tests share one SSO dashboard: starts it before them and stops both servers after.
 * The returned object reads through to the running instance, so it can be held at module level.
 */
export function sharedSsoAppInstance(
  name: string,
  options: Parameters<typeof startSsoAppInstance>[1],
): SsoInstance {
  let started: SsoInstance | undefined;
  test.beforeAll(async () => {
    started = await startSsoAppInstance(name, options);
  });
  test.afterAll(async () => {
    await started?.app.stop();
    await started?.idp.close();
  });
  const running = (): SsoInstance => {
    if (!started) throw new Error("the SSO dashboard is used before beforeAll has started it");
    return started;
  };
  return {
    get app() {
      return running().app;
    },
    get idp() {
      return running().idp;
    },
    get redirect() {
      return running().redirect;
    },
  };
}
