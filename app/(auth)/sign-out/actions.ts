"use server";

import { redirect } from "next/navigation";
import { clearSessionCookie, clientAddress, readSessionToken } from "@/lib/auth/session-cookie";
import { signOut } from "@/lib/auth/sign-in";

/** Ends this browser's session (deleted in the database, so a copied cookie stops working too). */
export async function signOutAction(): Promise<void> {
  await signOut(await readSessionToken(), await clientAddress());
  await clearSessionCookie();
  redirect("/sign-in");
}
