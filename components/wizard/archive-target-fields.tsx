"use client";

import { type UseFormRegisterReturn } from "react-hook-form";
import { Field, inputClass } from "@/components/ui/field";
import { ArchivePicker } from "./archive-picker";
import { VaultField } from "./vault-field";
import { type ArchiveCatalogProps, type ArchiveOption } from "./wizard-context";

/**
 * The target step of a wizard that works on one archive (archive retrieval, select): the vault, the
 * archive id (pasted), and the picker over the vault's latest catalogued inventory, offered only
 * while the chosen vault is the catalogue's.
 */
export function ArchiveTargetFields({
  vault,
  vaults,
  vaultRegistration,
  vaultError,
  archiveIdRegistration,
  archiveIdError,
  archiveIdHint,
  catalog,
  onPick,
}: {
  vault: string;
  vaults: readonly string[];
  vaultRegistration: UseFormRegisterReturn;
  vaultError: string | undefined;
  archiveIdRegistration: UseFormRegisterReturn;
  archiveIdError: string | undefined;
  archiveIdHint: string;
  catalog: ArchiveCatalogProps | null;
  onPick: (archive: ArchiveOption) => void;
}) {
  return (
    <>
      <VaultField registration={vaultRegistration} value={vault} vaults={vaults} error={vaultError} />
      <Field label="Archive id" error={archiveIdError} hint={archiveIdHint}>
        {(aria) => (
          <input
            {...aria}
            {...archiveIdRegistration}
            className={`${inputClass} font-mono`}
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      {catalog && catalog.vaultName === vault ? (
        <ArchivePicker catalog={catalog} onPick={(_id, archive) => onPick(archive)} />
      ) : (
        <ArchivePicker onPick={() => undefined} />
      )}
    </>
  );
}
