import { describe, expect, it } from "vitest";
import { formatWait, taskLabel } from "./task-labels";

describe("task labels", () => {
  it.each([
    [null, "none waiting"],
    [0.4, "0 s"],
    [89, "89 s"],
    [90, "2 min"],
    [89 * 60, "89 min"],
    [3 * 3600 + 5 * 60, "3 h 5 min"],
  ])("waited %s s → %s", (seconds, text) => {
    expect(formatWait(seconds)).toBe(text);
  });

  it("names each task in words, and an unknown one by its name", () => {
    expect(taskLabel("copy-chunk")).toBe("Copy a chunk");
    expect(taskLabel("something-new")).toBe("something-new");
  });
});
