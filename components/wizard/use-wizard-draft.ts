"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { type FieldValues, type UseFormReturn } from "react-hook-form";

/**
 * A half-filled wizard survives a reload: values, current step and submission key go to
 * localStorage (one draft per wizard type), debounced. Opened from a link, the link's values win;
 * the stored draft is then only offered, never applied by itself.
 */

export type StoredDraft = {
  values: unknown;
  idempotencyKey: string;
  step: number;
  savedAt: string;
};

export function draftStorageKey(jobType: string): string {
  return `thaw:wizard-draft:${jobType}`;
}

function readDraft(key: string): StoredDraft | undefined {
  try {
    const raw = window.localStorage.getItem(key);
    if (!raw) return undefined;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const d = parsed as Partial<StoredDraft>;
    if (
      typeof d.idempotencyKey !== "string" ||
      typeof d.savedAt !== "string" ||
      typeof d.values !== "object" ||
      d.values === null
    ) {
      return undefined;
    }
    return {
      values: d.values,
      idempotencyKey: d.idempotencyKey,
      step: typeof d.step === "number" ? d.step : 0,
      savedAt: d.savedAt,
    };
  } catch {
    // Storage disabled or a corrupt entry: the wizard simply starts empty.
    return undefined;
  }
}

export function removeDraft(jobType: string): void {
  try {
    window.localStorage.removeItem(draftStorageKey(jobType));
  } catch {
    // Nothing to clean when storage is unavailable.
  }
}

export type DraftState = {
  /** "restored": the draft is applied; "offered": a link won and the draft waits for the user. */
  status: "none" | "restored" | "offered";
  savedAt: string | undefined;
  restore(): void;
  discard(): void;
};

export function useWizardDraft<TIn extends FieldValues, TOut>({
  jobType,
  form,
  fromLink,
  step,
  idempotencyKey,
  onRestore,
  onDiscard,
}: {
  jobType: string;
  form: UseFormReturn<TIn, unknown, TOut>;
  fromLink: boolean;
  step: number;
  idempotencyKey: string;
  onRestore: (draft: StoredDraft) => void;
  onDiscard: () => void;
}): DraftState {
  const key = draftStorageKey(jobType);
  const [state, setState] = useState<{
    loaded: boolean;
    status: DraftState["status"];
    savedAt: string | undefined;
  }>({
    loaded: false,
    status: "none",
    savedAt: undefined,
  });
  // A draft the user has not chosen yet (a link won); kept out of render state, it is never shown.
  const pending = useRef<StoredDraft | undefined>(undefined);
  // The page's values as first rendered: a form still equal to them on its first step is no draft.
  const baseline = useRef<string | undefined>(undefined);

  const apply = (draft: StoredDraft) => {
    // The page's own values stay the defaults, so "Discard draft" returns to them.
    form.reset({ ...form.getValues(), ...(draft.values as TIn) }, { keepDefaultValues: true });
    onRestore(draft);
  };

  useEffect(() => {
    baseline.current = JSON.stringify(form.getValues());
    const draft = readDraft(key);
    if (draft && !fromLink) apply(draft);
    if (draft && fromLink) pending.current = draft;
    // localStorage exists only after hydration, so the stored draft can only be looked at here.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setState({
      loaded: true,
      status: draft ? (fromLink ? "offered" : "restored") : "none",
      savedAt: draft?.savedAt,
    });
    // Only on mount: later changes are the user's own.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const save = useCallback(() => {
    const values = form.getValues();
    if (step === 0 && JSON.stringify(values) === baseline.current) {
      removeDraft(jobType);
      return;
    }
    const draft: StoredDraft = {
      values,
      idempotencyKey,
      step,
      savedAt: new Date().toISOString(),
    };
    try {
      window.localStorage.setItem(key, JSON.stringify(draft));
    } catch {
      // Quota or privacy mode: the draft is a convenience, the form still works.
    }
  }, [form, idempotencyKey, jobType, key, step]);

  useEffect(() => {
    // Saving starts only after the stored draft was looked at, or the empty form would overwrite it.
    if (!state.loaded || state.status === "offered") return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const subscription = form.watch(() => {
      clearTimeout(timer);
      timer = setTimeout(save, 250);
    });
    save();
    return () => {
      clearTimeout(timer);
      subscription.unsubscribe();
    };
  }, [form, save, state.loaded, state.status]);

  return {
    status: state.status,
    savedAt: state.savedAt,
    restore() {
      const draft = pending.current;
      pending.current = undefined;
      if (!draft) return;
      apply(draft);
      setState({ loaded: true, status: "restored", savedAt: draft.savedAt });
    },
    discard() {
      pending.current = undefined;
      removeDraft(jobType);
      setState({ loaded: true, status: "none", savedAt: undefined });
      onDiscard();
    },
  };
}
