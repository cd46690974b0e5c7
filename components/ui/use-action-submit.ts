"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { type ActionResult } from "@/lib/auth/action-result";

/** A server action a settings form calls with its values. */
export type Submit<I, T = unknown> = (input: I) => Promise<ActionResult<T>>;

/**
 * Runs a form's server action in a transition and reports its outcome as a toast; a refusal's field
 * errors and message stay for the form to show next to its fields, until the next success.
 */
export function useActionSubmit<I, T>(submit: Submit<I, T>, onSuccess?: () => void) {
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const run = (input: I) =>
    startTransition(async () => {
      const result = await submit(input);
      if (result.ok) {
        setErrors({});
        setFailure(undefined);
        toast.success(result.message ?? "Saved.");
        onSuccess?.();
      } else {
        setErrors(result.fieldErrors);
        setFailure(result.message);
        toast.error(result.message);
      }
    });
  /** The form's onSubmit: runs the action with `input` instead of the browser's own submission. */
  const submitWith = (input: I) => (event: React.FormEvent) => {
    event.preventDefault();
    run(input);
  };
  return { pending, errors, failure, submitWith };
}
