import { type OutputView, type TaskProgress } from "@/lib/jobs/view-types";
import { ArchiveOutputPanel } from "./archive-output-panel";
import { InventoryOutputPanel } from "./inventory-output-panel";
import { SelectOutputPanel } from "./select-output-panel";
import { SynologyImport } from "./synology-import";
import { buttonClass } from "@/components/ui/button";
import { requestAgainHref } from "./job-format";

/** The job's output, whatever its kind; an imported inventory is shown by the catalog browser instead. */
export function JobOutput({
  jobId,
  output,
  tasks,
}: {
  jobId: string;
  output: OutputView;
  tasks: TaskProgress[];
}) {
  switch (output.kind) {
    case "archive":
      return (
        <div className="space-y-4">
          <ArchiveOutputPanel jobId={jobId} output={output} tasks={tasks} />
          {output.synologyMappingFor && (
            <SynologyImport jobId={jobId} dataVault={output.synologyMappingFor} tasks={tasks} />
          )}
        </div>
      );
    case "inventory":
      return output.inventoryId ? (
        <p className="text-sm text-slate-600">Imported into the catalog (below).</p>
      ) : (
        <InventoryOutputPanel jobId={jobId} output={output} tasks={tasks} />
      );
    case "select":
      return <SelectOutputPanel jobId={jobId} output={output} />;
    case "unavailable":
      return (
        <div className="space-y-2 text-sm">
          <p className={output.reason === "failed" ? "text-red-700" : "text-slate-600"}>{output.message}</p>
          {output.reason === "expired" && (
            <a href={requestAgainHref(jobId)} className={buttonClass("primary")}>
              Request again
            </a>
          )}
        </div>
      );
  }
}
