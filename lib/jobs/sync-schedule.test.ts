import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import {
  MIN_PERIOD_MS,
  nextRunAt,
  SWEEP_MS,
  scaled,
  type ScheduleState,
  TRACKING_MS,
  trackingInterval,
} from "./sync-schedule";

/**
 * The demo's emulator runs jobs THAW_DEMO_TIME_SCALE times faster than AWS (scripts/demo.mjs: 240), so
 * its connection is tracked that much more often; AWS's own connections keep AWS's pace (time scale 1).
 */
describe("sync schedule paced by the connection's time scale", () => {
  const nowMs = Date.parse("2026-12-07T12:00:00.000Z");

  it("keeps AWS's pace at time scale 1", () => {
    expect(trackingInterval(["Standard"])).toBe(TRACKING_MS.Standard);
    expect(trackingInterval(["Bulk", "Expedited"], 1)).toBe(TRACKING_MS.Expedited);
  });

  it("divides every period by the time scale, never below MIN_PERIOD_MS", () => {
    expect(trackingInterval(["Bulk"], 60)).toBe(TRACKING_MS.Bulk / 60);
    expect(trackingInterval(["Standard"], 240)).toBe(MIN_PERIOD_MS);
    expect(scaled(SWEEP_MS, 100_000)).toBe(MIN_PERIOD_MS);
  });

  it("brings a watched connection's next sweep forward by the time scale", () => {
    const lastSweep = new Date(nowMs - 10_000).toISOString();
    const state: ScheduleState = {
      next_tracking_at: null,
      last_sweep_at: lastSweep,
      last_completed_sweep_at: lastSweep,
      watched_at: new Date(nowMs).toISOString(),
    };
    expect(nextRunAt(state, false, nowMs)).toBe(Date.parse(lastSweep) + SWEEP_MS);
    expect(nextRunAt(state, false, nowMs, 60)).toBe(Date.parse(lastSweep) + SWEEP_MS / 60);
  });

  it("reads THAW_DEMO_TIME_SCALE with the demo endpoint, 1 unless told, and refuses nonsense", () => {
    const demo = { THAW_DEMO_ENDPOINT: "http://127.0.0.1:9090" };
    expect(parseConfig(demo).demo?.timeScale).toBe(1);
    expect(parseConfig({ ...demo, THAW_DEMO_TIME_SCALE: "240" }).demo?.timeScale).toBe(240);
    expect(() => parseConfig({ ...demo, THAW_DEMO_TIME_SCALE: "0" })).toThrow(/THAW_DEMO_TIME_SCALE/);
  });
});
