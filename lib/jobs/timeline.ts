/** A job's timeline from what tracking recorded. Pure. */

import { type TimelineEvent } from "./view-types";

export type TimelineInput = {
  createdAt: string;
  glacierCreationDate: string | null;
  imported: boolean;
  statusCode: string | null;
  statusMessage: string | null;
  completionDate: string | null;
  downloadedAt: string | null;
  verified: "verified" | "mismatch" | null;
  verifiedAt: string | null;
  inventoryImportedAt: string | null;
  expiresAt: string | null;
  goneAt: string | null;
};

/** Events in time order; the expiry is "expires" while ahead and "expired" once passed (or seen gone). */
export function jobTimeline(input: TimelineInput, now: number): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  events.push({
    kind: input.imported ? "imported" : "initiated",
    at: input.glacierCreationDate ?? input.createdAt,
    detail: input.imported ? "Started outside Thaw; imported when Thaw first saw it in ListJobs." : null,
  });
  if (input.completionDate && input.statusCode === "Succeeded") {
    events.push({ kind: "completed", at: input.completionDate, detail: input.statusMessage });
  }
  if (input.completionDate && input.statusCode === "Failed") {
    events.push({ kind: "failed", at: input.completionDate, detail: input.statusMessage });
  }
  if (input.inventoryImportedAt)
    events.push({
      kind: "downloaded",
      at: input.inventoryImportedAt,
      detail: "Inventory imported into the catalog.",
    });
  else if (input.downloadedAt)
    events.push({ kind: "downloaded", at: input.downloadedAt, detail: "Output downloaded through Thaw." });
  if (input.verified && input.verifiedAt) {
    events.push({
      kind: input.verified,
      at: input.verifiedAt,
      detail:
        input.verified === "verified"
          ? "Tree hash of the bytes matches Glacier's."
          : "Tree hash of the bytes differs from Glacier's.",
    });
  }
  if (input.goneAt && (!input.expiresAt || Date.parse(input.goneAt) < Date.parse(input.expiresAt))) {
    events.push({ kind: "expired", at: input.goneAt, detail: "Glacier no longer lists the job." });
  } else if (input.expiresAt) {
    const passed = Date.parse(input.expiresAt) <= now || input.goneAt !== null;
    events.push({
      kind: passed ? "expired" : "expires",
      at: input.expiresAt,
      detail: passed ? "The output is no longer available." : null,
    });
  }
  return events.sort((a, b) => a.at.localeCompare(b.at));
}
