/** The audit log (server-only): recording, querying and exporting who did what. Owns tables: audit_log. */
export {
  AUDIT_ACTION_LABELS,
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  type AuditAction,
  type AuditOutcome,
} from "./actions";
export { recordAudit, recordAuditSafely, type AuditActor, type AuditEntry } from "./record";
export { allAuditRecords, queryAudit, type AuditRecord } from "./query";
export {
  auditHref,
  auditSearchParams,
  loadAuditSearchParams,
  parseAuditFilter,
  type AuditFilter,
} from "./search-params";
export { auditCsvHeader, auditCsvRow } from "./csv";
export { auditJobSubmission } from "./job-audit";
export { auditOutputDownload } from "./download-audit";
export {
  createConnectionAudited,
  deleteConnectionAudited,
  updateConnectionAudited,
} from "./connection-audit";
