import "server-only";
import { getConnectionCredentials } from "@/lib/connections";
import { type ConnectionSummary } from "@/lib/connections/schema";
import { type AccountTarget } from "./vaults";

/** A stored connection → what the client factory needs, with its secret decrypted on the server only. */
export async function targetForConnection(connection: ConnectionSummary): Promise<AccountTarget> {
  const credentials = await getConnectionCredentials(connection.id);
  return {
    id: connection.id,
    version: connection.updatedAt,
    region: connection.region,
    endpoint: connection.endpoint ?? null,
    accountId: connection.accountId,
    credentials,
  };
}
