import "server-only";
import { type Kysely } from "kysely";
import { AwsOperationError } from "@/lib/aws/errors";
import { getJobOutput, type JobOutput } from "@/lib/aws/jobs";
import { type AccountTarget } from "@/lib/aws/vaults";
import { type Database, dbOf, type DbOptions } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { type ByteRange, MIB } from "@/lib/glacier/byte-range";
import { decodeDescription, rangedFileName, suggestFileName } from "@/lib/glacier/descriptions";
import { type JobType } from "@/lib/glacier/job-types";
import { coverageOfJob, type InventoryCoverage } from "@/lib/inventory";
import { getJobRow, type JobRowData } from "./job-rows";
import {
  LEAVES_IN_FLIGHT,
  LeafAssembler,
  LeafRecorder,
  settleVerification,
  type Settlement,
} from "./output-leaves";
import { describeTrackedJob, JobNotFoundError } from "./poll";
import { retrievalRangeOf } from "./retrieved-size";
import { recordDescriptions, updateTracking } from "./tracking-store";

const READ_AHEAD_BYTES = 4 * MIB;

/** What it takes to serve one job's output, once the job is known to have one. */
export type OutputSource = {
  db: Kysely<Database>;
  target: AccountTarget;
  jobRecordId: string;
  glacierJobId: string;
  vaultName: string;
  jobType: Exclude<JobType, "select">;
  size: number;
  /** The job's SHA256TreeHash: null for inventories and unaligned ranges. */
  expectedTreeHash: string | null;
  archiveId: string | null;
  /** Known before GetJobOutput (catalog, Synology mapping, an earlier download), else null. */
  archiveDescription: string | null;
  mappedName: string | null;
  inventoryFormat: "JSON" | "CSV";
  completionDate: string | null;
  /** The archive's bytes this retrieval holds; null for the whole archive. */
  retrieval: ByteRange | null;
  /** An inventory's window or page (whole vault for other jobs). */
  inventoryCoverage: InventoryCoverage;
};

/** Why there is nothing to serve, with the HTTP status a route answers. */
export class OutputUnavailableError extends DomainError {
  declare readonly status: 404 | 409 | 410 | 502;

  constructor(status: 404 | 409 | 410 | 502, message: string) {
    super(message, { status });
    this.name = "OutputUnavailableError";
  }
}

function inventoryParametersIn(json: string | null): unknown {
  try {
    return (JSON.parse(json ?? "{}") as { InventoryRetrievalParameters?: unknown })
      .InventoryRetrievalParameters;
  } catch {
    return undefined;
  }
}

/** The window or page Glacier described (dates, Limit, next Marker) and the Marker Thaw sent. */
export function inventoryCoverageOf(
  row: Pick<JobRowData, "last_description" | "parameters">,
): InventoryCoverage {
  return coverageOfJob(inventoryParametersIn(row.last_description), inventoryParametersIn(row.parameters));
}

export function inventoryFormatOf(row: Pick<JobRowData, "last_description">): "JSON" | "CSV" {
  try {
    const raw = JSON.parse(row.last_description ?? "{}") as {
      InventoryRetrievalParameters?: { Format?: unknown };
    };
    return raw.InventoryRetrievalParameters?.Format === "CSV" ? "CSV" : "JSON";
  } catch {
    return "JSON";
  }
}

/** Loads the job, describing it first when Thaw has not seen it finish, and checks it has an output. */
export async function resolveOutput(
  target: AccountTarget,
  glacierJobId: string,
  options: DbOptions = {},
): Promise<OutputSource> {
  const db = await dbOf(options);
  let row = await getJobRow(target.id, glacierJobId, { db });
  if (!row)
    throw new OutputUnavailableError(
      404,
      `No job ${glacierJobId} is known for this connection. Open the jobs page to import jobs started elsewhere.`,
    );
  if (row.job_type === "select")
    throw new OutputUnavailableError(
      409,
      "A Select job writes its output to S3; open its results on the job page.",
    );
  if (row.gone_at === null && (row.status_code !== "Succeeded" || row.output_size_bytes === null)) {
    try {
      await recordDescriptions(target.id, [await describeTrackedJob(target, row.vault_name, glacierJobId)], {
        db,
      });
    } catch (error) {
      if (error instanceof JobNotFoundError)
        await updateTracking(row.id, { gone_at: new Date().toISOString() }, { db });
      else if (!(error instanceof AwsOperationError)) throw error;
    }
    row = (await getJobRow(target.id, glacierJobId, { db })) ?? row;
  }
  if (row.gone_at !== null) {
    throw new OutputUnavailableError(
      410,
      "This job's output has expired: Glacier keeps an output for 24 hours after the job completes. Request the data again.",
    );
  }
  if (row.status_code === "Failed")
    throw new OutputUnavailableError(
      409,
      `The job failed, so it has no output${row.status_message ? `: ${row.status_message}` : "."}`,
    );
  if (row.status_code !== "Succeeded" || row.output_size_bytes === null) {
    throw new OutputUnavailableError(
      409,
      "The job has not completed yet; its output can be downloaded once Glacier finishes it.",
    );
  }
  const jobType = row.job_type;
  if (jobType === "select") throw new OutputUnavailableError(409, "A Select job writes its output to S3.");
  return {
    db,
    target,
    jobRecordId: row.id,
    glacierJobId,
    vaultName: row.vault_name,
    jobType,
    size: row.output_size_bytes,
    expectedTreeHash: row.job_type === "archive-retrieval" ? row.sha256_tree_hash : null,
    archiveId: row.archive_id,
    archiveDescription: row.archive_description,
    mappedName: row.mapped_name,
    inventoryFormat: inventoryFormatOf(row),
    completionDate: row.completion_date,
    retrieval: retrievalRangeOf(row),
    inventoryCoverage: inventoryCoverageOf(row),
  };
}

