"use client";

import { fieldName, splitFieldError } from "@/lib/glacier/field-labels";
import { stepOfPath } from "./step-paths";

export type LinkProblem = { path: string; message: string };

/**
 * A shared link's problems, all listed on the wizard's first step whatever step their field is on:
 * each names its field as the screen labels it and is a link that opens that field's step and
 * focuses it (`onOpen`). A tampered or outdated link is seen at once, not at the step it broke.
 */
export function LinkProblems({
  problems,
  steps,
  onOpen,
}: {
  problems: readonly LinkProblem[];
  steps: readonly { title: string; fields: readonly string[] }[];
  onOpen: (stepIndex: number, path: string) => void;
}) {
  if (problems.length === 0) return null;
  return (
    <section
      aria-label="Problems in this link"
      className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950"
    >
      <p className="font-medium">
        This link has {problems.length === 1 ? "a value" : `${problems.length} values`} the job cannot use:
      </p>
      <ul className="mt-1 list-disc space-y-1 pl-5">
        {problems.map(({ path, message }) => {
          const index = stepOfPath(steps, path);
          const { message: text } = splitFieldError(message);
          const step = steps[index];
          return (
            <li key={path}>
              <a
                href={`#field-${path}`}
                className="font-medium underline"
                onClick={(event) => {
                  event.preventDefault();
                  if (index >= 0) onOpen(index, path);
                }}
              >
                {fieldName(path) ?? path}
              </a>
              {step && <span className="text-amber-800"> ({step.title})</span>}: {text}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
