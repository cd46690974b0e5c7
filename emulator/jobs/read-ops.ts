import { STATUS_CODES, type StatusCode, isOneOf } from "../../lib/glacier/job-types";
import { type RequestContext, param, vaultArn } from "../http/context";
import { invalidParameter, notFound } from "../http/errors";
import { sendJson } from "../http/respond";
import { type RouteDefinition } from "../http/router";
import { requireVault } from "../ops/common";
import { parseLimit, splitPage } from "../rules/paging";
import { type VaultRecord } from "../store/vaults";
import { describeJob } from "./describe";
import { type JobFilter } from "./repository";
import { jobsRuntime } from "./runtime";
import { type JobRecord } from "./types";

/** ListJobs: default and maximum page size (glacier-api.md §5). */
const LIST_LIMIT = 50;

/** The vault's live job named by the `jobId` path parameter (after completing due jobs), or 404. */
export function requireJob(ctx: RequestContext): { vault: VaultRecord; job: JobRecord } {
  const vault = requireVault(ctx);
  const runtime = jobsRuntime(ctx.services);
  runtime.lifecycle.catchUp();
  const jobId = param(ctx, "jobId");
  const job = runtime.repo.get(vault.id, jobId, ctx.services.now().getTime());
  if (!job) throw notFound(`The job ID was not found: ${jobId}`);
  return { vault, job };
}

function describe(ctx: RequestContext): void {
  const { vault, job } = requireJob(ctx);
  sendJson(ctx, 200, describeJob(job, vaultArn(ctx, vault.name)));
}

function parseFilter(ctx: RequestContext): JobFilter {
  const filter: JobFilter = {};
  const completed = ctx.query.get("completed");
  if (completed !== null && completed !== "") {
    if (completed !== "true" && completed !== "false") {
      throw invalidParameter(`The value for completed is not valid: ${completed}. Use true or false.`);
    }
    filter.completed = completed === "true";
  }
  const status = ctx.query.get("statuscode");
  if (status !== null && status !== "") {
    // [D]'s own example message for a bad value.
    if (!isOneOf<StatusCode>(STATUS_CODES, status))
      throw invalidParameter(`The job status code is not valid: ${status}`);
    filter.status = status;
  }
  return filter;
}

/**
 * ListJobs: live jobs sorted by initiation time; `marker` is the id of the job the page begins at
 * (§5), and the response's Marker names the first job of the next page, or null at the end.
 */
function list(ctx: RequestContext): void {
  const vault = requireVault(ctx);
  const filter = parseFilter(ctx);
  const limit = parseLimit(ctx.query.get("limit"), LIST_LIMIT, LIST_LIMIT);
  const runtime = jobsRuntime(ctx.services);
  runtime.lifecycle.catchUp();
  const now = ctx.services.now().getTime();
  const rawMarker = ctx.query.get("marker");
  const marker = rawMarker === null || rawMarker === "" ? undefined : rawMarker;
  if (marker !== undefined && !runtime.repo.exists(vault.id, marker, now)) {
    throw invalidParameter(`Invalid marker: ${marker}`);
  }
  const { page, next } = splitPage(runtime.repo.list(vault.id, now, filter, marker, limit + 1), limit);
  const arn = vaultArn(ctx, vault.name);
  sendJson(ctx, 200, { JobList: page.map((job) => describeJob(job, arn)), Marker: next?.id ?? null });
}

export const readRoutes: RouteDefinition[] = [
  { operation: "ListJobs", method: "GET", path: "/vaults/:vaultName/jobs", handler: list },
  { operation: "DescribeJob", method: "GET", path: "/vaults/:vaultName/jobs/:jobId", handler: describe },
];
