import "server-only";
import { z } from "zod";
import { openSecret, SecretUnsealError, sealSecret } from "@/lib/crypto/secrets";
import { SecretKeyMissingError, SecretUnreadableError } from "./errors";

/** What one sealed string holds: the secret half of an access key pair. */
export type SecretMaterial = { secretAccessKey: string; sessionToken?: string | undefined };

/** THAW_SECRET_KEY seals and opens; THAW_SECRET_KEY_PREVIOUS (mid-rotation) only opens. */
export type SecretKeyring = { current: Buffer | undefined; previous: Buffer | undefined };

const materialSchema = z.object({
  secretAccessKey: z.string().min(1),
  sessionToken: z.string().min(1).optional(),
});

export function sealMaterial(material: SecretMaterial, keys: SecretKeyring): string {
  if (!keys.current) throw new SecretKeyMissingError();
  const json: SecretMaterial = { secretAccessKey: material.secretAccessKey };
  if (material.sessionToken) json.sessionToken = material.sessionToken;
  return sealSecret(JSON.stringify(json), keys.current);
}

export function openMaterial(sealed: string, keys: SecretKeyring, connectionId: string): SecretMaterial {
  const available = [keys.current, keys.previous].filter((k): k is Buffer => k !== undefined);
  if (available.length === 0) throw new SecretKeyMissingError();
  try {
    const parsed = materialSchema.safeParse(JSON.parse(openSecret(sealed, available)));
    if (parsed.success) return parsed.data;
    throw new SecretUnreadableError(connectionId, "it does not hold an access key secret.");
  } catch (error) {
    if (error instanceof SecretUnsealError) throw new SecretUnreadableError(connectionId, error.message);
    if (error instanceof SyntaxError) throw new SecretUnreadableError(connectionId, "it is not valid JSON.");
    throw error;
  }
}
