"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { validatedAction } from "@/lib/auth/validated-action";
import { parseSnsTopicArn } from "@/lib/glacier/sns";
import { savedTopicArns, saveTopicArns } from "@/lib/sns";

/** One ARN per line; each line must be a topic ARN (the message names the first bad one). */
const topicsSchema = z.object({
  topics: z
    .string()
    .max(30_000)
    .transform((text, ctx) => {
      const arns = text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
      if (arns.length > 100) ctx.addIssue({ code: "custom", message: "At most 100 topics" });
      for (const arn of arns) {
        const parsed = parseSnsTopicArn(arn);
        if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
      }
      return arns;
    }),
});

export const saveSnsTopicsAction = validatedAction(
  "saveSnsTopics",
  { role: "admin" },
  topicsSchema,
  async ({ topics }, { user, address }) => {
    const before = await savedTopicArns();
    await saveTopicArns(topics);
    await recordAudit({
      action: "settings.sns-topics",
      outcome: "success",
      actor: user,
      address,
      details: { before, after: topics },
    });
    revalidatePath("/settings/sns");
    return {
      ok: true,
      data: undefined,
      message: `${topics.length} topic${topics.length === 1 ? "" : "s"} allowed.`,
    };
  },
);
