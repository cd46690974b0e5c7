"use client";

import { useId, useMemo } from "react";
import { useWatch } from "react-hook-form";
import { Badge } from "@/components/ui/badge";
import { inputClass } from "@/components/ui/field";
import { type CsvPreview, type CsvPreviewField, previewCsv } from "@/lib/glacier/csv-preview";
import { csvToWire } from "@/lib/glacier/schemas/select-characters";
import { type SelectForm } from "./select-form-fields";

/** A pasted sample is for eyes only; beyond this it is cut (the preview shows 20 records anyway). */
export const MAX_SAMPLE_CHARACTERS = 64 * 1024;

/** The preview of `sample` under the form's current InputSerialization.csv. */
export function useCsvPreview(form: SelectForm, sample: string): CsvPreview {
  const csv = useWatch({ control: form.control, name: "SelectParameters.InputSerialization.csv" });
  return useMemo(() => {
    // Unchecked strings: the rules inside previewCsv judge them, and an invalid one comes back as issues.
    return previewCsv(sample, csvToWire(csv));
  }, [csv, sample]);
}

/** Line breaks and tabs inside a value, made visible. */
function visible(value: string): string {
  return value
    .replace(/\r\n|\n/g, "↵")
    .replace(/\r/g, "␍")
    .replace(/\t/g, "⇥");
}

function Cell({ field }: { field: CsvPreviewField | undefined }) {
  if (!field) return <td className="px-2 py-1 text-slate-300">—</td>;
  const notes = [
    field.quoted && "quoted",
    field.escapes > 0 && `${field.escapes} escape${field.escapes > 1 ? "s" : ""}`,
  ].filter(Boolean);
  return (
    <td className="px-2 py-1 align-top font-mono whitespace-pre-wrap">
      {field.value === "" ? <span className="text-slate-400 italic">(empty)</span> : visible(field.value)}
      {notes.length > 0 && <span className="font-sans text-xs text-ice-700"> ({notes.join(", ")})</span>}
    </td>
  );
}

function summary(preview: Extract<CsvPreview, { ok: true }>): string {
  const data = preview.records.filter((r) => r.role === "data").length;
  const parts = [
    `${data} data record${data === 1 ? "" : "s"}`,
    `${preview.columns.length} column${preview.columns.length === 1 ? "" : "s"}`,
  ];
  if (preview.hiddenRecords > 0) parts.push(`${preview.hiddenRecords} more not shown`);
  if (preview.skippedComments > 0)
    parts.push(`${preview.skippedComments} comment line${preview.skippedComments === 1 ? "" : "s"} skipped`);
  if (preview.skippedEmptyLines > 0)
    parts.push(
      `${preview.skippedEmptyLines} empty line${preview.skippedEmptyLines === 1 ? "" : "s"} skipped`,
    );
  return parts.join("; ");
}

/**
 * "Paste a few lines, see the columns": splits a sample exactly as Glacier Select will, with the
 * input serialization chosen above, and names the columns `_1`, `_2`… (and by header with USE).
 */
export function SelectCsvPreview({
  preview,
  sample,
  onSampleChange,
}: {
  preview: CsvPreview;
  sample: string;
  onSampleChange: (sample: string) => void;
}) {
  const id = useId();
  return (
    <section
      aria-labelledby={`${id}-title`}
      className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3"
    >
      <h3 id={`${id}-title`} className="text-sm font-semibold text-slate-800">
        Preview how the CSV splits
      </h3>
      <div className="space-y-1">
        <label htmlFor={`${id}-sample`} className="block text-sm font-medium text-slate-800">
          Sample lines
        </label>
        <textarea
          id={`${id}-sample`}
          aria-describedby={`${id}-sample-hint`}
          value={sample}
          maxLength={MAX_SAMPLE_CHARACTERS}
          onChange={(event) => onSampleChange(event.target.value)}
          rows={4}
          spellCheck={false}
          className={`${inputClass} font-mono`}
          placeholder={'id,region,product\n1,us-east,"Cable, 2m"'}
        />
        <p id={`${id}-sample-hint`} className="text-xs text-slate-500">
          Paste the first lines of the archive (for example from an earlier retrieval). Only this page sees
          them; they are not sent.
        </p>
      </div>
      <div aria-live="polite" className="space-y-2 text-sm">
        {!preview.ok ? (
          <p className="text-amber-800">
            Fix the input CSV options to see the preview: {preview.issues.map((i) => i.message).join("; ")}
          </p>
        ) : sample === "" ? null : (
          <>
            <p className="text-slate-600">{summary(preview)}</p>
            {preview.problem && <p className="text-amber-800">{preview.problem}</p>}
          </>
        )}
      </div>
      {preview.ok && preview.records.length > 0 && (
        <div className="overflow-x-auto">
          <table className="min-w-full border-collapse text-left text-sm">
            <caption className="sr-only">How Glacier Select splits the sample</caption>
            <thead className="border-b border-slate-300 text-xs text-slate-600">
              <tr>
                <th scope="col" className="px-2 py-1 font-medium">
                  Line
                </th>
                {preview.columns.map((column) => (
                  <th key={column.position} scope="col" className="px-2 py-1 font-medium">
                    <code>{column.position}</code>
                    {column.name !== null && <span className="text-slate-500"> ({column.name})</span>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.records.map((record, index) => (
                <tr
                  key={index}
                  className={
                    record.role === "data"
                      ? "border-b border-slate-200"
                      : "border-b border-slate-200 bg-slate-100"
                  }
                >
                  <th
                    scope="row"
                    className="px-2 py-1 align-top font-normal whitespace-nowrap text-slate-500"
                  >
                    {record.line} {record.role === "header" && <Badge tone="info">header</Badge>}
                    {record.role === "ignored-header" && <Badge>ignored</Badge>}
                  </th>
                  {preview.columns.map((column, k) => (
                    <Cell key={column.position} field={record.fields[k]} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
