/** Audit action names (plain data: the Audit page's filter lists them). */
export const AUDIT_ACTIONS = [
  "auth.sign-in",
  "auth.sign-out",
  "job.initiate",
  "output.download",
  "connection.create",
  "connection.update",
  "connection.delete",
  "user.create",
  "user.update",
  "settings.sns-topics",
  "sns.subscription",
  "plan.create",
  "plan.change",
  "archive.delete",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ["success", "failure", "denied"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  "auth.sign-in": "Sign-in",
  "auth.sign-out": "Sign-out",
  "job.initiate": "InitiateJob",
  "output.download": "Output download",
  "connection.create": "Connection created",
  "connection.update": "Connection changed",
  "connection.delete": "Connection deleted",
  "user.create": "User added",
  "user.update": "User changed",
  "settings.sns-topics": "SNS topics changed",
  "sns.subscription": "SNS subscription",
  "plan.create": "Plan created",
  "plan.change": "Plan changed",
  "archive.delete": "DeleteArchive",
};
