import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { InventoryParseError, parseInventory, type InventoryEntry, type InventoryFormat } from "./parse";
import {
  chunked,
  inventoryCsv,
  inventoryJson,
  makeEntries,
  TEST_INVENTORY_DATE,
  TEST_VAULT_ARN,
  treeHash,
} from "@/tests/support/inventories";
import { rejectionOf } from "@/tests/support/rejection";

async function collect(
  source: Parameters<typeof parseInventory>[0],
  format: InventoryFormat,
  expectedBytes?: number,
) {
  const parser = parseInventory(source, format, {
    batchSize: 100,
    ...(expectedBytes === undefined ? {} : { expectedBytes }),
  });
  const entries: InventoryEntry[] = [];
  for await (const entry of parser) entries.push(entry);
  return { entries, header: parser.header, bytesRead: parser.bytesRead };
}

const failure = (
  source: Parameters<typeof parseInventory>[0],
  format: InventoryFormat,
  expectedBytes?: number,
) => rejectionOf(collect(source, format, expectedBytes), InventoryParseError);

async function drain<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

function at<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`no item ${index}`);
  return item;
}

const entries = makeEntries(2_500);
const nonAscii: InventoryEntry = { ...at(makeEntries(1, "other"), 0), description: "été 日本語 🎉" };
const HASH = treeHash("x");

