import {
  CreateVaultCommand,
  DeleteVaultCommand,
  DescribeVaultCommand,
  type GlacierClient,
  ListVaultsCommand,
  UploadArchiveCommand,
  paginateListVaults,
} from "@aws-sdk/client-glacier";
import { describe, expect, it } from "vitest";
import { makeClient } from "../testing/harness";
import { rawRequest } from "../testing/raw-request";
import { sharedTestEmulator } from "../../tests/support/test-emulator";

const t = sharedTestEmulator();

const ISO_MILLIS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe("vault operations", () => {
  it("creates a vault: 201, Location with the account id, idempotent", async () => {
    const first = await t.client.send(new CreateVaultCommand({ accountId: "-", vaultName: "alpha" }));
    expect(first.$metadata.httpStatusCode).toBe(201);
    expect(first.location).toBe("/123456789012/vaults/alpha");
    const again = await t.client.send(new CreateVaultCommand({ accountId: "-", vaultName: "alpha" }));
    expect(again.location).toBe("/123456789012/vaults/alpha");
  });

  it.each(["bad name", "a/b", "x".repeat(256), "naïve"])("rejects the vault name %j", async (vaultName) => {
    await expect(t.client.send(new CreateVaultCommand({ accountId: "-", vaultName }))).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("describes a vault with nulls before its first inventory and a region-specific ARN", async () => {
    await t.client.send(new CreateVaultCommand({ accountId: "123456789012", vaultName: "described" }));
    const eu = makeClient(t.emulator.url, undefined, "eu-central-1");
    const d = await eu.send(new DescribeVaultCommand({ accountId: "-", vaultName: "described" }));
    eu.destroy();
    expect(d).toMatchObject({
      VaultName: "described",
      VaultARN: "arn:aws:glacier:eu-central-1:123456789012:vaults/described",
      NumberOfArchives: 0,
      SizeInBytes: 0,
    });
    expect(d.LastInventoryDate ?? null).toBeNull();
    expect(d.CreationDate).toMatch(ISO_MILLIS);
    const raw = await rawRequest(t.emulator.url, { method: "GET", path: "/-/vaults/described" });
    expect(raw.json()).toHaveProperty("LastInventoryDate", null);
    expect(raw.headers["x-amzn-requestid"]).toEqual(expect.any(String));
    expect(raw.headers.date).toEqual(expect.any(String));
  });

  it("answers 404 ResourceNotFoundException for an unknown vault", async () => {
    await expect(
      t.client.send(new DescribeVaultCommand({ accountId: "-", vaultName: "nope" })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "Vault not found for ARN: arn:aws:glacier:us-east-1:123456789012:vaults/nope",
      $metadata: { httpStatusCode: 404 },
    });
  });

  it("rejects another account id with 403 AccessDeniedException", async () => {
    await expect(t.client.send(new ListVaultsCommand({ accountId: "111122223333" }))).rejects.toMatchObject({
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 403 },
    });
  });

  it("lists vaults ASCII-sorted, 10 per page by default, with markers", async () => {
    const names = [
      "B-1",
      "a-1",
      "Z_9",
      "m.2",
      ...Array.from({ length: 19 }, (_, i) => `page-${String(i).padStart(2, "0")}`),
    ];
    await Promise.all(
      names.map((vaultName) => t.client.send(new CreateVaultCommand({ accountId: "-", vaultName }))),
    );
    const first = await t.client.send(new ListVaultsCommand({ accountId: "-" }));
    expect(first.VaultList).toHaveLength(10);
    expect(first.Marker).toBe(first.VaultList?.[9]?.VaultARN);
    const all: string[] = [];
    for await (const page of paginateListVaults({ client: t.client }, { accountId: "-" })) {
      all.push(...(page.VaultList ?? []).map((v) => v.VaultName ?? ""));
    }
    expect(all).toEqual([...all].sort());
    expect(all.slice(0, 3)).toEqual(["B-1", "Z_9", "a-1"]);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(expect.arrayContaining([...names, "alpha", "described"]));
    const small = await t.client.send(
      new ListVaultsCommand({ accountId: "-", limit: 3, marker: first.Marker }),
    );
    expect(small.VaultList?.map((v) => v.VaultName)).toEqual(all.slice(10, 13));
    const raw = await rawRequest(t.emulator.url, {
      method: "GET",
      path: `/-/vaults?marker=${encodeURIComponent(small.Marker ?? "")}&limit=10`,
    });
    expect(raw.json().Marker === null || typeof raw.json().Marker === "string").toBe(true);
    await expect(t.client.send(new ListVaultsCommand({ accountId: "-", limit: 11 }))).rejects.toMatchObject({
      name: "InvalidParameterValueException",
    });
    await expect(
      t.client.send(new ListVaultsCommand({ accountId: "-", marker: "garbage" })),
    ).rejects.toMatchObject({
      name: "InvalidParameterValueException",
    });
  });

  it("ends the listing with an explicit null Marker", async () => {
    const raw = await rawRequest(t.emulator.url, {
      method: "GET",
      path:
        "/-/vaults?limit=10&marker=" +
        encodeURIComponent("arn:aws:glacier:us-east-1:123456789012:vaults/zzz"),
    });
    expect(raw.json()).toEqual({ Marker: null, VaultList: [] });
  });

  it("deletes empty vaults (204) and refuses non-empty ones", async () => {
    await t.client.send(new CreateVaultCommand({ accountId: "-", vaultName: "to-delete" }));
    const del = await t.client.send(new DeleteVaultCommand({ accountId: "-", vaultName: "to-delete" }));
    expect(del.$metadata.httpStatusCode).toBe(204);
    await expect(
      t.client.send(new DescribeVaultCommand({ accountId: "-", vaultName: "to-delete" })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    await t.client.send(new CreateVaultCommand({ accountId: "-", vaultName: "full" }));
    await t.client.send(
      new UploadArchiveCommand({ accountId: "-", vaultName: "full", body: Buffer.from("x") }),
    );
    await expect(
      t.client.send(new DeleteVaultCommand({ accountId: "-", vaultName: "full" })),
    ).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: "Vault not empty or recently written to: arn:aws:glacier:us-east-1:123456789012:vaults/full",
    });
  });

  it("stops at 1000 vaults with LimitExceededException", async () => {
    const client: GlacierClient = t.client;
    const existing = await (async () => {
      let count = 0;
      for await (const page of paginateListVaults({ client }, { accountId: "-" }))
        count += page.VaultList?.length ?? 0;
      return count;
    })();
    const missing = Array.from({ length: 1000 - existing }, (_, i) => `bulk-${i}`);
    for (let i = 0; i < missing.length; i += 50) {
      await Promise.all(
        missing
          .slice(i, i + 50)
          .map((vaultName) => client.send(new CreateVaultCommand({ accountId: "-", vaultName }))),
      );
    }
    await expect(
      client.send(new CreateVaultCommand({ accountId: "-", vaultName: "one-too-many" })),
    ).rejects.toMatchObject({
      name: "LimitExceededException",
      $metadata: { httpStatusCode: 400 },
    });
    // An existing vault is still "created" idempotently at the limit.
    await expect(
      client.send(new CreateVaultCommand({ accountId: "-", vaultName: "alpha" })),
    ).resolves.toMatchObject({
      $metadata: { httpStatusCode: 201 },
    });
  });
});
