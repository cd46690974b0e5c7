import { formatCount } from "@/lib/glacier/format";
import { type PlanDestination, type PlanSelection } from "@/lib/glacier/plan-form";
import { type PlanItemState as ItemState } from "@/lib/glacier/plan-item-states";

/** Labels and badge tones of plan and item states, shared by the list, the plan page and its table. */

type Tone = "neutral" | "info" | "success" | "warning" | "danger";

export const PLAN_STATUS_LABELS: Record<string, string> = {
  running: "Running",
  paused: "Paused",
  capped: "Stopped at the cap",
  cancelled: "Cancelled",
  completed: "Completed",
};

export const PLAN_STATUS_TONES: Record<string, Tone> = {
  running: "info",
  paused: "neutral",
  capped: "warning",
  cancelled: "neutral",
  completed: "success",
};

export {
  PLAN_ITEM_STATES as ITEM_STATES,
  isPlanItemState as isItemState,
} from "@/lib/glacier/plan-item-states";
export type { PlanItemState as ItemState } from "@/lib/glacier/plan-item-states";

export const ITEM_STATE_LABELS: Record<ItemState, string> = {
  pending: "Pending",
  requested: "In flight",
  copying: "Copying",
  copied: "Copied",
  verified: "Verified",
  failed: "Failed",
  deleted: "Deleted from vault",
};

export const ITEM_STATE_TONES: Record<ItemState, Tone> = {
  pending: "neutral",
  requested: "info",
  copying: "info",
  copied: "info",
  verified: "success",
  failed: "danger",
  deleted: "neutral",
};

/** Bar colours per item state (the progress bar on the plan page and the list). */
export const ITEM_STATE_BARS: Record<ItemState, string> = {
  pending: "bg-slate-200",
  requested: "bg-ice-300",
  copying: "bg-ice-500",
  copied: "bg-ice-700",
  verified: "bg-emerald-600",
  failed: "bg-red-600",
  deleted: "bg-slate-500",
};

export function planStatusLabel(status: string): string {
  return PLAN_STATUS_LABELS[status] ?? status;
}

export function planStatusTone(status: string): Tone {
  return PLAN_STATUS_TONES[status] ?? "neutral";
}

/** `s3://bucket/prefix (DEEP_ARCHIVE)` or `Directory /srv/…`. */
export function describeDestination(destination: PlanDestination): string {
  if (destination.kind === "directory") return `Directory ${destination.path}`;
  return `s3://${destination.bucket}/${destination.prefix} (${destination.storageClass})`;
}

export const ORDER_LABELS: Record<string, string> = {
  smallest: "Smallest first",
  oldest: "Oldest first",
  prefix: "By prefix",
};

/** "All 200 archives of the inventory", "The 67 archives matching “photos”", "2 checked archives". */
export function selectionText(selection: PlanSelection, archives: number, allSuffix = ""): string {
  if (selection.kind === "all")
    return `All ${formatCount(archives)} archives of the inventory${allSuffix && ` (${allSuffix.trim()})`}`;
  if (selection.kind === "filter") return `The ${formatCount(archives)} archives matching “${selection.q}”`;
  return `${formatCount(archives)} checked archive${archives === 1 ? "" : "s"}`;
}