describe("parseInventory JSON", () => {
  it("reads every entry and the header, whatever the chunking", async () => {
    for (const size of [1, 7, 4096, 65_536, 10_000_000]) {
      const expected = size < 10 ? [...entries.slice(0, 200), nonAscii] : [...entries, nonAscii];
      const text = inventoryJson(expected);
      const result = await collect(chunked(text, size), "JSON");
      expect(result.entries).toEqual(expected);
      expect(result.header).toEqual({ vaultArn: TEST_VAULT_ARN, inventoryDate: TEST_INVENTORY_DATE });
      expect(result.bytesRead).toBe(Buffer.byteLength(text));
    }
  });

  it("accepts pretty-printed JSON, any member order, extra members, a BOM and string chunks", async () => {
    const object = {
      Extra: { nested: ["}", "]", { a: '"\\' }] },
      ArchiveList: JSON.parse(inventoryJson(entries.slice(0, 50))).ArchiveList as unknown,
      InventoryDate: TEST_INVENTORY_DATE,
      VaultARN: TEST_VAULT_ARN,
    };
    const text = `\uFEFF${JSON.stringify(object, null, 2)}\n`;
    const result = await collect(Readable.from([text.slice(0, 1000), text.slice(1000)]), "JSON");
    expect(result.entries).toEqual(entries.slice(0, 50));
    expect(result.header.vaultArn).toBe(TEST_VAULT_ARN);
    for (const size of [1, 2, 3]) {
      const bytes = await collect(chunked(text, size), "JSON");
      expect(bytes.entries).toEqual(entries.slice(0, 50));
      expect(bytes.header).toEqual({ vaultArn: TEST_VAULT_ARN, inventoryDate: TEST_INVENTORY_DATE });
    }
  });

  it("makes the header available before the archives are read", async () => {
    const parser = parseInventory(chunked(inventoryJson(entries), 512), "JSON");
    for await (const batch of parser.batches()) {
      expect(batch.length).toBeGreaterThan(0);
      expect(parser.header).toEqual({ vaultArn: TEST_VAULT_ARN, inventoryDate: TEST_INVENTORY_DATE });
      break;
    }
  });

  it("reads an empty ArchiveList", async () => {
    const result = await collect(chunked(inventoryJson([]), 3), "JSON");
    expect(result.entries).toEqual([]);
    expect(result.header.inventoryDate).toBe(TEST_INVENTORY_DATE);
  });

  it("reports every truncation as an error, never as a shorter inventory", async () => {
    const text = inventoryJson(entries.slice(0, 3));
    for (let cut = 0; cut < text.length; cut++) {
      const error = await failure(chunked(text.slice(0, cut), 5), "JSON");
      expect(error.byte).toBeLessThanOrEqual(cut);
    }
    const error = await failure(chunked(inventoryJson(entries).slice(0, 200_000), 65_536), "JSON");
    expect(error.message).toMatch(/ends inside ArchiveList after \d+ archives/);
  });

  it("rejects corrupt JSON with the position", async () => {
    const good = inventoryJson(entries.slice(0, 10));
    const missingComma = good.replace(/\},\{/, "}{");
    expect((await failure(chunked(missingComma, 64), "JSON")).message).toMatch(
      /expected "," or "\]" after an archive/,
    );
    const brokenItem = good.replace('"Size":', '"Size"');
    const error = await failure(chunked(brokenItem, 64), "JSON");
    expect(error.message).toMatch(/invalid JSON in an archive/);
    expect(error.archive).toBe(1);
    expect((await failure(chunked(`${good}x`, 64), "JSON")).message).toMatch(/nothing after the end/);
    expect((await failure(chunked("[1,2]", 64), "JSON")).message).toMatch(/expected "\{"/);
    expect((await failure(chunked('{"VaultARN":"a"}', 64), "JSON")).message).toMatch(/no ArchiveList/);
    expect((await failure(chunked('{"ArchiveList":[],"ArchiveList":[]}', 64), "JSON")).message).toMatch(
      /twice/,
    );
    expect((await failure(chunked('{"ArchiveList":[1]}', 64), "JSON")).message).toMatch(/an archive object/);
    expect((await failure(chunked('{"VaultARN":tru,"ArchiveList":[]}', 64), "JSON")).message).toMatch(
      /VaultARN/,
    );
  });

  it("rejects items with missing or invalid fields, naming the archive", async () => {
    const item = (fields: Record<string, unknown>) =>
      JSON.stringify({
        ArchiveList: [JSON.parse(inventoryJson(entries.slice(0, 1))).ArchiveList[0], fields],
      });
    const base = {
      ArchiveId: "x",
      ArchiveDescription: "",
      CreationDate: "2012-05-15T17:19:46.700Z",
      Size: 1,
      SHA256TreeHash: HASH,
    };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...base, Size: -1 }, /Size -1/],
      [{ ...base, Size: 1.5 }, /Size 1.5/],
      [{ ...base, Size: "12" }, /Size is missing or not a number/],
      [{ ...base, SHA256TreeHash: "abc" }, /SHA256TreeHash/],
      [{ ...base, SHA256TreeHash: `${HASH.slice(0, 63)}g` }, /SHA256TreeHash/],
      [{ ...base, SHA256TreeHash: `${HASH}0` }, /SHA256TreeHash/],
      [{ ...base, SHA256TreeHash: `${HASH.slice(0, 63)}\u0660` }, /SHA256TreeHash/],
      [{ ...base, SHA256TreeHash: `${HASH.slice(0, 63)}\u0130` }, /SHA256TreeHash/],
      [{ ...base, CreationDate: "yesterday" }, /CreationDate/],
      [{ ...base, ArchiveId: undefined }, /ArchiveId/],
      [{ ...base, ArchiveId: "X\ud800" }, /ArchiveId is not valid Unicode/],
    ];
    for (const [fields, message] of cases) {
      const error = await failure(chunked(item(fields), 10), "JSON");
      expect(error.message).toMatch(message);
      expect(error.archive).toBe(2);
    }
    // Upper-case hex digits are hex digits.
    const upper = await collect(chunked(item({ ...base, SHA256TreeHash: HASH.toUpperCase() }), 10), "JSON");
    expect(upper.entries[1]?.treeHash).toBe(HASH.toUpperCase());
  });

  it("refuses an oversized item instead of buffering without bound", async () => {
    const text = `{"ArchiveList":[{"ArchiveDescription":"${"x".repeat(2 * 1024 * 1024)}"}]}`;
    expect((await failure(chunked(text, 65_536), "JSON")).message).toMatch(/larger than/);
  });

  it("checks the expected length", async () => {
    const text = inventoryJson(entries.slice(0, 5));
    const bytes = Buffer.byteLength(text);
    expect((await collect(chunked(text, 100), "JSON", bytes)).entries).toHaveLength(5);
    expect((await failure(chunked(text, 100), "JSON", bytes + 10)).message).toMatch(/truncated/);
  });
});

