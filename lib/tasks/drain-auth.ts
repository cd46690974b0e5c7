import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Is this drain call the cron's? Vercel's cron sends `Authorization: Bearer <CRON_SECRET>`
 * (vercel.com/docs/cron-jobs/manage-cron-jobs, "Securing cron jobs"). Compared in constant time over
 * digests, so neither the content nor the length of the secret leaks through timing. No secret
 * configured: every call is refused.
 */
export function isDrainAuthorized(authorization: string | null, secret: string | undefined): boolean {
  if (!secret || !authorization) return false;
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(authorization), digest(`Bearer ${secret}`));
}
