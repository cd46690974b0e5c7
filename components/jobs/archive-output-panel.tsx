"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { FactList } from "@/components/ui/card";
import { formatBytes, formatUtc } from "@/lib/glacier/format";
import type { ArchiveOutputView, TaskProgress } from "@/lib/jobs";
import { TaskProgressView, TaskStartProblem } from "./task-progress";
import { startJobTask, useJobTasks, useRefreshOnOutcome } from "./use-job-tasks";

type Props = {
  jobId: string;
  output: ArchiveOutputView;
  tasks: TaskProgress[];
  /** Operators and admins: the download and verify routes refuse everyone else. */
  canOperate: boolean;
};

function VerificationBadge({ verified }: { verified: ArchiveOutputView["verified"] }) {
  if (verified === "verified") return <Badge tone="success">Verified</Badge>;
  if (verified === "mismatch") return <Badge tone="danger">Tree-hash mismatch</Badge>;
  return <Badge tone="neutral">Not verified yet</Badge>;
}

/**
 * An archive retrieval's output. "Download" is a normal browser download through Thaw's route
 * (Range/resume supported; the browser's own resume continues an interrupted one), whose progress
 * Thaw shows here; "Verify only" streams the output through Thaw without saving it. Either way the
 * server tree-hashes the bytes as they pass and records the verdict, which this panel shows.
 */
export function ArchiveOutputPanel({ jobId, output, tasks: initial, canOperate }: Props) {
  const [tasks, put] = useJobTasks(jobId, initial);
  const [problem, setProblem] = useState<string | null>(null);
  const verify = tasks.verify;
  const download = tasks.download;
  const running = verify?.state === "running";

  // A finished task changed the record (verified / downloaded): re-read the page.
  const finishedAt = [verify, download]
    .filter((t) => t && t.state !== "running")
    .map((t) => `${t?.kind}:${t?.state}:${t?.result}`)
    .join();
  useRefreshOnOutcome(finishedAt);

  const start = async (fresh: boolean) => {
    setProblem(null);
    const outcome = await startJobTask(
      `/api/jobs/${encodeURIComponent(jobId)}/verify${fresh ? "?fresh=1" : ""}`,
    );
    if (outcome.ok) put(outcome.task);
    else setProblem(outcome.message);
  };

  return (
    <div className="space-y-4">
      <FactList
        facts={[
          [
            "File",
            <span key="f" className="break-all">
              {output.fileName}
            </span>,
          ],
          ["Size", `${formatBytes(output.size)} (${output.size} bytes)`],
          ["Verification", <VerificationBadge key="v" verified={output.verified} />],
          [
            "Glacier's tree hash",
            output.expectedTreeHash ? (
              <span key="e" className="font-mono text-xs break-all">
                {output.expectedTreeHash}
              </span>
            ) : (
              "None for this range (not tree-hash aligned)"
            ),
          ],
          [
            "Tree hash of the bytes",
            output.computedTreeHash && (
              <span key="c" className="font-mono text-xs break-all">
                {output.computedTreeHash}
              </span>
            ),
          ],
          ["Downloaded", output.downloadedAt ? formatUtc(output.downloadedAt) : null],
        ]}
      />
      {canOperate && (
        <div className="flex flex-wrap gap-2">
          <a href={output.href} download={output.fileName} className={buttonClass("primary")}>
            Download
          </a>
          <Button onClick={() => void start(false)} disabled={running}>
            Verify only
          </Button>
          {output.verified !== null && (
            <Button variant="ghost" onClick={() => void start(true)} disabled={running}>
              Verify again from scratch
            </Button>
          )}
        </div>
      )}
      {output.verified === "mismatch" && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          Tree-hash mismatch: the bytes Glacier sent do not match the checksum Glacier reported for this job.
          Do not trust a saved copy; download again, and if it persists, request the archive again.
        </p>
      )}
      <TaskStartProblem problem={problem} />
      {download && <TaskProgressView task={download} />}
      {verify && <TaskProgressView task={verify} />}
    </div>
  );
}
