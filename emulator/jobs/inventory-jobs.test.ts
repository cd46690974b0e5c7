import path from "node:path";
import Database from "better-sqlite3";
import {
  DeleteArchiveCommand,
  DescribeVaultCommand,
  GetJobOutputCommand,
  type InventoryRetrievalJobInput,
} from "@aws-sdk/client-glacier";
import { beforeAll, describe, expect, it } from "vitest";
import { treeHash } from "../../lib/glacier/tree-hash";
import { withTestEmulator } from "../testing/harness";
import { createVault, initiateJob, uploadArchive, waitForJob } from "../testing/jobs";
import { rawRequest } from "../testing/raw-request";
import { sharedTestEmulator } from "../../tests/support/test-emulator";

const VAULT = "inventory";
const DESCRIPTIONS = ["plain", "a,b", 'say "hi"', "back\\slash", 'a,1\\"2', ""];

interface Uploaded {
  id: string;
  description: string;
  size: number;
  hash: string;
  created: string;
}

const t = sharedTestEmulator({ timeScale: 1_000_000 });
let archives: Uploaded[];
let inventoryDate: string;

beforeAll(async () => {
  await createVault(t.client, VAULT);
  const ids: string[] = [];
  for (const [i, description] of DESCRIPTIONS.entries()) {
    ids.push(await uploadArchive(t.client, VAULT, `archive number ${i}`, description));
    await new Promise((resolve) => setTimeout(resolve, 3)); // distinct creation times
  }
  // Creation dates are not returned by UploadArchive: read them from the emulator's database file.
  const db = new Database(path.join(t.dataDir, "state.sqlite"), { readonly: true });
  const created = new Map(
    db
      .prepare("SELECT id, created_at FROM archives")
      .all()
      .map((r) => {
        const row = r as { id: string; created_at: string };
        return [row.id, row.created_at] as const;
      }),
  );
  db.close();
  archives = ids.map((id, i) => {
    const content = Buffer.from(`archive number ${i}`);
    return {
      id,
      description: DESCRIPTIONS[i] ?? "",
      size: content.length,
      hash: treeHash(content),
      created: created.get(id) ?? "",
    };
  });
  const vault = await t.client.send(new DescribeVaultCommand({ accountId: "-", vaultName: VAULT }));
  inventoryDate = `${(vault.LastInventoryDate ?? "").slice(0, 19)}Z`;
});

async function inventory(
  params: { Format?: string; InventoryRetrievalParameters?: InventoryRetrievalJobInput; Tier?: string } = {},
  vault = VAULT,
) {
  const { jobId } = await initiateJob(t.client, vault, { Type: "inventory-retrieval", ...params });
  const job = await waitForJob(t.client, vault, jobId);
  const out = await t.client.send(new GetJobOutputCommand({ accountId: "-", vaultName: vault, jobId }));
  return { jobId, job, out, text: (await out.body?.transformToString()) ?? "" };
}

const ARN = `arn:aws:glacier:us-east-1:123456789012:vaults/${VAULT}`;

