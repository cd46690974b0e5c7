"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Controller } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FieldError, InputField } from "@/components/ui/field";
import { errorAt } from "@/components/ui/form-errors";
import { formatUtc } from "@/lib/glacier/format";
import { INVENTORY_FORMATS } from "@/lib/glacier/job-types";
import { priceJob } from "@/lib/glacier/job-cost";
import {
  type InventoryJobInput,
  inventoryJobSchema,
  type InventoryJobValues,
  toInitiateJobParameters,
} from "@/lib/glacier/schemas/inventory-job";
import { ConnectedJobWizard } from "./connected-job-wizard";
import { jobParameters, useJobWizardForm } from "./use-job-wizard-form";
import { UtcDateTimeField } from "./utc-date-time-field";
import { VaultField } from "./vault-field";
import { type WizardPageProps } from "./wizard-context";
import { fieldLabel } from "@/lib/glacier/field-labels";

export type PreviousInventoryMarker = {
  vault: string;
  marker: string;
  jobId: string;
  completionDate: string | null;
};

const RANGE = "InventoryRetrievalParameters";

export function InventoryWizard(
  props: WizardPageProps<InventoryJobValues> & { previousMarker: PreviousInventoryMarker | null },
) {
  const { defaults, vaults, pricing, previousMarker } = props;
  const wizard = useJobWizardForm<InventoryJobInput, InventoryJobValues>(
    zodResolver(inventoryJobSchema),
    defaults,
  );
  const { form, values, register, setValue, errors } = wizard;
  const { control } = form;

  const dateField = (name: "StartDate" | "EndDate", hint: string) => (
    <Controller
      control={control}
      name={`${RANGE}.${name}`}
      render={({ field }) => (
        <UtcDateTimeField
          label={fieldLabel(`${RANGE}.${name}`)}
          value={field.value ?? ""}
          onChange={field.onChange}
          onBlur={field.onBlur}
          inputRef={field.ref}
          error={errorAt(errors, `${RANGE}.${name}`)}
          hint={hint}
        />
      )}
    />
  );

  return (
    <ConnectedJobWizard
      page={props}
      wizard={wizard}
      jobType="inventory"
      title="Inventory retrieval"
      submitLabel="Start inventory job"
      params={jobParameters(inventoryJobSchema, values, toInitiateJobParameters)}
      priced={priceJob({ jobType: "inventory-retrieval" }, pricing)}
      steps={[
        {
          id: "target",
          title: "Target",
          description: "The vault to list, and the format of the list.",
          fields: ["vault", "Format"],
          content: (
            <>
              <VaultField
                registration={register("vault")}
                value={values.vault ?? ""}
                vaults={vaults}
                error={errorAt(errors, "vault")}
              />
              <fieldset>
                <legend className="mb-1 text-sm font-medium text-slate-800">{fieldLabel("Format")}</legend>
                <div className="flex gap-4 text-sm">
                  {INVENTORY_FORMATS.map((format) => (
                    <label key={format} className="flex items-center gap-2">
                      <input type="radio" value={format} {...register("Format")} /> {format}
                    </label>
                  ))}
                </div>
                <FieldError error={errorAt(errors, "Format")} />
              </fieldset>
            </>
          ),
        },
        {
          id: "parameters",
          title: "Parameters",
          description: "All optional: without them the inventory lists every archive.",
          fields: [`${RANGE}.StartDate`, `${RANGE}.EndDate`, `${RANGE}.Limit`, `${RANGE}.Marker`],
          content: (
            <>
              <div className="grid gap-4 sm:grid-cols-2">
                {dateField("StartDate", "Archives created at or after this moment.")}
                {dateField("EndDate", "Archives created before this moment.")}
              </div>
              <InputField
                label={`${fieldLabel(`${RANGE}.Limit`)} (optional)`}
                error={errorAt(errors, `${RANGE}.Limit`)}
                hint="At most this many archives; the job then returns a marker for the rest."
                {...register(`${RANGE}.Limit`)}
                inputMode="numeric"
                autoComplete="off"
              />
              <InputField
                label={`${fieldLabel(`${RANGE}.Marker`)} (optional)`}
                error={errorAt(errors, `${RANGE}.Marker`)}
                hint="Continues a limited inventory where the previous job stopped."
                {...register(`${RANGE}.Marker`)}
                autoComplete="off"
                spellCheck={false}
              />
              {previousMarker && previousMarker.vault === values.vault && (
                <Button
                  onClick={() =>
                    setValue(`${RANGE}.Marker`, previousMarker.marker, {
                      shouldValidate: true,
                      shouldDirty: true,
                    })
                  }
                >
                  Continue from the previous inventory job ({formatUtc(previousMarker.completionDate)})
                </Button>
              )}
            </>
          ),
        },
      ]}
    />
  );
}
