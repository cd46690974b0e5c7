"use client";

import { inputClass } from "@/components/ui/field";
import { formatCount } from "@/lib/glacier/format";
import { CopyButton } from "./copy-button";

/** What "Copy link" produced: a link to share, or why there is none. */
export type ShareLinkState =
  { kind: "ready"; url: string; copied: boolean } | { kind: "too-long"; length: number; limit: number };

/**
 * The outcome of "Copy link". A link longer than the server accepts (share-link.ts,
 * MAX_SHARE_LINK_LENGTH) is not copied, since it would open an error page: the panel says so and
 * offers what still carries the job: the draft kept in this browser, and the AWS CLI command.
 */
export function ShareLinkPanel({ state, cliCommand }: { state: ShareLinkState; cliCommand: string | null }) {
  if (state.kind === "too-long") {
    return (
      <div
        role="alert"
        aria-label="Link too long"
        className="space-y-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950"
      >
        <p className="font-medium">This form is too long to share as a link.</p>
        <p>
          Its link would have {formatCount(state.length)} characters; Thaw&apos;s server opens links of at
          most about {formatCount(state.limit)} (Node&apos;s 16 KB request-header limit), so it would open an
          error page. Nothing was copied. Long SQL is the usual cause: each space, quote or symbol takes up to
          three characters in a link.
        </p>
        <p>
          What still works: your draft stays saved in this browser, so this wizard reopens with these values
          here;{" "}
          {cliCommand
            ? "and the AWS CLI command starts the same job anywhere:"
            : "and the Review step shows the job as an AWS CLI command once every field is valid."}
        </p>
        {cliCommand && <CopyButton text={cliCommand} label="Copy AWS CLI command" />}
      </div>
    );
  }
  return (
    <div className="space-y-1">
      <label htmlFor="wizard-share-link" className="block text-sm font-medium text-slate-800">
        Shareable link
      </label>
      <input
        id="wizard-share-link"
        readOnly
        value={state.url}
        className={inputClass}
        onFocus={(e) => e.currentTarget.select()}
      />
      <p role="status" className="text-xs text-slate-500">
        {state.copied
          ? "Link copied. It opens this form prefilled; it never submits by itself."
          : "Copy the link above (the clipboard is not available here)."}
      </p>
    </div>
  );
}