describe("inventory output", () => {
  it("is Glacier's JSON document, byte for byte", async () => {
    const { job, out, text } = await inventory();
    const list = archives.map((a) => ({
      ArchiveId: a.id,
      ArchiveDescription: a.description,
      CreationDate: a.created,
      Size: a.size,
      SHA256TreeHash: a.hash,
    }));
    expect(text).toBe(JSON.stringify({ VaultARN: ARN, InventoryDate: inventoryDate, ArchiveList: list }));
    expect(out.contentType).toBe("application/json");
    expect(out.checksum).toBeUndefined();
    expect(job).toMatchObject({
      Action: "InventoryRetrieval",
      StatusCode: "Succeeded",
      InventorySizeInBytes: Buffer.byteLength(text),
      Tier: "Standard",
    });
    expect(job.InventoryRetrievalParameters).toEqual({ Format: "JSON" });
    expect(job.ArchiveId).toBeUndefined();
  });

  it("is CSV with a header row and Glacier's quoting (\\\" escapes, backslashes kept)", async () => {
    const { out, text } = await inventory({ Format: "CSV" });
    expect(out.contentType).toBe("text/csv");
    const quoted = ["plain", '"a,b"', '"say \\"hi\\""', "back\\slash", '"a,1\\\\"2"', ""];
    expect(text).toBe(
      "ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash\n" +
        archives.map((a, i) => `${a.id},${quoted[i] ?? ""},${a.created},${a.size},${a.hash}\n`).join(""),
    );
  });

  it("supports Range on the inventory document (206) without a tree hash", async () => {
    const { jobId, text } = await inventory();
    const part = await t.client.send(
      new GetJobOutputCommand({ accountId: "-", vaultName: VAULT, jobId, range: "bytes=0-9" }),
    );
    expect(part.status).toBe(206);
    expect(await part.body?.transformToString()).toBe(text.slice(0, 10));
    expect(part.checksum).toBeUndefined();
  });

  it("describes the job with the parameters as sent and the next marker", async () => {
    const params = { StartDate: archives[1]?.created, Limit: "2" };
    const { jobId, job } = await inventory({ InventoryRetrievalParameters: params });
    const raw = await rawRequest(t.emulator.url, { method: "GET", path: `/-/vaults/${VAULT}/jobs/${jobId}` });
    expect(raw.json()).toMatchObject({
      ArchiveId: null,
      ArchiveSizeInBytes: null,
      SHA256TreeHash: null,
      RetrievalByteRange: null,
      InventoryRetrievalParameters: {
        Format: "JSON",
        StartDate: params.StartDate,
        EndDate: null,
        Limit: "2",
        Marker: job.InventoryRetrievalParameters?.Marker,
      },
    });
    expect(job.InventoryRetrievalParameters?.Marker).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});

describe("StartDate, EndDate, Limit and Marker", () => {
  const ids = async (params: InventoryRetrievalJobInput) => {
    const { job, text } = await inventory({ InventoryRetrievalParameters: params });
    const list = (JSON.parse(text) as { ArchiveList: Array<{ ArchiveId: string }> }).ArchiveList.map(
      (a) => a.ArchiveId,
    );
    return { list, marker: job.InventoryRetrievalParameters?.Marker ?? null };
  };
  const id = (i: number) => archives[i]?.id;

  it("keeps archives created at or after StartDate and before EndDate", async () => {
    expect((await ids({ StartDate: archives[2]?.created, EndDate: archives[4]?.created })).list).toEqual([
      id(2),
      id(3),
    ]);
    expect((await ids({ EndDate: archives[1]?.created })).list).toEqual([id(0)]);
  });

  it("pages with Limit: each completed job's Marker starts the next job, null at the end", async () => {
    const seen: Array<string | undefined> = [];
    let marker: string | null = null;
    let jobs = 0;
    do {
      const page: { list: string[]; marker: string | null } = await ids({
        Limit: "2",
        ...(marker ? { Marker: marker } : {}),
      });
      seen.push(...page.list);
      marker = page.marker;
      jobs++;
    } while (marker !== null);
    expect(jobs).toBe(3);
    expect(seen).toEqual(archives.map((a) => a.id));
  });

  it("combines dates, Limit and Marker", async () => {
    const first = await ids({ StartDate: archives[1]?.created, EndDate: archives[5]?.created, Limit: "3" });
    expect(first.list).toEqual([id(1), id(2), id(3)]);
    const second = await ids({
      StartDate: archives[1]?.created,
      EndDate: archives[5]?.created,
      Limit: "3",
      Marker: first.marker ?? "",
    });
    expect(second).toEqual({ list: [id(4)], marker: null });
  });

  it.each([
    [{ Marker: "not a marker!" }, "InvalidParameterValueException", /Invalid inventory marker/],
    [{ Limit: "0" }, "InvalidParameterValueException", /Limit/],
    [{ Limit: 5 }, "InvalidParameterValueException", /Limit must be a string/],
    [{ StartDate: "2020-01-01" }, "InvalidParameterValueException", /StartDate/],
    [
      { StartDate: "2021-01-01T00:00:00Z", EndDate: "2020-01-01T00:00:00Z" },
      "InvalidParameterValueException",
      /EndDate must be later/,
    ],
    [{ Unknown: "x" }, "InvalidParameterValueException", /Unknown parameter/],
  ])("refuses %j", async (params, code, message) => {
    const res = await rawRequest(t.emulator.url, {
      method: "POST",
      path: `/-/vaults/${VAULT}/jobs`,
      body: JSON.stringify({ Type: "inventory-retrieval", InventoryRetrievalParameters: params }),
    });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ code, message: expect.stringMatching(message) as unknown });
  });

  it("refuses archive members on inventory jobs", async () => {
    for (const extra of [{ ArchiveId: archives[0]?.id }, { RetrievalByteRange: "0-1048575" }]) {
      const res = await rawRequest(t.emulator.url, {
        method: "POST",
        path: `/-/vaults/${VAULT}/jobs`,
        body: JSON.stringify({ Type: "inventory-retrieval", ...extra }),
      });
      expect(res.json()).toMatchObject({
        code: "InvalidParameterValueException",
        message: expect.stringContaining("not valid for inventory-retrieval jobs") as unknown,
      });
    }
  });
});

describe("snapshot semantics", () => {
  it("is the vault as of InitiateJob: later uploads and deletions do not change it", async () => {
    await withTestEmulator({ timeScale: 50_000 }, async (slow) => {
      await createVault(slow.client, "snap");
      const first = await uploadArchive(slow.client, "snap", "first");
      const { jobId } = await initiateJob(slow.client, "snap", {
        Type: "inventory-retrieval",
        Format: "CSV",
      });
      await uploadArchive(slow.client, "snap", "second");
      await slow.client.send(
        new DeleteArchiveCommand({ accountId: "-", vaultName: "snap", archiveId: first }),
      );
      await waitForJob(slow.client, "snap", jobId);
      const out = await slow.client.send(
        new GetJobOutputCommand({ accountId: "-", vaultName: "snap", jobId }),
      );
      const lines = ((await out.body?.transformToString()) ?? "").trim().split("\n");
      expect(lines).toHaveLength(2);
      expect(lines[1]?.startsWith(`${first},`)).toBe(true);
    });
  });

  it("an empty vault has an empty inventory dated at its creation", async () => {
    await createVault(t.client, "empty-vault");
    const { text } = await inventory({ Tier: "Expedited" }, "empty-vault");
    const doc = JSON.parse(text) as { InventoryDate: string; ArchiveList: unknown[] };
    expect(doc.ArchiveList).toEqual([]);
    expect(doc.InventoryDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });
});
