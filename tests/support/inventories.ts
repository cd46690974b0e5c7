/**
 * Inventory generators for tests (imported by *.test.ts only): entries and the exact JSON/CSV text
 * Glacier writes for them (glacier-api.md §6), split into chunks however a test wants.
 */

import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { InventoryEntry } from "@/lib/inventory";

export const TEST_VAULT_ARN = "arn:aws:glacier:us-west-2:012345678901:vaults/examplevault";
export const TEST_INVENTORY_DATE = "2011-12-12T14:19:01Z";

/** A 138-character archive id, deterministic per seed. */
export function archiveId(seed: string): string {
  const digest = createHash("sha512").update(seed).digest();
  return Buffer.concat([digest, createHash("sha512").update(digest).digest()])
    .toString("base64url")
    .slice(0, 138);
}

export function treeHash(seed: string): string {
  return createHash("sha256").update(seed).digest("hex");
}

const TRICKY_DESCRIPTIONS = [
  "",
  "my archive1",
  'a,1\\"2',
  "ends with a backslash\\",
  '"quoted" and, comma',
  "{not} [json], \\\\ double",
  '\\"',
  "<m><v>4</v><p>cGhvdG9zL2ltZy5qcGc=</p><lm>20190121T085242Z</lm></m>",
  '{"Path":"c:\\\\data\\\\f+AF8-1.txt","UTCDateModified":"20100310T110623Z"}',
];

export function makeEntries(
  count: number,
  seed = "inv",
  descriptions: readonly string[] = TRICKY_DESCRIPTIONS,
): InventoryEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    archiveId: archiveId(`${seed}-${i}`),
    description: descriptions[i % descriptions.length] ?? "",
    creationDate: new Date(Date.UTC(2012, 0, 1) + i * 3_600_000 + (i % 1000)).toISOString(),
    size: 1 + ((i * 7919) % 5_000_000),
    treeHash: treeHash(`${seed}-${i}`),
  }));
}

export function inventoryJson(
  entries: readonly InventoryEntry[],
  header = { vaultArn: TEST_VAULT_ARN, inventoryDate: TEST_INVENTORY_DATE },
): string {
  return JSON.stringify({
    VaultARN: header.vaultArn,
    InventoryDate: header.inventoryDate,
    ArchiveList: entries.map((e) => ({
      ArchiveId: e.archiveId,
      ArchiveDescription: e.description,
      CreationDate: e.creationDate,
      Size: e.size,
      SHA256TreeHash: e.treeHash,
    })),
  });
}

/** Glacier's CSV quoting: a field with `,` or `"` is quoted and `"` becomes `\"`; backslashes stay. */
export function csvField(text: string): string {
  return /[",]/.test(text) ? `"${text.replace(/"/g, '\\"')}"` : text;
}

export function inventoryCsv(entries: readonly InventoryEntry[], lineEnd = "\n"): string {
  const rows = entries.map((e) =>
    [e.archiveId, e.description, e.creationDate, String(e.size), e.treeHash].map(csvField).join(","),
  );
  return ["ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash", ...rows]
    .map((r) => r + lineEnd)
    .join("");
}

/** The text as a stream of `size`-byte chunks (cutting through UTF-8 sequences and tokens alike). */
export function chunked(text: string | Buffer, size: number): Readable {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return Readable.from(chunks);
}