describe("parseInventory JSON against JSON.parse", () => {
  // A missing or null ArchiveDescription is read as "" (Glacier always writes one; nothing else is tolerated).
  it("never accepts input JSON.parse rejects, and agrees with it on what both accept", async () => {
    const base = inventoryJson(entries.slice(0, 4));
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const alphabet = '{}[]",:\\ 0a9x';
    for (let round = 0; round < 400; round++) {
      const at = next() % base.length;
      const mutated =
        base.slice(0, at) + (alphabet[next() % alphabet.length] ?? "") + base.slice(at + (round % 2));
      let expected: unknown;
      try {
        expected = JSON.parse(mutated);
      } catch {
        expected = undefined;
      }
      let got: InventoryEntry[] | undefined;
      try {
        got = (await collect(chunked(mutated, 1 + (next() % 40)), "JSON")).entries;
      } catch (error) {
        expect(error).toBeInstanceOf(InventoryParseError);
        continue;
      }
      expect(expected, mutated).toBeDefined();
      const list = (expected as { ArchiveList: Record<string, unknown>[] }).ArchiveList;
      expect(got).toEqual(
        list.map((a) => ({
          archiveId: a.ArchiveId,
          description: a.ArchiveDescription ?? "",
          creationDate: a.CreationDate,
          size: a.Size,
          treeHash: a.SHA256TreeHash,
        })),
      );
    }
  });
});

