import "server-only";
import { targetForConnection } from "@/lib/aws/connection-target";
import { type AccountTarget } from "@/lib/aws/vaults";
import { getConnection } from "@/lib/connections";
import { type DbOptions } from "@/lib/db";

/** Finds a task's Glacier target from its connection id (tasks carry ids, never credentials). */
export type LoadTarget = (connectionId: string) => Promise<AccountTarget | undefined>;

/** The connection's target as stored, or undefined when the connection was removed. */
export function connectionTargetLoader(options: DbOptions = {}): LoadTarget {
  return async (connectionId) => {
    const connection = await getConnection(connectionId, options);
    return connection ? targetForConnection(connection) : undefined;
  };
}
