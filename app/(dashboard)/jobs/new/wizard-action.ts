import "server-only";
import { redirect } from "next/navigation";
import { type z } from "zod";
import { validatedAction } from "@/lib/auth/validated-action";
import { type JobParametersBody } from "@/lib/glacier/schemas/job-common";
import { submitFromWizard, type WizardSubmission } from "@/lib/jobs";
import { getActiveConnection } from "@/lib/session";

/**
 * A wizard's server action: its submission envelope parsed again with the wizard's own schema (the
 * client is never trusted), then the idempotent submission service, then a redirect to the job's
 * page. Starting a job costs money: operators and admins only.
 */
export function wizardSubmitAction<J extends { vault: string }>(
  name: string,
  submission: z.ZodType<{ idempotencyKey: string; job: J }>,
  request: {
    parameters: (job: J) => JobParametersBody;
    estimate: (job: J) => WizardSubmission["estimate"];
  },
) {
  return validatedAction(
    name,
    { role: "operator" },
    submission,
    async ({ idempotencyKey, job }, { user }) => {
      const result = await submitFromWizard(await getActiveConnection(), {
        idempotencyKey,
        vaultName: job.vault,
        parameters: request.parameters(job),
        estimate: request.estimate(job),
        submittedBy: user.email,
      });
      if ("redirectTo" in result) redirect(result.redirectTo);
      return result;
    },
  );
}
