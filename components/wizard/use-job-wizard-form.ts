"use client";

import { type DefaultValues, type FieldValues, type Resolver, useForm, useWatch } from "react-hook-form";
import { type z } from "zod";
import { type JobParametersBody } from "@/lib/glacier/schemas/job-common";

/**
 * The form state every job wizard starts from: validation on touch (then on change), and the live
 * values the review, estimate and conditional fields are computed from.
 */
export function useJobWizardForm<TIn extends FieldValues, TOut extends FieldValues>(
  resolver: Resolver<TIn, unknown, TOut>,
  defaults: DefaultValues<TIn>,
  /** What the resolver gets besides the values (react-hook-form's `context`), current each render. */
  context?: unknown,
) {
  const form = useForm<TIn, unknown, TOut>({ resolver, defaultValues: defaults, mode: "onTouched", context });
  const values = useWatch({ control: form.control });
  return { form, values, register: form.register, setValue: form.setValue, errors: form.formState.errors };
}

/** The InitiateJob body the review and the CLI command show: null while the values do not pass the schema. */
export function jobParameters<T>(
  schema: z.ZodType<T>,
  values: unknown,
  toBody: (values: T) => JobParametersBody,
): JobParametersBody | null {
  const parsed = schema.safeParse(values);
  return parsed.success ? toBody(parsed.data) : null;
}
