import { type PricedJob } from "@/lib/glacier/job-cost";
import {
  awsCliCommand,
  boto3Call,
  type CommandTarget,
  formatHttpRequest,
  initiateJobRequest,
} from "@/lib/glacier/job-commands";
import { type JobParametersBody } from "@/lib/glacier/schemas/job-common";
import { ArchiveFactsView } from "./archive-facts";
import { CopyButton } from "./copy-button";
import { CostEstimateView } from "./cost-estimate";
import { type ArchiveFacts } from "./wizard-context";

function Snippet({ title, text }: { title: string; text: string }) {
  return (
    <figure className="space-y-1">
      <figcaption className="flex items-center justify-between gap-3 text-sm font-medium text-slate-800">
        {title}
        <CopyButton text={text} label={`Copy ${title}`} />
      </figcaption>
      {/* Shown whole, wrapped inside the box: a height cap cut the request off with no sign of more below. */}
      <pre
        aria-label={title}
        tabIndex={0}
        className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed break-all whitespace-pre-wrap text-slate-100"
      >
        {text}
      </pre>
    </figure>
  );
}

/**
 * The review step: the archive as the catalog knows it, the estimate, the exact InitiateJob request,
 * and the same job as an AWS CLI command and as a boto3 call. `params` is null while the form has errors: nothing is shown that would
 * not be sent.
 */
export function ReviewPanel({
  params,
  target,
  priced,
  archive = null,
}: {
  params: JobParametersBody | null;
  target: CommandTarget;
  priced: PricedJob | null;
  archive?: ArchiveFacts | null;
}) {
  if (!params) {
    return (
      <p className="text-sm text-red-800">
        Some fields need attention: the steps marked in the list above show where.
      </p>
    );
  }
  return (
    <div className="space-y-5">
      {archive && (
        <section aria-label="Archive" className="space-y-2">
          <h3 className="text-sm font-semibold text-slate-800">Archive</h3>
          <ArchiveFactsView archive={archive} />
        </section>
      )}
      {priced && (
        <section aria-label="Estimated cost and time" className="rounded-md border border-slate-200 p-3">
          <h3 className="mb-2 text-sm font-semibold text-slate-800">Estimated cost and time</h3>
          <CostEstimateView priced={priced} />
        </section>
      )}
      <Snippet title="InitiateJob request" text={formatHttpRequest(initiateJobRequest(params, target))} />
      <Snippet title="AWS CLI command" text={awsCliCommand(params, target)} />
      <Snippet title="boto3 call" text={boto3Call(params, target)} />
    </div>
  );
}
