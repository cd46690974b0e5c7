import "server-only";
import { cookies } from "next/headers";
import { requireUser } from "@/lib/auth/current-user";
import { listConnections } from "@/lib/connections";
import { type ConnectionSummary } from "@/lib/connections/schema";

/** The cookie holds only a connection id: which connection this browser works with, never a secret. */
export const ACTIVE_CONNECTION_COOKIE = "thaw-connection";

export type ConnectionContext = {
  connections: ConnectionSummary[];
  active: ConnectionSummary | undefined;
};

/**
 * The connections and the active one: the cookie's choice if it still exists, else the first.
 * Almost every page starts here, so it checks the session too: a layout's check alone is skipped on
 * client-side navigations.
 */
export async function getConnectionContext(): Promise<ConnectionContext> {
  await requireUser("viewer");
  const [connections, jar] = await Promise.all([listConnections(), cookies()]);
  const chosen = jar.get(ACTIVE_CONNECTION_COOKIE)?.value;
  const active = connections.find((c) => c.id === chosen) ?? connections[0];
  return { connections, active };
}

/** The browser's active connection alone (what the wizards' pages and actions hand to lib/jobs). */
export async function getActiveConnection(): Promise<ConnectionSummary | undefined> {
  return (await getConnectionContext()).active;
}
