"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { isOneOf, TIERS } from "@/lib/glacier/job-types";
import { priceJob } from "@/lib/glacier/job-cost";
import {
  type SelectJobInput,
  type SelectJobValues,
  selectJobSchema,
  toInitiateJobParameters,
} from "@/lib/glacier/schemas/select-job";
import { selectShareLinkPath } from "@/lib/glacier/schemas/select-link";
import { archiveTargetStep } from "./archive-target-fields";
import { ConnectedJobWizard } from "./connected-job-wizard";
import { SelectCsvFields } from "./select-csv-fields";
import { SelectCsvPreview, useCsvPreview } from "./select-csv-preview";
import { SelectOutputLocation } from "./select-output-location";
import { SelectSqlEditor } from "./select-sql-editor";
import { WizardTierPicker } from "./tier-picker";
import { jobParameters, useJobWizardForm } from "./use-job-wizard-form";
import { linkedArchiveFacts, useCatalogArchive } from "./use-catalog-archive";
import { type ArchiveCatalogProps, type LookupArchive, type WizardPageProps } from "./wizard-context";

/** Glacier Select: SQL over a CSV archive, results written to S3. Built on the JobWizard shell. */
export function SelectWizard(
  props: WizardPageProps<SelectJobValues> & {
    /** The vault's latest catalogued inventory, when Thaw has one. */
    catalog: ArchiveCatalogProps | null;
    lookupArchive: LookupArchive;
  },
) {
  const { defaults, vaults, pricing, catalog } = props;
  const wizard = useJobWizardForm<SelectJobInput, SelectJobValues>(zodResolver(selectJobSchema), defaults);
  const { form, values } = wizard;
  // The archive the form names, from the catalog: its size is what Select scans.
  const lookup = useCatalogArchive(
    values.vault ?? "",
    values.ArchiveId ?? "",
    props.lookupArchive,
    linkedArchiveFacts(catalog),
  );
  const [sample, setSample] = useState("");
  const preview = useCsvPreview(form, sample);

  const archiveSize = lookup.archive?.size ?? null;
  const tier = isOneOf(TIERS, values.Tier) ? values.Tier : undefined;
  // What `s.` completes: the header's names with a USE header in the sample, else its positions.
  const sampleColumns =
    preview.ok && preview.columns.length > 0 && sample.trim() !== ""
      ? preview.columns.some((c) => c.name !== null)
        ? { names: preview.columns.map((c) => c.name ?? c.position), header: true }
        : { names: preview.columns.map((c) => c.position), header: false }
      : null;

  return (
    <ConnectedJobWizard
      page={props}
      wizard={wizard}
      jobType="select"
      title="Select"
      submitLabel="Start select job"
      shareUrl={selectShareLinkPath}
      params={jobParameters(selectJobSchema, values, toInitiateJobParameters)}
      // Select scans the whole archive; what it returns is known only afterwards.
      priced={priceJob({ jobType: "select", tier, archiveSize }, pricing)}
      archive={lookup.archive}
      steps={[
        archiveTargetStep(wizard, {
          description: "The vault and the CSV archive to query.",
          archiveIdHint: "The archive must hold CSV: Glacier Select reads no other format.",
          vaults,
          catalog,
          lookup,
          onPick: lookup.know,
        }),
        {
          id: "parameters",
          title: "Query",
          description: "The SQL, how the archive's CSV is read and how results are written, and how fast.",
          fields: ["SelectParameters", "Tier"],
          content: (
            <>
              <SelectSqlEditor form={form} columns={sampleColumns} />
              <SelectCsvFields form={form} />
              <SelectCsvPreview preview={preview} sample={sample} onSampleChange={setSample} />
              <WizardTierPicker
                wizard={wizard}
                jobType="select"
                bytes={archiveSize}
                pricing={pricing}
                observed={props.observedTimes}
              />
            </>
          ),
        },
      ]}
      output={{
        description: "Where Glacier writes the results in S3, and who hears when the job ends.",
        fields: ["OutputLocation"],
        content: <SelectOutputLocation form={form} />,
      }}
    />
  );
}
