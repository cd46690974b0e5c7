"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState } from "react";
import { type Resolver } from "react-hook-form";
import { errorAt } from "@/components/ui/form-errors";
import { byteRangeLength, parseByteRange } from "@/lib/glacier/byte-range";
import { isOneOf, TIERS } from "@/lib/glacier/job-types";
import { estimateJobCost } from "@/lib/glacier/pricing";
import {
  type ArchiveJobInput,
  archiveJobSchema,
  archiveJobSchemaFor,
  type ArchiveJobValues,
  toInitiateJobParameters,
} from "@/lib/glacier/schemas/archive-job";
import { archiveTargetStep, pickedArchiveSize } from "./archive-target-fields";
import { ByteRangeField } from "./byte-range-field";
import { ConnectedJobWizard } from "./connected-job-wizard";
import { WizardTierPicker } from "./tier-picker";
import { jobParameters, useJobWizardForm } from "./use-job-wizard-form";
import { type ArchiveCatalogProps, type ArchiveOption, type WizardPageProps } from "./wizard-context";

/** The archive's size, when it was picked from an inventory, lets the rules judge the byte range's end too. */
function resolverFor(picked: ArchiveOption | null): Resolver<ArchiveJobInput, unknown, ArchiveJobValues> {
  return (values, context, options) => {
    const archiveSize = pickedArchiveSize(picked, values.ArchiveId) ?? undefined;
    return zodResolver(archiveJobSchemaFor({ archiveSize }))(values, context, options);
  };
}

export function ArchiveWizard(
  props: WizardPageProps<ArchiveJobValues> & {
    /** The vault's latest catalogued inventory, when Thaw has one. */
    catalog: ArchiveCatalogProps | null;
  },
) {
  const { defaults, vaults, pricing, catalog } = props;
  // The archive picked from the inventory (or named by the link): its size is known.
  const [picked, setPicked] = useState<ArchiveOption | null>(catalog?.linked ?? null);
  const resolver = useMemo(() => resolverFor(picked), [picked]);
  const wizard = useJobWizardForm(resolver, defaults);
  const { values, register, setValue, errors } = wizard;
  const archiveSize = pickedArchiveSize(picked, values.ArchiveId);

  const range = values.RetrievalByteRange ? parseByteRange(values.RetrievalByteRange) : undefined;
  const bytes = range ? (range.ok ? byteRangeLength(range.range) : null) : archiveSize;
  const tier = isOneOf(TIERS, values.Tier) ? values.Tier : undefined;

  return (
    <ConnectedJobWizard
      page={props}
      wizard={wizard}
      jobType="archive"
      title="Archive retrieval"
      submitLabel="Start retrieval job"
      params={jobParameters(archiveJobSchema, values, toInitiateJobParameters)}
      estimate={estimateJobCost({ jobType: "archive-retrieval", tier, retrievedBytes: bytes }, pricing)}
      steps={[
        archiveTargetStep(wizard, {
          description: "The vault and the archive to stage for download.",
          archiveIdHint: "Paste it from an inventory, or pick it below when Thaw has the vault's inventory.",
          vaults,
          catalog,
          onPick: setPicked,
        }),
        {
          id: "parameters",
          title: "Parameters",
          description: "How much of the archive, and how fast.",
          fields: ["RetrievalByteRange", "Tier"],
          content: (
            <>
              <ByteRangeField
                registration={register("RetrievalByteRange")}
                value={values.RetrievalByteRange ?? ""}
                onChange={(text) =>
                  setValue("RetrievalByteRange", text, { shouldValidate: true, shouldDirty: true })
                }
                error={errorAt(errors, "RetrievalByteRange")}
                archiveSize={archiveSize}
              />
              <WizardTierPicker wizard={wizard} jobType="archive-retrieval" bytes={bytes} pricing={pricing} />
            </>
          ),
        },
      ]}
    />
  );
}
