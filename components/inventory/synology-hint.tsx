import Link from "next/link";
import { formatCount } from "@/lib/glacier/format";
import { shareLinkPath } from "@/lib/glacier/share-link";

/**
 * Synology Glacier Backup hides file names in a `<vault>_mapping` vault's SQLite database
 * (formats.md §1.8). Says how many archives it named, or how to get it when it exists.
 */
export function SynologyHint({
  namedArchives,
  mappingVault,
  connection,
  canStartJobs,
}: {
  namedArchives: number;
  mappingVault: string | null;
  connection: string;
  /** Viewers get the explanation without the wizard link (the wizard is a 404 for them). */
  canStartJobs: boolean;
}) {
  if (namedArchives > 0) {
    return (
      <p className="mt-2 text-xs text-slate-600">
        {formatCount(namedArchives)} archives are named from the vault&apos;s Synology mapping database.
      </p>
    );
  }
  if (!mappingVault) return null;
  return (
    <p className="mt-2 rounded-md bg-amber-50 p-2 text-xs text-amber-900">
      This looks like a Synology Glacier Backup vault: its file names are in the{" "}
      <span className="font-mono">{mappingVault}</span> vault. Run an{" "}
      {canStartJobs ? (
        <Link
          className="underline"
          href={shareLinkPath("inventory", { vault: mappingVault }, { connection })}
        >
          inventory of {mappingVault}
        </Link>
      ) : (
        <>inventory of {mappingVault}</>
      )}
      , retrieve its archive, and choose “Import Synology names” on that retrieval&apos;s page
      {canStartJobs ? "." : " (an operator can do this)."}
    </p>
  );
}
