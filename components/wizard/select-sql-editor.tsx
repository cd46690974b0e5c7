"use client";

import { sql, SQLDialect } from "@codemirror/lang-sql";
import CodeMirror, { Compartment, EditorView, type ReactCodeMirrorRef } from "@uiw/react-codemirror";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { useController, useWatch } from "react-hook-form";
import {
  SELECT_EXPRESSION_MAX_CHARS,
  SELECT_FUNCTIONS,
  SQL_EXPRESSION_KEYWORDS,
  TABLE_NAMES,
} from "@/lib/glacier/select";
import { fileHeaderInfoOf, selectProblemText } from "@/lib/glacier/select-editor";
import { type SelectForm } from "./select-form-fields";
import { showProblem, useSelectCheck } from "./select-sql-check";
import { columnCompletionSource } from "./select-sql-completion";
import { SelectSqlExamples } from "./select-sql-examples";
import { FieldError } from "@/components/ui/field";
import { fieldLabel } from "@/lib/glacier/field-labels";

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

const lower = (words: readonly string[]) => words.map((w) => w.toLowerCase()).join(" ");

/**
 * Glacier Select's words for highlighting and completion (lib/glacier/select/keywords.ts): the grammar's
 * keywords and table names, its functions. Words AWS reserves but Glacier refuses (LIMIT, COUNT, …) are
 * not offered.
 */
const GLACIER_SELECT = SQLDialect.define({
  keywords: lower([...SQL_EXPRESSION_KEYWORDS, ...TABLE_NAMES]),
  builtin: lower(SELECT_FUNCTIONS),
  identifierQuotes: '"',
  caseInsensitiveIdentifiers: true,
});

/**
 * The SQL expression in CodeMirror 6, checked as the user types with the shared dialect
 * (lib/glacier/select): the problem is underlined where it is (a lint diagnostic) and worded below the
 * field, which screen readers reach through aria-describedby and aria-live. Header names the preview
 * read complete after `s.`, quoted where the dialect needs it. CodeMirror's editable element is a `div`
 * (role textbox), which a `<label for>` cannot name, so the label, hint and error are tied to it with
 * aria attributes. Tab is left to the browser (`indentWithTab: false`): keyboard users move on with Tab.
 */
export function SelectSqlEditor({
  form,
  columns,
}: {
  form: SelectForm;
  /** With a USE header in the preview, its names; else the preview's positions (`_1`, `_2`, …); null without a sample. */
  columns: { names: readonly string[]; header: boolean } | null;
}) {
  const id = useId();
  const labelId = `${id}-label`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const { field, fieldState } = useController({ control: form.control, name: NAME });
  const value = field.value ?? "";
  const fileHeaderInfo = fileHeaderInfoOf(
    useWatch({ control: form.control, name: "SelectParameters.InputSerialization.csv.FileHeaderInfo" }),
  );
  const header = columns?.header && fileHeaderInfo === "USE" ? columns.names : null;
  const { problem, checked } = useSelectCheck(value, { fileHeaderInfo, header });
  // The live verdict speaks for the text it checked (the schema's own error may be from older text); a
  // refusal the server placed here (Glacier's answer to InitiateJob) and a blank field's error stand.
  const stored = fieldState.error;
  const current = checked === value && value.trim() !== "" && stored?.type !== "server";
  const error = problem ? selectProblemText(problem) : current ? undefined : stored?.message;

  const [view, setView] = useState<EditorView | null>(null);
  useEffect(() => {
    // Marks only the text the verdict is about; the next check (after typing pauses) marks the new text.
    if (view && view.state.doc.toString() === checked)
      showProblem(view, problem, problem ? selectProblemText(problem) : "");
  }, [view, problem, checked]);

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

  const columnKey = columns ? `${String(columns.header)}\u0001${columns.names.join("\u0000")}` : "";
  // The aria attributes follow the verdict through their own compartment. Rebuilding the language or
  // the completion source for them would reset CodeMirror's completion state: a list the user opened
  // would close whenever the check answers (300 ms after typing pauses).
  const [ariaSlot] = useState(() => new Compartment());
  const ariaOf = useCallback(
    (invalid: boolean) =>
      EditorView.contentAttributes.of({
        "aria-labelledby": labelId,
        "aria-describedby": invalid ? `${errorId} ${hintId}` : hintId,
        "aria-invalid": invalid ? "true" : "false",
        "aria-required": "true",
      }),
    [labelId, hintId, errorId],
  );
  const extensions = useMemo(() => {
    const names = columnKey ? (columnKey.split("\u0001")[1]?.split("\u0000") ?? []) : [];
    const language = sql({ dialect: GLACIER_SELECT, upperCaseKeywords: true });
    return [
      language,
      language.language.data.of({
        autocomplete: columnCompletionSource(names, columnKey.startsWith("true")),
      }),
      EditorView.lineWrapping,
      EditorView.cspNonce.of(documentNonce()),
      ariaSlot.of(ariaOf(false)),
    ];
  }, [columnKey, ariaSlot, ariaOf]);
  const invalid = Boolean(error);
  useEffect(() => {
    // After CodeMirror's own effect has applied `extensions` (a child's effects run first), so a
    // reconfiguration for new columns does not leave the attributes at their initial value.
    view?.dispatch({ effects: ariaSlot.reconfigure(ariaOf(invalid)) });
  }, [view, extensions, ariaSlot, ariaOf, invalid]);

  return (
    <div className="space-y-1">
      {/* Not a <label>: CodeMirror's editable div is not labelable; clicking still focuses it. */}
      <span id={labelId} onClick={focusEditor} className="block text-sm font-medium text-slate-800">
        {fieldLabel("SelectParameters.Expression")}
      </span>
      {/* Before the editor, so Tab from the editor goes straight on to the next field. */}
      <SelectSqlExamples form={form} />
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
          onCreateEditor={setView}
          extensions={extensions}
          indentWithTab={false}
          basicSetup={{ lineNumbers: true, foldGutter: false, highlightActiveLine: false, tabSize: 2 }}
          minHeight="7rem"
          maxHeight="24rem"
          placeholder="SELECT s._1, s._2 FROM archive s WHERE s._3 = 'eu-west'"
        />
      </div>
      <FieldError id={errorId} error={error} />
      <p id={hintId} className="text-xs text-slate-500">
        One SELECT over <code>archive</code> (or <code>object</code>), e.g.{" "}
        <code>SELECT s._1 FROM archive s</code>. Columns are <code>s._1</code>, <code>s._2</code>… or, with
        Header line USE, header names: bare names match any case, double-quoted ones exactly, and a name that
        is an SQL keyword must be quoted (<code>s.&quot;date&quot;</code>). Glacier Select has no LIMIT,
        aggregates, GROUP BY or ORDER BY. Thaw checks the expression as Glacier does while you type (at most{" "}
        {SELECT_EXPRESSION_MAX_CHARS.toLocaleString("en-US")} characters; now{" "}
        {Array.from(value).length.toLocaleString("en-US")}); paste a few lines of the archive below to check
        and complete its header names. Tab leaves the editor.
      </p>
    </div>
  );
}
