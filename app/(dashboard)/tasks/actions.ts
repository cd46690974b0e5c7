"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { type ActionResult } from "@/lib/auth/action-result";
import { validatedAction } from "@/lib/auth/validated-action";
import { retryParkedTask } from "@/lib/tasks";

/**
 * Retrying a parked task runs its work again, which may spend money (operator). Tasks are idempotent:
 * a retry redoes only what Thaw's tables do not yet record as done.
 */
export const retryParkedTaskAction = validatedAction(
  "retryParkedTask",
  { role: "operator" },
  z.object({ taskId: z.string().min(1).max(100) }),
  async ({ taskId }): Promise<ActionResult<undefined>> => {
    await retryParkedTask(taskId);
    revalidatePath("/", "layout");
    return { ok: true, data: undefined, message: "The task is queued again." };
  },
);
