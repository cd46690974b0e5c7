"use client";

import { cn } from "@/components/ui/cn";

/**
 * The visible list of steps. Steps already passed are buttons (going back never loses input);
 * later steps are plain text, reached only through Next, so each step is validated on the way.
 */
export function StepList({
  steps,
  current,
  invalid,
  onSelect,
}: {
  steps: readonly { id: string; title: string }[];
  current: number;
  /** Indexes of steps that hold a field error. */
  invalid: ReadonlySet<number>;
  onSelect: (index: number) => void;
}) {
  return (
    <nav aria-label="Wizard steps">
      <ol className="flex flex-wrap gap-2 text-sm">
        {steps.map((step, index) => {
          const state = index === current ? "current" : index < current ? "done" : "todo";
          const label = (
            <>
              <span
                aria-hidden
                className={cn(
                  "inline-flex size-6 items-center justify-center rounded-full text-xs font-semibold",
                  state === "current"
                    ? "bg-ice-700 text-white"
                    : state === "done"
                      ? "bg-ice-100 text-ice-800"
                      : "bg-slate-100 text-slate-500",
                  invalid.has(index) && "bg-red-100 text-red-800",
                )}
              >
                {index + 1}
              </span>
              <span>{step.title}</span>
              {invalid.has(index) && <span className="sr-only"> (needs attention)</span>}
            </>
          );
          return (
            <li
              key={step.id}
              aria-current={state === "current" ? "step" : undefined}
              className="flex items-center gap-2"
            >
              {state === "done" ? (
                <button
                  type="button"
                  onClick={() => onSelect(index)}
                  className="inline-flex items-center gap-2 rounded-md px-1.5 py-1 text-ice-800 hover:bg-ice-50"
                >
                  {label}
                </button>
              ) : (
                <span
                  className={cn(
                    "inline-flex items-center gap-2 px-1.5 py-1",
                    state === "current" ? "font-semibold text-slate-900" : "text-slate-500",
                  )}
                >
                  {label}
                </span>
              )}
              {index < steps.length - 1 && (
                <span aria-hidden className="text-slate-300">
                  →
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
