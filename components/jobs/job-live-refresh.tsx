"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import type { JobFeedEvent } from "@/lib/jobs";

/**
 * Keeps a job page current without a reload: listens to the live job feed and re-renders the page
 * (server data) when this job changes, e.g. when it completes or its output is verified.
 */
export function JobLiveRefresh({ jobKey, renderedAt }: { jobKey: string; renderedAt: string }) {
  const router = useRouter();
  useEffect(() => {
    const source = new EventSource(`/api/jobs/events?since=${encodeURIComponent(renderedAt)}`);
    source.addEventListener("jobs", (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as Extract<
        JobFeedEvent,
        { kind: "jobs" }
      >;
      if (data.rows.some((r) => r.key === jobKey)) router.refresh();
    });
    return () => source.close();
  }, [jobKey, renderedAt, router]);
  return null;
}
