import { type JobAction, type Tier } from "../../lib/glacier/job-types";
import { GlacierError } from "../http/errors";
import { type EmulatorServices } from "../module";
import { activeCapacityUnits } from "../ops/capacity";
import { getRetrievalPolicy } from "../ops/retrieval-policy";
import { type JobRepository } from "./repository";
import {
  CAPACITY_WINDOW_MS,
  DAY_MS,
  RETRIEVALS_PER_UNIT,
  TIER_DELAY_MS,
  freeTierBytesPerDay,
  scaled,
} from "./timing";

export const policyEnforced = () =>
  new GlacierError(
    400,
    "PolicyEnforcedException",
    "InitiateJob request denied by current data retrieval policy.",
  );

/** glacier-api.md §12: 400 (the model's status), not the guide's 503. */
export const insufficientCapacity = () =>
  new GlacierError(
    400,
    "InsufficientCapacityException",
    "There is not enough capacity to process this Expedited retrieval. Retry later, use another tier, or purchase provisioned capacity.",
  );

export interface AdmissionRequest {
  tier: Tier;
  action: JobAction;
  /** Bytes the job retrieves (range length, or the archive scanned by select). */
  bytes: number;
  now: number;
}

/**
 * Expedited retrievals draw on provisioned capacity (3 per unit per 5 min) plus the shared capacity
 * set by `--expedited-capacity`; beyond both they are refused (§8.2). Inventory jobs retrieve no
 * archive data and are never refused.
 */
function checkCapacity(services: EmulatorServices, jobs: JobRepository, request: AdmissionRequest): void {
  const since = request.now - scaled(services.options, CAPACITY_WINDOW_MS);
  const { count } = jobs.retrievalsSince("Expedited", since);
  const units = activeCapacityUnits(services.store, new Date(request.now));
  if (count >= units * RETRIEVALS_PER_UNIT + services.options.expeditedCapacity) throw insufficientCapacity();
}

/**
 * The data retrieval policy applies to Standard retrievals only (§8.3). FreeTier: at most the
 * daily free allowance (`freeTierBytesPerDay`) per simulated day. BytesPerHour: a Standard retrieval spreads its bytes
 * over its 4-hour delay, and the in-progress retrievals plus the new one must stay within the rate.
 */
function checkPolicy(services: EmulatorServices, jobs: JobRepository, request: AdmissionRequest): void {
  const rule = getRetrievalPolicy(services.store).Rules[0];
  if (rule === undefined || rule.Strategy === "None") return;
  if (rule.Strategy === "FreeTier") {
    const { bytes } = jobs.retrievalsSince("Standard", request.now - scaled(services.options, DAY_MS));
    if (bytes + request.bytes > freeTierBytesPerDay(jobs.storedBytes())) throw policyEnforced();
    return;
  }
  const hours = TIER_DELAY_MS.Standard / 3_600_000;
  const rate = (jobs.inProgressBytes("Standard") + request.bytes) / hours;
  if (rate > (rule.BytesPerHour ?? 0)) throw policyEnforced();
}

/** Refuses the job with Glacier's error when capacity or the retrieval policy does not allow it. */
export function admitJob(services: EmulatorServices, jobs: JobRepository, request: AdmissionRequest): void {
  if (request.action === "InventoryRetrieval") return;
  if (request.tier === "Expedited") checkCapacity(services, jobs, request);
  if (request.tier === "Standard") checkPolicy(services, jobs, request);
}
