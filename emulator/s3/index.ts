import { type IncomingMessage, type ServerResponse } from "node:http";
import { drainBody } from "../http/request-body";
import { type EmulatorModule, type EmulatorServices } from "../module";
import { isoMillis } from "../rules/dates";
import { type S3Context, authenticateS3, createS3Context, isS3Request, sendS3Error } from "./context";
import { type S3Error, notImplemented, toS3Error } from "./errors";
import { type S3Operation, takeS3Fault } from "./faults";
import { listObjectsV2 } from "./list";
import { listParts } from "./list-parts";
import { listMultipartUploads } from "./list-uploads";
import { abortMultipartUpload, createMultipartUpload, uploadPart } from "./multipart";
import { completeMultipartUpload } from "./multipart-complete";
import { getObject, getObjectAcl, getObjectTagging, headBucket, listBuckets } from "./read-ops";
import { s3Runtime } from "./runtime";
import { s3Migrations } from "./schema";
import { createBucket, deleteObject, putObject } from "./write-ops";

type S3Handler = (ctx: S3Context) => Promise<void> | void;
type S3Route = [S3Operation, S3Handler];

/** Picks the S3 operation from method, path shape (service / bucket / object) and sub-resource. */
function operationFor(ctx: S3Context): S3Route | undefined {
  const has = (name: string) => ctx.query.has(name);
  const { method } = ctx;
  if (ctx.bucket === undefined) {
    if (method === "GET") return ["ListBuckets", listBuckets];
  } else if (ctx.key === undefined) {
    if (method === "GET" && ctx.query.get("list-type") === "2") return ["ListObjectsV2", listObjectsV2];
    if (method === "GET" && has("uploads")) return ["ListMultipartUploads", listMultipartUploads];
    if (method === "HEAD") return ["HeadBucket", headBucket];
    if (method === "PUT" && ctx.query.size === 0) return ["CreateBucket", createBucket];
  } else if (method === "GET" || method === "HEAD") {
    if (method === "GET" && has("tagging")) return ["GetObjectTagging", getObjectTagging];
    if (method === "GET" && has("acl")) return ["GetObjectAcl", getObjectAcl];
    if (!has("uploadId")) return [method === "GET" ? "GetObject" : "HeadObject", getObject];
    if (method === "GET") return ["ListParts", listParts];
  } else if (method === "PUT") {
    if (has("partNumber") && has("uploadId")) return ["UploadPart", uploadPart];
    if (!has("tagging") && !has("acl")) return ["PutObject", putObject];
  } else if (method === "POST") {
    if (has("uploads")) return ["CreateMultipartUpload", createMultipartUpload];
    if (has("uploadId")) return ["CompleteMultipartUpload", completeMultipartUpload];
  } else if (method === "DELETE") {
    return has("uploadId") ? ["AbortMultipartUpload", abortMultipartUpload] : ["DeleteObject", deleteObject];
  }
  return undefined;
}

function notImplementedFor(ctx: S3Context): S3Error {
  const sub = [...ctx.query.keys()].join("&");
  return notImplemented(
    `${ctx.method} ${ctx.key === undefined ? "bucket" : "object"}${sub ? `?${sub}` : ""}`,
  );
}

async function handle(services: EmulatorServices, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ctx = createS3Context(services, req, res);
  try {
    authenticateS3(ctx);
    const route = operationFor(ctx);
    if (!route) throw notImplementedFor(ctx);
    const [operation, handler] = route;
    services.stats.count(operation, "s3");
    if ((await takeS3Fault(services, operation, req)) === "hung") return;
    await handler(ctx);
  } catch (err) {
    const error = toS3Error(err);
    if (error.status >= 500)
      services.log(
        `[s3] ${req.method} ${req.url}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    if (!(await drainBody(req))) res.shouldKeepAlive = false;
    sendS3Error(ctx, error);
  }
}

/**
 * A minimal S3 endpoint on the Glacier port (path-style, SigV4 service `s3`): where select jobs
 * write their results, readable with @aws-sdk/client-s3 (`forcePathStyle: true`). Buckets come from
 * `--s3-bucket` (and `thaw-results` with the demo seed) or CreateBucket.
 */
export { s3Faults, type S3FaultControl } from "./faults";

export const s3Module: EmulatorModule = {
  name: "s3",
  migrations: s3Migrations,
  register(_router, services) {
    const { repo, files } = s3Runtime(services);
    const now = isoMillis(services.now());
    const buckets = [
      ...services.options.s3Buckets,
      ...(services.options.seed === "demo" ? ["thaw-results"] : []),
    ];
    for (const bucket of buckets) repo.createBucket(bucket, now);
    void files.sweep(repo.referencedFiles());
  },
  claimRequest(req, res, services) {
    if (!isS3Request(req, services)) return false;
    void handle(services, req, res);
    return true;
  },
};
