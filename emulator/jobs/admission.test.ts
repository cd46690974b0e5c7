import {
  type GlacierClient,
  PurchaseProvisionedCapacityCommand,
  SetDataRetrievalPolicyCommand,
} from "@aws-sdk/client-glacier";
import { afterEach, describe, expect, it } from "vitest";
import { type EmulatorOptions } from "../options";
import { payload, startTestEmulator, type TestEmulator } from "../testing/harness";
import { createVault, initiateJob, uploadArchive } from "../testing/jobs";
import { rawRequest } from "../testing/raw-request";

const MIB = 1024 * 1024;
let t: TestEmulator | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

/** Real time (scale 1): jobs stay in progress for hours and the 5-minute capacity window is real. */
async function setup(options: Partial<EmulatorOptions> = {}, size = 100) {
  t = await startTestEmulator({ timeScale: 1, ...options });
  await createVault(t.client, "v");
  const archiveId = await uploadArchive(t.client, "v", payload(size, 5));
  return { client: t.client, archiveId, url: t.emulator.url };
}

type Tier = "Expedited" | "Standard" | "Bulk";

const retrieve = (client: GlacierClient, archiveId: string, Tier: Tier, range?: string) =>
  initiateJob(client, "v", {
    Type: "archive-retrieval",
    ArchiveId: archiveId,
    Tier,
    RetrievalByteRange: range,
  });

const setPolicy = (
  client: GlacierClient,
  Strategy: "FreeTier" | "BytesPerHour" | "None",
  BytesPerHour?: number,
) =>
  client.send(
    new SetDataRetrievalPolicyCommand({ accountId: "-", Policy: { Rules: [{ Strategy, BytesPerHour }] } }),
  );

const insufficient = {
  name: "InsufficientCapacityException",
  $metadata: expect.objectContaining({ httpStatusCode: 400 }) as unknown,
};
const enforced = {
  name: "PolicyEnforcedException",
  message: "InitiateJob request denied by current data retrieval policy.",
  $metadata: expect.objectContaining({ httpStatusCode: 400 }) as unknown,
};

describe("Expedited capacity", () => {
  it("refuses Expedited retrievals beyond the shared capacity, then draws on provisioned units", async () => {
    const { client, archiveId } = await setup({ expeditedCapacity: 2 });
    await retrieve(client, archiveId, "Expedited");
    await retrieve(client, archiveId, "Expedited");
    await expect(retrieve(client, archiveId, "Expedited")).rejects.toMatchObject(insufficient);
    // Other tiers and inventory jobs are not limited by capacity.
    await retrieve(client, archiveId, "Standard");
    await initiateJob(client, "v", { Type: "inventory-retrieval", Tier: "Expedited" });
    await client.send(new PurchaseProvisionedCapacityCommand({ accountId: "-" }));
    for (let i = 0; i < 3; i++) await retrieve(client, archiveId, "Expedited");
    await expect(retrieve(client, archiveId, "Expedited")).rejects.toMatchObject(insufficient);
  });

  it("--expedited-capacity 0 refuses every Expedited retrieval (with the AWS JSON error)", async () => {
    const { archiveId, url } = await setup({ expeditedCapacity: 0 });
    const res = await rawRequest(url, {
      method: "POST",
      path: "/-/vaults/v/jobs",
      body: JSON.stringify({ Type: "archive-retrieval", ArchiveId: archiveId, Tier: "Expedited" }),
    });
    expect(res.status).toBe(400);
    expect(res.headers["x-amzn-errortype"]).toBe("InsufficientCapacityException");
    expect(res.json()).toMatchObject({ code: "InsufficientCapacityException", type: "Client" });
  });
});

describe("data retrieval policy", () => {
  it("FreeTier refuses Standard retrievals beyond the daily allowance (1 MiB minimum here)", async () => {
    const { client, archiveId } = await setup({}, 3 * MIB);
    await setPolicy(client, "FreeTier");
    await retrieve(client, archiveId, "Standard", `0-${MIB - 1}`);
    await expect(retrieve(client, archiveId, "Standard", `${MIB}-${2 * MIB - 1}`)).rejects.toMatchObject(
      enforced,
    );
    await retrieve(client, archiveId, "Bulk"); // the policy applies to Standard only
    await setPolicy(client, "None");
    await retrieve(client, archiveId, "Standard");
  });

  it("BytesPerHour refuses a Standard retrieval that would push the in-progress rate above the limit", async () => {
    const { client, archiveId } = await setup({}, MIB);
    await setPolicy(client, "BytesPerHour", MIB); // each 1 MiB job spreads over 4 h: 0.25 MiB/h
    for (let i = 0; i < 4; i++) await retrieve(client, archiveId, "Standard");
    await expect(retrieve(client, archiveId, "Standard")).rejects.toMatchObject(enforced);
    await retrieve(client, archiveId, "Expedited");
  });

  it("does not apply to inventory jobs", async () => {
    const { client } = await setup();
    await setPolicy(client, "BytesPerHour", 1);
    await initiateJob(client, "v", { Type: "inventory-retrieval" });
  });
});
