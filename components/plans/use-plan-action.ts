"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { type ActionResult } from "@/lib/auth/action-result";

/**
 * Runs a plan action with a pending flag, announces its message as a toast and refreshes the
 * page's server data. Returns the result so forms can place field errors.
 */
export function usePlanAction() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | undefined>();
  const run = <T>(action: () => Promise<ActionResult<T>>): Promise<ActionResult<T> | undefined> =>
    new Promise((resolve) => {
      setError(undefined);
      startTransition(async () => {
        try {
          const result = await action();
          if (result.ok) {
            if (result.message) toast.success(result.message);
            router.refresh();
          } else {
            setError(result.message);
          }
          resolve(result);
        } catch {
          setError("The request did not reach the server. Check the plan's state, then try again.");
          resolve(undefined);
        }
      });
    });
  return { run, pending, error };
}