/** What a download's name is made of. */
export type NamingFacts = Pick<
  OutputSource,
  | "jobType"
  | "vaultName"
  | "archiveId"
  | "glacierJobId"
  | "archiveDescription"
  | "mappedName"
  | "completionDate"
  | "inventoryFormat"
  | "retrieval"
>;

/** The download's file name: the archive's decoded name (with the range, when ranged), or a name saying what the inventory is. */
export function outputFileName(source: NamingFacts, headerDescription: string | null = null): string {
  if (source.jobType === "inventory-retrieval") {
    const day = (source.completionDate ?? "").slice(0, 10) || "inventory";
    return `${source.vaultName}-inventory-${day}.${source.inventoryFormat === "CSV" ? "csv" : "json"}`;
  }
  const archiveId = source.archiveId ?? source.glacierJobId;
  const decoded = source.mappedName
    ? { ...decodeDescription(""), path: source.mappedName }
    : decodeDescription(source.archiveDescription ?? headerDescription ?? "");
  return rangedFileName(suggestFileName(decoded, archiveId), source.retrieval);
}

export function outputContentType(source: OutputSource): string {
  if (source.jobType === "archive-retrieval") return "application/octet-stream";
  return source.inventoryFormat === "CSV" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
}

/** Maps a GetJobOutput failure to what the person can do about it. */
async function outputFailure(source: OutputSource, error: unknown): Promise<never> {
  if (error instanceof AwsOperationError) {
    const { code, awsMessage } = error.failure;
    if (code === "ResourceNotFoundException") {
      await updateTracking(source.jobRecordId, { gone_at: new Date().toISOString() }, { db: source.db });
      throw new OutputUnavailableError(
        410,
        "Glacier no longer has this job's output (it expired 24 hours after completion). Request the data again.",
      );
    }
    if (code === "InvalidParameterValueException") {
      throw new OutputUnavailableError(
        409,
        `Glacier cannot serve this output now${awsMessage ? `: ${awsMessage}` : "."}`,
      );
    }
    throw new OutputUnavailableError(502, `${error.failure.message} (${code})`);
  }
  throw error;
}

/**
 * GetJobOutput for `range` (null: all), with Glacier's refusals turned into OutputUnavailableError
 * and the archive's description (sent in a header) kept for file names.
 */
export async function fetchOutput(
  source: OutputSource,
  range: ByteRange | null,
  signal?: AbortSignal,
): Promise<JobOutput> {
  let glacier: JobOutput;
  try {
    glacier = await getJobOutput(source.target, source.vaultName, source.glacierJobId, {
      range: range ? `bytes=${range.start}-${range.end}` : undefined,
      signal,
    });
  } catch (error) {
    return outputFailure(source, error);
  }
  if (glacier.archiveDescription && !source.archiveDescription) {
    await updateTracking(
      source.jobRecordId,
      { archive_description: glacier.archiveDescription },
      { db: source.db },
    );
  }
  return glacier;
}

export type OutputStreamOptions = {
  /** Inclusive byte range of the output the caller wants; null for all of it. */
  range: ByteRange | null;
  /** "download" records the download once the last byte went out; "read" (verify, import) does not. */
  mode: "download" | "read";
  signal?: AbortSignal | undefined;
  /** Called with the bytes of each chunk delivered to the caller. */
  onBytes?: ((bytes: number) => void) | undefined;
};

export type OpenedOutput = {
  stream: ReadableStream<Uint8Array>;
  glacier: JobOutput;
  /** Resolves when the stream ended or was cancelled, with the verification state then. */
  done: Promise<Settlement | null>;
};

