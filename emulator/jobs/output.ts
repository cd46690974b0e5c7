import path from "node:path";
import { type ByteRange, byteRangeLength, parseHttpRange } from "../../lib/glacier/byte-range";
import { type RequestContext, header } from "../http/context";
import { GlacierError, invalidParameter, notFound } from "../http/errors";
import { type RouteDefinition } from "../http/router";
import { sendFileRange, sendStream } from "../http/send-file";
import { inventoryContentType } from "../inventory";
import { isInventoryJob, isSelectJob, retrievedRange } from "./describe";
import { outputTreeHash } from "./leaves";
import { requireJob } from "./read-ops";
import { jobsRuntime } from "./runtime";

/**
 * The part of the output a `Range` header asks for (relative to the retrieved data, §6), or null for
 * all of it. A malformed header is ignored (RFC 9110); an unsatisfiable one is 416 with
 * `Content-Range: bytes *\/<length>`.
 */
function requestedRange(ctx: RequestContext, length: number): ByteRange | null {
  const raw = header(ctx, "range");
  if (raw === undefined || raw === "") return null;
  const parsed = parseHttpRange(raw, length);
  if (parsed.kind === "range") return parsed.range;
  if (parsed.kind === "invalid") return null;
  ctx.res.setHeader("Content-Range", `bytes */${length}`);
  throw new GlacierError(416, "InvalidRange", parsed.message);
}

interface OutputBody {
  length: number;
  contentType: string;
  /** Writes bytes [start, end] of the output into the response and ends it. */
  send(start: number, end: number): Promise<void>;
  /** Checksum of the part sent, when Glacier sends one. */
  treeHash(download: ByteRange | null): Promise<string | null>;
  headers: Record<string, string>;
}

/** Sends the output (or the requested range of it); a vanished client just stops it. */
async function sendOutput(ctx: RequestContext, body: OutputBody): Promise<void> {
  const download = requestedRange(ctx, body.length);
  const part = download ?? { start: 0, end: body.length - 1 };
  const treeHash = await body.treeHash(download);
  const headers: Record<string, string> = {
    ...body.headers,
    "Content-Type": body.contentType,
    "Content-Length": String(byteRangeLength(part)),
    "Accept-Ranges": "bytes",
  };
  if (download) headers["Content-Range"] = `bytes ${download.start}-${download.end}/${body.length}`;
  if (treeHash !== null) headers["x-amz-sha256-tree-hash"] = treeHash;
  ctx.res.writeHead(download ? 206 : 200, headers);
  ctx.services.stats.recordJobOutput({ jobId: ctx.params.jobId ?? "", start: part.start, end: part.end });
  await body.send(part.start, part.end);
}

/**
 * GetJobOutput (glacier-api.md §6): an archive job's retrieved bytes or an inventory job's document,
 * 200 or 206 with Range. Before the job succeeded: 400 "not currently available" (§12). Select
 * output is in S3, so there is nothing to return here.
 */
async function getJobOutput(ctx: RequestContext): Promise<void> {
  const { vault, job } = requireJob(ctx);
  if (job.status !== "Succeeded") {
    throw invalidParameter(`The job is not currently available for download: ${job.id}`);
  }
  if (isSelectJob(job)) {
    const { BucketName } = job.params.OutputLocation.S3;
    throw invalidParameter(
      `Select job output is written to S3, under s3://${BucketName}/${job.params.JobOutputPath}; GetJobOutput has nothing to return for job ${job.id}`,
    );
  }
  const runtime = jobsRuntime(ctx.services);
  if (isInventoryJob(job)) {
    const file = path.join(runtime.jobDir(job.id), "output");
    return sendOutput(ctx, {
      length: job.prepared?.outputSize ?? 0,
      contentType: inventoryContentType(job.params.Format),
      send: (start, end) => sendFileRange(ctx.res, file, start, end),
      treeHash: () => Promise.resolve(null),
      headers: {},
    });
  }
  // Deleted archives keep their bytes, so output prepared before a deletion stays downloadable.
  const archive =
    job.archiveId === null ? undefined : ctx.services.store.archives.get(vault.id, job.archiveId);
  const retrieved = retrievedRange(job);
  if (!archive || !retrieved) throw notFound(`The job ID was not found: ${job.id}`);
  return sendOutput(ctx, {
    length: byteRangeLength(retrieved),
    contentType: "application/octet-stream",
    send: (start, end) => {
      const { storage } = ctx.services;
      const [from, to] = [retrieved.start + start, retrieved.start + end];
      return archive.storage === "file"
        ? sendFileRange(ctx.res, storage.archivePath(archive.id), from, to)
        : sendStream(ctx.res, storage.openArchiveStream(archive, from, to));
    },
    treeHash: (download) => outputTreeHash(job, archive, download, runtime.leaves),
    headers: { "x-amz-archive-description": archive.description },
  });
}

export const outputRoute: RouteDefinition = {
  operation: "GetJobOutput",
  method: "GET",
  path: "/vaults/:vaultName/jobs/:jobId/output",
  handler: getJobOutput,
};
