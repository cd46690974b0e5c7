"use client";

import {
  type FieldErrors,
  type FieldValues,
  type UseFormRegisterReturn,
  type UseFormReturn,
} from "react-hook-form";
import { errorAt } from "@/components/ui/form-errors";
import { awsCliCommand } from "@/lib/glacier/job-commands";
import { withExpectedCompletion } from "@/lib/glacier/completion-time";
import { type PricedJob } from "@/lib/glacier/job-cost";
import {
  JOB_TYPE_OF_WIZARD,
  type JobParametersBody,
  type WizardJobType,
} from "@/lib/glacier/schemas/job-common";
import { shareLinkPath } from "@/lib/glacier/share-link";
import { ConnectionNotice } from "./connection-notice";
import { DescriptionField } from "./description-field";
import { JobWizard, type WizardStep } from "./job-wizard";
import { ReviewPanel } from "./review-panel";
import { SnsTopicField } from "./sns-topic-field";
import { type ArchiveFacts, commandTarget, type WizardPageProps } from "./wizard-context";

/** What of the form the shared steps read: every job type has a vault, a Description and an SNSTopic. */
export type CommonJobFields = {
  register: (name: "Description" | "SNSTopic") => UseFormRegisterReturn;
  errors: FieldErrors;
  values: { vault?: string; Description?: string };
};

/**
 * JobWizard wired to its page (connection notice, shared link, submit action), ending with the two
 * steps every job type shares: output and notification (Description, SNSTopic), then review.
 */
export function ConnectedJobWizard<TIn extends FieldValues, TOut extends FieldValues>({
  page,
  wizard,
  jobType,
  title,
  submitLabel,
  shareUrl,
  steps,
  output,
  params,
  priced,
  archive = null,
}: {
  page: Pick<
    WizardPageProps<unknown>,
    "linkFields" | "linkConnection" | "connection" | "submit" | "observedTimes"
  >;
  /** The wizard's form (useJobWizardForm) with the members the shared steps read. */
  wizard: CommonJobFields & { form: UseFormReturn<TIn, unknown, TOut> };
  jobType: WizardJobType;
  title: string;
  submitLabel: string;
  /** The wizard's share link; the generic codec's unless the job type brings its own (select). */
  shareUrl?: (values: TIn, options: { connection: string }) => string;
  /** The job's own steps, before output and review. */
  steps: readonly WizardStep[];
  /** Output fields of this job type, shown before Description and SNSTopic. */
  output?: { description: React.ReactNode; fields: readonly string[]; content: React.ReactNode };
  params: JobParametersBody | null;
  priced: PricedJob | null;
  /** The archive the job works on, as the catalog knows it (archive and select wizards). */
  archive?: ArchiveFacts | null;
}) {
  const { form, register, errors, values } = wizard;
  const { connection } = page;
  const target = commandTarget(connection, values.vault ?? "");
  const linkOptions = { connection: connection.name };
  return (
    <JobWizard
      form={form}
      jobType={jobType}
      title={title}
      fromLink={page.linkFields.length > 0}
      linkFields={page.linkFields}
      notice={<ConnectionNotice connection={connection} linkConnection={page.linkConnection} />}
      shareUrl={(v) => (shareUrl ? shareUrl(v, linkOptions) : shareLinkPath(jobType, v, linkOptions))}
      cliCommand={params && awsCliCommand(params, target)}
      onSubmit={page.submit}
      submitLabel={submitLabel}
      steps={[
        ...steps,
        {
          id: "output",
          title: "Output and notification",
          description: output?.description,
          fields: [...(output?.fields ?? []), "Description", "SNSTopic"],
          content: (
            <>
              {output?.content}
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
              target={target}
              priced={
                priced && {
                  ...priced,
                  estimate: withExpectedCompletion(
                    priced.estimate,
                    page.observedTimes,
                    JOB_TYPE_OF_WIZARD[jobType],
                    typeof params?.Tier === "string" ? params.Tier : null,
                  ),
                }
              }
              archive={archive}
            />
          ),
        },
      ]}
    />
  );
}
