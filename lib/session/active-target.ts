import "server-only";
import { targetForConnection } from "@/lib/aws/connection-target";
import { type AccountTarget } from "@/lib/aws/vaults";
import { type ConnectionSummary } from "@/lib/connections/schema";
import { getConnectionContext } from "./active-connection";

export type ActiveTarget = { connection: ConnectionSummary; target: AccountTarget };

/** The browser's active connection with its decrypted credentials, or null when there is none. */
export async function getActiveTarget(): Promise<ActiveTarget | null> {
  const { active } = await getConnectionContext();
  if (!active) return null;
  return { connection: active, target: await targetForConnection(active) };
}
