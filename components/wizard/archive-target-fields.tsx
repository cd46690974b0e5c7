"use client";

import { type FieldErrors, type UseFormRegisterReturn } from "react-hook-form";
import { InputField } from "@/components/ui/field";
import { errorAt } from "@/components/ui/form-errors";
import { ArchiveFactsView } from "./archive-facts";
import { ArchivePicker } from "./archive-picker";
import { type WizardStep } from "./job-wizard";
import { VaultField } from "./vault-field";
import { type ArchiveCatalogProps, type ArchiveFacts, type ArchiveOption } from "./wizard-context";
import { fieldLabel } from "@/lib/glacier/field-labels";

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
  lookup,
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
  lookup: CatalogLookup;
  onPick: (archive: ArchiveOption) => void;
}) {
  return (
    <>
      <VaultField registration={vaultRegistration} value={vault} vaults={vaults} error={vaultError} />
      <InputField
        label={fieldLabel("ArchiveId")}
        error={archiveIdError}
        hint={archiveIdHint}
        mono
        {...archiveIdRegistration}
        autoComplete="off"
        spellCheck={false}
      />
      <ArchiveLookupResult lookup={lookup} />
      {catalog && catalog.vaultName === vault ? (
        <ArchivePicker catalog={catalog} onPick={(_id, archive) => onPick(archive)} />
      ) : (
        <ArchivePicker onPick={() => undefined} />
      )}
    </>
  );
}

/** The lookup of the typed id in the vault's catalog (useCatalogArchive); `asked` once both are filled. */
export type CatalogLookup = { archive: ArchiveFacts | null; pending: boolean; asked: boolean };

/** Under the id: what the catalog says the archive is, or that it does not know it. */
function ArchiveLookupResult({ lookup }: { lookup: CatalogLookup }) {
  if (!lookup.asked) return null;
  if (lookup.pending)
    return (
      <p role="status" className="text-sm text-slate-500">
        Looking the archive up in the vault&apos;s catalog…
      </p>
    );
  if (lookup.archive) return <ArchiveFactsView archive={lookup.archive} />;
  return (
    <p role="status" className="text-sm text-slate-600">
      This archive is not in the vault&apos;s catalog: its size, and so the byte range&apos;s end and the
      cost, cannot be judged until an inventory that lists it is imported.
    </p>
  );
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
    lookup: CatalogLookup;
    onPick: (archive: ArchiveFacts) => void;
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
        lookup={options.lookup}
        onPick={(archive) => {
          const catalog = options.catalog;
          if (catalog)
            options.onPick({
              ...archive,
              vaultName: catalog.vaultName,
              inventoryDate: catalog.inventoryDate,
            });
          setValue("ArchiveId", archive.archiveId, { shouldValidate: true, shouldDirty: true });
        }}
      />
    ),
  };
}
