"use client";

import { columnReference } from "@/lib/glacier/select-editor";

/** The part of CodeMirror's CompletionContext this source reads (@codemirror/autocomplete's shape). */
type CompletionContextLike = {
  matchBefore(expression: RegExp): { from: number; to: number; text: string } | null;
};

/** `s.`, `archive.`, `"my alias".` followed by what is typed so far of a column. */
const QUALIFIED = /(?:[A-Za-z_][A-Za-z0-9_]*|"[^"\n]*")\.("?[A-Za-z0-9_]*)$/;

/**
 * Completes column names after any qualifier and a dot. lang-sql's own schema completion needs the
 * `FROM archive s` clause to know the alias, which is usually typed after the column list; a Glacier
 * Select query has one table, so whatever precedes the dot can only be it. With a USE header the
 * options insert the reference the dialect reads back as that column (`s."date"`, `s."Name"`).
 */
export function columnCompletionSource(names: readonly string[], header: boolean) {
  const options = names.map((name, k) => ({
    label: name,
    apply: header ? columnReference(name, names) : name,
    detail: header ? `_${k + 1}` : undefined,
    type: "property",
    boost: 50,
  }));
  return (context: CompletionContextLike) => {
    if (options.length === 0) return null;
    const match = context.matchBefore(QUALIFIED);
    if (!match) return null;
    const typed = QUALIFIED.exec(match.text)?.[1] ?? "";
    return { from: match.to - typed.length, options, validFor: /^"?[A-Za-z0-9_]*$/ };
  };
}
