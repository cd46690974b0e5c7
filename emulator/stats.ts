/**
 * What the emulator was asked, for tests to assert on instead of timing: requests per operation
 * (Glacier's operation names and S3's, e.g. `GetJobOutput`, `UploadPart`, `GetObject`) and the byte
 * ranges GetJobOutput served, so a test can say "read at most one chunk again" or "no read-back
 * GetObject". In memory, per server instance, reachable only through `RunningEmulator.stats` (never
 * over HTTP).
 *
 * Both services have a CompleteMultipartUpload, an AbortMultipartUpload and a ListParts: counts are
 * kept per service (`glacier:ListParts`, `s3:ListParts`), and a bare name adds up both services, so
 * it is never a false zero; qualify the name to count one service only.
 */

export type CountedService = "glacier" | "s3";

/** One GetJobOutput answer: which job, and the inclusive byte range of its output that was sent. */
export interface JobOutputRead {
  jobId: string;
  start: number;
  end: number;
}

/** Enough for any test; a long-running emulator forgets the oldest reads beyond it. */
const MAX_READS_KEPT = 100_000;

export class RequestStats {
  private readonly counts = new Map<string, number>();
  private reads: JobOutputRead[] = [];

  /** Called once per request that reached an operation (before its handler runs). */
  count(operation: string, service: CountedService): void {
    const key = `${service}:${operation}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /**
   * How many requests of `operation` arrived since start (or the last reset): `s3:GetObject` of one
   * service, `GetObject` of both.
   */
  requests(operation: string): number {
    if (operation.includes(":")) return this.counts.get(operation) ?? 0;
    return (this.counts.get(`glacier:${operation}`) ?? 0) + (this.counts.get(`s3:${operation}`) ?? 0);
  }

  /** Every count, by `<service>:<operation>`. */
  byOperation(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  recordJobOutput(read: JobOutputRead): void {
    this.reads.push(read);
    if (this.reads.length > MAX_READS_KEPT) this.reads = this.reads.slice(-MAX_READS_KEPT);
  }

  /** GetJobOutput ranges served, oldest first (of one job when `jobId` is given). */
  jobOutputReads(jobId?: string): JobOutputRead[] {
    return this.reads.filter((r) => jobId === undefined || r.jobId === jobId);
  }

  /** Bytes GetJobOutput sent (for one job when given): a resumed copy reads little more than the archive. */
  jobOutputBytes(jobId?: string): number {
    return this.jobOutputReads(jobId).reduce((sum, r) => sum + r.end - r.start + 1, 0);
  }

  reset(): void {
    this.counts.clear();
    this.reads = [];
  }
}
