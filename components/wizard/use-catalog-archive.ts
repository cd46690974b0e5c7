"use client";

import { useCallback, useEffect, useState } from "react";
import { type CatalogLookup } from "./archive-target-fields";
import { type ArchiveCatalogProps, type ArchiveFacts, type LookupArchive } from "./wizard-context";

type Known = { vault: string; archiveId: string; archive: ArchiveFacts | null };

/** How long typing pauses before a pasted or typed id is looked up. */
const PAUSE_MS = 250;

/**
 * The archive a vault + ArchiveId names, looked up in the vault's catalog as the id is typed or
 * pasted (an archive picked from the list is known at once). `pending` while the lookup runs.
 */
export function useCatalogArchive(
  vault: string,
  archiveIdText: string,
  lookup: LookupArchive,
  initial: ArchiveFacts | null,
): CatalogLookup & { know: (archive: ArchiveFacts) => void } {
  const archiveId = archiveIdText.trim();
  const [known, setKnown] = useState<Known | null>(
    initial && { vault: initial.vaultName, archiveId: initial.archiveId, archive: initial },
  );
  const current = known !== null && known.vault === vault && known.archiveId === archiveId;
  const wanted = vault !== "" && archiveId !== "" && !current;

  useEffect(() => {
    if (!wanted) return;
    let live = true;
    const settle = (archive: ArchiveFacts | null) => live && setKnown({ vault, archiveId, archive });
    const timer = setTimeout(() => {
      lookup({ vault, archiveId }).then(
        (result) => settle(result.ok ? result.data : null),
        () => settle(null),
      );
    }, PAUSE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [wanted, vault, archiveId, lookup]);

  const know = useCallback(
    (archive: ArchiveFacts) => setKnown({ vault: archive.vaultName, archiveId: archive.archiveId, archive }),
    [],
  );
  return {
    archive: current ? known.archive : null,
    pending: wanted,
    asked: vault !== "" && archiveId !== "",
    know,
  };
}

/** The archive a shared link named, as its page found it in the catalog. */
export function linkedArchiveFacts(catalog: ArchiveCatalogProps | null): ArchiveFacts | null {
  return catalog?.linked ?? null;
}
