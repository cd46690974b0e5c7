"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { type ActionResult, actionFailure } from "@/lib/auth/action-result";
import { type ActionContext, validatedAction } from "@/lib/auth/validated-action";
import { getConfig } from "@/lib/config";
import { DomainError } from "@/lib/errors";
import { budgetBytes, planFormSchema, planLimitsFieldsSchema } from "@/lib/glacier/plan-form";
import { getActiveTarget } from "@/lib/session";
import {
  cancelPlan,
  createPlan,
  deleteVerifiedArchives,
  getPlan,
  pausePlan,
  resumePlan,
  retryFailedItems,
  updatePlanLimits,
} from "@/lib/plans";

/**
 * The plan actions. Starting, resuming or changing a plan spends money (operator); deleting archives
 * from the vault cannot be undone (admin). Each action checks that the plan belongs to the browser's
 * active connection, so a plan is only ever driven with its own connection's credentials.
 */

const OPERATOR = { role: "operator" } as const;
const ADMIN = { role: "admin" } as const;

const planPath = (planId: string) => `/plans/${encodeURIComponent(planId)}`;

/** Who the audit log names for a plan change. */
const actorOf = (user: ActionContext["user"]) => ({ id: user.id, email: user.email });

/** The active connection, and the plan when it belongs to it; anything else is a message for the user. */
async function activePlan(planId: string) {
  const active = await getActiveTarget();
  if (!active) throw new DomainError("There is no connection: add one under Settings → Connections.");
  const plan = await getPlan(planId);
  if (!plan) throw new DomainError("That plan does not exist (any more).", { status: 404 });
  if (plan.connectionId !== active.connection.id)
    throw new DomainError("This plan belongs to another connection: switch to it in the sidebar first.");
  return { active, plan };
}

export const createPlanAction = validatedAction(
  "createPlan",
  OPERATOR,
  planFormSchema,
  async (form, { user }) => {
    const active = await getActiveTarget();
    if (!active) return actionFailure("There is no connection: add one under Settings → Connections.");
    const plan = await createPlan(
      { target: active.target, form, createdBy: user.email },
      { exportRoots: getConfig().plans.exportDirs, pricing: getConfig().pricing },
    );
    revalidatePath("/plans");
    redirect(planPath(plan.id));
  },
);

const PLAN_COMMANDS = ["pause", "resume", "cancel", "retry-failed"] as const;
const planCommandSchema = z.object({ planId: z.string().min(1).max(100), command: z.enum(PLAN_COMMANDS) });

const COMMAND_DONE: Record<(typeof PLAN_COMMANDS)[number], string> = {
  pause: "Plan paused: no new jobs start; outputs of jobs already in flight are still copied and verified.",
  resume: "Plan resumed.",
  cancel: "Plan cancelled: no new jobs start.",
  "retry-failed": "Failed archives are pending again.",
};

export const planCommandAction = validatedAction(
  "planCommand",
  OPERATOR,
  planCommandSchema,
  async ({ planId, command }, { user }): Promise<ActionResult<{ retried?: number }>> => {
    await activePlan(planId);
    const options = { actor: actorOf(user) };
    let retried: number | undefined;
    if (command === "pause") await pausePlan(planId, options);
    else if (command === "resume") await resumePlan(planId, options);
    else if (command === "cancel") await cancelPlan(planId, options);
    else retried = await retryFailedItems(planId, options);
    revalidatePath(planPath(planId));
    const message =
      retried === undefined
        ? COMMAND_DONE[command]
        : `${retried} failed archive${retried === 1 ? " is" : "s are"} pending again.`;
    return { ok: true, data: { retried }, message };
  },
);

const limitsSchema = planLimitsFieldsSchema.extend({ planId: z.string().min(1).max(100) });

export const updatePlanLimitsAction = validatedAction(
  "updatePlanLimits",
  OPERATOR,
  limitsSchema,
  async ({ planId, capUsd, maxInFlight, dailyByteBudgetGiB }, { user }): Promise<ActionResult<undefined>> => {
    await activePlan(planId);
    await updatePlanLimits(
      planId,
      { capUsd, maxInFlight, dailyByteBudget: budgetBytes(dailyByteBudgetGiB) },
      { actor: actorOf(user) },
    );
    revalidatePath(planPath(planId));
    return { ok: true, data: undefined, message: "Limits saved." };
  },
);

const deleteSchema = z.object({
  planId: z.string().min(1).max(100),
  count: z.number().int().min(1),
  bytes: z.number().int().min(0),
});

export const deleteVerifiedArchivesAction = validatedAction(
  "deleteVerifiedArchives",
  ADMIN,
  deleteSchema,
  async ({ planId, count, bytes }, { user }): Promise<ActionResult<{ deleted: number; failed: number }>> => {
    const { active } = await activePlan(planId);
    const result = await deleteVerifiedArchives(planId, { count, bytes }, active.target, {
      actor: actorOf(user),
      pricing: getConfig().pricing,
    });
    revalidatePath(planPath(planId));
    const message =
      result.failed === 0
        ? `Deleted ${result.deleted} archives from the vault.`
        : `Deleted ${result.deleted} archives; ${result.failed} could not be deleted (see the items table).`;
    return { ok: true, data: result, message };
  },
);
