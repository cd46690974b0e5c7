"use server";

import { revalidatePath } from "next/cache";
import { recordAudit } from "@/lib/audit";
import { createUserSchema, updateUserSchema } from "@/lib/auth/schemas";
import { createUser, updateUser } from "@/lib/auth/users";
import { validatedAction } from "@/lib/auth/validated-action";

// Users and roles are admin business.
const ADMIN = { role: "admin" } as const;

export const createUserAction = validatedAction(
  "createUser",
  ADMIN,
  createUserSchema,
  async (input, { user, address }) => {
    const created = await createUser(input);
    await recordAudit({
      action: "user.create",
      outcome: "success",
      actor: user,
      target: created.email,
      address,
      details: { name: created.name, role: created.role },
    });
    revalidatePath("/settings/users");
    return {
      ok: true,
      data: { id: created.id },
      message: `${created.email} can now sign in as ${created.role}.`,
    };
  },
);

export const updateUserAction = validatedAction(
  "updateUser",
  ADMIN,
  updateUserSchema,
  async ({ id, password, ...changes }, { user, address }) => {
    const { before, after } = await updateUser(id, { ...changes, password: password || undefined });
    await recordAudit({
      action: "user.update",
      outcome: "success",
      actor: user,
      target: after.email,
      address,
      details: {
        before: { name: before.name, role: before.role, disabled: before.disabled },
        after: { name: after.name, role: after.role, disabled: after.disabled },
        passwordChanged: Boolean(password),
      },
    });
    revalidatePath("/settings/users");
    return { ok: true, data: undefined, message: `${after.email} saved.` };
  },
);
