/**
 * The part every job wizard shares: the target vault, Description, SNSTopic and Tier, the bridge
 * from Glacier's rule functions (`job-rules.ts`) to zod issues, and the envelope a server action
 * receives. Form values use the InitiateJob member names, so a rule's issue path is the field path
 * and a shared link's query names are the wire names. Text inputs submit "", which means "absent".
 * Pure and isomorphic: imported by the wizards (zodResolver) and the server actions alike.
 */

import { z } from "zod";
import { type JobType, DEFAULT_TIER, JOB_TYPES } from "../job-types";
import { labelIssue } from "../field-labels";
import { type JobParametersResult, splitIssuePath, validateJobParameters } from "../job-rules";
import { checkVaultName } from "../vault-name";

/** The wizard routes (`/jobs/new/<type>`), one per InitiateJob `Type`. */
export const WIZARD_JOB_TYPES = ["inventory", "archive", "select"] as const;
export type WizardJobType = (typeof WIZARD_JOB_TYPES)[number];

export const JOB_TYPE_OF_WIZARD: Readonly<Record<WizardJobType, JobType>> = {
  inventory: "inventory-retrieval",
  archive: "archive-retrieval",
  select: "select",
};

export function wizardOfJobType(type: JobType): WizardJobType {
  const entry = Object.entries(JOB_TYPE_OF_WIZARD).find(([, t]) => t === type);
  return (entry?.[0] as WizardJobType | undefined) ?? "archive";
}

/** A text input's value: missing (an old draft, a short link) reads as "". */
export const textField = () => z.string().default("");

const vaultField = textField().superRefine((value, ctx) => {
  if (value === "") {
    ctx.addIssue({ code: "custom", message: "Choose a vault" });
    return;
  }
  const check = checkVaultName(value);
  if (!check.ok) ctx.addIssue({ code: "custom", message: check.message });
});

/** vault, Description, SNSTopic, Tier. Job schemas derive from it with .pick/.extend. */
export const jobCommonSchema = z.object({
  vault: vaultField,
  Description: textField(),
  SNSTopic: textField(),
  Tier: z.string().default(DEFAULT_TIER),
});

/** An InitiateJob body (JobParameters) exactly as sent: the flat JSON of glacier-api.md §3.1. */
export type JobParametersBody = { Type: JobType } & { [member: string]: unknown };

/** Keeps the non-empty members: "" is what an untouched input submits, and Glacier wants them absent. */
export function presentMembers<T extends Record<string, string>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== "")) as Partial<T>;
}

/**
 * A zod superRefine that validates the InitiateJob body the values produce with Glacier's own
 * rules, reporting each issue at its field (issue paths are the wire paths, which the form mirrors)
 * in the screen's words, with the API path and AWS's error code as its detail line (field-labels.ts).
 */
export function refineJobParameters<T>(
  toParameters: (values: T) => JobParametersBody,
  validate: (params: JobParametersBody) => JobParametersResult = (params) => validateJobParameters(params),
) {
  return (values: T, ctx: z.RefinementCtx) => {
    const result = validate(toParameters(values));
    if (result.ok) return;
    for (const issue of result.issues) {
      ctx.addIssue({ code: "custom", path: splitIssuePath(issue.path), message: labelIssue(issue) });
    }
  };
}

const ALL_JOB_MEMBERS = [
  "Type",
  "ArchiveId",
  "Description",
  "SNSTopic",
  "Tier",
  "Format",
  "RetrievalByteRange",
  "InventoryRetrievalParameters",
  "SelectParameters",
  "OutputLocation",
];

/**
 * Members the job schema does not know (zod would silently drop them). Posted straight to the
 * action, a member of another job type must fail as it would at Glacier, so the message comes from
 * Glacier's rules; anything else is an unknown parameter.
 */
function unknownMemberIssues(
  type: JobType,
  known: readonly string[],
  raw: unknown,
): { key: string; message: string }[] {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return [];
  const record = raw as Record<string, unknown>;
  return Object.keys(record)
    .filter((key) => !known.includes(key) && !(key === "Type" && record.Type === type))
    .map((key) => {
      if (!ALL_JOB_MEMBERS.includes(key)) return { key, message: `Unknown parameter: ${key}` };
      const result = validateJobParameters({ Type: type, [key]: record[key] });
      const message =
        (!result.ok && result.issues.find((i) => i.path === key)?.message) ||
        `${key} is not valid for ${type} jobs`;
      return { key, message };
    });
}

const idempotencyKeySchema = z.uuid({
  error: "The form lost its submission key: reload the page and submit again",
});

/**
 * What a wizard posts: the form's values and the key that makes a retried submission start no
 * second job. Every problem is reported at once (key, unknown members, the job's own rules), with
 * the job's paths under `job.`.
 */
export function jobSubmissionSchema<S extends z.ZodObject>(type: JobType, job: S) {
  const known = Object.keys(job.shape);
  return z.object({ idempotencyKey: z.unknown(), job: z.unknown() }).transform((input, ctx) => {
    const key = idempotencyKeySchema.safeParse(input.idempotencyKey);
    if (!key.success)
      ctx.addIssue({
        code: "custom",
        path: ["idempotencyKey"],
        message: key.error.issues[0]?.message ?? "Invalid key",
      });
    for (const { key: member, message } of unknownMemberIssues(type, known, input.job)) {
      ctx.addIssue({ code: "custom", path: ["job", member], message });
    }
    const parsed = job.safeParse(input.job);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: "custom", path: ["job", ...issue.path], message: issue.message });
    }
    if (!key.success || !parsed.success || ctx.issues.length > 0) return z.NEVER;
    return { idempotencyKey: key.data, job: parsed.data };
  });
}

/** The field-error prefix of the envelope above: the wizard strips it to reach its own field names. */
export const SUBMISSION_JOB_PREFIX = "job.";

/**
 * A field-error key the submit action sets when a retry cannot be judged safe (no answer from
 * Glacier, or another submission still running): the wizard then offers "submit as a new request".
 */
export const SUBMISSION_STATE_KEY = "_submission";
export type SubmissionState = "uncertain" | "in-progress";

export function isJobType(value: unknown): value is JobType {
  return typeof value === "string" && (JOB_TYPES as readonly string[]).includes(value);
}
