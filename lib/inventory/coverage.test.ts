import { describe, expect, it } from "vitest";
import {
  allArchivesLabel,
  coverageKind,
  coverageLabel,
  coverageOfJob,
  sameCoverage,
  WHOLE_VAULT,
} from "./coverage";

describe("inventory coverage", () => {
  it("reads the window and the next Marker from DescribeJob, the start Marker from what was sent", () => {
    const c = coverageOfJob(
      { Format: "JSON", StartDate: "2024-01-01T00:00:00Z", EndDate: null, Limit: "2", Marker: "next" },
      { Limit: "2", Marker: "start" },
    );
    expect(c).toEqual({
      startDate: "2024-01-01T00:00:00Z",
      endDate: null,
      limit: 2,
      startMarker: "start",
      nextMarker: "next",
    });
    expect(coverageKind(c)).toBe("page");
    expect(coverageLabel(c)).toBe(
      "a page of a paged run only (up to 2 archives, archives created on or after 2024-01-01 (UTC))",
    );
    expect(allArchivesLabel(c)).toBe(" on this page");
  });

  it("a Limit that held every archive is the whole vault; a window is a window", () => {
    expect(coverageKind(coverageOfJob({ Limit: "1000", Marker: null }, {}))).toBe("vault");
    const window = coverageOfJob({ StartDate: "2024-01-01T00:00:00Z", EndDate: "2024-07-01T00:00:00Z" }, {});
    expect(coverageLabel(window)).toBe(
      "a date window only: archives created 2024-01-01 to before 2024-07-01 (UTC)",
    );
    expect(allArchivesLabel(window)).toBe(" in this window");
    expect(sameCoverage(window, WHOLE_VAULT)).toBe(false);
    expect(sameCoverage(window, { ...window })).toBe(true);
    expect(coverageKind(coverageOfJob(undefined, undefined))).toBe("vault");
  });
});
