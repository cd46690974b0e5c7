import { z } from "zod";
import { ROLES } from "./roles";

/** Shared by the forms and their actions (no server-only: plain zod). */

const MAX_PASSWORD = 1024;
export const MIN_PASSWORD = 12;

export const emailSchema = z
  .string()
  .trim()
  .max(254, "An email address is at most 254 characters")
  .pipe(z.email("Enter an email address"));

export const signInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address").max(254, "Enter your email address"),
  // Not trimmed: spaces may be part of a password.
  password: z.string().min(1, "Enter your password").max(MAX_PASSWORD, "That password is too long"),
  next: z.string().max(512).optional(),
});
export type SignInInput = z.infer<typeof signInSchema>;

const newPassword = z
  .string()
  .min(MIN_PASSWORD, `Use at least ${MIN_PASSWORD} characters`)
  .max(MAX_PASSWORD, "That password is too long");

export const createUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, "Enter a name").max(120, "At most 120 characters"),
  role: z.enum(ROLES, "Choose a role"),
  password: newPassword,
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.object({
  id: z.uuid(),
  name: z.string().trim().min(1, "Enter a name").max(120, "At most 120 characters"),
  role: z.enum(ROLES, "Choose a role"),
  disabled: z.boolean(),
  // Empty keeps the current password.
  password: z.union([z.literal(""), newPassword]),
});
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

/** A local path to return to after sign-in: never another origin (`//host`, `/\host`) or a scheme. */
export function safeNextPath(next: string | undefined | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f\\]/.test(next)) return "/";
  if (next.startsWith("/sign-in") || next.startsWith("/api/")) return "/";
  return next;
}
