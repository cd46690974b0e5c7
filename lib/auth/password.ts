import "server-only";
import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from "node:crypto";

/**
 * Password hashes with scrypt (node:crypto, no native addon). The stored form names its parameters,
 *   scrypt$<log2 N>$<r>$<p>$<salt b64url>$<key b64url>
 * so they can be raised later without invalidating existing hashes.
 */

const KEY_BYTES = 32;
const SALT_BYTES = 16;
// N = 2^15, r = 8: 32 MiB and ~60–100 ms per hash on the 2-core machines Thaw is tested on.
const DEFAULT = { log2N: 15, r: 8, p: 1 };
export const MAX_PASSWORD_LENGTH = 1024;

function derive(password: string, salt: Buffer, log2N: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** log2N;
  const options: ScryptOptions = { N, r, p, maxmem: 128 * N * r * p + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, KEY_BYTES, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  if (password.length > MAX_PASSWORD_LENGTH) throw new Error("password too long");
  const salt = randomBytes(SALT_BYTES);
  const { log2N, r, p } = DEFAULT;
  const key = await derive(password, salt, log2N, r, p);
  return ["scrypt", log2N, r, p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

type Parsed = { log2N: number; r: number; p: number; salt: Buffer; key: Buffer };

function parse(stored: string): Parsed | undefined {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split("$");
  if (scheme !== "scrypt" || rest.length > 0 || !n || !r || !p || !salt || !key) return undefined;
  const numbers = [Number(n), Number(r), Number(p)];
  if (!numbers.every((x) => Number.isInteger(x) && x > 0 && x <= 20)) return undefined;
  const [log2N = 0, rr = 0, pp = 0] = numbers;
  return { log2N, r: rr, p: pp, salt: Buffer.from(salt, "base64url"), key: Buffer.from(key, "base64url") };
}

// Verifying against this when the account does not exist keeps the answer time the same.
let dummyHash: Promise<string> | undefined;

/** Constant-time check; `stored` undefined (unknown user, SSO-only user) still spends the same work. */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  dummyHash ??= hashPassword("thaw-dummy-password");
  const parsed = parse(stored ?? (await dummyHash));
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.log2N, parsed.r, parsed.p);
  return (
    stored !== null &&
    stored !== undefined &&
    key.length === parsed.key.length &&
    timingSafeEqual(key, parsed.key)
  );
}
