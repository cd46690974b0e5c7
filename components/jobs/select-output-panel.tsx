import { AwsError } from "@/components/ui/aws-error";
import { formatBytes, formatUtc } from "@/lib/glacier/format";
import type { SelectManifests, SelectOutputView } from "@/lib/jobs";

/**
 * What Glacier's manifests say: result_manifest.txt without error_manifest.txt means the job finished
 * (glacier-select.html); error_manifest.txt names the objects that hold what stopped it.
 */
function ManifestSummary({ manifests, listed }: { manifests: SelectManifests | null; listed: number }) {
  if (!manifests) return null;
  if (manifests.state === "failed")
    return (
      <div role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
        <p className="font-semibold">Glacier Select stopped with an error (error_manifest.txt):</p>
        {manifests.errors.map((text, i) => (
          <pre key={i} className="mt-1 font-mono text-xs break-all whitespace-pre-wrap">
            {text}
          </pre>
        ))}
      </div>
    );
  if (manifests.state === "succeeded")
    return (
      <p className="text-sm text-slate-600">
        result_manifest.txt lists {manifests.resultCount.toLocaleString("en-US")} result{" "}
        {manifests.resultCount === 1 ? "part" : "parts"}
        {manifests.resultCount > manifests.results.length &&
          `; the list below stops at the first ${listed.toLocaleString("en-US")} objects`}
        .
      </p>
    );
  return (
    <p className="text-sm text-slate-600">
      Glacier has not written result_manifest.txt yet: the results may still be incomplete.
    </p>
  );
}

/**
 * A Select job's result objects in S3, the first rows of the first result, and downloads (for
 * `canDownload`: operators and admins, the only roles the results route serves).
 */
export function SelectOutputPanel({
  jobId,
  output,
  canDownload,
}: {
  jobId: string;
  output: SelectOutputView;
  canDownload: boolean;
}) {
  const download = (key: string) =>
    `/api/jobs/${encodeURIComponent(jobId)}/results?key=${encodeURIComponent(key)}`;
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        Results in{" "}
        <span className="font-mono text-xs">
          s3://{output.bucket}/{output.prefix}
        </span>
      </p>
      {output.failure && <AwsError failure={output.failure} title="Could not read the results from S3" />}
      <ManifestSummary manifests={output.manifests} listed={output.objects.length} />
      {!output.failure && output.objects.length === 0 && (
        <p className="text-sm text-slate-600">No result objects were found under the output path.</p>
      )}
      {output.objects.length > 0 && (
        <ul aria-label="Result objects" className="divide-y divide-slate-100 text-sm">
          {output.objects.map((o) => (
            <li key={o.key} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
              <span className="font-mono text-xs break-all">{o.key}</span>
              <span className="flex items-center gap-3 text-xs text-slate-600">
                {formatBytes(o.size)} · {formatUtc(o.lastModified)}
                {canDownload && (
                  <a
                    href={download(o.key)}
                    className="text-ice-700 hover:underline"
                    aria-label={`Download ${o.key}`}
                  >
                    Download
                  </a>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {output.preview && (
        <div>
          <h3 className="mb-1 text-sm font-semibold text-slate-800">
            First rows of <span className="font-mono text-xs">{output.preview.key.split("/").pop()}</span>
          </h3>
          {output.preview.problem && <p className="text-xs text-amber-700">{output.preview.problem}</p>}
          <div className="overflow-auto rounded border border-slate-200">
            <table aria-label="Result preview" className="min-w-full text-xs">
              <tbody className="divide-y divide-slate-100">
                {output.preview.rows.map((row, i) => (
                  <tr key={i}>
                    {row.map((cell, j) => (
                      <td key={j} className="px-2 py-1 whitespace-nowrap">
                        {cell}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {output.preview.truncated && (
            <p className="mt-1 text-xs text-slate-500">
              Only the first rows are shown{canDownload && "; download the object for all of them"}.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