describe("parseInventory CSV", () => {
  it("reads every entry with Glacier's quoting, whatever the chunking", async () => {
    for (const size of [1, 13, 65_536]) {
      const expected = size < 10 ? [...entries.slice(0, 200), nonAscii] : [...entries, nonAscii];
      const result = await collect(chunked(inventoryCsv(expected), size), "CSV");
      expect(result.entries).toEqual(expected);
      expect(result.header).toEqual({ vaultArn: null, inventoryDate: null });
    }
  });

  it("reads the documented quoting examples exactly", async () => {
    const row = (description: string) => `id1,${description},2012-05-15T17:19:46.700Z,5,${HASH}\n`;
    const header = "ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash\n";
    const cases: [string, string][] = [
      ['"a,1\\\\"2"', 'a,1\\"2'],
      ['"trailing backslash, \\"', "trailing backslash, \\"],
      ['"\\"only quotes\\""', '"only quotes"'],
      ["back\\slash", "back\\slash"],
      ['","', ","],
      ['""', ""],
      ["", ""],
      ["  spaced  ", "  spaced  "],
    ];
    for (const [field, description] of cases) {
      const result = await collect(chunked(header + row(field), 4), "CSV");
      expect(result.entries.map((e) => e.description)).toEqual([description]);
    }
  });

  it("round-trips any printable-ASCII description through Glacier's quoting", async () => {
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const alphabet = 'a,"\\ x';
    const random = entries.slice(0, 2000).map((e) => {
      let description = "";
      for (let n = next() % 14; n > 0; n--) description += alphabet[next() % alphabet.length] ?? "";
      return { ...e, description };
    });
    expect((await collect(chunked(inventoryCsv(random), 333), "CSV")).entries).toEqual(random);
  });

  it("accepts CRLF, a missing final newline, quoted plain columns, another column order and no header", async () => {
    const crlf = inventoryCsv(entries.slice(0, 20), "\r\n");
    expect((await collect(chunked(crlf, 50), "CSV")).entries).toEqual(entries.slice(0, 20));
    const noFinalNewline = inventoryCsv(entries.slice(0, 3)).trimEnd();
    expect((await collect(chunked(noFinalNewline, 50), "CSV")).entries).toEqual(entries.slice(0, 3));
    const e = at(entries, 1);
    const quotedAll = `"ArchiveId","ArchiveDescription","CreationDate","Size","SHA256TreeHash"\n"${e.archiveId}","${e.description.replace(/"/g, '\\"')}","${e.creationDate}","${e.size}","${e.treeHash}"\n`;
    expect((await collect(chunked(quotedAll, 50), "CSV")).entries).toEqual([e]);
    const reordered = `Size,SHA256TreeHash,ArchiveDescription,ArchiveId,CreationDate\n${e.size},${e.treeHash},"x,y",${e.archiveId},${e.creationDate}\n`;
    expect((await collect(chunked(reordered, 50), "CSV")).entries).toEqual([{ ...e, description: "x,y" }]);
    const headerless = `\uFEFF${inventoryCsv(entries.slice(0, 4)).split("\n").slice(1).join("\n")}`;
    expect((await collect(chunked(headerless, 50), "CSV")).entries).toEqual(entries.slice(0, 4));
    expect(
      (await collect(chunked("ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash\n", 50), "CSV"))
        .entries,
    ).toEqual([]);
  });

  it("rejects wrong column counts, bad quoting and bad values with the line", async () => {
    const header = "ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash\n";
    const good = `id1,ok,2012-05-15T17:19:46.700Z,5,${HASH}\n`;
    const cases: [string, RegExp][] = [
      [`id2,a,b,2012-05-15T17:19:46.700Z,5,${HASH}\n`, /comma/],
      [`id2,2012-05-15T17:19:46.700Z,5,${HASH}\n`, /expected 5 columns, found 4/],
      [`id2,a,5,${HASH}\n`, /expected 5 columns/],
      [`id2,"unterminated,2012-05-15T17:19:46.700Z,5,${HASH}\n`, /not closed/],
      [`id2,"bad "inner" quote",2012-05-15T17:19:46.700Z,5,${HASH}\n`, /not escaped/],
      [`id2,x,2012-05-15T17:19:46.700Z,5.5,${HASH}\n`, /Size/],
      [`id2,x,2012-05-15T17:19:46.700Z,5,nothex\n`, /SHA256TreeHash/],
      [`id2,x,2012-05-15T17:19:46.700Z,5,${HASH.slice(0, 20)}`, /SHA256TreeHash/],
    ];
    for (const [bad, message] of cases) {
      const error = await failure(chunked(header + good + bad, 7), "CSV");
      expect(error.message).toMatch(message);
      expect(error.line).toBe(3);
      expect(error.byte).toBe(Buffer.byteLength(header + good));
    }
    expect((await failure(chunked("ArchiveId,Description,Size\n", 7), "CSV")).message).toMatch(/header row/);
    expect((await failure(chunked("", 7), "CSV")).message).toMatch(/empty/);
    expect((await failure(chunked(`${header}${"x".repeat(70_000)}`, 8192), "CSV")).message).toMatch(
      /longer than/,
    );
  });

  it("detects a truncated last line and, given the expected length, a cut at a line boundary", async () => {
    const text = inventoryCsv(entries.slice(0, 10));
    const lastLine = text.lastIndexOf("\n", text.length - 2) + 1;
    for (const cut of [lastLine + 5, lastLine + 150, text.length - 30]) {
      await failure(chunked(text.slice(0, cut), 64), "CSV");
    }
    const atBoundary = text.slice(0, lastLine);
    expect((await collect(chunked(atBoundary, 64), "CSV")).entries).toHaveLength(9);
    expect((await failure(chunked(atBoundary, 64), "CSV", Buffer.byteLength(text))).message).toMatch(
      /truncated/,
    );
  });
});

describe("parseInventory sources", () => {
  it("reads async iterables of Uint8Array and can be read only once", async () => {
    const text = inventoryJson(entries.slice(0, 3));
    async function* source() {
      yield new TextEncoder().encode(text.slice(0, 100));
      yield new TextEncoder().encode(text.slice(100));
    }
    const parser = parseInventory(source(), "JSON");
    expect((await drain(parser)).length).toBe(3);
    await expect(drain(parser)).rejects.toThrow(/only once/);
  });

  it("passes a source's own error through", async () => {
    async function* broken() {
      yield Buffer.from('{"ArchiveList":[');
      throw new Error("socket hang up");
    }
    await expect(drain(parseInventory(broken(), "JSON"))).rejects.toThrow("socket hang up");
  });
});
