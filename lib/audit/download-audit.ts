import "server-only";
import { type AuditActor, recordAuditSafely } from "./record";

/** One entry per output download that Glacier answered: who, which job, which bytes. */
export async function auditOutputDownload(entry: {
  actor: AuditActor;
  connectionId: string;
  glacierJobId: string;
  vaultName: string;
  kind: "archive-retrieval" | "inventory-retrieval" | "select";
  range: { start: number; end: number } | null;
  size: number | null;
  objectKey?: string | undefined;
}): Promise<void> {
  await recordAuditSafely({
    action: "output.download",
    outcome: "success",
    actor: entry.actor,
    connectionId: entry.connectionId,
    target: entry.glacierJobId,
    details: {
      vault: entry.vaultName,
      kind: entry.kind,
      range: entry.range,
      size: entry.size,
      objectKey: entry.objectKey,
    },
  });
}
