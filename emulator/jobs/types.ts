import {
  type JobAction,
  type InventoryFormat,
  type StatusCode,
  type Tier,
} from "../../lib/glacier/job-types";
import { type NormalizedInventoryRetrievalParameters } from "../../lib/glacier/job-field-rules";
import { type OutputLocation } from "../../lib/glacier/output-location-rules";
import { type SelectParameters } from "../../lib/glacier/select-rules";

export interface InventoryJobParams {
  Format: InventoryFormat;
  InventoryRetrievalParameters: NormalizedInventoryRetrievalParameters;
}

export interface SelectJobParams {
  SelectParameters: SelectParameters;
  OutputLocation: OutputLocation;
  JobOutputPath: string;
}

/** Type-specific parameters kept with the job (JSON in `jobs.params`); archive jobs keep theirs in columns. */
export type JobParams = Record<string, never> | InventoryJobParams | SelectJobParams;

/** A result object a select job wrote (staged until the job completes, then published to S3). */
export interface StagedObject {
  key: string;
  file: string;
  size: number;
  etag: string;
}

/** What background preparation produced; which members are set depends on the job type. */
export interface Prepared {
  /** Archive jobs with a tree-hash-aligned sub-range: the retrieved range's tree hash. */
  treeHash?: string | null;
  /** Inventory jobs: output bytes, the next page's marker and the snapshot's date. */
  outputSize?: number;
  nextMarker?: string | null;
  inventoryDate?: string;
  /** Select jobs: the result parts. */
  results?: StagedObject[];
}

export interface JobRecord {
  id: string;
  vaultId: number;
  /** Region the job was initiated in (for ARNs in messages sent outside a request). */
  region: string;
  action: JobAction;
  tier: Tier;
  description: string | null;
  snsTopic: string | null;
  archiveId: string | null;
  archiveSize: number | null;
  archiveTreeHash: string | null;
  /** Archive jobs: the retrieved range, inclusive. */
  rangeStart: number | null;
  rangeEnd: number | null;
  /** Bytes this job retrieves (archive range or select scan), for the retrieval policy. */
  retrievalBytes: number;
  params: JobParams;
  createdAt: string;
  createdMs: number;
  /** Creation + the tier's delay divided by the time scale. */
  dueMs: number;
  preparedMs: number | null;
  /** max(dueMs, preparedMs): when the job completes; null while preparing. */
  readyMs: number | null;
  prepared: Prepared | null;
  prepareError: string | null;
  status: StatusCode;
  statusMessage: string | null;
  completedMs: number | null;
  expiresMs: number | null;
  notified: boolean;
}

export type NewJob = Omit<
  JobRecord,
  | "preparedMs"
  | "readyMs"
  | "prepared"
  | "prepareError"
  | "status"
  | "statusMessage"
  | "completedMs"
  | "expiresMs"
  | "notified"
>;
