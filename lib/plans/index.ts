/**
 * Bulk retrieval plans (issue #7), server-only; the pure form, types and estimates are in lib/glacier/plan-form.
 * Owns tables: plans, plan_items.
 */
export { objectKeyFor, orderPlanArchives, safeRelativePath, MANIFEST_NAME } from "./ordering";
export { createPlan, type CreatePlanInput, type CreatePlanOptions } from "./create";
export { selectionTotals, type SelectionTotals } from "./selection";
export { getPlan, listPlanItems, listPlans } from "./queries";
export {
  cancelPlan,
  pausePlan,
  resumePlan,
  retryFailedItems,
  updatePlanLimits,
  type ControlOptions,
  type LimitsPatch,
} from "./control";
export { deleteVerifiedArchives, type DeleteOptions } from "./delete-archives";
export { manifestCsv, MANIFEST_HEADER } from "./manifest";
export { runPlanStep } from "./tick";
export { runCopyChunk } from "./copy";
export { runCopyFinish } from "./copy-finish";
export { enqueueDrivenPlans, registerPlanTasks, type PlanTaskOptions } from "./tasks";
export { runBeforeExitSignals, type SignalShutdownOptions } from "./shutdown";
export { PlanNotFoundError, PlanStateError, PlanValidationError } from "./errors";
export { ITEM_STATUSES, type ItemStatus, type PlanStatus } from "./store";
export { type PlanItemView, type PlanSummary } from "./plan-views";
export { isPlanJobDescription, planJobDescription, type TickOptions, type TargetResolver } from "./context";
