import { readFileSync } from "node:fs";
import {
  AddTagsToVaultCommand,
  CreateVaultCommand,
  DescribeVaultCommand,
  InitiateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListTagsForVaultCommand,
  PurchaseProvisionedCapacityCommand,
  ListProvisionedCapacityCommand,
  UploadArchiveCommand,
  UploadMultipartPartCommand,
  ListPartsCommand,
} from "@aws-sdk/client-glacier";
import { describe, expect, it } from "vitest";
import { archiveFile, payload } from "./testing/harness";
import { sharedTestEmulator } from "../tests/support/test-emulator";

const t = sharedTestEmulator();

describe("persistence", () => {
  it("keeps vaults, archives, uploads, tags and capacity across a restart", async () => {
    const c = () => t.client;
    await c().send(new CreateVaultCommand({ accountId: "-", vaultName: "durable" }));
    const body = payload(1500, 9);
    const { archiveId } = await c().send(
      new UploadArchiveCommand({ accountId: "-", vaultName: "durable", body, archiveDescription: "kept" }),
    );
    const { uploadId } = await c().send(
      new InitiateMultipartUploadCommand({ accountId: "-", vaultName: "durable", partSize: "1048576" }),
    );
    await c().send(
      new UploadMultipartPartCommand({
        accountId: "-",
        vaultName: "durable",
        uploadId,
        range: "bytes 0-1048575/*",
        body: payload(1048576, 2),
      }),
    );
    await c().send(
      new AddTagsToVaultCommand({ accountId: "-", vaultName: "durable", Tags: { keep: "yes" } }),
    );
    await c().send(new PurchaseProvisionedCapacityCommand({ accountId: "-" }));
    const before = await c().send(new DescribeVaultCommand({ accountId: "-", vaultName: "durable" }));

    await t.restart();

    const after = await c().send(new DescribeVaultCommand({ accountId: "-", vaultName: "durable" }));
    expect(after).toMatchObject({
      NumberOfArchives: 1,
      SizeInBytes: 1500,
      LastInventoryDate: before.LastInventoryDate,
      CreationDate: before.CreationDate,
    });
    expect(readFileSync(archiveFile(t.dataDir, archiveId ?? ""))).toEqual(body);
    const uploads = await c().send(new ListMultipartUploadsCommand({ accountId: "-", vaultName: "durable" }));
    expect(uploads.UploadsList?.map((u) => u.MultipartUploadId)).toEqual([uploadId]);
    const parts = await c().send(new ListPartsCommand({ accountId: "-", vaultName: "durable", uploadId }));
    expect(parts.Parts).toHaveLength(1);
    expect(
      (await c().send(new ListTagsForVaultCommand({ accountId: "-", vaultName: "durable" }))).Tags,
    ).toEqual({ keep: "yes" });
    expect(
      (await c().send(new ListProvisionedCapacityCommand({ accountId: "-" }))).ProvisionedCapacityList,
    ).toHaveLength(1);
  });
});
