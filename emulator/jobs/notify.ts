import { type EmulatorServices } from "../module";
import { snsRuntime } from "../sns/runtime";
import { describeJob, vaultArnFor } from "./describe";
import { type JobRepository } from "./repository";
import { type JobRecord } from "./types";

/** UNVERIFIED (glacier-api.md §9): Glacier's subject line is not in the sources. */
export const NOTIFICATION_SUBJECT = "Notification From Amazon Glacier";

/**
 * The topics a completed job notifies (§9): its own SNSTopic and the vault's notification topic when
 * that configuration lists the job's event; both when both are set. Select jobs retrieve an archive,
 * so they raise ArchiveRetrievalCompleted.
 */
export function notificationTopics(services: EmulatorServices, job: JobRecord): string[] {
  const topics = job.snsTopic === null ? [] : [job.snsTopic];
  const vault = services.store.vaults.getById(job.vaultId);
  const event =
    job.action === "InventoryRetrieval" ? "InventoryRetrievalCompleted" : "ArchiveRetrievalCompleted";
  if (vault?.notificationTopic && vault.notificationEvents?.includes(event))
    topics.push(vault.notificationTopic);
  return topics;
}

/** Sends the DescribeJob JSON of the finished job to `topics`, then marks the job notified (unless cut short). */
export async function notifyCompletion(
  services: EmulatorServices,
  repo: JobRepository,
  job: JobRecord,
  topics: readonly string[],
): Promise<void> {
  const vaultName = services.store.vaults.getById(job.vaultId)?.name ?? "";
  const message = JSON.stringify(
    describeJob(job, vaultArnFor(job.region, services.options.accountId, vaultName)),
  );
  const sns = snsRuntime(services);
  const results = await Promise.all(topics.map((topic) => sns.publish(topic, NOTIFICATION_SUBJECT, message)));
  if (results.every(Boolean) && services.store.db.open) repo.markNotified(job.id);
}
