import "server-only";
import { randomUUID } from "node:crypto";
import { type Kysely } from "kysely";
import { getConfig, type ThawConfig } from "@/lib/config";
import { keyId, sealedKeyId } from "@/lib/crypto/secrets";
import {
  type Database,
  dbOf,
  type DbOptions,
  inTransaction,
  isUniqueViolation,
  supportsRowLocks,
} from "@/lib/db";
import {
  AccessKeyIdRequiredError,
  ConnectionNotFoundError,
  DuplicateConnectionNameError,
  SecretRequiredError,
  SecretUnreadableError,
} from "./errors";
import {
  type ConnectionRow,
  credentialColumns,
  nameKey,
  nextTimestamp,
  type ResolvedCredentials,
  toSummary,
} from "./rows";
import {
  connectionInputSchema,
  type ConnectionInput,
  type ConnectionSummary,
  type ConnectionUpdateInput,
} from "./schema";
import { openMaterial, type SecretKeyring, sealMaterial } from "./secret-material";

export type { SecretKeyring } from "./secret-material";

/** Tests (and callers composing a larger transaction) pass their own database and keys. */
export type RepositoryOptions = DbOptions & { keys?: SecretKeyring };

/** The decrypted material the AWS client factory needs; nothing else may see it. */
export type ConnectionCredentials =
  | { mode: "default-chain" }
  | { mode: "profile"; profile: string }
  | { mode: "access-key"; accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined }
  | {
      mode: "assume-role";
      roleArn: string;
      externalId?: string | undefined;
      sessionName?: string | undefined;
    };

export const DEMO_CONNECTION_NAME = "Local Glacier";
const NAME_INDEX = { name: "connections_name_key_unique", sqliteColumns: "connections.name_key" };

function keyringOf(options: RepositoryOptions): SecretKeyring {
  if (options.keys) return options.keys;
  const config = getConfig();
  return { current: config.secretKey, previous: config.previousSecretKey };
}

function findRow(db: Kysely<Database>, id: string, lock = false): Promise<ConnectionRow | undefined> {
  return db
    .selectFrom("connections")
    .selectAll()
    .where("id", "=", id)
    .$if(lock && supportsRowLocks(db), (q) => q.forUpdate())
    .executeTakeFirst();
}

/** Runs a write, turning the unique-name index's refusal into the form's error. */
async function guardName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error, NAME_INDEX)) throw new DuplicateConnectionNameError(name);
    throw error;
  }
}

export async function listConnections(options: RepositoryOptions = {}): Promise<ConnectionSummary[]> {
  const db = await dbOf(options);
  const rows = await db.selectFrom("connections").selectAll().orderBy("name_key").orderBy("id").execute();
  return rows.map(toSummary);
}

export async function getConnection(
  id: string,
  options: RepositoryOptions = {},
): Promise<ConnectionSummary | undefined> {
  const row = await findRow(await dbOf(options), id);
  return row && toSummary(row);
}

export async function getConnectionOrThrow(
  id: string,
  options: RepositoryOptions = {},
): Promise<ConnectionSummary> {
  const connection = await getConnection(id, options);
  if (!connection) throw new ConnectionNotFoundError(id);
  return connection;
}

/** For lib/aws's client factory only: opens the sealed secret of an access-key connection. */
export async function getConnectionCredentials(
  id: string,
  options: RepositoryOptions = {},
): Promise<ConnectionCredentials> {
  const row = await findRow(await dbOf(options), id);
  if (!row) throw new ConnectionNotFoundError(id);
  switch (row.mode) {
    case "default-chain":
      return { mode: "default-chain" };
    case "profile":
      return { mode: "profile", profile: row.profile ?? "default" };
    case "assume-role":
      return {
        mode: "assume-role",
        roleArn: row.role_arn ?? "",
        externalId: row.external_id ?? undefined,
        sessionName: row.session_name ?? undefined,
      };
    case "access-key": {
      if (!row.sealed_secret || !row.access_key_id) throw new SecretUnreadableError(id, "none is stored.");
      const material = openMaterial(row.sealed_secret, keyringOf(options), id);
      return { mode: "access-key", accessKeyId: row.access_key_id, ...material };
    }
  }
}

export async function createConnection(
  input: ConnectionInput,
  options: RepositoryOptions = {},
): Promise<ConnectionSummary> {
  const credentials = withStoredAccessKeyId(undefined, input.credentials);
  let sealed: string | null = null;
  if (credentials.mode === "access-key") {
    if (!credentials.secretAccessKey) throw new SecretRequiredError("missing");
    sealed = sealMaterial(
      { secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken },
      keyringOf(options),
    );
  }
  const now = nextTimestamp();
  const externalId = credentials.mode === "assume-role" ? (credentials.externalId ?? null) : null;
  const row: ConnectionRow = {
    id: randomUUID(),
    ...identityColumns(input),
    ...credentialColumns(credentials, sealed, externalId),
    created_at: now,
    updated_at: now,
  };
  const db = await dbOf(options);
  await guardName(input.name, () =>
    inTransaction(db, (trx) => trx.insertInto("connections").values(row).execute()),
  );
  return toSummary(row);
}

/**
 * Replaces a connection's settings. A blank secret access key keeps the stored secret (and a blank
 * session token keeps the stored token) as long as the access key id is unchanged; a blank external
 * id keeps the stored one. Switching mode drops the old mode's values, the secret included.
 */
