import { type Readable } from "node:stream";
import { DescribeVaultCommand, ListVaultsCommand } from "@aws-sdk/client-glacier";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { splitCsvSample } from "../../lib/glacier/csv-preview";
import { checkSelectExpression } from "../../lib/glacier/select";
import { TreeHasher } from "../../lib/glacier/tree-hash";
import { assertDescription } from "../rules/names";
import { type ArchiveRecord } from "../store/archives";
import { openDatabase } from "../store/database";
import { ArchiveStorage } from "../store/storage";
import { Store } from "../store/store";
import { archiveFile, startTestEmulator, type TestEmulator } from "../testing/harness";
import { ARCHIVE_100K_COUNT } from "./archive-100k";
import { CUSTOMERS_COLUMNS, CUSTOMERS_HEADER, SALES_COLUMNS, SALES_HEADER } from "./reports";

let t: TestEmulator;
let seedMillis = 0;
let store: Store;
beforeAll(async () => {
  const started = performance.now();
  t = await startTestEmulator({ seed: "demo" });
  seedMillis = performance.now() - started;
  store = new Store(openDatabase(`${t.dataDir}/state.sqlite`));
});
afterAll(async () => {
  store.db.close();
  await t.stop();
});

function inventory(vaultName: string): ArchiveRecord[] {
  const vault = store.vaults.get(vaultName);
  if (!vault) throw new Error(`no vault ${vaultName}`);
  return [...store.archives.inventory(vault.id)];
}

async function streamTreeHash(stream: Readable): Promise<string> {
  const hasher = new TreeHasher();
  for await (const chunk of stream) hasher.update(chunk as Buffer);
  return hasher.digestHex();
}

