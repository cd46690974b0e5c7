import { CreateVaultCommand } from "@aws-sdk/client-glacier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendJson } from "./http/respond";
import { type EmulatorModule } from "./module";
import { requireVault } from "./ops/common";
import { coreModule } from "./ops";
import { startTestEmulator, type TestEmulator } from "./testing/harness";
import { rawRequest } from "./testing/raw-request";

/** A stand-in feature module: its own table, its own route, reusing the core helpers. */
const fakeJobs: EmulatorModule = {
  name: "fake-jobs",
  migrations: [
    { name: "fake-jobs-001", sql: "CREATE TABLE fake_jobs (id TEXT PRIMARY KEY, vault_id INTEGER NOT NULL)" },
  ],
  register(router, services) {
    router.add({
      operation: "ListJobs",
      method: "GET",
      path: "/vaults/:vaultName/jobs",
      handler: (ctx) => {
        const vault = requireVault(ctx);
        const count = services.store.db
          .prepare("SELECT COUNT(*) FROM fake_jobs WHERE vault_id = ?")
          .pluck()
          .get(vault.id);
        sendJson(ctx, 200, { JobList: [], Marker: null, count });
      },
    });
  },
  claimRequest(req, res) {
    if (!req.headers.host?.startsWith("s3.")) return false;
    res.writeHead(200, { "Content-Type": "text/plain" }).end("s3 endpoint");
    return true;
  },
};

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator({}, [coreModule, fakeJobs]);
  await t.client.send(new CreateVaultCommand({ accountId: "-", vaultName: "jobs-vault" }));
});
afterAll(() => t.stop());

describe("feature modules", () => {
  it("add routes and tables next to the core without touching it", async () => {
    const res = await rawRequest(t.emulator.url, { method: "GET", path: "/-/vaults/jobs-vault/jobs" });
    expect(res.json()).toEqual({ JobList: [], Marker: null, count: 0 });
    const missing = await rawRequest(t.emulator.url, { method: "GET", path: "/-/vaults/none/jobs" });
    expect(missing.json().code).toBe("ResourceNotFoundException");
  });

  it("can claim non-Glacier requests before routing", async () => {
    const res = await rawRequest(t.emulator.url, {
      method: "GET",
      path: "/bucket/key",
      headers: { host: "s3.localhost" },
      sign: false,
    });
    expect(res.body).toBe("s3 endpoint");
  });
});
