/** Vault names (glacier-api.md §2.1): 1–255 characters from a-z A-Z 0-9 `_` `-` `.`. Pure and isomorphic. */

export const MAX_VAULT_NAME_LENGTH = 255;

const VAULT_NAME_CHAR = /^[A-Za-z0-9_.-]$/;

export type VaultNameCheck = { ok: true } | { ok: false; message: string; index?: number };

export function checkVaultName(name: string): VaultNameCheck {
  if (name.length === 0) return { ok: false, message: "Vault name must not be empty" };
  for (let index = 0; index < name.length; index++) {
    const char = name.charAt(index);
    if (!VAULT_NAME_CHAR.test(char)) {
      return {
        ok: false,
        index,
        message: `Vault name may contain only letters, digits, "_", "-" and "."; "${char}" at position ${index + 1} is not allowed`,
      };
    }
  }
  if (name.length > MAX_VAULT_NAME_LENGTH) {
    return {
      ok: false,
      index: MAX_VAULT_NAME_LENGTH,
      message: `Vault name must be at most ${MAX_VAULT_NAME_LENGTH} characters long`,
    };
  }
  return { ok: true };
}

export function isValidVaultName(name: string): boolean {
  return checkVaultName(name).ok;
}
