import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyId, openSecret, SecretUnsealError, sealedKeyId, sealSecret } from "./secrets";

const key = randomBytes(32);
const otherKey = randomBytes(32);

function failure(fn: () => unknown): SecretUnsealError | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof SecretUnsealError) return error;
    throw error;
  }
  return undefined;
}

/** Flips one bit of the base64url part `index` (1 = key id … 4 = ciphertext) of a sealed string. */
function flipBit(sealed: string, index: number): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[index] ?? "", "base64url");
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
}

describe("sealSecret / openSecret", () => {
  it("round-trips text, including non-ASCII and empty", () => {
    for (const text of ["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "påsskärm ✓ 🔑", ""]) {
      expect(openSecret(sealSecret(text, key), [key])).toBe(text);
    }
  });

  it("writes a self-describing string: version, key id, IV, tag, ciphertext in base64url", () => {
    const sealed = sealSecret("secret", key);
    const [version, id, iv, tag, ciphertext, ...rest] = sealed.split(".");
    expect(version).toBe("v1");
    expect(id).toBe(createHash("sha256").update(key).digest("hex").slice(0, 8));
    expect(id).toBe(keyId(key));
    expect(Buffer.from(iv ?? "", "base64url")).toHaveLength(12);
    expect(Buffer.from(tag ?? "", "base64url")).toHaveLength(16);
    expect(Buffer.from(ciphertext ?? "", "base64url")).toHaveLength("secret".length);
    expect(rest).toEqual([]);
    expect(sealed).toMatch(/^[\w.-]+$/);
    expect(sealed).not.toContain("secret");
    expect(sealedKeyId(sealed)).toBe(keyId(key));
  });

  it("uses a fresh IV each time", () => {
    const a = sealSecret("same", key);
    const b = sealSecret("same", key);
    expect(a).not.toBe(b);
    expect(a.split(".")[2]).not.toBe(b.split(".")[2]);
  });

  it("picks the key named by the key id among several", () => {
    const sealedOld = sealSecret("old", otherKey);
    const sealedNew = sealSecret("new", key);
    expect(openSecret(sealedOld, [key, otherKey])).toBe("old");
    expect(openSecret(sealedNew, [otherKey, key])).toBe("new");
  });

  it("refuses a secret sealed with a key it does not have", () => {
    const error = failure(() => openSecret(sealSecret("x", otherKey), [key]));
    expect(error?.reason).toBe("unknown-key");
    expect(error?.message).toContain(keyId(otherKey));
  });

  it.each([
    ["IV", 2],
    ["auth tag", 3],
    ["ciphertext", 4],
  ])("refuses a tampered %s", (_part, index) => {
    const sealed = sealSecret("the plaintext", key);
    expect(failure(() => openSecret(flipBit(sealed, index), [key]))?.reason).toBe("tampered");
  });

  it("refuses a ciphertext moved under another key's id", () => {
    // Same bytes, header claiming the other key: the header is authenticated, so this fails.
    const sealed = sealSecret("the plaintext", key).split(".");
    sealed[1] = keyId(otherKey);
    expect(failure(() => openSecret(sealed.join("."), [key, otherKey]))?.reason).toBe("tampered");
  });

  it.each([
    "",
    "plain text",
    "v2.00000000.a.b.c",
    "v1.zzzzzzzz.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.",
    "v1.0000000.a.b.c",
    "v1.00000000.AAAA.AAAAAAAAAAAAAAAAAAAAAA.AA",
  ])("refuses malformed input %j", (sealed) => {
    expect(failure(() => openSecret(sealed, [key]))?.reason).toBe("malformed");
    expect(sealedKeyId(sealed)).toBeUndefined();
  });

  it("rejects keys that are not 32 bytes", () => {
    expect(() => sealSecret("x", randomBytes(16))).toThrow(RangeError);
    expect(() => keyId(Buffer.alloc(0))).toThrow(/32 bytes/);
  });
});