/**
 * GetJobOutput as a pull-based stream (bytes leave only as fast as the caller reads: memory stays
 * flat), hashing archive bytes leaf by leaf on the way. For a range starting mid-leaf, Glacier is
 * asked from the leaf's start and the extra bytes are hashed but not delivered.
 */
export async function openOutputStream(
  source: OutputSource,
  options: OutputStreamOptions,
): Promise<OpenedOutput> {
  const wanted = options.range ?? { start: 0, end: source.size - 1 };
  const hashing = source.jobType === "archive-retrieval" && source.size > 0;
  const from = hashing ? Math.floor(wanted.start / MIB) * MIB : wanted.start;
  const whole = from === 0 && wanted.end === source.size - 1;
  const glacier = await fetchOutput(source, whole ? null : { start: from, end: wanted.end }, options.signal);
  const recorder = hashing ? new LeafRecorder(source.db, source.jobRecordId) : null;
  const assembler = new LeafAssembler(from, source.size);
  const iterator = (glacier.body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  let skip = wanted.start - from;
  let position = from;
  let settle: (s: Settlement | null) => void = () => undefined;
  const done = new Promise<Settlement | null>((resolve) => (settle = resolve));
  let finished = false;

  const finish = async (complete: boolean) => {
    if (finished) return;
    finished = true;
    let settlement: Settlement | null = null;
    try {
      await recorder?.flush();
      if (complete && position === source.size && options.mode === "download") {
        await updateTracking(
          source.jobRecordId,
          { output_downloaded_at: new Date().toISOString() },
          { db: source.db },
        );
      }
      if (recorder)
        settlement = await settleVerification(
          source.db,
          source.jobRecordId,
          source.size,
          source.expectedTreeHash,
        );
    } finally {
      settle(settlement);
    }
  };

  // Socket-sized chunks (≈64 KiB) leave as 1 MiB leaves, in order, each once it is hashed, while up
  // to 4 MiB is read ahead: fewer, larger writes and overlapped I/O keep the proxy close to a direct
  // read (passing the 64 KiB chunks on as they came measured 1.16 instead of 0.91 main-thread CPU s/GB).
  const pieces: Array<{ bytes: Buffer | null; ready: Promise<Buffer> }> = [];
  let ended = false;
  const queue = (ready: Promise<Buffer>) => {
    const piece: { bytes: Buffer | null; ready: Promise<Buffer> } = { bytes: null, ready };
    // Rejections surface when the piece is awaited in order.
    ready.then((b) => (piece.bytes = b)).catch(() => undefined);
    pieces.push(piece);
  };
  /** Enqueues the next piece's wanted part; false when nothing of it was wanted. */
  const deliver = (controller: ReadableStreamDefaultController<Uint8Array>, bytes: Buffer) => {
    let out = bytes;
    if (skip > 0) {
      const dropped = Math.min(skip, out.length);
      skip -= dropped;
      out = out.subarray(dropped);
    }
    if (out.length === 0) return false;
    options.onBytes?.(out.length);
    controller.enqueue(out);
    return true;
  };
  const step = async (controller: ReadableStreamDefaultController<Uint8Array>): Promise<boolean> => {
    const head = pieces[0];
    // The oldest piece goes out once hashed; it is waited for only when reading on would exceed
    // LEAVES_IN_FLIGHT or there is nothing left to read. (Racing a hashed head against Glacier's
    // next chunk, so a stalled upstream cannot hold it, cost ~5% more app CPU per GB: not done.)
    if (head && (head.bytes || ended || pieces.length >= LEAVES_IN_FLIGHT)) {
      pieces.shift();
      return deliver(controller, head.bytes ?? (await head.ready));
    }
    if (ended) {
      await finish(position === wanted.end + 1);
      controller.close();
      return true;
    }
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      const rest = assembler.rest();
      if (rest) queue(Promise.resolve(rest));
      return false;
    }
    position += next.value.length;
    for (const piece of assembler.push(next.value))
      queue(recorder && piece.whole ? recorder.add(piece.leaf, piece.bytes) : Promise.resolve(piece.bytes));
    return false;
  };
  /** Closes the GetJobOutput response and settles the output as not read to its end. */
  const stop = async () => {
    glacier.body.destroy();
    await iterator.return?.().catch(() => undefined);
    await finish(false);
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      // Loops until it delivers a piece or ends: a pull that enqueues nothing is not called again.
      async pull(controller) {
        try {
          while (!(await step(controller)));
        } catch (error) {
          // controller.error does not run cancel(): a failure of our own (hashing, recording a digest)
          // must still close the GetJobOutput response, or its socket stays open and paused.
          await stop();
          controller.error(error);
        }
      },
      cancel: stop,
    },
    new ByteLengthQueuingStrategy({ highWaterMark: READ_AHEAD_BYTES }),
  );
  return { stream, glacier, done };
}
