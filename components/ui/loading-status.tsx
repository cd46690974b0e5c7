/**
 * The dashboard's loading state, announced politely. Pages have their own loading.tsx (lists in
 * `(list)` route groups) rather than one for the whole dashboard: a boundary above jobs/[jobId],
 * plans/[planId] or settings/connections/[id] would start that page's response (200) before an
 * unknown id could answer 404; the job page streams its slow part itself.
 */
export function LoadingStatus({ label = "Loading…" }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-3 py-10 text-sm text-slate-600">
      <span
        aria-hidden
        className="size-4 animate-spin rounded-full border-2 border-slate-300 border-t-ice-600"
      />
      {label}
    </div>
  );
}
