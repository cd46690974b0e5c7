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
 * What the shell does, so each wizard only supplies fields:
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
import { useEffect, useMemo, useRef, useState } from "react";
import { type FieldValues, type Path, type UseFormReturn } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { type ActionResult } from "@/lib/auth/action-result";
import {
  SUBMISSION_JOB_PREFIX,
  SUBMISSION_STATE_KEY,
  type WizardJobType,
} from "@/lib/glacier/schemas/job-common";
import { shareLinkOverLimit } from "@/lib/glacier/share-link";
import { copyText } from "./copy-button";
import { type ShareLinkState, ShareLinkPanel } from "./share-link-panel";
import { hasErrorAt, stepHasError, stepOfPath } from "./step-paths";
import { type StoredDraft, useWizardDraft } from "./use-wizard-draft";
import { WizardForm, WizardStepNav, WizardStepSection } from "./wizard-step-frame";

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

/** A v4 UUID; `crypto.randomUUID` exists only in secure contexts, so plain HTTP falls back. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function formatSavedAt(iso: string | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : date.toLocaleString();
}

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
  const [step, setStep] = useState(0);
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [topError, setTopError] = useState<string | undefined>();
  const [retryable, setRetryable] = useState(false);
  const [link, setLink] = useState<ShareLinkState | undefined>();
  const [focusTarget, setFocusTarget] = useState<
    { kind: "heading" } | { kind: "field"; path: string } | undefined
  >();
  const heading = useRef<HTMLHeadingElement>(null);
  const submitting = useRef(false);
  const lastIndex = steps.length - 1;
  const current = steps[Math.min(step, lastIndex)];
  const { errors } = form.formState;

  const draft = useWizardDraft({
    jobType,
    form,
    fromLink,
    step,
    idempotencyKey,
    onRestore: (stored: StoredDraft) => {
      setIdempotencyKey(stored.idempotencyKey);
      setStep(Math.min(Math.max(0, stored.step), lastIndex));
    },
    onDiscard: () => {
      form.reset();
      setIdempotencyKey(newIdempotencyKey());
      setStep(0);
      setTopError(undefined);
      setRetryable(false);
    },
  });

  // A link is shown "prefilled and validated": errors of the values it set are visible at once.
  const linkFieldKey = (linkFields ?? []).join("\n");
  useEffect(() => {
    const paths = linkFieldKey ? linkFieldKey.split("\n") : [];
    if (paths.length > 0) void form.trigger(paths as Path<TIn>[]);
  }, [form, linkFieldKey]);

  useEffect(() => {
    if (focusTarget?.kind === "heading") heading.current?.focus();
    if (focusTarget?.kind === "field") {
      try {
        form.setFocus(focusTarget.path as Path<TIn>);
      } catch {
        heading.current?.focus();
      }
    }
  }, [focusTarget, form, step]);

  const invalidSteps = useMemo(
    () => new Set(steps.flatMap((s, i) => (stepHasError(errors, s.fields) ? [i] : []))),
    // formState.errors is mutated in place; submitCount and isValid change with it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [steps, errors, form.formState.submitCount, form.formState.isValid],
  );

  const goTo = (index: number, field?: string) => {
    setStep(index);
    setFocusTarget(field ? { kind: "field", path: field } : { kind: "heading" });
  };

  const next = async () => {
    if (!current) return;
    const ok =
      current.fields.length === 0 ||
      (await form.trigger(current.fields as Path<TIn>[], { shouldFocus: true }));
    if (ok) goTo(Math.min(step + 1, lastIndex));
  };

  /** Goes to the earliest step holding one of `paths`, focusing that step's first such field. */
  const jumpToFirstError = (paths: string[]) => {
    const located = paths
      .map((path) => ({ path, index: stepOfPath(steps, path) }))
      .filter((p) => p.index >= 0);
    const first = located.sort((a, b) => a.index - b.index)[0];
    if (first) goTo(first.index, first.path);
  };

  const placeServerErrors = (fieldErrors: Record<string, string>): string[] => {
    const unplaced: string[] = [];
    const placed: string[] = [];
    for (const [rawPath, message] of Object.entries(fieldErrors)) {
      if (rawPath === SUBMISSION_STATE_KEY) continue;
      const path = rawPath.startsWith(SUBMISSION_JOB_PREFIX)
        ? rawPath.slice(SUBMISSION_JOB_PREFIX.length)
        : rawPath;
      if (stepOfPath(steps, path) >= 0) {
        form.setError(path as Path<TIn>, { type: "server", message });
        placed.push(path);
      } else {
        unplaced.push(message);
      }
    }
    jumpToFirstError(placed);
    return unplaced;
  };

  const submit = (event: React.FormEvent) =>
    form.handleSubmit(
      async (values) => {
        if (submitting.current) return;
        submitting.current = true;
        setTopError(undefined);
        setRetryable(false);
        try {
          const result = await onSubmit({ idempotencyKey, job: values });
          if (!result || result.ok) return;
          const unplaced = placeServerErrors(result.fieldErrors);
          setRetryable(SUBMISSION_STATE_KEY in result.fieldErrors);
          setTopError([result.message, ...unplaced].join(" "));
        } catch {
          // The action's own failures come back as results; this is the network or a server crash.
          setTopError(
            "The request did not reach the server or its answer was lost. Check the job list before submitting again: the same form cannot start a second job.",
          );
        } finally {
          submitting.current = false;
        }
      },
      (invalid) => jumpToFirstError(steps.flatMap((s) => s.fields.filter((f) => hasErrorAt(invalid, f)))),
    )(event);

  const copyLink = async () => {
    const url = new URL(shareUrl(form.getValues()), window.location.origin).toString();
    const over = shareLinkOverLimit(url);
    if (over) setLink({ kind: "too-long", ...over });
    else setLink({ kind: "ready", url, copied: await copyText(url) });
  };

  if (!current) return null;
  const isLast = step === lastIndex;
  const busy = form.formState.isSubmitting;

  return (
    <WizardForm
      label={title}
      steps={steps}
      step={step}
      invalid={invalidSteps}
      onSelectStep={(i) => goTo(i)}
      onNext={next}
      onSubmit={submit}
    >
      {notice}
      {draft.status !== "none" && (
        <div
          role="status"
          className="border-ice-200 bg-ice-50 text-ice-900 flex flex-wrap items-center gap-3 rounded-md border px-3 py-2 text-sm"
        >
          {draft.status === "restored" ? (
            <span>Restored your draft from {formatSavedAt(draft.savedAt)}.</span>
          ) : (
            <>
              <span>
                This page shows the link&apos;s values. You also have a draft from{" "}
                {formatSavedAt(draft.savedAt)}.
              </span>
              <Button onClick={draft.restore}>Restore draft</Button>
            </>
          )}
        </div>
      )}
      {topError && (
        <div
          id="wizard-error"
          role="alert"
          aria-label="Submission problem"
          className="space-y-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900"
        >
          <p className="whitespace-pre-line">{topError}</p>
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
        </div>
      )}
      <WizardStepSection
        headingId={`wizard-step-${current.id}`}
        headingRef={heading}
        step={step}
        count={steps.length}
        title={current.title}
        description={current.description}
      >
        {current.content}
      </WizardStepSection>
      <WizardStepNav
        step={step}
        isLast={isLast}
        onBack={() => goTo(step - 1)}
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
