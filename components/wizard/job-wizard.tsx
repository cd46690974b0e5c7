"use client";

/**
 * JobWizard: the shell every job wizard (inventory, archive, select) is built on.
 *
 *   const form = useForm<z.input<typeof s>, unknown, z.output<typeof s>>({ resolver: zodResolver(s), defaultValues, mode: "onTouched" });
 *   <JobWizard
 *     form={form} jobType="archive" title="Retrieve an archive"
 *     fromLink={link.fields.length > 0} linkFields={link.fields}   // link = decodeShareParams(searchParams, defaults)
 *     steps={[
 *       { id: "target", title: "Target", fields: ["vault", "ArchiveId"], content: <…fields…> },
 *       { id: "parameters", title: "Parameters", fields: ["RetrievalByteRange", "Tier"], content: … },
 *       { id: "output", title: "Output and notification", fields: ["Description", "SNSTopic"], content: … },
 *       { id: "review", title: "Review", fields: [], content: <ReviewPanel … /> },
 *     ]}
 *     shareUrl={(values) => shareLinkPath("archive", values, { connection })}
 *     onSubmit={submitArchiveJobAction}   // ({ idempotencyKey, job }) => ActionResult; redirects on success
 *   />
 *
 * What the shell does, so each wizard only supplies fields (steps and submission: useStepWizard):
 * - a visible step list; Next validates the current step's `fields` (`trigger`), Back never does;
 *   focus moves to the new step's heading; Enter in a field means Next, never an early submit;
 * - the last step submits: a lock and the per-form idempotency key keep a double click or a retry
 *   from starting two jobs; server field errors (`job.<path>`) land on their fields and the wizard
 *   jumps to the first step that has one; other messages show at the top;
 * - "Copy link" (values → URL via `shareUrl`; a link too long for the server is refused, with
 *   `cliCommand` offered instead), and a localStorage draft per `jobType` (values, step
 *   and key) with "Discard draft"; when `fromLink`, the link's values win and the draft is offered.
 * Field paths are strings (`"OutputLocation.S3.BucketName"`); a step's `fields` may name a parent
 * path (an array) to cover everything under it. Props are stable: extend, do not change them.
 */

import { Link2, Send } from "lucide-react";
import { useEffect, useState } from "react";
import { type FieldValues, type Path, type UseFormReturn } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { type ActionResult } from "@/lib/auth/action-result";
import {
  SUBMISSION_JOB_PREFIX,
  SUBMISSION_STATE_KEY,
  type WizardJobType,
} from "@/lib/glacier/schemas/job-common";
import { formatUtc } from "@/lib/glacier/format";
import { shareLinkOverLimit } from "@/lib/glacier/share-link";
import { copyText } from "./copy-button";
import { LinkProblems } from "./link-problems";
import { type ShareLinkState, ShareLinkPanel } from "./share-link-panel";
import { errorEntries, linkValidationPaths } from "./step-paths";
import { newIdempotencyKey, useStepWizard } from "./use-step-wizard";
import { type StoredDraft, useWizardDraft } from "./use-wizard-draft";
import { WizardForm, WizardStepNav, WizardStepSection, WizardTopError } from "./wizard-step-frame";

export type WizardStep = {
  id: string;
  title: string;
  description?: React.ReactNode;
  /** Form paths validated before leaving this step (and where server errors send the user back to). */
  fields: readonly string[];
  content: React.ReactNode;
};

export type JobSubmission<TOut> = { idempotencyKey: string; job: TOut };

export type JobWizardProps<TIn extends FieldValues, TOut extends FieldValues> = {
  form: UseFormReturn<TIn, unknown, TOut>;
  jobType: WizardJobType;
  title: string;
  steps: readonly WizardStep[];
  /** A server action: validates again, submits, and redirects to the job's page on success. */
  onSubmit: (submission: JobSubmission<TOut>) => Promise<ActionResult<unknown> | undefined>;
  /** Path and query that reopen this wizard with `values` (never submitted by itself). */
  shareUrl: (values: TIn) => string;
  /** The page was opened with values in its URL: they win over a stored draft. */
  fromLink: boolean;
  /** The form paths the link set: validated at once, so a bad or tampered value shows its error. */
  linkFields?: readonly string[];
  submitLabel?: string;
  /** Shown above the steps (e.g. which connection the job will use). */
  notice?: React.ReactNode;
  /** The job as an AWS CLI command (null while the form is invalid): offered when the link is too long. */
  cliCommand?: string | null;
};

