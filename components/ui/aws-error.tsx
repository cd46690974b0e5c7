import { type AwsFailure } from "@/lib/glacier/failure";

/** Shows an AWS failure: the sentence, then the code and request id a support ticket needs. */
export function AwsError({ failure, title = "AWS request failed" }: { failure: AwsFailure; title?: string }) {
  return (
    <div
      role="alert"
      aria-label={title}
      className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900"
    >
      <p className="font-semibold">{title}</p>
      <p className="mt-1">{failure.message}</p>
      {failure.awsMessage && <p className="mt-1 text-red-800">AWS said: “{failure.awsMessage}”</p>}
      <p className="mt-2 font-mono text-xs text-red-800">
        {failure.code}
        {failure.httpStatus !== undefined && ` · HTTP ${failure.httpStatus}`}
        {failure.requestId && ` · request id ${failure.requestId}`}
      </p>
    </div>
  );
}
