import { formatBytes, formatUtc } from "@/lib/glacier/format";
import { type ArchiveFacts } from "./wizard-context";

/** The archive's name as a person knows it: its decoded path, else its description. */
export function archiveName(archive: Pick<ArchiveFacts, "path" | "description">): string {
  return archive.path ?? (archive.description || "(no description)");
}

/**
 * What a long archive id stands for, from the vault's catalog: name, size, creation date and vault
 * (the wizard's target step and review, the shared-link form, the job page).
 */
export function ArchiveFactsView({ archive }: { archive: ArchiveFacts }) {
  return (
    <dl
      aria-label="Archive in the catalog"
      className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-0.5 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm"
    >
      <dt className="text-slate-500">Name</dt>
      <dd className="min-w-0 font-medium break-all text-slate-900">{archiveName(archive)}</dd>
      <dt className="text-slate-500">Size</dt>
      <dd className="tabular-nums">{formatBytes(archive.size)}</dd>
      <dt className="text-slate-500">Created (UTC)</dt>
      <dd className="tabular-nums">{formatUtc(archive.creationDate)}</dd>
      <dt className="text-slate-500">Vault</dt>
      <dd>{archive.vaultName}</dd>
      <dt className="text-slate-500">Listed in</dt>
      <dd className="text-slate-600">the inventory of {formatUtc(archive.inventoryDate)}</dd>
    </dl>
  );
}
