import { readFileSync } from "node:fs";
import {
  CreateVaultCommand,
  DeleteArchiveCommand,
  DescribeVaultCommand,
  UploadArchiveCommand,
} from "@aws-sdk/client-glacier";
import { beforeAll, describe, expect, it } from "vitest";
import { sha256Hex, treeHash } from "../../lib/glacier/tree-hash";
import { archiveFile, filesUnder, payload } from "../testing/harness";
import { rawRequest } from "../testing/raw-request";
import { sharedTestEmulator } from "../../tests/support/test-emulator";

const t = sharedTestEmulator();
const VAULT = "archives";
beforeAll(async () => {
  await t.client.send(new CreateVaultCommand({ accountId: "-", vaultName: VAULT }));
});

const upload = (
  body: Buffer,
  extra: { archiveDescription?: string; checksum?: string; vaultName?: string } = {},
) => t.client.send(new UploadArchiveCommand({ accountId: "-", vaultName: VAULT, body, ...extra }));

const describeVault = () => t.client.send(new DescribeVaultCommand({ accountId: "-", vaultName: VAULT }));

function uploadHeaders(body: Buffer, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    "content-length": String(body.length),
    "x-amz-sha256-tree-hash": treeHash(body),
    "x-amz-content-sha256": sha256Hex(body),
    ...overrides,
  };
}

/** Proves a failed upload left nothing behind: same archive files, empty tmp, unchanged counts. */
async function expectNothingStored(before: { files: number; count: number | undefined }) {
  expect(filesUnder(t.dataDir, "archives")).toHaveLength(before.files);
  expect(filesUnder(t.dataDir, "tmp")).toHaveLength(0);
  expect((await describeVault()).NumberOfArchives).toBe(before.count);
}

const snapshot = async () => ({
  files: filesUnder(t.dataDir, "archives").length,
  count: (await describeVault()).NumberOfArchives,
});

describe("UploadArchive", () => {
  it("stores a small archive: 201, Location, id and tree hash headers, bytes on disk", async () => {
    const body = Buffer.from("hello glacier");
    const out = await upload(body, { archiveDescription: "greeting.txt" });
    expect(out.$metadata.httpStatusCode).toBe(201);
    expect(out.archiveId).toMatch(/^[A-Za-z0-9_-]{138}$/);
    expect(out.location).toBe(`/123456789012/vaults/${VAULT}/archives/${out.archiveId}`);
    expect(out.checksum).toBe(treeHash(body));
    expect(readFileSync(archiveFile(t.dataDir, out.archiveId ?? ""))).toEqual(body);
  });

  it("computes the real tree hash above 1 MiB and refreshes the vault snapshot", async () => {
    const before = await describeVault();
    const body = payload(3 * 1024 * 1024 + 5);
    const out = await upload(body);
    expect(out.checksum).toBe(treeHash(body));
    expect(out.checksum).not.toBe(sha256Hex(body));
    const after = await describeVault();
    expect(after.NumberOfArchives).toBe((before.NumberOfArchives ?? 0) + 1);
    expect(after.SizeInBytes).toBe((before.SizeInBytes ?? 0) + body.length);
    expect(after.LastInventoryDate).toMatch(/Z$/);
  });

  it("rejects a wrong tree hash and stores nothing", async () => {
    const before = await snapshot();
    await expect(upload(payload(2 * 1024 * 1024, 7), { checksum: "0".repeat(64) })).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: expect.stringMatching(/^Checksum mismatch: expected 0{64} but computed [0-9a-f]{64}$/),
      $metadata: { httpStatusCode: 400 },
    });
    await expectNothingStored(before);
  });

  it("rejects a content hash that does not match the streamed bytes", async () => {
    const before = await snapshot();
    const body = payload(4096, 3);
    const res = await rawRequest(t.emulator.url, {
      method: "POST",
      path: `/-/vaults/${VAULT}/archives`,
      headers: uploadHeaders(body, { "x-amz-content-sha256": "ab".repeat(32) }),
      body,
    });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ code: "InvalidParameterValueException", type: "Client" });
    expect(res.headers["x-amzn-errortype"]).toBe("InvalidParameterValueException");
    await expectNothingStored(before);
  });

  it.each([
    ["non-ASCII", "résumé.pdf"],
    ["control character", "tab\there"],
    ["too long", "d".repeat(1025)],
  ])("rejects a %s description", async (_what, archiveDescription) => {
    await expect(upload(Buffer.from("x"), { archiveDescription })).rejects.toMatchObject({
      name: "InvalidParameterValueException",
    });
  });

  it("accepts a 1024-character description", async () => {
    await expect(upload(Buffer.from("x"), { archiveDescription: "d".repeat(1024) })).resolves.toMatchObject({
      $metadata: { httpStatusCode: 201 },
    });
  });

  it("requires Content-Length and both hash headers", async () => {
    const body = Buffer.from("chunked body");
    const { "content-length": _length, ...hashes } = uploadHeaders(body);
    const chunked = await rawRequest(t.emulator.url, {
      method: "POST",
      path: `/-/vaults/${VAULT}/archives`,
      headers: { ...hashes, "transfer-encoding": "chunked" },
      body,
    });
    expect(chunked.status).toBe(400);
    expect(chunked.json().code).toBe("MissingParameterValueException");
    const { "x-amz-sha256-tree-hash": _omit, ...noTree } = uploadHeaders(body);
    const missingTree = await rawRequest(t.emulator.url, {
      method: "POST",
      path: `/-/vaults/${VAULT}/archives`,
      headers: noTree,
      body,
    });
    expect(missingTree.status).toBe(400);
    expect(missingTree.json().code).toBe("MissingParameterValueException");
    const empty = await rawRequest(t.emulator.url, {
      method: "POST",
      path: `/-/vaults/${VAULT}/archives`,
      headers: uploadHeaders(Buffer.alloc(0)),
    });
    expect(empty.status).toBe(400);
    expect(empty.json().code).toBe("InvalidParameterValueException");
  });

  it("answers 404 for an unknown vault", async () => {
    await expect(upload(Buffer.from("x"), { vaultName: "no-such-vault" })).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      $metadata: { httpStatusCode: 404 },
    });
  });
});

describe("DeleteArchive", () => {
  it("deletes (204), stays idempotent, and 404s for ids the vault never held", async () => {
    const { archiveId } = await upload(Buffer.from("short-lived"));
    const before = await describeVault();
    const del = () =>
      t.client.send(new DeleteArchiveCommand({ accountId: "-", vaultName: VAULT, archiveId }));
    expect((await del()).$metadata.httpStatusCode).toBe(204);
    expect((await del()).$metadata.httpStatusCode).toBe(204);
    const after = await describeVault();
    expect(after.NumberOfArchives).toBe((before.NumberOfArchives ?? 0) - 1);
    expect(after.SizeInBytes).toBe((before.SizeInBytes ?? 0) - "short-lived".length);
    await expect(
      t.client.send(
        new DeleteArchiveCommand({ accountId: "-", vaultName: VAULT, archiveId: "never-existed" }),
      ),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException", $metadata: { httpStatusCode: 404 } });
  });
});
