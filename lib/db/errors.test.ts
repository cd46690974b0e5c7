import { describe, expect, it } from "vitest";
import { describePostgresUrl, redactPassword } from "./errors";

describe("describePostgresUrl", () => {
  it.each([
    ["postgres://thaw:pw@db.internal:6432/thaw", "PostgreSQL at db.internal:6432/thaw as user thaw"],
    ["postgresql://db.internal/thaw", "PostgreSQL at db.internal:5432/thaw"],
    ["postgres://u:p%zz@h", "PostgreSQL at h:5432/(default database) as user u"],
    ["postgres://", "PostgreSQL at localhost:5432/(default database)"],
    ["not a url", "PostgreSQL (DATABASE_URL is not a valid URL)"],
  ])("%s → %s", (url, expected) => {
    expect(describePostgresUrl(url)).toBe(expected);
    expect(describePostgresUrl(url)).not.toMatch(/pw|p%zz/);
  });
});

describe("redactPassword", () => {
  it("removes the password, raw and percent-decoded", () => {
    const url = "postgres://thaw:p%40ss%2Fword@h/db";
    expect(redactPassword("failed for p%40ss%2Fword and p@ss/word", url)).toBe(
      "failed for [redacted] and [redacted]",
    );
  });
  it("leaves text alone when the URL has no password, and redacts the whole URL when it is unparseable", () => {
    expect(redactPassword("connect ECONNREFUSED", "postgres://h/db")).toBe("connect ECONNREFUSED");
    expect(redactPassword("bad postgres://x:y@ url", "postgres://x:y@ url")).toBe("bad [redacted]");
  });
});
