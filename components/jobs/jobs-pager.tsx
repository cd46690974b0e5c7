"use client";

/** Where the "Newer" and "Older" links of the jobs list lead (opaque keyset cursors from the server). */
export type JobsPageLinks = { newer: string | null; older: string | null };

type Props = {
  links: JobsPageLinks;
  /** Whether this is not the first page (the "Newest" link). */
  paged: boolean;
  go: (to: { older: string | null; newer: string | null }) => void;
};

const linkClass =
  "rounded border border-slate-300 bg-white px-3 py-1 text-sm text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50";

/** The jobs list's page controls: newest page, one page newer, one page older. */
export function JobsPager({ links, paged, go }: Props) {
  return (
    <nav aria-label="Jobs pages" className="flex items-center gap-2">
      <button
        type="button"
        className={linkClass}
        disabled={!paged}
        onClick={() => go({ older: null, newer: null })}
      >
        Newest
      </button>
      <button
        type="button"
        className={linkClass}
        disabled={links.newer === null}
        onClick={() => go({ older: null, newer: links.newer })}
      >
        ← Newer
      </button>
      <button
        type="button"
        className={linkClass}
        disabled={links.older === null}
        onClick={() => go({ older: links.older, newer: null })}
      >
        Older →
      </button>
    </nav>
  );
}
