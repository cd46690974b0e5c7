/**
 * A plan item's states, in the order a copy moves through them. lib/plans counts by them and the plan
 * pages label and draw them; one list keeps the two from drifting. Pure and isomorphic.
 */

export const PLAN_ITEM_STATES = [
  "pending",
  "requested",
  "copying",
  "copied",
  "verified",
  "failed",
  "deleted",
] as const;

export type PlanItemState = (typeof PLAN_ITEM_STATES)[number];

export function isPlanItemState(value: string): value is PlanItemState {
  return (PLAN_ITEM_STATES as readonly string[]).includes(value);
}