export function JobWizard<TIn extends FieldValues, TOut extends FieldValues>(
  props: JobWizardProps<TIn, TOut>,
) {
  const {
    form,
    jobType,
    title,
    steps,
    onSubmit,
    shareUrl,
    fromLink,
    linkFields,
    submitLabel = "Start job",
    notice,
    cliCommand,
  } = props;
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [retryable, setRetryable] = useState(false);
  const [link, setLink] = useState<ShareLinkState | undefined>();
  const wizard = useStepWizard({
    form,
    steps,
    onSubmit: async (values) => {
      setRetryable(false);
      const result = await onSubmit({ idempotencyKey, job: values });
      if (result && !result.ok) setRetryable(SUBMISSION_STATE_KEY in result.fieldErrors);
      return result;
    },
    serverPath: (key) =>
      key === SUBMISSION_STATE_KEY
        ? null
        : key.startsWith(SUBMISSION_JOB_PREFIX)
          ? key.slice(SUBMISSION_JOB_PREFIX.length)
          : key,
    lostRequestMessage:
      "The request did not reach the server or its answer was lost. Check the job list before submitting again: the same form cannot start a second job.",
  });
  const { current, topError, setTopError } = wizard;

  const draft = useWizardDraft({
    jobType,
    form,
    fromLink,
    step: wizard.step,
    idempotencyKey,
    onRestore: (stored: StoredDraft) => {
      setIdempotencyKey(stored.idempotencyKey);
      wizard.setStep(Math.min(Math.max(0, stored.step), steps.length - 1));
    },
    onDiscard: () => {
      form.reset();
      setIdempotencyKey(newIdempotencyKey());
      wizard.setStep(0);
      setTopError(undefined);
      setRetryable(false);
    },
  });

  // A link is shown "prefilled and validated": errors of the values it set are visible at once.
  const linkFieldKey = linkValidationPaths(linkFields ?? []).join("\n");
  useEffect(() => {
    const paths = linkFieldKey ? linkFieldKey.split("\n") : [];
    if (paths.length > 0) void form.trigger(paths as Path<TIn>[]);
  }, [form, linkFieldKey]);
  const linkPaths = linkFieldKey ? linkFieldKey.split("\n") : [];
  const linkProblems = errorEntries(form.formState.errors).filter(({ path }) =>
    linkPaths.some((p) => path === p || path.startsWith(`${p}.`)),
  );

  const copyLink = async () => {
    const url = new URL(shareUrl(form.getValues()), window.location.origin).toString();
    const over = shareLinkOverLimit(url);
    if (over) setLink({ kind: "too-long", ...over });
    else setLink({ kind: "ready", url, copied: await copyText(url) });
  };

  if (!current || !wizard.sectionProps) return null;
  const busy = form.formState.isSubmitting;

  return (
    <WizardForm label={title} {...wizard.formProps}>
      {notice}
      {draft.status !== "none" && (
        <div
          role="status"
          className="flex flex-wrap items-center gap-3 rounded-md border border-ice-200 bg-ice-50 px-3 py-2 text-sm text-ice-900"
        >
          {draft.status === "restored" ? (
            <span>Restored your draft from {formatUtc(draft.savedAt)}.</span>
          ) : (
            <>
              <span>
                This page shows the link&apos;s values. You also have a draft from {formatUtc(draft.savedAt)}.
              </span>
              <Button onClick={draft.restore}>Restore draft</Button>
            </>
          )}
        </div>
      )}
      {topError && (
        <WizardTopError label="Submission problem" message={topError}>
          {retryable && (
            <Button
              onClick={() => {
                setIdempotencyKey(newIdempotencyKey());
                setRetryable(false);
                setTopError(
                  "The next submission is a new request: it starts a new job even if the earlier one started.",
                );
              }}
            >
              Submit as a new request
            </Button>
          )}
        </WizardTopError>
      )}
      {fromLink && wizard.step === 0 && (
        <LinkProblems
          problems={linkProblems}
          steps={steps}
          onOpen={(index, path) => wizard.goTo(index, path)}
        />
      )}
      <WizardStepSection {...wizard.sectionProps} description={current.description}>
        {current.content}
      </WizardStepSection>
      <WizardStepNav
        {...wizard.navProps}
        submit={{
          icon: <Send aria-hidden className="size-4" />,
          label: busy ? "Submitting…" : submitLabel,
          disabled: busy,
        }}
      >
        <span className="ml-auto flex flex-wrap items-center gap-2">
          <Button onClick={() => void copyLink()}>
            <Link2 aria-hidden className="size-4" /> Copy link
          </Button>
          <Button variant="ghost" onClick={draft.discard}>
            Discard draft
          </Button>
        </span>
      </WizardStepNav>
      {link && <ShareLinkPanel state={link} cliCommand={cliCommand ?? null} />}
    </WizardForm>
  );
}