export async function updateConnection(
  id: string,
  input: ConnectionUpdateInput,
  options: RepositoryOptions = {},
): Promise<ConnectionSummary> {
  const db = await dbOf(options);
  return guardName(input.name, () =>
    inTransaction(db, async (trx) => {
      const existing = await findRow(trx, id, true);
      if (!existing) throw new ConnectionNotFoundError(id);
      const credentials = withStoredAccessKeyId(existing, input.credentials);
      const sealed =
        credentials.mode === "access-key" ? secretForUpdate(existing, credentials, options) : null;
      const externalId =
        credentials.mode === "assume-role"
          ? (credentials.externalId ?? (existing.mode === "assume-role" ? existing.external_id : null))
          : null;
      const changes = {
        ...identityColumns(input),
        ...credentialColumns(credentials, sealed, externalId),
        updated_at: nextTimestamp(existing.updated_at),
      };
      await trx.updateTable("connections").set(changes).where("id", "=", id).execute();
      return toSummary({ ...existing, ...changes });
    }),
  );
}

type AccessKeyInput = Extract<ResolvedCredentials, { mode: "access-key" }>;

/** A blank access key id on edit means "the stored one"; there must be one to keep. */
function withStoredAccessKeyId(
  existing: ConnectionRow | undefined,
  credentials: ConnectionUpdateInput["credentials"],
): ResolvedCredentials {
  if (credentials.mode !== "access-key") return credentials;
  const accessKeyId =
    credentials.accessKeyId ?? (existing?.mode === "access-key" ? existing.access_key_id : null);
  if (!accessKeyId) throw new AccessKeyIdRequiredError();
  return { ...credentials, accessKeyId };
}

function secretForUpdate(
  existing: ConnectionRow,
  credentials: AccessKeyInput,
  options: RepositoryOptions,
): string {
  const keys = () => keyringOf(options);
  if (credentials.secretAccessKey) {
    return sealMaterial(
      { secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken },
      keys(),
    );
  }
  if (existing.mode !== "access-key" || !existing.sealed_secret) throw new SecretRequiredError("missing");
  if (existing.access_key_id !== credentials.accessKeyId) throw new SecretRequiredError("access-key-changed");
  if (!credentials.sessionToken) return existing.sealed_secret;
  const stored = openMaterial(existing.sealed_secret, keys(), existing.id);
  return sealMaterial(
    { secretAccessKey: stored.secretAccessKey, sessionToken: credentials.sessionToken },
    keys(),
  );
}

export async function deleteConnection(id: string, options: RepositoryOptions = {}): Promise<void> {
  const db = await dbOf(options);
  const result = await inTransaction(db, (trx) =>
    trx.deleteFrom("connections").where("id", "=", id).executeTakeFirst(),
  );
  if (result.numDeletedRows === BigInt(0)) throw new ConnectionNotFoundError(id);
}

/** What the "Local Glacier" connection is made of (the demo's pace is not stored: lib/jobs/sync-pace.ts). */
type DemoConnection = Omit<NonNullable<ThawConfig["demo"]>, "timeScale">;

/**
 * Creates or refreshes the "Local Glacier" connection to the embedded server. Idempotent: an
 * up-to-date row is left alone (its updatedAt too), and the write is one upsert on the unique name,
 * so two replicas starting together still end with one row.
 */
export async function ensureDemoConnection(
  demo: DemoConnection,
  options: RepositoryOptions = {},
): Promise<ConnectionSummary> {
  const input = connectionInputSchema.parse({
    name: DEMO_CONNECTION_NAME,
    region: demo.region,
    accountId: "-",
    endpoint: demo.endpoint,
    credentials: { mode: "access-key", accessKeyId: demo.accessKeyId, secretAccessKey: demo.secretAccessKey },
  });
  const keys = keyringOf(options);
  const db = await dbOf(options);
  const key = nameKey(DEMO_CONNECTION_NAME);
  const findDemo = (q: Kysely<Database>) =>
    q.selectFrom("connections").selectAll().where("name_key", "=", key).executeTakeFirst();

  const existing = await findDemo(db);
  if (existing && demoIsCurrent(existing, demo, keys)) return toSummary(existing);

  const now = nextTimestamp(existing?.updated_at);
  const sealed = sealMaterial({ secretAccessKey: demo.secretAccessKey }, keys);
  const row: ConnectionRow = {
    id: randomUUID(),
    ...identityColumns(input),
    ...credentialColumns(withStoredAccessKeyId(undefined, input.credentials), sealed, null),
    created_at: now,
    updated_at: now,
  };
  const { id: _id, created_at: _created, ...refreshed } = row;
  return inTransaction(db, async (trx) => {
    await trx
      .insertInto("connections")
      .values(row)
      .onConflict((oc) => oc.column("name_key").doUpdateSet(refreshed))
      .execute();
    const saved = await findDemo(trx);
    if (!saved) throw new ConnectionNotFoundError(DEMO_CONNECTION_NAME);
    return toSummary(saved);
  });
}

function demoIsCurrent(row: ConnectionRow, demo: DemoConnection, keys: SecretKeyring): boolean {
  if (
    row.mode !== "access-key" ||
    row.region !== demo.region ||
    row.endpoint !== demo.endpoint ||
    row.account_id !== "-" ||
    row.access_key_id !== demo.accessKeyId ||
    !row.sealed_secret
  ) {
    return false;
  }
  // Sealed under the previous key (mid-rotation): rewrite it under the current one.
  if (!keys.current || sealedKeyId(row.sealed_secret) !== keyId(keys.current)) return false;
  try {
    const stored = openMaterial(row.sealed_secret, keys, row.id);
    return stored.secretAccessKey === demo.secretAccessKey && !stored.sessionToken;
  } catch {
    return false;
  }
}

function identityColumns(input: ConnectionUpdateInput) {
  return {
    name: input.name,
    name_key: nameKey(input.name),
    region: input.region,
    account_id: input.accountId,
    endpoint: input.endpoint ?? null,
  };
}