describe("--seed demo", () => {
  // How long the seed takes is a figure of `npm run bench -- emulator`, not an assertion: a loaded machine would fail it.
  it("creates the demo vaults, including 100 000 synthetic archives", async () => {
    const vaults = await t.client.send(new ListVaultsCommand({ accountId: "-" }));
    expect(vaults.VaultList?.map((v) => v.VaultName)).toEqual([
      "archive-100k",
      "documents",
      "photos",
      "photos_mapping",
      "reports",
    ]);
    const big = await t.client.send(new DescribeVaultCommand({ accountId: "-", vaultName: "archive-100k" }));
    expect(big.NumberOfArchives).toBe(ARCHIVE_100K_COUNT);
    console.log(`demo seed + start: ${Math.round(seedMillis)} ms`);
  });

  it("spreads creation dates over past years and keeps every description valid", () => {
    const archives = inventory("archive-100k");
    const now = new Date().toISOString();
    const first = archives[0]?.createdAt ?? "";
    const last = archives.at(-1)?.createdAt ?? "";
    expect(last < now).toBe(true);
    expect(new Date(last).getTime() - new Date(first).getTime()).toBeGreaterThan(4 * 365 * 86_400_000);
    expect(archives.every((a) => a.storage === "synthetic" && a.size >= 64 && a.size <= 16384)).toBe(true);
    const kinds = { mt: 0, fastGlacier: 0, cloudBerry: 0, empty: 0, plain: 0 };
    for (const a of archives) {
      assertDescription(a.description);
      if (a.description.startsWith("mt")) kinds.mt++;
      else if (a.description.startsWith("<m>")) kinds.fastGlacier++;
      else if (a.description.startsWith("{")) kinds.cloudBerry++;
      else if (a.description === "") kinds.empty++;
      else kinds.plain++;
    }
    for (const count of Object.values(kinds)) expect(count).toBeGreaterThan(5000);
  });

  it("stores documents with every description format, and file bytes matching their tree hashes", async () => {
    const docs = inventory("documents");
    const descriptions = docs.map((d) => d.description);
    expect(descriptions.some((d) => d.startsWith("mt2 "))).toBe(true);
    expect(descriptions.some((d) => d.startsWith("<m><v>4</v>"))).toBe(true);
    expect(descriptions.some((d) => d.startsWith('{"Path":') && d.includes("+AOk-"))).toBe(true);
    expect(descriptions).toContain("");
    expect(descriptions).toContain("Documents/notes/todo.txt");
    const big = docs.filter((d) => d.size >= 2 * 1024 * 1024);
    expect(big.length).toBeGreaterThanOrEqual(3);
    expect(big.every((d) => d.size <= 6 * 1024 * 1024)).toBe(true);
    const storage = new ArchiveStorage(t.dataDir);
    for (const doc of docs) {
      expect(doc.storage).toBe("file");
      expect(await streamTreeHash(storage.openArchiveStream(doc, 0, doc.size - 1))).toBe(doc.treeHash);
    }
  });

  it("stores CSV reports whose headers exercise Glacier Select's name rules", async () => {
    const reports = inventory("reports");
    expect(reports.map((r) => r.description).sort()).toEqual([
      "reports/customers-2023.csv",
      "reports/sales-2021.csv",
      "reports/sales-2022.csv",
      "reports/sales-2023-q1.csv",
      "reports/sales-2023-q2.csv",
    ]);
    const storage = new ArchiveStorage(t.dataDir);
    const headers = new Map<string, string[]>();
    for (const report of reports) {
      const chunks: Buffer[] = [];
      for await (const c of storage.openArchiveStream(report, 0, report.size - 1)) chunks.push(c as Buffer);
      const text = Buffer.concat(chunks).toString("utf8");
      const sales = report.description.includes("sales");
      expect(text.split("\n")[0]).toBe(sales ? SALES_HEADER : CUSTOMERS_HEADER);
      expect(text.trim().split("\n").length).toBeGreaterThan(sales ? 200 : 100);
      // The header as Glacier Select's CSV reader splits it (the quotes around "date" are CSV quoting).
      const [header] = splitCsvSample(text.slice(0, text.indexOf("\n") + 1)).records;
      headers.set(sales ? "sales" : "customers", header ?? []);
    }
    expect(headers.get("sales")).toEqual([...SALES_COLUMNS]);
    expect(headers.get("customers")).toEqual([...CUSTOMERS_COLUMNS]);
    const verdict = (expression: string, header: string) =>
      checkSelectExpression(expression, { fileHeaderInfo: "USE", header: headers.get(header) })?.code ?? "ok";
    // date is a reserved keyword: bare, it does not parse; double-quoted it is the column.
    expect(verdict('SELECT s."date", s.AMOUNT FROM archive s', "sales")).toBe("ok");
    expect(verdict("SELECT s.date FROM archive s", "sales")).not.toBe("ok");
    // Mixed case: bare names match case-insensitively, quoted names exactly.
    expect(verdict("SELECT s.region, s.units FROM archive s WHERE s.Product = 'Gizmo'", "sales")).toBe("ok");
    expect(verdict('SELECT s."Region" FROM archive s', "sales")).toBe("ok");
    expect(verdict('SELECT s."region" FROM archive s', "sales")).toBe("MissingHeaderName");
    // Name and name differ only in case: bare is ambiguous, quoted picks one; value is reserved too.
    expect(verdict("SELECT s.name FROM archive s", "customers")).toBe("AmbiguousFieldName");
    expect(verdict('SELECT s."Name", s."name", s."value" FROM archive s', "customers")).toBe("ok");
  });

  it("pairs photos with a real Synology mapping database", async () => {
    const photos = inventory("photos");
    expect(photos.some((p) => p.description === "")).toBe(true);
    expect(
      photos
        .filter((p) => p.description !== "")
        .every((p) => p.description.length >= 136 && p.description.length <= 140),
    ).toBe(true);
    const [mapping, ...rest] = inventory("photos_mapping");
    expect(rest).toHaveLength(0);
    const db = new Database(archiveFile(t.dataDir, mapping?.id ?? ""), { readonly: true });
    try {
      const info = db.prepare("SELECT key, value FROM backup_info_tb").all() as Array<{
        key: string;
        value: string;
      }>;
      expect(info.map((r) => r.key)).toEqual(
        expect.arrayContaining(["taskName", "bkpFolder", "hostName", "lastBkpTime"]),
      );
      const files = db.prepare("SELECT * FROM file_info_tb").all() as Array<{
        archiveID: string;
        fileSize: number;
        current: number;
        basePath: string;
      }>;
      expect(files).toHaveLength(photos.length);
      const byId = new Map(photos.map((p) => [p.id, p]));
      for (const f of files) expect(byId.get(f.archiveID)?.size).toBe(f.fileSize);
      expect(files.some((f) => f.current === 0)).toBe(true);
    } finally {
      db.close();
    }
    const storage = new ArchiveStorage(t.dataDir);
    const largest = photos.reduce((a, b) => (b.size > a.size ? b : a));
    expect(largest.size).toBeGreaterThan(1024 * 1024);
    expect(await streamTreeHash(storage.openArchiveStream(largest, 0, largest.size - 1))).toBe(
      largest.treeHash,
    );
  });

  it("does not seed again into a data directory that has vaults", async () => {
    const before = inventory("documents").map((d) => d.id);
    await t.restart();
    expect(inventory("documents").map((d) => d.id)).toEqual(before);
    expect(store.vaults.count()).toBe(5);
  });
});
