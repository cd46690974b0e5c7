import { describe, expect, it } from "vitest";
import { parseConfig } from "./config";

describe("task worker configuration", () => {
  it("runs the workers in process by default, with no drain secret", () => {
    expect(parseConfig({}).tasks).toEqual({ worker: "in-process", concurrency: 4, drainSecret: undefined });
  });

  it("takes THAW_WORKER=external and the cron's secret", () => {
    const secret = "a-secret-of-enough-length";
    expect(parseConfig({ THAW_WORKER: "external", CRON_SECRET: secret }).tasks).toMatchObject({
      worker: "external",
      drainSecret: secret,
    });
  });

  it.each([
    [{ THAW_WORKER: "cron" }, /THAW_WORKER: must be "in-process" .* or "external"/],
    [{ CRON_SECRET: "short" }, /CRON_SECRET: must be at least 16 characters/],
    [{ THAW_TASK_CONCURRENCY: "0" }, /THAW_TASK_CONCURRENCY/],
  ])("refuses %o naming the variable", (env, message) => {
    expect(() => parseConfig(env)).toThrow(message);
  });
});
