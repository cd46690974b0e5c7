import "server-only";
import { wizardOfJobType } from "@/lib/glacier/schemas/job-common";
import { type JobParametersBody } from "@/lib/glacier/schemas/job-common";
import { selectShareLinkPathFromWire } from "@/lib/glacier/schemas/select-link";
import { shareLinkPath } from "@/lib/glacier/share-link";
import { type JobRowData } from "./job-rows";
import { rerunValues } from "./rerun";

/** The prefilled wizard that repeats a recorded job (Thaw's own or imported), or null if it cannot be rebuilt. */
export function rerunLinkOf(
  row: Pick<JobRowData, "job_type" | "parameters" | "vault_name">,
  connectionName: string,
): string | null {
  let parameters: JobParametersBody;
  try {
    parameters = JSON.parse(row.parameters) as JobParametersBody;
  } catch {
    return null;
  }
  const again = rerunValues({ jobType: row.job_type, parameters }, undefined, row.vault_name);
  if (!again) return null;
  const options = { connection: connectionName };
  const wizard = wizardOfJobType(again.type);
  // Select's tag and metadata maps become rows, so an entry with an empty value survives the link.
  return wizard === "select"
    ? selectShareLinkPathFromWire(again.values, options)
    : shareLinkPath(wizard, again.values, options);
}
