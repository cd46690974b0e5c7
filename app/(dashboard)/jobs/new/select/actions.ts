"use server";

import { redirect } from "next/navigation";
import { validatedAction } from "@/lib/auth/validated-action";
import { isOneOf, TIERS } from "@/lib/glacier/job-types";
import { jobSubmissionSchema } from "@/lib/glacier/schemas/job-common";
import { selectJobSchema, toInitiateJobParameters } from "@/lib/glacier/schemas/select-job";
import { submitFromWizard } from "@/lib/jobs";
import { getActiveConnection } from "@/lib/session";

const selectSubmission = jobSubmissionSchema("select", selectJobSchema);

/**
 * The select wizard's server action: the same schema again (the client is never trusted), then the
 * idempotent submission service, then the job's page. Glacier checks the full SQL: an
 * InvalidParameterValue naming the Expression comes back at that field (the embedded server fails
 * the job with the SQL error instead). Starting a job costs money: operators and admins only.
 */
export const submitSelectJobAction = validatedAction(
  "submitSelectJob",
  { role: "operator" },
  selectSubmission,
  async ({ idempotencyKey, job }, { user }) => {
    const result = await submitFromWizard(await getActiveConnection(), {
      idempotencyKey,
      vaultName: job.vault,
      parameters: toInitiateJobParameters(job),
      // Select scans the whole archive, whose size the form does not know; the estimate says so.
      estimate: { tier: isOneOf(TIERS, job.Tier) ? job.Tier : undefined, scannedBytes: null },
      submittedBy: user.email,
    });
    if ("redirectTo" in result) redirect(result.redirectTo);
    return result;
  },
);
