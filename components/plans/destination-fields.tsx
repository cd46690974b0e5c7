"use client";

import { type FieldErrors, type UseFormRegister } from "react-hook-form";
import { Field, inputClass, InputField, Options } from "@/components/ui/field";
import { errorAt } from "@/components/ui/form-errors";
import { PLAN_STORAGE_CLASSES, type PlanFormInput, type PlanStorageClass } from "@/lib/glacier/plan-form";

const STORAGE_CLASS_NOTES: Record<PlanStorageClass, string> = {
  STANDARD: "Standard: frequent access",
  STANDARD_IA: "Standard-IA: infrequent access",
  INTELLIGENT_TIERING: "Intelligent-Tiering: moves between tiers by use",
  GLACIER_IR: "Glacier Instant Retrieval: archive, read in milliseconds",
  GLACIER: "Glacier Flexible Retrieval: archive, read in minutes to hours",
  DEEP_ARCHIVE: "Glacier Deep Archive: cheapest, read in 12–48 hours",
};

/** Where each retrieved archive goes: an S3 bucket/prefix with a storage class, or a server directory. */
export function DestinationFields({
  register,
  errors,
  kind,
  exportRoots,
}: {
  register: UseFormRegister<PlanFormInput>;
  errors: FieldErrors<PlanFormInput>;
  kind: string | undefined;
  exportRoots: readonly string[];
}) {
  return (
    <div className="space-y-4">
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-800">Destination</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" value="s3" {...register("destination.kind")} className="accent-ice-700" />
            An S3 bucket
          </label>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              value="directory"
              {...register("destination.kind")}
              className="accent-ice-700"
            />
            A directory on the server
          </label>
        </div>
      </fieldset>
      {kind === "directory" ? (
        <Field
          label="Directory"
          error={errorAt(errors, "destination.path")}
          hint={
            exportRoots.length > 0
              ? `An absolute path under ${exportRoots.join(" or ")} (THAW_EXPORT_DIRS). It is created if missing and must be writable.`
              : "An absolute path under an export root allowed by THAW_EXPORT_DIRS."
          }
        >
          {(aria) => (
            <input
              {...aria}
              {...register("destination.path")}
              className={`${inputClass} font-mono`}
              placeholder={exportRoots[0] ? `${exportRoots[0]}/my-vault` : "/srv/thaw/exports/my-vault"}
              autoComplete="off"
            />
          )}
        </Field>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          <InputField
            label="Bucket"
            error={errorAt(errors, "destination.bucket")}
            hint="It must exist; Thaw checks it can write there before the plan starts."
            mono
            {...register("destination.bucket")}
            autoComplete="off"
          />
          <InputField
            label="Key prefix"
            error={errorAt(errors, "destination.prefix")}
            hint="Optional, e.g. photos/. Each object key is the archive's decoded path, else its id."
            mono
            {...register("destination.prefix")}
            autoComplete="off"
          />
          <Field
            label="Storage class"
            error={errorAt(errors, "destination.storageClass")}
            className="md:col-span-2"
          >
            {(aria) => (
              <select {...aria} {...register("destination.storageClass")} className={inputClass}>
                <Options values={PLAN_STORAGE_CLASSES} labelOf={(c) => `${c} — ${STORAGE_CLASS_NOTES[c]}`} />
              </select>
            )}
          </Field>
        </div>
      )}
    </div>
  );
}
