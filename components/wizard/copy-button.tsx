"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Copies `text`; says so in a live region, and says how when the clipboard is not available. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Insecure origin or denied permission: callers show the text for a manual copy.
    return false;
  }
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        aria-label={label}
        onClick={async () => {
          setState((await copyText(text)) ? "copied" : "failed");
        }}
      >
        {state === "copied" ? (
          <Check aria-hidden className="size-4" />
        ) : (
          <Copy aria-hidden className="size-4" />
        )}
        Copy
      </Button>
      <span role="status" className="text-xs text-slate-500">
        {state === "copied"
          ? "Copied"
          : state === "failed"
            ? "Select the text and copy it (the clipboard is not available here)"
            : ""}
      </span>
    </span>
  );
}
