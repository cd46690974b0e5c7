import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Secrets at rest: AES-256-GCM with a fresh 12-byte IV per seal. The sealed form is one ASCII string
 *   v1.<key id>.<iv>.<tag>.<ciphertext>      (iv, tag, ciphertext in base64url)
 * where the key id is the first 8 hex digits of sha256(key), so a reader holding several keys (during
 * a rotation) knows which one to use. "v1.<key id>" is authenticated too: any edited byte is refused.
 */

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export type UnsealFailure = "malformed" | "unknown-key" | "tampered";

export class SecretUnsealError extends Error {
  constructor(
    readonly reason: UnsealFailure,
    message: string,
  ) {
    super(message);
    this.name = "SecretUnsealError";
  }
}

export function keyId(key: Buffer): string {
  assertKey(key);
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

export function sealSecret(plaintext: string, key: Buffer): string {
  const header = `${VERSION}.${keyId(key)}`;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(header, "ascii"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [header, b64(iv), b64(cipher.getAuthTag()), b64(ciphertext)].join(".");
}

/** Opens a sealed secret with whichever of `keys` sealed it. */
export function openSecret(sealed: string, keys: readonly Buffer[]): string {
  const parsed = parseSealed(sealed);
  const key = keys.find((k) => keyId(k) === parsed.keyId);
  if (!key) {
    throw new SecretUnsealError(
      "unknown-key",
      `This secret was sealed with key ${parsed.keyId}, which is neither THAW_SECRET_KEY nor THAW_SECRET_KEY_PREVIOUS.`,
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, parsed.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(`${VERSION}.${parsed.keyId}`, "ascii"));
    decipher.setAuthTag(parsed.tag);
    return Buffer.concat([decipher.update(parsed.ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretUnsealError("tampered", "A stored secret failed its integrity check and was refused.");
  }
}

/** The key id a sealed string names, or undefined when it is not a sealed secret. */
export function sealedKeyId(sealed: string): string | undefined {
  try {
    return parseSealed(sealed).keyId;
  } catch {
    return undefined;
  }
}

const SEALED = /^v1\.([0-9a-f]{8})\.([\w-]+)\.([\w-]+)\.([\w-]*)$/;

function parseSealed(sealed: string) {
  const [, id, iv, tag, ciphertext] = SEALED.exec(sealed) ?? [];
  const decoded =
    id !== undefined && iv !== undefined && tag !== undefined && ciphertext !== undefined
      ? { keyId: id, iv: unb64(iv), tag: unb64(tag), ciphertext: unb64(ciphertext) }
      : undefined;
  if (!decoded || decoded.iv.length !== IV_BYTES || decoded.tag.length !== TAG_BYTES) {
    throw new SecretUnsealError("malformed", "A stored secret is not in the expected sealed format.");
  }
  return decoded;
}

function assertKey(key: Buffer): void {
  if (key.length !== KEY_BYTES)
    throw new RangeError(`A secret key must be ${KEY_BYTES} bytes, got ${key.length}`);
}

const b64 = (data: Buffer) => data.toString("base64url");
const unb64 = (text: string) => Buffer.from(text, "base64url");
