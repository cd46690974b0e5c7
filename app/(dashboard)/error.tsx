"use client";

import { Button } from "@/components/ui/button";

/** Unexpected server errors: no detail reaches the browser, only the digest that finds the log line. */
export default function DashboardError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div
      role="alert"
      aria-label="Page error"
      className="rounded-lg border border-red-200 bg-red-50 p-6 text-sm text-red-900"
    >
      <p className="font-semibold">This page could not be shown.</p>
      <p className="mt-1">
        Something failed on the server. The details are in the server log
        {error.digest ? ` (reference ${error.digest})` : ""}.
      </p>
      <Button className="mt-4" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
