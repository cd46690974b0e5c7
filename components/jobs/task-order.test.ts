import { describe, expect, it } from "vitest";
import type { TaskProgress } from "@/lib/jobs";
import { laterTaskSnapshot } from "./task-order";

const running: TaskProgress = {
  kind: "inventory-import",
  state: "running",
  startedAt: "2026-01-01T00:00:00.000Z",
  bytes: 0,
  totalBytes: 100,
  items: null,
  rate: null,
  message: null,
  result: null,
};
const failed: TaskProgress = { ...running, state: "failed", bytes: 40, message: "Invalid inventory" };

describe("laterTaskSnapshot", () => {
  it("keeps a finished task when the start's running answer arrives late", () => {
    expect(laterTaskSnapshot(failed, running)).toBe(failed);
    expect(laterTaskSnapshot({ ...failed, state: "done" }, running).state).toBe("done");
  });

  it("takes a finish over a running snapshot of the same run", () => {
    expect(laterTaskSnapshot(running, failed)).toBe(failed);
  });

  it("takes a new run over a finished earlier one, never the reverse", () => {
    const again = { ...running, startedAt: "2026-01-01T00:01:00.000Z" };
    expect(laterTaskSnapshot(failed, again)).toBe(again);
    expect(laterTaskSnapshot(again, failed)).toBe(again);
  });

  it("never moves a running task's bytes backwards", () => {
    const ahead = { ...running, bytes: 60 };
    expect(laterTaskSnapshot(ahead, running)).toBe(ahead);
    expect(laterTaskSnapshot(running, ahead)).toBe(ahead);
    expect(laterTaskSnapshot(undefined, running)).toBe(running);
  });
});
