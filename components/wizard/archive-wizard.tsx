"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState } from "react";
import { type Resolver, useForm, useWatch } from "react-hook-form";
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
import { shareLinkPath } from "@/lib/glacier/share-link";
import { ArchiveTargetFields } from "./archive-target-fields";
import { ByteRangeField } from "./byte-range-field";
import { ConnectionNotice } from "./connection-notice";
import { DescriptionField } from "./description-field";
import { JobWizard } from "./job-wizard";
import { ReviewPanel } from "./review-panel";
import { SnsTopicField } from "./sns-topic-field";
import { TierPicker } from "./tier-picker";
import {
  type ArchiveCatalogProps,
  type ArchiveOption,
  commandTarget,
  type WizardPageProps,
} from "./wizard-context";

/** The archive's size, when it was picked from an inventory, lets the rules judge the byte range's end too. */
function resolverFor(picked: ArchiveOption | null): Resolver<ArchiveJobInput, unknown, ArchiveJobValues> {
  return (values, context, options) => {
    const archiveSize = picked && picked.archiveId === values.ArchiveId?.trim() ? picked.size : undefined;
    return zodResolver(archiveJobSchemaFor({ archiveSize }))(values, context, options);
  };
}

export function ArchiveWizard({
  defaults,
  linkFields,
  linkConnection,
  connection,
  vaults,
  pricing,
  submit,
  catalog,
}: WizardPageProps<ArchiveJobValues> & {
  /** The vault's latest catalogued inventory, when Thaw has one. */
  catalog: ArchiveCatalogProps | null;
}) {
  // The archive picked from the inventory (or named by the link): its size is known.
  const [picked, setPicked] = useState<ArchiveOption | null>(catalog?.linked ?? null);
  const resolver = useMemo(() => resolverFor(picked), [picked]);
  const form = useForm<ArchiveJobInput, unknown, ArchiveJobValues>({
    resolver,
    defaultValues: defaults,
    mode: "onTouched",
  });
  const values = useWatch({ control: form.control });
  const archiveSize = picked && picked.archiveId === values.ArchiveId?.trim() ? picked.size : null;
  const { register, setValue } = form;
  const errors = form.formState.errors;

  const parsed = archiveJobSchema.safeParse(values);
  const params = parsed.success ? toInitiateJobParameters(parsed.data) : null;
  const range = values.RetrievalByteRange ? parseByteRange(values.RetrievalByteRange) : undefined;
  const bytes = range ? (range.ok ? byteRangeLength(range.range) : null) : archiveSize;
  const tier = isOneOf(TIERS, values.Tier) ? values.Tier : undefined;
  const estimate = estimateJobCost({ jobType: "archive-retrieval", tier, retrievedBytes: bytes }, pricing);

  return (
    <JobWizard
      form={form}
      jobType="archive"
      title="Archive retrieval"
      fromLink={linkFields.length > 0}
      linkFields={linkFields}
      notice={<ConnectionNotice connection={connection} linkConnection={linkConnection} />}
      shareUrl={(v) => shareLinkPath("archive", v, { connection: connection.name })}
      onSubmit={submit}
      submitLabel="Start retrieval job"
      steps={[
        {
          id: "target",
          title: "Target",
          description: "The vault and the archive to stage for download.",
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
                archiveIdHint="Paste it from an inventory, or pick it below when Thaw has the vault's inventory."
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
              <TierPicker
                registration={register("Tier")}
                value={values.Tier ?? ""}
                error={errorAt(errors, "Tier")}
                jobType="archive-retrieval"
                bytes={bytes}
                pricing={pricing}
              />
            </>
          ),
        },
        {
          id: "output",
          title: "Output and notification",
          fields: ["Description", "SNSTopic"],
          content: (
            <>
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
