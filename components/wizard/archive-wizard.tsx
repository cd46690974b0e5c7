"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useMemo, useState } from "react";
import { type Resolver } from "react-hook-form";
import { errorAt } from "@/components/ui/form-errors";
import { byteRangeLength, parseByteRange } from "@/lib/glacier/byte-range";
import { isOneOf, TIERS } from "@/lib/glacier/job-types";
import { priceJob } from "@/lib/glacier/job-cost";
import {
  type ArchiveJobInput,
  archiveJobSchemaFor,
  type ArchiveJobValues,
  toInitiateJobParameters,
} from "@/lib/glacier/schemas/archive-job";
import { archiveTargetStep } from "./archive-target-fields";
import { ByteRangeField } from "./byte-range-field";
import { ConnectedJobWizard } from "./connected-job-wizard";
import { WizardTierPicker } from "./tier-picker";
import { jobParameters, useJobWizardForm } from "./use-job-wizard-form";
import { linkedArchiveFacts, useCatalogArchive } from "./use-catalog-archive";
import {
  type ArchiveCatalogProps,
  type ArchiveFacts,
  type LookupArchive,
  type WizardPageProps,
} from "./wizard-context";

/**
 * The archive's size, once the catalog knows the archive the form names, lets the rules judge the
 * byte range's end too: the same rule (lib/glacier/job-rules) the submission applies.
 */
const resolver: Resolver<ArchiveJobInput, unknown, ArchiveJobValues> = (values, context, options) => {
  const archive = isArchiveContext(context) ? context.archive : null;
  const archiveSize =
    archive && archive.archiveId === values.ArchiveId?.trim() && archive.vaultName === values.vault
      ? archive.size
      : undefined;
  return zodResolver(archiveJobSchemaFor({ archiveSize }))(values, context, options);
};

type ArchiveContext = { archive: ArchiveFacts | null };

function isArchiveContext(context: unknown): context is ArchiveContext {
  return typeof context === "object" && context !== null && "archive" in context;
}

export function ArchiveWizard(
  props: WizardPageProps<ArchiveJobValues> & {
    /** The vault's latest catalogued inventory, when Thaw has one. */
    catalog: ArchiveCatalogProps | null;
    lookupArchive: LookupArchive;
  },
) {
  const { defaults, vaults, pricing, catalog } = props;
  // The archive the form names, from the catalog (picked, pasted or named by the link). The lookup
  // needs the form's values and the resolver its answer: it reaches the resolver as context.
  const [archive, setArchive] = useState<ArchiveFacts | null>(null);
  const context: ArchiveContext = useMemo(() => ({ archive }), [archive]);
  const wizard = useJobWizardForm(resolver, defaults, context);
  const { form, values, register, setValue, errors } = wizard;
  const lookup = useCatalogArchive(
    values.vault ?? "",
    values.ArchiveId ?? "",
    props.lookupArchive,
    linkedArchiveFacts(catalog),
  );
  const archiveSize = lookup.archive?.size ?? null;
  if (lookup.archive !== archive) setArchive(lookup.archive);
  useEffect(() => {
    // A range typed before the archive was known is judged against its size at once.
    if (archive && form.getValues("RetrievalByteRange")) void form.trigger("RetrievalByteRange");
  }, [archive, form]);

  const range = values.RetrievalByteRange ? parseByteRange(values.RetrievalByteRange) : undefined;
  const rangeBytes = range?.ok ? byteRangeLength(range.range) : null;
  const bytes = range ? rangeBytes : archiveSize;
  const tier = isOneOf(TIERS, values.Tier) ? values.Tier : undefined;

  return (
    <ConnectedJobWizard
      page={props}
      wizard={wizard}
      jobType="archive"
      title="Archive retrieval"
      submitLabel="Start retrieval job"
      params={jobParameters(
        archiveJobSchemaFor({ archiveSize: archiveSize ?? undefined }),
        values,
        toInitiateJobParameters,
      )}
      priced={priceJob({ jobType: "archive-retrieval", tier, rangeBytes, archiveSize }, pricing)}
      archive={lookup.archive}
      steps={[
        archiveTargetStep(wizard, {
          description: "The vault and the archive to stage for download.",
          archiveIdHint: "Paste it from an inventory, or pick it below when Thaw has the vault's inventory.",
          vaults,
          catalog,
          lookup,
          onPick: lookup.know,
        }),
        {
          id: "parameters",
          title: "Parameters",
          description: "How much of the archive, and how fast.",
          fields: ["RetrievalByteRange", "Tier"],
          content: (
            <>
              <ByteRangeField
                // Judged as it is typed (against the archive's size once the catalog gave it), not on blur.
                registration={register("RetrievalByteRange", {
                  onChange: () => void form.trigger("RetrievalByteRange"),
                })}
                value={values.RetrievalByteRange ?? ""}
                onChange={(text) =>
                  setValue("RetrievalByteRange", text, { shouldValidate: true, shouldDirty: true })
                }
                error={errorAt(errors, "RetrievalByteRange")}
                archiveSize={archiveSize}
              />
              <WizardTierPicker
                wizard={wizard}
                jobType="archive-retrieval"
                bytes={bytes}
                pricing={pricing}
                observed={props.observedTimes}
              />
            </>
          ),
        },
      ]}
    />
  );
}
