import "server-only";
import { getConfig } from "@/lib/config";
import { getConnection } from "@/lib/connections";
import { type DbOptions } from "@/lib/db";

/**
 * How many times faster than AWS a connection's Glacier runs: the demo's emulator is started with a
 * time scale (scripts/demo.mjs: 240, so a 3–5 hour Standard job takes about a minute) and Thaw is told
 * it (THAW_DEMO_TIME_SCALE); every other endpoint, AWS's included, is 1. Tracking that connection on
 * AWS's schedule would leave its finished jobs "In progress" for minutes.
 */
export function timeScaleOf(endpoint: string | null | undefined): number {
  const demo = getConfig().demo;
  return demo && endpoint != null && endpoint === demo.endpoint ? demo.timeScale : 1;
}

/** timeScaleOf the connection's endpoint (1 for a connection that is gone). */
export async function connectionTimeScale(connectionId: string, options: DbOptions = {}): Promise<number> {
  return timeScaleOf((await getConnection(connectionId, options))?.endpoint);
}
