"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { type z } from "zod";
import { Button, ButtonLink } from "@/components/ui/button";
import { Field, FormSection, inputClass, InputField, Options } from "@/components/ui/field";
import { applyServerErrors, errorAt } from "@/components/ui/form-errors";
import { type ActionResult } from "@/lib/auth/action-result";
import {
  AWS_REGION_NAMES,
  AWS_REGIONS,
  connectionInputSchema,
  connectionUpdateSchema,
} from "@/lib/connections/schema";
import { CredentialFields, credentialFieldPaths } from "./credential-fields";

// Both variants share one shape; the update schema only lets a blank secret keep the stored one.
type FormInput = z.input<typeof connectionUpdateSchema>;
type FormOutput = z.output<typeof connectionUpdateSchema>;

const topFields = ["name", "region", "accountId", "endpoint", "credentials.mode", ...credentialFieldPaths];

export function ConnectionForm({
  variant,
  defaultValues,
  submit,
  hasStoredSecret = false,
  hasStoredExternalId = false,
}: {
  variant: "create" | "update";
  defaultValues: FormInput;
  submit: (values: FormOutput) => Promise<ActionResult<{ id: string }>>;
  hasStoredSecret?: boolean;
  hasStoredExternalId?: boolean;
}) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | undefined>();
  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(variant === "create" ? connectionInputSchema : connectionUpdateSchema),
    defaultValues,
    mode: "onTouched",
  });
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = form;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    const result = await submit(values);
    if (!result.ok) {
      const unplaced = applyServerErrors(setError, result.fieldErrors, topFields);
      setFormError([result.message, ...unplaced].join(" "));
      return;
    }
    toast.success(result.message ?? "Connection saved.");
    router.push("/settings/connections");
    router.refresh();
  });

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="space-y-6"
      aria-describedby={formError ? "connection-form-error" : undefined}
    >
      {formError && (
        <div
          id="connection-form-error"
          role="status"
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
        >
          {formError}
        </div>
      )}
      <FormSection legend="Where" className="grid gap-4 sm:grid-cols-2">
        <InputField
          label="Name"
          error={errorAt(errors, "name")}
          hint="Shown in the connection switcher, e.g. “Production archive”."
          {...register("name")}
          autoComplete="off"
        />
        <Field label="Region" error={errorAt(errors, "region")}>
          {(aria) => (
            <select {...aria} {...register("region")} className={inputClass}>
              <Options values={AWS_REGIONS} labelOf={(r) => `${r} · ${AWS_REGION_NAMES[r]}`} />
            </select>
          )}
        </Field>
        <InputField
          label="Account id"
          error={errorAt(errors, "accountId")}
          hint="“-” means the account that owns the credentials; or the 12-digit id."
          {...register("accountId")}
          autoComplete="off"
          spellCheck={false}
        />
        <InputField
          label="Endpoint URL (optional)"
          error={errorAt(errors, "endpoint")}
          hint="Leave empty for AWS. Set it for the embedded Glacier server or a VPC endpoint."
          {...register("endpoint")}
          placeholder="https://glacier.eu-west-1.amazonaws.com"
          spellCheck={false}
        />
      </FormSection>
      <CredentialFields
        form={form}
        hasStoredSecret={hasStoredSecret}
        hasStoredExternalId={hasStoredExternalId}
      />
      <div className="flex items-center gap-3 border-t border-slate-200 pt-4">
        <Button type="submit" variant="primary" disabled={isSubmitting}>
          {isSubmitting ? "Saving…" : "Save connection"}
        </Button>
        <ButtonLink href="/settings/connections" variant="ghost">
          Cancel
        </ButtonLink>
      </div>
    </form>
  );
}
