"use client";

import { sql, StandardSQL } from "@codemirror/lang-sql";
import CodeMirror, { EditorView, type ReactCodeMirrorRef } from "@uiw/react-codemirror";
import { useCallback, useId, useMemo, useRef } from "react";
import { type Control, useController } from "react-hook-form";
import { type SelectJobInput, type SelectJobValues } from "@/lib/glacier/schemas/select-job";
import { MAX_EXPRESSION_BYTES } from "@/lib/glacier/select-rules";
import { utf8ByteLength } from "@/lib/glacier/text";

const NAME = "SelectParameters.Expression" as const;

/**
 * The nonce of this document's CSP, read from Next's own script tags (the property keeps it after the
 * browser hides the attribute). Not a fresh server value: after client navigation the document, and so
 * its policy, is still the one first loaded. CodeMirror puts it on the <style> it inserts.
 */
function documentNonce(): string {
  if (typeof document === "undefined") return "";
  return document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce ?? "";
}

/**
 * The SQL expression in CodeMirror 6 with SQL highlighting. CodeMirror's editable element is a
 * `div` (role textbox), which a `<label for>` cannot name, so the label, hint and error are tied
 * to it with aria attributes. Tab is left to the browser (`indentWithTab: false`): keyboard users
 * move on with Tab as in any other field; the expression needs no tab characters.
 */
export function SelectSqlEditor({
  control,
  columns,
}: {
  control: Control<SelectJobInput, unknown, SelectJobValues>;
  /** Column names from the CSV preview's header, offered as completions of `s.`. */
  columns?: readonly string[];
}) {
  const id = useId();
  const labelId = `${id}-label`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const { field, fieldState } = useController({ control, name: NAME });
  const value = field.value ?? "";
  const error = fieldState.error?.message;
  const columnKey = (columns ?? []).join("\u0000");
  const editor = useRef<ReactCodeMirrorRef | null>(null);
  const focusEditor = useCallback(() => editor.current?.view?.focus(), []);
  const { ref: registerRef } = field;
  const attachEditor = useCallback(
    (instance: ReactCodeMirrorRef | null) => {
      editor.current = instance;
      // The wizard focuses a field that has an error (e.g. Glacier's SQL error) through this ref.
      if (instance) registerRef({ focus: focusEditor });
    },
    [registerRef, focusEditor],
  );

  const extensions = useMemo(
    () => [
      sql({
        dialect: StandardSQL,
        upperCaseKeywords: true,
        schema: { S3Object: columnKey ? columnKey.split("\u0000") : [] },
      }),
      EditorView.lineWrapping,
      EditorView.cspNonce.of(documentNonce()),
      EditorView.contentAttributes.of({
        "aria-labelledby": labelId,
        "aria-describedby": error ? `${errorId} ${hintId}` : hintId,
        "aria-invalid": error ? "true" : "false",
        "aria-required": "true",
      }),
    ],
    [columnKey, labelId, hintId, errorId, error],
  );

  return (
    <div className="space-y-1">
      {/* Not a <label>: CodeMirror's editable div is not labelable; clicking still focuses it. */}
      <span id={labelId} onClick={focusEditor} className="block text-sm font-medium text-slate-800">
        SQL expression
      </span>
      <div
        className={
          error
            ? "overflow-hidden rounded-md border border-red-500 ring-1 ring-red-500"
            : "overflow-hidden rounded-md border border-slate-300 focus-within:ring-1 focus-within:ring-ice-500"
        }
      >
        <CodeMirror
          ref={attachEditor}
          value={value}
          onChange={(text) => field.onChange(text)}
          onBlur={field.onBlur}
          extensions={extensions}
          indentWithTab={false}
          basicSetup={{ lineNumbers: true, foldGutter: false, highlightActiveLine: false, tabSize: 2 }}
          minHeight="7rem"
          maxHeight="24rem"
          placeholder="SELECT s._1, s._2 FROM S3Object s WHERE s._3 = 'eu-west'"
        />
      </div>
      <p id={hintId} className="text-xs text-slate-500">
        One SELECT over <code>S3Object</code>; columns are <code>s._1</code>, <code>s._2</code>… or header
        names with FileHeaderInfo USE. Thaw checks it only lightly (one SELECT, at most{" "}
        {MAX_EXPRESSION_BYTES / 1024} KiB; now {utf8ByteLength(value)} bytes): Glacier checks the full SQL,
        and its error comes back on submit, shown here, or as the job&apos;s failure status. Tab leaves the
        editor.
      </p>
      <p id={errorId} aria-live="polite" className="text-xs text-red-700 empty:hidden">
        {error}
      </p>
    </div>
  );
}
