import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

describe("password hashing (scrypt)", () => {
  it("verifies the right password and refuses others", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same password twice")).not.toBe(await hashPassword("same password twice"));
  });

  it("treats NFC and NFD spellings of a password alike", async () => {
    const hash = await hashPassword("crème brûlée 12");
    expect(await verifyPassword("cre\u0300me bru\u0302le\u0301e 12", hash)).toBe(true);
  });

  it("refuses missing, malformed and oversized input without throwing", async () => {
    expect(await verifyPassword("anything", null)).toBe(false);
    expect(await verifyPassword("anything", undefined)).toBe(false);
    expect(await verifyPassword("anything", "plaintext")).toBe(false);
    expect(await verifyPassword("anything", "scrypt$99$8$1$c2FsdA$a2V5")).toBe(false);
    expect(await verifyPassword("x".repeat(2000), await hashPassword("short one here"))).toBe(false);
  });
});
