import { describe, expect, it } from "vitest";
import { checkPath } from "./request-shape";

describe("request path checks", () => {
  it.each([
    ["/jobs/abc", true],
    ["/vaults/photos_mapping", true],
    [
      "/api/jobs/HkF9p6o7yjhFx-K3CGl6fuSm6VzW9T7esGQfco8nUXVYwS0jlb5gq1JZ55yHgt5vP54ZShjoQzQVVh7vEXAMPLEjobID/output",
      true,
    ],
    ["/api/jobs/events", true],
    ["/api/jobs/%E0%A4%A/inventory", false],
    ["/api/jobs/a%25E0%25A4%25A/results", false],
    ["/api/jobs/a%2Fb/output", false],
    ["/api/jobs/%3Cscript%3E/again", false],
    ["/x%00y", false],
    ["/%E0%A4%A", false],
  ])("%s → %s", (path, ok) => {
    expect(checkPath(path).ok).toBe(ok);
  });
});
