"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { type ActionResult } from "@/lib/auth/action-result";
import { validatedAction } from "@/lib/auth/validated-action";
import { targetForConnection } from "@/lib/aws/connection-target";
import { AwsOperationError } from "@/lib/aws/errors";
import { listAllVaults } from "@/lib/aws/vaults";
import { getConnectionOrThrow } from "@/lib/connections";
import {
  type ConnectionTestResult,
  connectionInputSchema,
  connectionUpdateSchema,
} from "@/lib/connections/schema";
import { createConnectionAudited, deleteConnectionAudited, updateConnectionAudited } from "@/lib/audit";
import { log } from "@/lib/log";

// Connections hold credentials: admins only.
const ADMIN = { role: "admin" } as const;

export const createConnectionAction = validatedAction(
  "createConnection",
  ADMIN,
  connectionInputSchema,
  async (input, { user, address }) => {
    const created = await createConnectionAudited(input, { actor: user, address });
    log().info({ connectionId: created.id, name: created.name, mode: created.mode }, "connection created");
    revalidatePath("/", "layout");
    return { ok: true, data: { id: created.id }, message: `Connection ${created.name} saved.` };
  },
);

const updateSchema = z.object({ id: z.uuid(), input: connectionUpdateSchema });

export const updateConnectionAction = validatedAction(
  "updateConnection",
  ADMIN,
  updateSchema,
  async ({ id, input }, { user, address }) => {
    const updated = await updateConnectionAudited(id, input, { actor: user, address });
    log().info({ connectionId: id, mode: updated.mode }, "connection updated");
    revalidatePath("/", "layout");
    return { ok: true, data: { id }, message: `Connection ${updated.name} saved.` };
  },
);

/** The edit page binds the id: `(id, values)`; both are checked by updateConnectionAction's schema. */
export async function updateConnectionByIdAction(
  id: unknown,
  input: unknown,
): Promise<ActionResult<{ id: string }>> {
  return updateConnectionAction({ id, input });
}

const idSchema = z.object({ id: z.uuid() });

export const deleteConnectionAction = validatedAction(
  "deleteConnection",
  ADMIN,
  idSchema,
  async ({ id }, { user, address }) => {
    const connection = await deleteConnectionAudited(id, { actor: user, address });
    log().info({ connectionId: id }, "connection deleted");
    revalidatePath("/", "layout");
    return { ok: true, data: undefined, message: `Connection ${connection.name} deleted.` };
  },
);

/** "Test connection": ListVaults through every page, answering with the counts or the exact AWS error. */
export const testConnectionAction = validatedAction(
  "testConnection",
  ADMIN,
  idSchema,
  async ({ id }): Promise<ActionResult<ConnectionTestResult>> => {
    const connection = await getConnectionOrThrow(id);
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const vaults = await listAllVaults(await targetForConnection(connection), { maxAttempts: 1 });
      const data: ConnectionTestResult = {
        reachable: true,
        vaultCount: vaults.length,
        archiveCount: vaults.reduce((n, v) => n + (v.numberOfArchives ?? 0), 0),
        totalBytes: vaults.reduce((n, v) => n + (v.sizeInBytes ?? 0), 0),
        elapsedMs: elapsed(),
      };
      return { ok: true, data };
    } catch (error) {
      if (!(error instanceof AwsOperationError)) throw error;
      const data: ConnectionTestResult = { reachable: false, failure: error.failure, elapsedMs: elapsed() };
      return { ok: true, data };
    }
  },
);
