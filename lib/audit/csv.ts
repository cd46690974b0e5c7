import { type AuditRecord } from "./query";

export const AUDIT_CSV_HEADER = [
  "occurred_at",
  "actor",
  "action",
  "outcome",
  "connection_id",
  "target",
  "address",
  "details",
] as const;

/**
 * One CSV field (RFC 4180 quoting). A value a spreadsheet would run as a formula (= + - @, tab, CR)
 * gets a leading apostrophe: audit text comes partly from users (descriptions, names).
 */
export function csvField(value: string | null): string {
  let text = value ?? "";
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsvRow(r: AuditRecord): string {
  return (
    [r.occurredAt, r.actorEmail, r.action, r.outcome, r.connectionId, r.target, r.address, r.details]
      .map(csvField)
      .join(",") + "\r\n"
  );
}

export function auditCsvHeader(): string {
  return AUDIT_CSV_HEADER.join(",") + "\r\n";
}
