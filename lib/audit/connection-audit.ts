import "server-only";
import { type Kysely } from "kysely";
import {
  createConnection,
  deleteConnection,
  getConnectionOrThrow,
  updateConnection,
} from "@/lib/connections";
import {
  type ConnectionInput,
  type ConnectionSummary,
  type ConnectionUpdateInput,
} from "@/lib/connections/schema";
import { type Database, getDatabase, inTransaction } from "@/lib/db";
import { type AuditActor, recordAudit } from "./record";

/**
 * Connection changes with their audit entry in the same transaction: both commit or neither does.
 * The audit keeps a connection's shape, never its credentials (the summary carries none).
 */

type Who = { actor: AuditActor; address: string | null };

function auditView(c: ConnectionSummary) {
  return {
    name: c.name,
    region: c.region,
    accountId: c.accountId,
    endpoint: c.endpoint,
    mode: c.mode,
    profile: c.profile,
    accessKeyIdMasked: c.accessKeyIdMasked,
    roleArn: c.roleArn,
    sessionName: c.sessionName,
    hasStoredSecret: c.hasSecret,
  };
}

async function audited<T extends ConnectionSummary>(
  action: "connection.create" | "connection.update" | "connection.delete",
  who: Who,
  change: (db: Kysely<Database>) => Promise<{ connection: T; before?: ConnectionSummary }>,
): Promise<T> {
  return inTransaction((await getDatabase()).db, async (db) => {
    const { connection, before } = await change(db);
    await recordAudit(
      {
        action,
        outcome: "success",
        actor: who.actor,
        connectionId: connection.id,
        target: connection.name,
        address: who.address,
        details: before ? { before: auditView(before), after: auditView(connection) } : auditView(connection),
      },
      { db },
    );
    return connection;
  });
}

export function createConnectionAudited(input: ConnectionInput, who: Who): Promise<ConnectionSummary> {
  return audited("connection.create", who, async (db) => ({
    connection: await createConnection(input, { db }),
  }));
}

export function updateConnectionAudited(
  id: string,
  input: ConnectionUpdateInput,
  who: Who,
): Promise<ConnectionSummary> {
  return audited("connection.update", who, async (db) => {
    const before = await getConnectionOrThrow(id, { db });
    return { connection: await updateConnection(id, input, { db }), before };
  });
}

export function deleteConnectionAudited(id: string, who: Who): Promise<ConnectionSummary> {
  return audited("connection.delete", who, async (db) => {
    const connection = await getConnectionOrThrow(id, { db });
    await deleteConnection(id, { db });
    return { connection };
  });
}
