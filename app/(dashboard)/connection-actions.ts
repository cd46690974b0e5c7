"use server";

import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedAction } from "@/lib/auth/validated-action";
import { getConfig } from "@/lib/config";
import { getConnection } from "@/lib/connections";
import { ACTIVE_CONNECTION_COOKIE } from "@/lib/session";

const selectConnectionSchema = z.object({ connectionId: z.uuid() });

// Choosing which connection to look at is reading: every role may.
export const selectConnectionAction = validatedAction(
  "selectConnection",
  { role: "viewer" },
  selectConnectionSchema,
  async ({ connectionId }) => {
    const connection = await getConnection(connectionId);
    if (!connection) return { ok: false, message: "That connection no longer exists.", fieldErrors: {} };
    (await cookies()).set(ACTIVE_CONNECTION_COOKIE, connection.id, {
      httpOnly: true,
      secure: getConfig().auth.secureCookies,
      sameSite: "lax",
      path: "/",
      maxAge: 60 * 60 * 24 * 365,
    });
    revalidatePath("/", "layout");
    return { ok: true, data: undefined, message: `Now working with ${connection.name}.` };
  },
);
