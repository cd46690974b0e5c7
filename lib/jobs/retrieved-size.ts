import { type ByteRange, retrievedByteCount, retrievedRange } from "@/lib/glacier/byte-range";
import { type JobRowData } from "./job-rows";

/**
 * A job row's retrieved range and size, from what Glacier described (DescribeJob's
 * RetrievalByteRange, also for jobs another tool started) or else what Thaw sent (the InitiateJob
 * parameters), so a ranged retrieval is counted as its range before Glacier first answers.
 */

type RangeFacts = Pick<JobRowData, "job_type" | "last_description" | "parameters" | "size_bytes">;

function rangeTextIn(json: string | null): string | null {
  if (!json) return null;
  try {
    const value = (JSON.parse(json) as { RetrievalByteRange?: unknown }).RetrievalByteRange;
    return typeof value === "string" && value !== "" ? value : null;
  } catch {
    return null;
  }
}

function rangeTextOf(row: RangeFacts): string | null {
  return rangeTextIn(row.last_description) ?? rangeTextIn(row.parameters);
}

/** The part of the archive an archive retrieval asked for; null for the whole archive or another job type. */
export function retrievalRangeOf(row: RangeFacts): ByteRange | null {
  return row.job_type === "archive-retrieval" ? retrievedRange(rangeTextOf(row), row.size_bytes) : null;
}

/**
 * Bytes the job returns: the range for a ranged archive retrieval, else the archive, the inventory
 * or (Select) the scanned archive — what the jobs list's Size, the overview and the cost count.
 */
export function retrievedBytesOf(row: RangeFacts & Pick<JobRowData, "output_size_bytes">): number | null {
  if (row.job_type !== "archive-retrieval") return row.size_bytes;
  return row.output_size_bytes ?? retrievedByteCount(rangeTextOf(row), row.size_bytes);
}
