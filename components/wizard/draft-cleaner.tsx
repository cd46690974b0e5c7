"use client";

import { useEffect } from "react";
import { type StoredDraft, draftStorageKey, removeDraft } from "./use-wizard-draft";

/**
 * Rendered on a job's page: the wizard draft that submitted this job (same idempotency key) is
 * done, so it is removed; a draft of another, unsent form is kept.
 */
export function DraftCleaner({ jobType, idempotencyKey }: { jobType: string; idempotencyKey: string }) {
  useEffect(() => {
    try {
      const raw = window.localStorage.getItem(draftStorageKey(jobType));
      const draft = raw ? (JSON.parse(raw) as Partial<StoredDraft>) : undefined;
      if (draft?.idempotencyKey === idempotencyKey) removeDraft(jobType);
    } catch {
      // An unreadable draft is left for the wizard to ignore.
    }
  }, [jobType, idempotencyKey]);
  return null;
}
