"use client";

import { Trash2 } from "lucide-react";
import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { type ActionResult } from "@/lib/auth/action-result";
import { formatBytes, formatCount } from "@/lib/glacier/format";
import { usePlanAction } from "./use-plan-action";

export type DeleteVerifiedAction = (input: {
  planId: string;
  count: number;
  bytes: number;
}) => Promise<ActionResult<unknown>>;

/**
 * Deleting verified archives from the vault cannot be undone: the dialog names the count and the
 * bytes and asks for the count to be typed. The server refuses unless both still match exactly.
 */
export function DeleteVerifiedDialog({
  planId,
  count,
  bytes,
  onDelete,
}: {
  planId: string;
  count: number;
  bytes: number;
  onDelete: DeleteVerifiedAction;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState("");
  const { run, pending, error } = usePlanAction();
  const id = useId();
  const label = `Delete ${formatCount(count)} verified archive${count === 1 ? "" : "s"} (${formatBytes(bytes)}) from the vault`;
  const confirmed = typed.trim() === String(count);
  return (
    <>
      <Button variant="danger" onClick={() => dialog.current?.showModal()}>
        <Trash2 aria-hidden className="size-4" /> {label}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        className="m-auto max-w-lg rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
        onClose={() => setTyped("")}
      >
        <form
          method="dialog"
          className="space-y-4 p-5"
          onSubmit={(event) => {
            event.preventDefault();
            if (!confirmed) return;
            void run(() => onDelete({ planId, count, bytes })).then((result) => {
              if (result?.ok) dialog.current?.close();
            });
          }}
        >
          <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
            {label}?
          </h2>
          <p className="text-sm text-slate-700">
            These {formatCount(count)} archives ({formatBytes(bytes)}) were copied with matching tree hashes,
            checked chunk by chunk as they were stored. Deleting them from the Glacier vault cannot be undone;
            the copies at the destination stay.
          </p>
          <div className="space-y-1">
            <label htmlFor={`${id}-count`} className="block text-sm font-medium text-slate-800">
              Type {count} to confirm
            </label>
            <input
              id={`${id}-count`}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              inputMode="numeric"
              autoComplete="off"
              className={inputClass}
            />
          </div>
          <p role="status" aria-live="polite" className="text-sm text-red-800 empty:hidden">
            {error}
          </p>
          <div className="flex justify-end gap-2">
            <Button onClick={() => dialog.current?.close()}>Keep the archives</Button>
            <Button type="submit" variant="danger" disabled={!confirmed || pending}>
              {pending ? "Deleting…" : `Delete ${formatCount(count)} archives`}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
