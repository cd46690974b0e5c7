import "server-only";
import { randomUUID } from "node:crypto";
import { type Kysely } from "kysely";
import {
  type Database,
  dbOf,
  type DbOptions,
  inTransaction,
  isUniqueViolation,
  supportsRowLocks,
} from "@/lib/db";
import { type UsersTable } from "@/lib/db/schema";
import { DomainError } from "@/lib/errors";
import { hashPassword } from "./password";
import { type Role } from "./roles";

/** Users: local accounts (scrypt hash) and SSO accounts (OIDC subject), with a role and a disabled flag. */

export type User = {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  hasPassword: boolean;
  sso: boolean;
  lastSignInAt: string | null;
  createdAt: string;
};

const EMAIL_INDEX = { name: "users_email_key_unique", sqliteColumns: "users.email_key" };

export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export function toUser(row: UsersTable): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    disabled: row.disabled !== 0,
    hasPassword: row.password_hash !== null,
    sso: row.oidc_subject !== null,
    lastSignInAt: row.last_sign_in_at,
    createdAt: row.created_at,
  };
}

export async function listUsers(options: DbOptions = {}): Promise<User[]> {
  const db = await dbOf(options);
  const rows = await db.selectFrom("users").selectAll().orderBy("email_key").execute();
  return rows.map(toUser);
}

export async function getUser(id: string, options: DbOptions = {}): Promise<User | undefined> {
  const row = await (
    await dbOf(options)
  )
    .selectFrom("users")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toUser(row);
}

/** The row with its hash, for the sign-in check only. */
export async function findUserRowByEmail(
  email: string,
  options: DbOptions = {},
): Promise<UsersTable | undefined> {
  const db = await dbOf(options);
  return db.selectFrom("users").selectAll().where("email_key", "=", emailKey(email)).executeTakeFirst();
}

export type NewUser = {
  email: string;
  name: string;
  role: Role;
  password?: string | undefined;
  oidcSubject?: string | undefined;
};

export async function createUser(input: NewUser, options: DbOptions = {}): Promise<User> {
  const db = await dbOf(options);
  const now = new Date().toISOString();
  const row: UsersTable = {
    id: randomUUID(),
    email: input.email.trim(),
    email_key: emailKey(input.email),
    name: input.name.trim(),
    role: input.role,
    password_hash: input.password ? await hashPassword(input.password) : null,
    oidc_subject: input.oidcSubject ?? null,
    disabled: 0,
    last_sign_in_at: null,
    created_at: now,
    updated_at: now,
  };
  try {
    await db.insertInto("users").values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error, EMAIL_INDEX))
      throw new DomainError("A user with this email address already exists.", {
        field: "email",
        status: 409,
      });
    throw error;
  }
  return toUser(row);
}

export type UserChanges = { name: string; role: Role; disabled: boolean; password?: string | undefined };

/**
 * Changes a user. Refuses to leave Thaw without an enabled admin. A disabled user, a new role or a new
 * password ends the user's sessions, so the change takes effect at once.
 */
export async function updateUser(
  id: string,
  changes: UserChanges,
  options: DbOptions = {},
): Promise<{ before: User; after: User }> {
  const db = await dbOf(options);
  const passwordHash = changes.password ? await hashPassword(changes.password) : undefined;
  return inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom("users")
      .selectAll()
      .where("id", "=", id)
      .$if(supportsRowLocks(trx), (q) => q.forUpdate())
      .executeTakeFirst();
    if (!row) throw new DomainError("That user no longer exists.", { status: 404 });
    const losesAdmin =
      row.role === "admin" && row.disabled === 0 && (changes.role !== "admin" || changes.disabled);
    if (losesAdmin && (await countEnabledAdmins(trx)) <= 1) {
      throw new DomainError("Thaw needs at least one enabled admin: make someone else admin first.", {
        field: "role",
        status: 409,
      });
    }
    const updated: UsersTable = {
      ...row,
      name: changes.name.trim(),
      role: changes.role,
      disabled: changes.disabled ? 1 : 0,
      password_hash: passwordHash ?? row.password_hash,
      updated_at: new Date().toISOString(),
    };
    await trx
      .updateTable("users")
      .set({
        name: updated.name,
        role: updated.role,
        disabled: updated.disabled,
        password_hash: updated.password_hash,
        updated_at: updated.updated_at,
      })
      .where("id", "=", id)
      .execute();
    if (changes.disabled || changes.role !== row.role || passwordHash) {
      await trx.deleteFrom("sessions").where("user_id", "=", id).execute();
    }
    return { before: toUser(row), after: toUser(updated) };
  });
}

async function countEnabledAdmins(db: Kysely<Database>): Promise<number> {
  const result = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("role", "=", "admin")
    .where("disabled", "=", 0)
    .executeTakeFirst();
  return Number(result?.n ?? 0);
}

export async function recordSignIn(id: string, options: DbOptions = {}): Promise<void> {
  const db = await dbOf(options);
  await db
    .updateTable("users")
    .set({ last_sign_in_at: new Date().toISOString() })
    .where("id", "=", id)
    .execute();
}

/**
 * The first admin from THAW_ADMIN_EMAIL/THAW_ADMIN_PASSWORD, created only while no user exists (so
 * changing the variables later never resets a password someone changed). Returns whether it created one.
 */
export async function ensureInitialAdmin(
  admin: { email: string; password: string } | undefined,
  options: DbOptions = {},
): Promise<boolean> {
  if (!admin) return false;
  const db = await dbOf(options);
  const existing = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  if (existing) return false;
  try {
    await createUser(
      { email: admin.email, name: "Administrator", role: "admin", password: admin.password },
      { db },
    );
    return true;
  } catch (error) {
    // Two replicas starting at once: the other one created it.
    if (error instanceof DomainError) return false;
    throw error;
  }
}
