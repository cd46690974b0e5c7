"use client";

import { type Diagnostic, setDiagnostics } from "@codemirror/lint";
import { type EditorView, type Text } from "@uiw/react-codemirror";
import { useEffect, useState } from "react";
import { checkSelectExpression, type FileHeaderInfo, type SelectProblem } from "@/lib/glacier/select";

/** Typing pauses this long before the expression is checked again. */
export const CHECK_DELAY_MS = 300;

export type SqlCheckContext = {
  fileHeaderInfo: FileHeaderInfo;
  /** The archive's header as the preview read it (USE only); null when the user gave none. */
  header: readonly string[] | null;
};

const checkOf = (expression: string, context: SqlCheckContext) =>
  expression.trim() === "" ? null : checkSelectExpression(expression, context);

/**
 * The dialect's verdict on the expression as the user types: checked at once for the first value (a
 * shared link's expression shows its error on the first render), then again once typing pauses.
 * `checked` is the text the verdict is about, so the caller only marks text that is still there.
 */
export function useSelectCheck(
  expression: string,
  context: SqlCheckContext,
): { problem: SelectProblem | null; checked: string } {
  const { fileHeaderInfo, header } = context;
  const headerKey = header?.join("\u0000") ?? null;
  const [verdict, setVerdict] = useState(() => ({
    problem: checkOf(expression, context),
    checked: expression,
  }));
  useEffect(() => {
    const timer = setTimeout(() => {
      const current = { fileHeaderInfo, header: headerKey === null ? null : headerKey.split("\u0000") };
      setVerdict({ problem: checkOf(expression, current), checked: expression });
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [expression, fileHeaderInfo, headerKey]);
  return verdict;
}

/** The problem's place in the document: its 1-based line and column, `length` characters, clamped. */
export function problemRange(doc: Text, problem: SelectProblem): { from: number; to: number } {
  const line = doc.line(Math.min(Math.max(problem.line, 1), doc.lines));
  const from = Math.min(line.from + Math.max(problem.column - 1, 0), doc.length);
  const to = Math.min(from + Math.max(problem.length, 1), doc.length);
  // An error at the very end (e.g. an unterminated string) still gets one character to underline.
  return to > from || from === 0 ? { from, to } : { from: from - 1, to: from };
}

/** Underlines the problem in the editor (a CodeMirror lint diagnostic), or clears the mark. */
export function showProblem(view: EditorView, problem: SelectProblem | null, message: string): void {
  const diagnostics: Diagnostic[] = problem
    ? [{ ...problemRange(view.state.doc, problem), severity: "error", source: problem.code, message }]
    : [];
  view.dispatch(setDiagnostics(view.state, diagnostics));
}
