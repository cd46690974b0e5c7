import "server-only";
import { formatBytes } from "@/lib/glacier/format";
import { type OutputSource, openOutputStream } from "./output";
import { bytesIn, clearLeaves, missingRanges, type Settlement, settleVerification } from "./output-leaves";
import { startTask, type TaskKind, type TaskOutcome, type TaskReporter, taskKey } from "./tasks";
import { type TaskProgress } from "./view-types";

/** What a settlement means for a person. */
export function describeSettlement(s: Settlement | null): TaskOutcome {
  if (!s) return { result: null, message: null };
  switch (s.state) {
    case "verified":
      return {
        result: "verified",
        message: `Verified: the tree hash of the bytes matches Glacier's (${s.expected}).`,
      };
    case "mismatch":
      return {
        result: "mismatch",
        message: `Tree-hash mismatch: Glacier's is ${s.expected}, the bytes give ${s.computed}.`,
      };
    case "no-checksum":
      return {
        result: "no-checksum",
        message: `Glacier gives no tree hash for this range; the bytes' tree hash is ${s.computed}.`,
      };
    case "incomplete":
      return {
        result: "incomplete",
        message: `${formatBytes(s.missingBytes)} of the output have not streamed through Thaw yet.`,
      };
  }
}

/** Reads a stream to its end, discarding the bytes (they were hashed on the way). */
async function drain(stream: ReadableStream<Uint8Array>, reporter: TaskReporter): Promise<void> {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    reporter.advance(value.length);
  }
}

/** Starts `run` as the job output's task of this kind (one at a time per job and kind), sized by the output. */
export function startOutputTask(
  source: OutputSource,
  kind: TaskKind,
  run: (reporter: TaskReporter) => Promise<TaskOutcome>,
): TaskProgress {
  return startTask(taskKey(source.jobRecordId, kind), kind, source.size, run);
}

/**
 * "Verify only": streams the parts of an archive output Thaw has not hashed yet and checks the tree
 * hash, without saving anything. Interrupted (server restart, network), it resumes where it stopped;
 * `fresh` forgets what was hashed before (verify again after a mismatch).
 */
export function startVerification(source: OutputSource, options: { fresh?: boolean } = {}): TaskProgress {
  return startOutputTask(source, "verify", async (reporter) => {
    if (options.fresh) await clearLeaves(source.db, source.jobRecordId);
    const missing = await missingRanges(source.db, source.jobRecordId, source.size);
    const missingBytes = bytesIn(missing);
    reporter.set({
      bytes: source.size - missingBytes,
      message:
        missingBytes < source.size ? "Resuming: earlier passes already hashed part of the output." : null,
    });
    for (const range of missing) {
      const opened = await openOutputStream(source, { range, mode: "read" });
      await drain(opened.stream, reporter);
    }
    return describeSettlement(
      await settleVerification(source.db, source.jobRecordId, source.size, source.expectedTreeHash),
    );
  });
}

/**
 * Shows a browser download that streams through Thaw as a task (bytes, rate, ETA on the job page).
 * Returns the `onBytes` to pass to openOutputStream and a `finish` to call with its settlement.
 */
export function trackDownload(
  source: OutputSource,
  startByte: number,
): { onBytes: (bytes: number) => void; finish: (settled: Promise<Settlement | null>) => void } {
  let reporter: TaskReporter | undefined;
  let resolveDone: (s: Promise<Settlement | null>) => void = () => undefined;
  const settled = new Promise<Settlement | null>((resolve) => {
    resolveDone = (done) => void done.then(resolve, () => resolve(null));
  });
  startOutputTask(source, "download", async (r) => {
    reporter = r;
    r.set({ bytes: startByte, message: startByte > 0 ? `Resumed at ${formatBytes(startByte)}.` : null });
    return describeSettlement(await settled);
  });
  return { onBytes: (bytes) => reporter?.advance(bytes), finish: resolveDone };
}
