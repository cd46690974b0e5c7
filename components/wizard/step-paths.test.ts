import { describe, expect, it } from "vitest";
import {
  errorEntries,
  firstErrorOnSteps,
  firstOnSteps,
  hasErrorAt,
  linkValidationPaths,
  sortServerErrors,
  stepOfPath,
} from "./step-paths";

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

describe("link problems", () => {
  it("lists every message with its path, a list's own error at the list, never walking into refs", () => {
    const input = domElementLike();
    const errors = {
      vault: { type: "custom", message: "Choose a vault", ref: input },
      OutputLocation: {
        S3: {
          AccessControlList: {
            root: { type: "custom", message: "either, not both" },
            0: { Permission: { message: "bad" } },
          },
        },
      },
    };
    expect(errorEntries(errors)).toEqual([
      { path: "vault", message: "Choose a vault" },
      { path: "OutputLocation.S3.AccessControlList", message: "either, not both" },
      { path: "OutputLocation.S3.AccessControlList.0.Permission", message: "bad" },
    ]);
  });

  it("validates a link's fields and the lists they are rows of", () => {
    expect(
      linkValidationPaths([
        "vault",
        "OutputLocation.S3.AccessControlList.0.Grantee.Type",
        "OutputLocation.S3.CannedACL",
      ]),
    ).toEqual([
      "vault",
      "OutputLocation.S3.AccessControlList.0.Grantee.Type",
      "OutputLocation.S3.CannedACL",
      "OutputLocation.S3.AccessControlList",
    ]);
  });
});

/** Stands in for the DOM element react-hook-form keeps at `ref`: walking into it would recurse forever. */
function domElementLike(): Record<string, unknown> {
  const node: Record<string, unknown> = { message: 42 };
  node.self = node;
  return node;
}
