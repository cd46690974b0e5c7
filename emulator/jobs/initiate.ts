import { randomBytes } from "node:crypto";
import { byteRangeLength, wholeRange } from "../../lib/glacier/byte-range";
import {
  type JobIssue,
  type NormalizedJobParameters,
  validateJobParameters,
} from "../../lib/glacier/job-rules";
import { jobTypeToAction } from "../../lib/glacier/job-types";
import { jobOutputPath } from "../../lib/glacier/select-output-layout";
import { type RequestContext, vaultPath } from "../http/context";
import { GlacierError, invalidParameter, notFound } from "../http/errors";
import { sendEmpty } from "../http/respond";
import { type RouteDefinition } from "../http/router";
import { decodeInventoryMarker, InventoryMarkerError } from "../inventory";
import { jsonBody, requireVault } from "../ops/common";
import { isoMillis } from "../rules/dates";
import { type ArchiveRecord } from "../store/archives";
import { type VaultRecord } from "../store/vaults";
import { admitJob } from "./admission";
import { describeJob, isSelectJob, vaultArnFor } from "./describe";
import { needsPreparation } from "./prepare";
import { admitSelectJob } from "./select-admission";
import { jobsRuntime } from "./runtime";
import { writeJobTxt } from "./select-output";
import { dueAt } from "./timing";
import { type JobParams, type NewJob } from "./types";

/** Job ids look like Glacier's: 92 characters of URL-safe base64. */
export const newJobId = () => randomBytes(69).toString("base64url");

function issueError(issue: JobIssue | undefined): GlacierError {
  return new GlacierError(
    400,
    issue?.code ?? "InvalidParameterValueException",
    issue?.message ?? "Invalid job parameters.",
  );
}

function validate(body: Record<string, unknown>, archiveSize?: number): NormalizedJobParameters {
  const result = validateJobParameters(body, archiveSize === undefined ? {} : { archiveSize });
  if (!result.ok) throw issueError(result.issues[0]);
  return result.value;
}

/** §12: an archive the vault does not hold (or no longer holds) is 404. */
function requireArchive(ctx: RequestContext, vault: VaultRecord, archiveId: string): ArchiveRecord {
  const archive = ctx.services.store.archives.get(vault.id, archiveId);
  if (!archive || archive.deletedAt !== null) throw notFound(`Archive not found for ArchiveId: ${archiveId}`);
  return archive;
}

interface Planned {
  params: NormalizedJobParameters;
  archive: ArchiveRecord | undefined;
}

/**
 * Validates the body with the shared rules (lib/glacier/job-rules), first without and then with the
 * archive's size, which the RetrievalByteRange alignment check needs.
 */
function plan(ctx: RequestContext, vault: VaultRecord): Planned {
  const body = jsonBody(ctx);
  const params = validate(body);
  if (params.Type === "inventory-retrieval") {
    const marker = params.InventoryRetrievalParameters.Marker;
    try {
      if (marker !== null) decodeInventoryMarker(marker);
    } catch (err) {
      if (err instanceof InventoryMarkerError) throw invalidParameter(err.message);
      throw err;
    }
    return { params, archive: undefined };
  }
  const archive = requireArchive(ctx, vault, params.ArchiveId);
  return { params: params.Type === "archive-retrieval" ? validate(body, archive.size) : params, archive };
}

function newJob(
  ctx: RequestContext,
  vault: VaultRecord,
  { params, archive }: Planned,
  createdMs: number,
): NewJob {
  const id = newJobId();
  const range =
    params.Type === "archive-retrieval" && archive ? (params.byteRange ?? wholeRange(archive.size)) : null;
  let jobParams: JobParams = {};
  if (params.Type === "inventory-retrieval") {
    jobParams = { Format: params.Format, InventoryRetrievalParameters: params.InventoryRetrievalParameters };
  } else if (params.Type === "select") {
    jobParams = {
      SelectParameters: params.SelectParameters,
      OutputLocation: params.OutputLocation,
      JobOutputPath: jobOutputPath(params.OutputLocation.S3.Prefix, id),
    };
  }
  return {
    id,
    vaultId: vault.id,
    region: ctx.region,
    action: jobTypeToAction(params.Type),
    tier: params.Tier,
    description: params.Description,
    snsTopic: params.SNSTopic,
    archiveId: archive?.id ?? null,
    archiveSize: archive?.size ?? null,
    archiveTreeHash: archive?.treeHash ?? null,
    rangeStart: range?.start ?? null,
    rangeEnd: range?.end ?? null,
    retrievalBytes: range ? byteRangeLength(range) : (archive?.size ?? 0),
    params: jobParams,
    createdAt: isoMillis(new Date(createdMs)),
    createdMs,
    dueMs: dueAt(ctx.services.options, createdMs, params.Tier),
  };
}

/**
 * InitiateJob: 202 with Location and x-amz-job-id (+ x-amz-job-output-path for select). A select
 * job's expression and output bucket are checked first (select-admission.ts); nothing is recorded
 * before every check passed.
 */
async function initiateJob(ctx: RequestContext): Promise<void> {
  const vault = requireVault(ctx);
  const planned = plan(ctx, vault);
  if (planned.params.Type === "select" && planned.archive) {
    await admitSelectJob(ctx.services, planned.params, planned.archive);
  }
  const runtime = jobsRuntime(ctx.services);
  runtime.lifecycle.catchUp();
  const now = ctx.services.now().getTime();
  const job = newJob(ctx, vault, planned, now);
  admitJob(ctx.services, runtime.repo, {
    tier: job.tier,
    action: job.action,
    bytes: job.retrievalBytes,
    now,
  });
  const prepare = needsPreparation(job);
  const inserted = runtime.repo.insert(job, prepare ? null : now);
  if (isSelectJob(inserted)) {
    const arn = vaultArnFor(ctx.region, ctx.services.options.accountId, vault.name);
    writeJobTxt(ctx.services, inserted, describeJob(inserted, arn));
  }
  if (prepare) runtime.preparer.start(inserted);
  runtime.lifecycle.consider(job.dueMs);
  const headers: Record<string, string> = {
    Location: `${vaultPath(ctx, vault.name)}/jobs/${job.id}`,
    "x-amz-job-id": job.id,
  };
  if ("JobOutputPath" in job.params) headers["x-amz-job-output-path"] = job.params.JobOutputPath;
  sendEmpty(ctx, 202, headers);
}

export const initiateJobRoute: RouteDefinition = {
  operation: "InitiateJob",
  method: "POST",
  path: "/vaults/:vaultName/jobs",
  handler: initiateJob,
};
