import type { OutputView, TaskProgress } from "@/lib/jobs";
import { ArchiveOutputPanel } from "./archive-output-panel";
import { InventoryOutputPanel } from "./inventory-output-panel";
import { RoleNote } from "./role-note";
import { SelectOutputPanel } from "./select-output-panel";
import { SynologyImport } from "./synology-import";
import { buttonClass } from "@/components/ui/button";
import { requestAgainHref } from "./job-format";

type Props = {
  jobId: string;
  output: OutputView;
  tasks: TaskProgress[];
  /** Operators and admins: download, verify, import and request again (their routes refuse other roles). */
  canOperate: boolean;
  /** The signed-in role, named in the note that stands where those controls would be. */
  role: string;
};

/** The job's output, whatever its kind; an imported inventory is shown by the catalog browser instead. */
export function JobOutput({ jobId, output, tasks, canOperate, role }: Props) {
  const note = (text: string) => (canOperate ? null : <RoleNote role={role}>{text}</RoleNote>);
  switch (output.kind) {
    case "archive":
      return (
        <div className="space-y-4">
          <ArchiveOutputPanel jobId={jobId} output={output} tasks={tasks} canOperate={canOperate} />
          {canOperate && output.synologyMappingFor && (
            <SynologyImport jobId={jobId} dataVault={output.synologyMappingFor} tasks={tasks} />
          )}
          {note("can read this output's details; ask an operator to download, verify or import it.")}
        </div>
      );
    case "inventory":
      return output.inventoryId ? (
        <p className="text-sm text-slate-600">Imported into the catalog (below).</p>
      ) : (
        <div className="space-y-3">
          <InventoryOutputPanel jobId={jobId} output={output} tasks={tasks} canOperate={canOperate} />
          {note("can browse the catalog once an operator imports this inventory.")}
        </div>
      );
    case "select":
      return (
        <div className="space-y-3">
          <SelectOutputPanel jobId={jobId} output={output} canDownload={canOperate} />
          {note("can preview the results; ask an operator to download them.")}
        </div>
      );
    case "unavailable":
      return (
        <div className="space-y-2 text-sm">
          <p className={output.reason === "failed" ? "text-red-700" : "text-slate-600"}>{output.message}</p>
          {output.reason === "expired" &&
            (canOperate ? (
              <a href={requestAgainHref(jobId)} className={buttonClass("primary")}>
                Request again
              </a>
            ) : (
              note("cannot start jobs; ask an operator to request the data again.")
            ))}
        </div>
      );
  }
}
