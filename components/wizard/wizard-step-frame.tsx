"use client";

import { ArrowLeft, ArrowRight } from "lucide-react";
import { Button } from "@/components/ui/button";
import { StepList } from "./step-list";

/**
 * The wizard's form and its step list. Enter in a field submits the form: on the last step that is the
 * submission, before it Next (which validates the step), so nothing is sent early.
 */
export function WizardForm({
  label,
  steps,
  step,
  invalid,
  onSelectStep,
  onNext,
  onSubmit,
  children,
}: {
  label: string;
  steps: readonly { id: string; title: string }[];
  step: number;
  invalid: ReadonlySet<number>;
  onSelectStep: (index: number) => void;
  onNext: () => Promise<void>;
  onSubmit: (event: React.FormEvent) => Promise<void>;
  children: React.ReactNode;
}) {
  return (
    <form
      noValidate
      aria-label={label}
      className="space-y-6"
      onSubmit={(event) => {
        event.preventDefault();
        if (step === steps.length - 1) void onSubmit(event);
        else void onNext();
      }}
    >
      <StepList steps={steps} current={step} invalid={invalid} onSelect={onSelectStep} />
      {children}
    </form>
  );
}

/**
 * The current step's card: its heading takes focus on each step change (`headingRef`), and a screen
 * reader hears "Step n of m" before the title.
 */
export function WizardStepSection({
  headingId,
  headingRef,
  step,
  count,
  title,
  description,
  children,
}: {
  headingId: string;
  headingRef: React.Ref<HTMLHeadingElement>;
  step: number;
  count: number;
  title: string;
  description?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <section
      aria-labelledby={headingId}
      className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2
        id={headingId}
        ref={headingRef}
        tabIndex={-1}
        className="text-lg font-semibold text-slate-900 focus:outline-none"
      >
        <span className="sr-only">
          Step {step + 1} of {count}:{" "}
        </span>
        {title}
      </h2>
      {description && <div className="mt-1 text-sm text-slate-600">{description}</div>}
      <div className="mt-4 space-y-4">{children}</div>
    </section>
  );
}

/**
 * Back, then Next or (on the last step) the submit button. Both are `type="submit"`: the form's
 * onSubmit decides between validating the step and submitting, so Enter in a field behaves like Next.
 */
export function WizardStepNav({
  step,
  isLast,
  onBack,
  submit,
  children,
}: {
  step: number;
  isLast: boolean;
  onBack: () => void;
  submit: { icon: React.ReactNode; label: string; disabled: boolean };
  /** Extra actions at the end of the row. */
  children?: React.ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4">
      {step > 0 && (
        <Button onClick={onBack}>
          <ArrowLeft aria-hidden className="size-4" /> Back
        </Button>
      )}
      {isLast ? (
        <Button type="submit" variant="primary" disabled={submit.disabled}>
          {submit.icon} {submit.label}
        </Button>
      ) : (
        <Button type="submit" variant="primary">
          Next <ArrowRight aria-hidden className="size-4" />
        </Button>
      )}
      {children}
    </div>
  );
}

/** The problem with the last submission, above the step (`label` names the alert for assistive tech). */
export function WizardTopError({
  label,
  message,
  children,
}: {
  label: string;
  message: string;
  /** Actions offered with the message (e.g. submitting as a new request). */
  children?: React.ReactNode;
}) {
  return (
    <div
      id="wizard-error"
      role="alert"
      aria-label={label}
      className="space-y-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900"
    >
      <p className="whitespace-pre-line">{message}</p>
      {children}
    </div>
  );
}
