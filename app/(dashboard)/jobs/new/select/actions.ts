"use server";

import { isOneOf, TIERS } from "@/lib/glacier/job-types";
import { jobSubmissionSchema } from "@/lib/glacier/schemas/job-common";
import { selectJobSchema, toInitiateJobParameters } from "@/lib/glacier/schemas/select-job";
import { wizardSubmitAction } from "../wizard-action";

const selectSubmission = jobSubmissionSchema("select", selectJobSchema);

/**
 * The select wizard's server action (see wizardSubmitAction). Glacier checks the full SQL: an
 * InvalidParameterValue naming the Expression comes back at that field (the embedded server fails
 * the job with the SQL error instead).
 */
export const submitSelectJobAction = wizardSubmitAction("submitSelectJob", selectSubmission, {
  parameters: toInitiateJobParameters,
  // Select scans the whole archive: submitFromWizard prices it with the archive's catalog size.
  estimate: (job) => ({ tier: isOneOf(TIERS, job.Tier) ? job.Tier : undefined }),
});
