/**
 * The transfer rate a task shows, measured over its recent progress rather than since it started: a
 * download resumed at 2 GiB or a verification that skips already-hashed leaves starts with bytes it did
 * not move now, and a stall should show as a falling rate. Pure.
 */

export type RateSample = { at: number; bytes: number };

/** How far back the rate looks. */
export const RATE_WINDOW_MS = 10_000;
/** Below this span a rate is noise (one chunk over a few ms). */
export const MIN_RATE_SPAN_MS = 200;
/** Anchors are kept this far apart: `advance` runs once per chunk, thousands of times a second. */
const SAMPLE_EVERY_MS = 250;

/** Records progress at `now`; the first sample is the baseline, so bytes set before any work count as done already. */
export function noteProgress(
  samples: RateSample[],
  bytes: number,
  now: number,
  windowMs = RATE_WINDOW_MS,
): void {
  const last = samples.at(-1);
  if (last && bytes < last.bytes) samples.length = 0; // progress went back (restarted): start measuring again
  if (!last || samples.length === 0 || now - last.at >= SAMPLE_EVERY_MS) samples.push({ at: now, bytes });
  // Keep one anchor at or before the window's start, so the window stays fully spanned.
  while (samples.length > 1 && (samples[1]?.at ?? now) <= now - windowMs) samples.shift();
}

/** Bytes per second from the oldest anchor to `now`; null until the span is long enough to mean something. */
export function recentRate(samples: readonly RateSample[], bytes: number, now: number): number | null {
  const first = samples[0];
  if (!first) return null;
  const span = now - first.at;
  if (span < MIN_RATE_SPAN_MS) return null;
  return Math.max(0, bytes - first.bytes) / (span / 1000);
}
