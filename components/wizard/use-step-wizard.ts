"use client";

import { useEffect, useRef, useState } from "react";
import { type FieldValues, type Path, type UseFormReturn } from "react-hook-form";
import { type ActionResult } from "@/lib/auth/action-result";
import { firstErrorOnSteps, sortServerErrors, stepHasError } from "./step-paths";

/** What the hook needs of a step; a wizard's steps may carry more (content, description). */
export type StepWizardStep = {
  id: string;
  title: string;
  /** Form paths validated before leaving this step (and where server errors send the user back to). */
  fields: readonly string[];
};

/** A v4 UUID; `crypto.randomUUID` exists only in secure contexts, so plain HTTP falls back. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

type FocusTarget = { kind: "heading" } | { kind: "field"; path: string };

/**
 * Step navigation, submission and error placement shared by the job wizards and the plan form:
 * - Next validates the current step's `fields` (`trigger`), Back and the step list never do; focus moves
 *   to the new step's heading (or to a field when the wizard jumps to an error);
 * - the last step submits through `onSubmit` (a server action) once at a time: a second click while
 *   one is in flight does nothing;
 * - the action's `fieldErrors` land on their fields (`serverPath` maps an action key to a form path,
 *   null ignores it) and the wizard jumps to the earliest step holding one; the rest, with the
 *   action's message, is the top error. A failed client validation jumps to its first field too.
 * Spread `formProps` on WizardForm, `sectionProps` on WizardStepSection, `navProps` on WizardStepNav.
 */
export function useStepWizard<TIn extends FieldValues, TOut, S extends StepWizardStep>({
  form,
  steps,
  onSubmit,
  lostRequestMessage,
  serverPath,
}: {
  form: UseFormReturn<TIn, unknown, TOut>;
  steps: readonly S[];
  onSubmit: (values: TOut) => Promise<ActionResult<unknown> | undefined>;
  /** Shown when the action throws (the network, a server crash): its own failures come back as results. */
  lostRequestMessage: string;
  serverPath?: (key: string) => string | null;
}) {
  const [step, setStep] = useState(0);
  const [topError, setTopError] = useState<string | undefined>();
  const [focusTarget, setFocusTarget] = useState<FocusTarget | undefined>();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const submitting = useRef(false);
  const lastIndex = steps.length - 1;
  const current = steps[Math.min(step, lastIndex)];
  const { errors } = form.formState;

  useEffect(() => {
    if (focusTarget?.kind === "heading") headingRef.current?.focus();
    if (focusTarget?.kind === "field") {
      try {
        form.setFocus(focusTarget.path as Path<TIn>);
      } catch {
        // Falls through to the heading below.
      }
      // A path with no focusable input (e.g. a whole selection) leaves focus nowhere: the heading takes it.
      const active = document.activeElement;
      if (!active || active === document.body) headingRef.current?.focus();
    }
  }, [focusTarget, form, step]);

  const goTo = (index: number, field?: string) => {
    setStep(index);
    setFocusTarget(field ? { kind: "field", path: field } : { kind: "heading" });
  };

  const next = async () => {
    if (!current) return;
    const ok =
      current.fields.length === 0 ||
      (await form.trigger(current.fields as Path<TIn>[], { shouldFocus: true }));
    if (ok) goTo(Math.min(step + 1, lastIndex));
  };

  const submit = (event: React.FormEvent) =>
    form.handleSubmit(
      async (values) => {
        if (submitting.current) return;
        submitting.current = true;
        setTopError(undefined);
        try {
          const result = await onSubmit(values);
          if (!result || result.ok) return;
          const { placed, unplaced, first } = sortServerErrors(steps, result.fieldErrors, serverPath);
          for (const { path, message } of placed)
            form.setError(path as Path<TIn>, { type: "server", message });
          if (first) goTo(first.index, first.path);
          setTopError([result.message, ...unplaced].join(" "));
        } catch {
          setTopError(lostRequestMessage);
        } finally {
          submitting.current = false;
        }
      },
      (invalid) => {
        const first = firstErrorOnSteps(steps, invalid);
        if (first) goTo(first.index, first.path);
      },
    )(event);

  const invalidSteps = new Set(steps.flatMap((s, i) => (stepHasError(errors, s.fields) ? [i] : [])));
  const shown = Math.min(step, lastIndex);

  return {
    step: shown,
    current,
    isLast: shown === lastIndex,
    /** Sets the step without moving focus (a restored draft, a reset). */
    setStep,
    goTo,
    topError,
    setTopError,
    formProps: {
      steps,
      step: shown,
      invalid: invalidSteps,
      onSelectStep: (i: number) => goTo(i),
      onNext: next,
      onSubmit: submit,
    },
    sectionProps: current && {
      headingId: `wizard-step-${current.id}`,
      headingRef,
      step: shown,
      count: steps.length,
      title: current.title,
    },
    navProps: { step: shown, isLast: shown === lastIndex, onBack: () => goTo(shown - 1) },
  };
}
