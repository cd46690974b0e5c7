import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { hasRole, type Role } from "./roles";
import { readSessionToken } from "./session-cookie";
import { resolveSession, type SessionUser } from "./sessions";

export type { SessionUser } from "./sessions";

// Set only by tests that call actions and route handlers outside a Next request (see actingAs).
const testIdentity = new AsyncLocalStorage<SessionUser>();

/** Runs `fn` as `user` without a cookie: for vitest suites that call actions directly. */
export function actingAs<T>(user: SessionUser, fn: () => T): T {
  return testIdentity.run(user, fn);
}

export function isActingAs(): boolean {
  return testIdentity.getStore() !== undefined;
}

/** The signed-in user of this request (one database look-up per request), or undefined. */
export const getCurrentUser = cache(
  async (): Promise<SessionUser | undefined> =>
    testIdentity.getStore() ?? resolveSession(await readSessionToken()),
);

/**
 * For pages and layouts: signed out → the sign-in page; signed in without the role → 404 (a viewer
 * learns nothing about admin pages). Route handlers use `authorizeRequest`, actions `validatedAction`.
 */
export async function requireUser(role: Role = "viewer"): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  if (!hasRole(user.role, role)) notFound();
  return user;
}

/** For pages deciding what to offer: whether the signed-in user (required) has at least `role`. */
export async function currentUserHasRole(role: Role): Promise<boolean> {
  return hasRole((await requireUser()).role, role);
}

export type Authorization = { ok: true; user: SessionUser } | { ok: false; response: Response };

/** For route handlers: 401 when signed out, 403 without the role; JSON bodies with no detail. */
export async function authorizeRequest(role: Role): Promise<Authorization> {
  const user = await getCurrentUser();
  if (!user)
    return {
      ok: false,
      response: Response.json(
        { error: "Sign in first." },
        { status: 401, headers: { "Cache-Control": "no-store" } },
      ),
    };
  if (!hasRole(user.role, role)) {
    return {
      ok: false,
      response: Response.json(
        { error: "Your role does not allow this." },
        { status: 403, headers: { "Cache-Control": "no-store" } },
      ),
    };
  }
  return { ok: true, user };
}
