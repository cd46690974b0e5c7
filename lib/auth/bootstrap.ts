import "server-only";
import { getConfig } from "@/lib/config";
import { dbOf, type DbOptions } from "@/lib/db";
import { log } from "@/lib/log";
import { ensureInitialAdmin } from "./users";

/** At start: the first admin from the environment; a warning when nobody could ever sign in. */
export async function bootstrapAuth(options: DbOptions = {}): Promise<void> {
  const db = await dbOf(options);
  const { initialAdmin, oidc } = getConfig().auth;
  if (await ensureInitialAdmin(initialAdmin, { db })) {
    log().info({ email: initialAdmin?.email }, "first admin created from THAW_ADMIN_EMAIL");
    return;
  }
  const anyUser = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  if (!anyUser && !oidc) {
    log().warn(
      "no user exists yet: set THAW_ADMIN_EMAIL and THAW_ADMIN_PASSWORD and restart to create the first admin",
    );
  }
}
