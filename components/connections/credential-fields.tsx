"use client";

import { type UseFormReturn } from "react-hook-form";
import { type z } from "zod";
import { cn } from "@/components/ui/cn";
import { FormSection, InputField } from "@/components/ui/field";
import { errorAt } from "@/components/ui/form-errors";
import { type connectionUpdateSchema } from "@/lib/connections/schema";

type FormInput = z.input<typeof connectionUpdateSchema>;
type FormOutput = z.output<typeof connectionUpdateSchema>;

const modes = [
  {
    value: "default-chain",
    label: "Default AWS provider chain",
    hint: "Environment, shared config, container or instance role. Recommended on a server: no secret is stored.",
  },
  {
    value: "profile",
    label: "Named profile",
    hint: "A profile from the server's ~/.aws/config and credentials files.",
  },
  {
    value: "access-key",
    label: "Access key",
    hint: "An access key id and secret, stored encrypted (AES-256-GCM) under THAW_SECRET_KEY.",
  },
  {
    value: "assume-role",
    label: "Assume role",
    hint: "Assume an IAM role with the default chain's credentials.",
  },
] as const;

export const credentialFieldPaths = [
  "credentials.profile",
  "credentials.accessKeyId",
  "credentials.secretAccessKey",
  "credentials.sessionToken",
  "credentials.roleArn",
  "credentials.externalId",
  "credentials.sessionName",
] as const;

export function CredentialFields({
  form,
  hasStoredSecret,
  hasStoredExternalId,
}: {
  form: UseFormReturn<FormInput, unknown, FormOutput>;
  hasStoredSecret: boolean;
  hasStoredExternalId: boolean;
}) {
  const {
    register,
    watch,
    formState: { errors },
  } = form;
  const mode = watch("credentials.mode");
  const text = (path: (typeof credentialFieldPaths)[number], label: string, hint?: string, type = "text") => (
    <InputField
      label={label}
      error={errorAt(errors, path)}
      hint={hint}
      {...register(path)}
      type={type}
      autoComplete="off"
      spellCheck={false}
    />
  );

  return (
    <FormSection legend="Credentials" className="space-y-4">
      <div role="radiogroup" aria-label="Credential mode" className="grid gap-2 sm:grid-cols-2">
        {modes.map((m) => (
          <label
            key={m.value}
            className={cn(
              "flex cursor-pointer gap-3 rounded-md border p-3 text-sm",
              mode === m.value
                ? "border-ice-500 bg-ice-50"
                : "border-slate-200 bg-white hover:border-slate-300",
            )}
          >
            <input type="radio" value={m.value} {...register("credentials.mode")} className="mt-0.5" />
            <span>
              <span className="block font-medium text-slate-900">{m.label}</span>
              <span className="block text-xs text-slate-600">{m.hint}</span>
            </span>
          </label>
        ))}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        {mode === "profile" && text("credentials.profile", "Profile name")}
        {mode === "access-key" && (
          <>
            {text(
              "credentials.accessKeyId",
              "Access key id",
              hasStoredSecret ? "Leave empty to keep the stored key id." : undefined,
            )}
            {text(
              "credentials.secretAccessKey",
              "Secret access key",
              hasStoredSecret
                ? "A secret is stored. Leave empty to keep it."
                : "Stored encrypted; never shown again.",
              "password",
            )}
            {text(
              "credentials.sessionToken",
              "Session token (optional)",
              "Only for temporary credentials.",
              "password",
            )}
          </>
        )}
        {mode === "assume-role" && (
          <>
            {text("credentials.roleArn", "Role ARN", "arn:aws:iam::123456789012:role/GlacierRetrieval")}
            {text(
              "credentials.externalId",
              "External id (optional)",
              hasStoredExternalId ? "One is stored. Leave empty to keep it." : undefined,
            )}
            {text(
              "credentials.sessionName",
              "Session name (optional)",
              "Shown in CloudTrail; defaults to “thaw”.",
            )}
          </>
        )}
      </div>
    </FormSection>
  );
}
