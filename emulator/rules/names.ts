import { checkDescription } from "../../lib/glacier/description";
import { checkVaultName } from "../../lib/glacier/vault-name";
import { invalidParameter } from "../http/errors";

/** The shared vault-name rule (lib/glacier), turned into Glacier's error. */
export function assertVaultName(name: string): void {
  const check = checkVaultName(name);
  if (!check.ok) throw invalidParameter(`Invalid vault name '${name}': ${check.message}.`);
}

/** The shared description rule (printable ASCII, ≤ 1024 bytes), turned into Glacier's error. */
export function assertDescription(description: string, field = "ArchiveDescription"): void {
  const check = checkDescription(description, field);
  if (!check.ok) throw invalidParameter(`Invalid ${field}: ${check.message}.`);
}
