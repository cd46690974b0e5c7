import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { QueueOverview, type QueueOverviewProps } from "./queue-overview";

const counts = { waiting: 0, active: 0, failed: 0 };
const props: QueueOverviewProps = {
  kind: "pg-boss on PostgreSQL (every replica)",
  oldestWaitingSeconds: 150,
  failedLastHour: 3,
  perTask: { "copy-chunk": { waiting: 1200, active: 6, failed: 2 }, "vault-sync": counts },
  workers: [{ id: "w1", host: "replica-a (pid 7)", lastSeen: "2026-12-07T06:59:30.000Z" }],
};

describe("Settings → Tasks overview", () => {
  it("shows the workers seen, and per kind of task what waits, runs and is parked", () => {
    const html = renderToStaticMarkup(createElement(QueueOverview, props));
    expect(html).toContain("3 min");
    expect(html).toContain("replica-a (pid 7)");
    expect(html).toContain("2026-12-07 06:59 UTC");
    expect(html).toMatch(/Copy a chunk.*?1,200.*?6.*?2/s);
    expect(html).toContain('aria-label="Tasks by kind"');
  });

  it("says that no worker runs here when none was seen (THAW_WORKER=external)", () => {
    const html = renderToStaticMarkup(createElement(QueueOverview, { ...props, workers: [] }));
    expect(html).toContain("only when the drain route is called");
    expect(html).not.toContain('aria-label="Workers"');
  });
});
