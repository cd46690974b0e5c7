import { describe, expect, it } from "vitest";
import { firstErrorOnSteps, firstOnSteps, hasErrorAt, sortServerErrors, stepOfPath } from "./step-paths";

const steps = [
  { fields: ["vault", "ArchiveId"] },
  { fields: ["Tier", "OutputLocation"] },
  { fields: [] },
] as const;

describe("step paths", () => {
  it("finds the step of a field, of a path under a parent field, and nothing for others", () => {
    expect(stepOfPath(steps, "ArchiveId")).toBe(0);
    expect(stepOfPath(steps, "OutputLocation.S3.BucketName")).toBe(1);
    expect(stepOfPath(steps, "OutputLocationX")).toBe(-1);
    expect(stepOfPath(steps, "idempotencyKey")).toBe(-1);
  });

  it("sees an error at a path or under it", () => {
    const errors = { OutputLocation: { S3: { BucketName: { type: "x", message: "m" } } } };
    expect(hasErrorAt(errors, "OutputLocation")).toBe(true);
    expect(hasErrorAt(errors, "OutputLocation.S3.Prefix")).toBe(false);
    expect(hasErrorAt(errors, "vault")).toBe(false);
  });

  it("picks the earliest step, and the first listed path on it", () => {
    expect(firstOnSteps(steps, ["Tier", "ArchiveId", "vault"])).toEqual({ index: 0, path: "ArchiveId" });
    expect(firstOnSteps(steps, ["nowhere"])).toBeUndefined();
    const errors = { Tier: { type: "x" }, ArchiveId: { type: "y" } };
    expect(firstErrorOnSteps(steps, errors)).toEqual({ index: 0, path: "ArchiveId" });
    expect(firstErrorOnSteps(steps, {})).toBeUndefined();
  });

  it("sorts server errors into fields on steps and messages for the top", () => {
    const sorted = sortServerErrors(
      steps,
      {
        "job.OutputLocation.S3.BucketName": "No such bucket.",
        "job.vault": "No such vault.",
        submissionState: "Unknown outcome.",
        idempotencyKey: "Bad key.",
      },
      (key) => (key === "submissionState" ? null : key.replace(/^job\./, "")),
    );
    expect(sorted.placed).toEqual([
      { path: "OutputLocation.S3.BucketName", message: "No such bucket." },
      { path: "vault", message: "No such vault." },
    ]);
    expect(sorted.unplaced).toEqual(["Bad key."]);
    expect(sorted.first).toEqual({ index: 0, path: "vault" });
    expect(sortServerErrors(steps, { other: "Top only." })).toEqual({
      placed: [],
      unplaced: ["Top only."],
      first: undefined,
    });
  });
});
