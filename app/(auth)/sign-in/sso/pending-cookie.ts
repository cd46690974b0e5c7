import "server-only";
import { cookies } from "next/headers";
import { z } from "zod";
import { type OidcPending } from "@/lib/auth/oidc";
import { getConfig } from "@/lib/config";

const COOKIE = "thaw-oidc";
const pendingSchema = z.object({
  verifier: z.string().max(200),
  state: z.string().max(200),
  nonce: z.string().max(200),
  next: z.string().max(512),
});

export async function savePending(pending: OidcPending): Promise<void> {
  (await cookies()).set(COOKIE, JSON.stringify(pending), {
    httpOnly: true,
    secure: getConfig().auth.secureCookies,
    // Lax: the provider's redirect back is a top-level GET navigation.
    sameSite: "lax",
    path: "/sign-in/sso",
    maxAge: 600,
  });
}

export async function takePending(): Promise<OidcPending | undefined> {
  const jar = await cookies();
  const raw = jar.get(COOKIE)?.value;
  jar.delete({ name: COOKIE, path: "/sign-in/sso" });
  if (!raw) return undefined;
  try {
    const parsed = pendingSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
