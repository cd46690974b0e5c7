import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { etaSeconds, formatDuration, formatEta } from "@/components/jobs/job-format";
import { formatBytes } from "@/lib/glacier/format";
import { MIN_RATE_SPAN_MS, noteProgress, RATE_WINDOW_MS, type RateSample, recentRate } from "./progress-rate";
import { getTask, startTask, type TaskReporter } from "./tasks";

/** The figures a long task shows: rate (bytes per second), ETA, and their formatting. */

const MIB = 1024 * 1024;

describe("recentRate", () => {
  it("is null until the progress spans long enough to mean something", () => {
    const samples: RateSample[] = [];
    expect(recentRate(samples, 0, 1_000)).toBeNull();
    noteProgress(samples, 0, 1_000);
    expect(recentRate(samples, MIB, 1_000 + MIN_RATE_SPAN_MS - 1)).toBeNull();
    expect(recentRate(samples, MIB, 1_000 + 500)).toBe(2 * MIB);
  });

  it("does not count bytes a resumed task had before it started moving any", () => {
    const samples: RateSample[] = [];
    noteProgress(samples, 2048 * MIB, 0); // resumed at 2 GiB
    noteProgress(samples, 2048 * MIB + 4 * MIB, 2_000);
    expect(recentRate(samples, 2048 * MIB + 4 * MIB, 2_000)).toBe(2 * MIB);
  });

  it("follows the recent window, so a slowdown and a stall show", () => {
    const samples: RateSample[] = [];
    let bytes = 0;
    for (let t = 0; t <= 20_000; t += 500) {
      bytes += t < 10_000 ? 5 * MIB : MIB; // 10 MiB/s, then 2 MiB/s
      noteProgress(samples, bytes, t);
    }
    const rate = recentRate(samples, bytes, 20_000) ?? 0;
    expect(rate).toBeGreaterThan(1.9 * MIB);
    expect(rate).toBeLessThan(2.3 * MIB);
    // Nothing moves for another window: the rate decays towards zero instead of staying put.
    expect(recentRate(samples, bytes, 20_000 + RATE_WINDOW_MS)).toBeLessThan(1.2 * MIB);
  });

  it("keeps few anchors however often progress is reported", () => {
    const samples: RateSample[] = [];
    for (let i = 0; i < 100_000; i++) noteProgress(samples, i * 65_536, i * 0.5); // a 64 KiB chunk every 0.5 ms
    expect(samples.length).toBeLessThanOrEqual(RATE_WINDOW_MS / 250 + 2);
  });

  it("starts measuring again when progress goes back", () => {
    const samples: RateSample[] = [];
    noteProgress(samples, 10 * MIB, 0);
    noteProgress(samples, 0, 1_000);
    noteProgress(samples, MIB, 2_000);
    expect(recentRate(samples, MIB, 2_000)).toBe(MIB);
  });
});

describe("ETA", () => {
  it("is the bytes left over the rate, and unknown without a total, a rate or anything left", () => {
    expect(etaSeconds(MIB, 11 * MIB, 2 * MIB)).toBe(5);
    expect(etaSeconds(0, null, MIB)).toBeNull();
    expect(etaSeconds(0, MIB, null)).toBeNull();
    expect(etaSeconds(0, MIB, 0)).toBeNull();
    expect(etaSeconds(MIB, MIB, MIB)).toBeNull();
  });

  it.each([
    [null, "—"],
    [0.2, "1 s"],
    [42, "42 s"],
    [59.5, "60 s"],
    [60, "1 min"],
    [119, "1 min"],
    [3_600, "1 h"],
    [3_600 + 5 * 60, "1 h 5 min"],
    [26 * 3_600, "26 h"],
  ])("formats %s s as %s", (seconds, text) => {
    expect(formatEta(seconds)).toBe(text);
  });

  it("formats durations and rates the way the progress line shows them", () => {
    expect(formatDuration(59_999)).toBe("< 1 min");
    expect(formatDuration(23 * 3_600_000 + 5 * 60_000)).toBe("23 h 5 min");
    expect(`${formatBytes(1.5 * MIB)}/s`).toBe("1.50 MiB/s");
    expect(`${formatBytes(512)}/s`).toBe("512 B/s");
  });
});

describe("a task's reported rate", () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("measures a resumed download from where it resumed, not from zero", async () => {
    let reporter: TaskReporter | undefined;
    let finish: () => void = () => undefined;
    const key = `${randomUUID()}:download`;
    startTask(key, "download", 200 * MIB, async (r) => {
      reporter = r;
      r.set({ bytes: 100 * MIB });
      await new Promise<void>((resolve) => (finish = resolve));
      return { result: null, message: null };
    });
    for (let i = 0; i < 4; i++) {
      await sleep(80);
      reporter?.advance(MIB / 4);
    }
    const task = getTask(key);
    finish();
    expect(task?.bytes).toBe(101 * MIB);
    // ≈ 1 MiB over ≈ 320 ms: about 3 MiB/s; counted from zero it would claim over 300 MiB/s.
    expect(task?.rate).toBeGreaterThan(MIB);
    expect(task?.rate).toBeLessThan(5 * MIB);
    const eta = etaSeconds(task?.bytes ?? 0, task?.totalBytes ?? null, task?.rate ?? null) ?? 0;
    expect(eta).toBeGreaterThan(99 / 5);
  });
});
