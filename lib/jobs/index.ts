/**
 * Glacier jobs (server-only): submission (one InitiateJob per idempotency key), tracking (ListJobs,
 * DescribeJob, SNS), the job list and pages, and the job's output (download, verify, import).
 * Owns tables: jobs, job_tracking, job_output_leaves.
 * Components import view types only, and only with `import type` (this module is server code).
 * Nothing here reads the request: the active connection comes in as an argument (the plan worker
 * loads this module outside any request).
 */
export type {
  ArchiveOutputView,
  InventoryOutputView,
  JobFeedEvent,
  JobListRow,
  JobStatus,
  OutputView,
  SelectManifests,
  SelectOutputView,
  TaskProgress,
  TimelineEvent,
} from "./view-types";
export { submitJob, STALE_CLAIM_MS, type SubmitJobOutcome } from "./submit";
export { submitFromWizard, type WizardSubmission } from "./wizard-submission";
export {
  linkedArchiveCatalog,
  loadWizardPage,
  lookupLinkedVault,
  type WizardPageData,
  wizardProps,
} from "./wizard-page-data";
export {
  claimJobSubmission,
  connectionIdsOfGlacierJob,
  getJobByGlacierId,
  jobSubmissionStates,
  markJobUncertain,
  recordJobSubmitted,
  type JobSubmissionState,
} from "./repository";
export { adoptListedJob, keysOfGlacierJobs } from "./adopt";
export {
  applyJobNotification,
  describeAndRecordJob,
  InvalidNotificationError,
  JobNotFoundError,
} from "./poll";
export { getJobRow, listJobRows, statusOf } from "./job-rows";
export {
  decodeCursor,
  encodeCursor,
  JOB_PAGE_SIZE,
  listJobPage,
  listJobVaults,
  type JobListFilter,
  type JobPage,
  type JobPageCursor,
  type JobStatusFilter,
} from "./job-list-page";
export { loadJobPage, resolveJob, type ResolvedJob } from "./job-page-data";
export { loadOverview, type OverviewJob } from "./overview";
export { observedCompletionTimes } from "./completion-history";
export { rerunLinkOf } from "./rerun-link";
export { FEED_ASK_MS, requestVaultSync, startJobFeed } from "./live";
export { runVaultSync, type VaultSyncOutcome } from "./vault-sync";
export {
  enqueueVaultSync,
  registerVaultSyncTask,
  vaultSyncTask,
  type VaultSyncPayload,
  type VaultSyncTaskOptions,
} from "./vault-sync-task";
export { sseResponse } from "./sse";
export { subscribeTask, taskKey, tasksOfJob, type TaskKind } from "./tasks";
export {
  fetchOutput,
  openOutputStream,
  outputContentType,
  outputFileName,
  OutputUnavailableError,
  resolveOutput,
  type OutputSource,
} from "./output";
export { startVerification, trackDownload } from "./output-tasks";
export { startSynologyImport } from "./inventory-tasks";
export { registerInventoryImportTask, requestInventoryImport } from "./inventory-import-task";
export { startTaskFeed } from "./task-feed";
export { openSelectObject, selectLocationOf } from "./select-output";
export { contentDisposition, decideRange, outputEtag } from "./http-output";
