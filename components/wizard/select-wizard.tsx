"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { errorAt } from "@/components/ui/form-errors";
import { isOneOf, TIERS } from "@/lib/glacier/job-types";
import { estimateJobCost } from "@/lib/glacier/pricing";
import {
  type SelectJobInput,
  type SelectJobValues,
  selectJobSchema,
  toInitiateJobParameters,
} from "@/lib/glacier/schemas/select-job";
import { selectShareLinkPath } from "@/lib/glacier/schemas/select-link";
import { ArchiveTargetFields } from "./archive-target-fields";
import { ConnectionNotice } from "./connection-notice";
import { DescriptionField } from "./description-field";
import { JobWizard } from "./job-wizard";
import { ReviewPanel } from "./review-panel";
import { SelectCsvFields } from "./select-csv-fields";
import { SelectCsvPreview, useCsvPreview } from "./select-csv-preview";
import { SelectOutputLocation } from "./select-output-location";
import { SelectSqlEditor } from "./select-sql-editor";
import { SnsTopicField } from "./sns-topic-field";
import { TierPicker } from "./tier-picker";
import {
  type ArchiveCatalogProps,
  type ArchiveOption,
  commandTarget,
  type WizardPageProps,
} from "./wizard-context";

/** Glacier Select: SQL over a CSV archive, results written to S3. Built on the JobWizard shell. */
export function SelectWizard({
  defaults,
  linkFields,
  linkConnection,
  connection,
  vaults,
  pricing,
  submit,
  catalog,
}: WizardPageProps<SelectJobValues> & {
  /** The vault's latest catalogued inventory, when Thaw has one. */
  catalog: ArchiveCatalogProps | null;
}) {
  // The archive picked from the inventory (or named by the link): its size is what Select scans.
  const [picked, setPicked] = useState<ArchiveOption | null>(catalog?.linked ?? null);
  const form = useForm<SelectJobInput, unknown, SelectJobValues>({
    resolver: zodResolver(selectJobSchema),
    defaultValues: defaults,
    mode: "onTouched",
  });
  const [sample, setSample] = useState("");
  const preview = useCsvPreview(form, sample);
  const values = useWatch({ control: form.control });
  const { register, setValue } = form;
  const errors = form.formState.errors;

  const archiveSize = picked && picked.archiveId === values.ArchiveId?.trim() ? picked.size : null;
  const parsed = selectJobSchema.safeParse(values);
  const params = parsed.success ? toInitiateJobParameters(parsed.data) : null;
  const tier = isOneOf(TIERS, values.Tier) ? values.Tier : undefined;
  // Select scans the whole archive; what it returns is known only afterwards.
  const estimate = estimateJobCost({ jobType: "select", tier, scannedBytes: archiveSize }, pricing);
  const headerNames = preview.ok ? preview.columns.flatMap((c) => (c.name ? [c.name] : [])) : [];

  return (
    <JobWizard
      form={form}
      jobType="select"
      title="Select"
      fromLink={linkFields.length > 0}
      linkFields={linkFields}
      notice={<ConnectionNotice connection={connection} linkConnection={linkConnection} />}
      shareUrl={(v) => selectShareLinkPath(v, { connection: connection.name })}
      onSubmit={submit}
      submitLabel="Start select job"
      steps={[
        {
          id: "target",
          title: "Target",
          description: "The vault and the CSV archive to query.",
          fields: ["vault", "ArchiveId"],
          content: (
            <>
              <ArchiveTargetFields
                vault={values.vault ?? ""}
                vaults={vaults}
                vaultRegistration={register("vault")}
                vaultError={errorAt(errors, "vault")}
                archiveIdRegistration={register("ArchiveId")}
                archiveIdError={errorAt(errors, "ArchiveId")}
                archiveIdHint="The archive must hold CSV: Glacier Select reads no other format."
                catalog={catalog}
                onPick={(archive) => {
                  setPicked(archive);
                  setValue("ArchiveId", archive.archiveId, { shouldValidate: true, shouldDirty: true });
                }}
              />
            </>
          ),
        },
        {
          id: "parameters",
          title: "Query",
          description: "The SQL, how the archive's CSV is read and how results are written, and how fast.",
          fields: ["SelectParameters", "Tier"],
          content: (
            <>
              <SelectSqlEditor control={form.control} columns={headerNames} />
              <SelectCsvFields form={form} />
              <SelectCsvPreview preview={preview} sample={sample} onSampleChange={setSample} />
              <TierPicker
                registration={register("Tier")}
                value={values.Tier ?? ""}
                error={errorAt(errors, "Tier")}
                jobType="select"
                bytes={archiveSize}
                pricing={pricing}
              />
            </>
          ),
        },
        {
          id: "output",
          title: "Output and notification",
          description: "Where Glacier writes the results in S3, and who hears when the job ends.",
          fields: ["OutputLocation", "Description", "SNSTopic"],
          content: (
            <>
              <SelectOutputLocation form={form} />
              <DescriptionField
                registration={register("Description")}
                value={values.Description ?? ""}
                error={errorAt(errors, "Description")}
              />
              <SnsTopicField registration={register("SNSTopic")} error={errorAt(errors, "SNSTopic")} />
            </>
          ),
        },
        {
          id: "review",
          title: "Review",
          fields: [],
          content: (
            <ReviewPanel
              params={params}
              target={commandTarget(connection, values.vault ?? "")}
              estimate={estimate}
            />
          ),
        },
      ]}
    />
  );
}
