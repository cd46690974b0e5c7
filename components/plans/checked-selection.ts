"use client";

import { useMemo, useSyncExternalStore } from "react";

/**
 * Checked catalog rows travel to the plan form through sessionStorage, not the URL: up to 10 000
 * archive ids (138 characters each) do not fit a link. Same tab only, which is where the form opens.
 */

export type CheckedSelection = { archiveIds: string[]; bytes: number; largest: number };

const keyOf = (inventoryId: string) => `thaw.plan-selection:${inventoryId}`;

export function storeCheckedSelection(
  inventoryId: string,
  rows: readonly { archiveId: string; size: number }[],
): void {
  const selection: CheckedSelection = {
    archiveIds: rows.map((r) => r.archiveId),
    bytes: rows.reduce((sum, r) => sum + r.size, 0),
    largest: rows.reduce((max, r) => Math.max(max, r.size), 0),
  };
  sessionStorage.setItem(keyOf(inventoryId), JSON.stringify(selection));
}

function isSelection(value: unknown): value is CheckedSelection {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return (
    Array.isArray(v.archiveIds) &&
    v.archiveIds.every((id) => typeof id === "string") &&
    typeof v.bytes === "number" &&
    typeof v.largest === "number"
  );
}

function parseSelection(raw: string | null): CheckedSelection | null {
  try {
    const parsed: unknown = JSON.parse(raw ?? "null");
    return isSelection(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

const subscribeNever = () => () => undefined;

/**
 * The checked rows stored for `inventoryId` in this tab: "loading" while server-rendering (no
 * sessionStorage there), null when there are none (or they were tampered with).
 */
export function useCheckedSelection(
  inventoryId: string,
  enabled: boolean,
): CheckedSelection | null | "loading" {
  const raw = useSyncExternalStore(
    subscribeNever,
    // The raw string is a stable snapshot; parsing happens below, once per change.
    () => (enabled ? sessionStorage.getItem(keyOf(inventoryId)) : null),
    () => undefined,
  );
  return useMemo(() => (raw === undefined ? "loading" : parseSelection(raw)), [raw]);
}
