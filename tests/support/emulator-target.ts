/** For tests and benches: a connection to an embedded Glacier server with its demo credentials. */
import { randomUUID } from "node:crypto";
import { DEMO_CREDENTIALS } from "@/emulator/testing/harness";
import { type AccountTarget } from "@/lib/aws/vaults";

export function emulatorTarget(endpoint: string): AccountTarget {
  // A fresh id per target: the client factory caches clients by connection id.
  return {
    id: randomUUID(),
    version: "1",
    region: "us-east-1",
    endpoint,
    accountId: "-",
    credentials: { mode: "access-key", ...DEMO_CREDENTIALS },
  };
}
