import "server-only";
import { type Kysely, type NotNull } from "kysely";
import { type Database, inTransaction, supportsRowLocks } from "@/lib/db";
import { keyId, openSecret, SecretUnsealError, sealSecret } from "./secrets";

export class SecretRotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretRotationError";
  }
}

export type ResealResult = { resealed: number; keyId: string };

/**
 * Re-seals every stored secret under `current`, opening each with `current` or `previous`. One
 * transaction: if any secret cannot be opened, nothing is changed. The secrets live in
 * connections.sealed_secret; a table that gains a sealed column must be added here.
 */
export async function resealSecrets(
  db: Kysely<Database>,
  keys: { current: Buffer; previous?: Buffer | undefined },
): Promise<ResealResult> {
  const openers = keys.previous ? [keys.current, keys.previous] : [keys.current];
  return inTransaction(db, async (trx) => {
    const rows = await trx
      .selectFrom("connections")
      .select(["id", "name", "sealed_secret"])
      .where("sealed_secret", "is not", null)
      .$if(supportsRowLocks(trx), (q) => q.forUpdate())
      .$narrowType<{ sealed_secret: NotNull }>()
      .execute();
    for (const row of rows) {
      let plaintext: string;
      try {
        plaintext = openSecret(row.sealed_secret, openers);
      } catch (error) {
        const reason = error instanceof SecretUnsealError ? error.message : String(error);
        throw new SecretRotationError(`Connection "${row.name}" (${row.id}): ${reason} Nothing was changed.`);
      }
      await trx
        .updateTable("connections")
        .set({ sealed_secret: sealSecret(plaintext, keys.current) })
        .where("id", "=", row.id)
        .execute();
    }
    return { resealed: rows.length, keyId: keyId(keys.current) };
  });
}
