"use client";

import { SELECT_EXAMPLES, type SelectExample } from "@/lib/glacier/select-editor";
import { type SelectForm } from "./select-form-fields";

/**
 * The help's examples (lib/glacier/select-editor.ts), each with its Header line. "Use" puts both in the
 * form: the example then runs on the demo seed's sales reports as it stands.
 */
export function SelectSqlExamples({ form }: { form: SelectForm }) {
  const use = (example: SelectExample) => {
    const how = { shouldDirty: true, shouldValidate: true };
    form.setValue("SelectParameters.InputSerialization.csv.FileHeaderInfo", example.fileHeaderInfo, how);
    form.setValue("SelectParameters.Expression", example.expression, how);
  };
  return (
    <details className="text-xs text-slate-600">
      <summary className="cursor-pointer text-ice-700">Examples</summary>
      <ul className="mt-1 space-y-2">
        {SELECT_EXAMPLES.map((example) => (
          <li key={example.title}>
            <p>
              {example.title} <span className="text-slate-500">(Header line {example.fileHeaderInfo})</span>
            </p>
            <div className="flex items-start gap-2">
              <code className="flex-1 rounded bg-slate-50 px-1.5 py-0.5 font-mono break-all">
                {example.expression}
              </code>
              <button
                type="button"
                onClick={() => use(example)}
                aria-label={`Use the example: ${example.title}`}
                className="shrink-0 text-ice-700 hover:underline"
              >
                Use
              </button>
            </div>
          </li>
        ))}
      </ul>
    </details>
  );
}
