"use client";

import { type FieldErrors, type UseFormRegisterReturn } from "react-hook-form";
import { InputField } from "@/components/ui/field";
import { errorAt } from "@/components/ui/form-errors";
import { ArchivePicker } from "./archive-picker";
import { type WizardStep } from "./job-wizard";
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
      <InputField
        label="Archive id"
        error={archiveIdError}
        hint={archiveIdHint}
        mono
        {...archiveIdRegistration}
        autoComplete="off"
        spellCheck={false}
      />
      {catalog && catalog.vaultName === vault ? (
        <ArchivePicker catalog={catalog} onPick={(_id, archive) => onPick(archive)} />
      ) : (
        <ArchivePicker onPick={() => undefined} />
      )}
    </>
  );
}

/** The picked archive's size, while the ArchiveId field still names it (else unknown). */
export function pickedArchiveSize(
  picked: ArchiveOption | null,
  archiveId: string | undefined,
): number | null {
  return picked && picked.archiveId === archiveId?.trim() ? picked.size : null;
}

/** What of the form the target step reads and writes. */
type ArchiveTargetForm = {
  register: (name: "vault" | "ArchiveId") => UseFormRegisterReturn;
  setValue: (
    name: "ArchiveId",
    value: string,
    options: { shouldValidate: boolean; shouldDirty: boolean },
  ) => void;
  errors: FieldErrors;
  values: { vault?: string };
};

/** The "Target" step of the archive and select wizards; a picked archive fills in the ArchiveId field. */
export function archiveTargetStep(
  { register, setValue, errors, values }: ArchiveTargetForm,
  options: {
    description: string;
    archiveIdHint: string;
    vaults: readonly string[];
    catalog: ArchiveCatalogProps | null;
    onPick: (archive: ArchiveOption) => void;
  },
): WizardStep {
  return {
    id: "target",
    title: "Target",
    description: options.description,
    fields: ["vault", "ArchiveId"],
    content: (
      <ArchiveTargetFields
        vault={values.vault ?? ""}
        vaults={options.vaults}
        vaultRegistration={register("vault")}
        vaultError={errorAt(errors, "vault")}
        archiveIdRegistration={register("ArchiveId")}
        archiveIdError={errorAt(errors, "ArchiveId")}
        archiveIdHint={options.archiveIdHint}
        catalog={options.catalog}
        onPick={(archive) => {
          options.onPick(archive);
          setValue("ArchiveId", archive.archiveId, { shouldValidate: true, shouldDirty: true });
        }}
      />
    ),
  };
}
