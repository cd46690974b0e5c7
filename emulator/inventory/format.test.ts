import { describe, expect, it } from "vitest";
import { csvInventoryField, formatInventory, inventoryContentType } from "./format";
import { type InventoryArchive } from "./types";

const VAULT = "arn:aws:glacier:us-west-2:012345678901:vaults/examplevault";
const HASH = "6b9d4cf8697bd3af6aa1b590a0b27b337da5b18988dbcc619a3e608a554a1e62";

const archives: InventoryArchive[] = [
  {
    ArchiveId: "DMTmICA2n5Tdqq",
    ArchiveDescription: "my archive1",
    CreationDate: "2012-05-15T17:19:46.700Z",
    Size: 2140123,
    SHA256TreeHash: HASH,
  },
  {
    ArchiveId: "2gJKr0rS1qSIp5",
    ArchiveDescription: 'a,1\\"2',
    CreationDate: new Date(Date.UTC(2012, 4, 15, 17, 21, 39, 339)),
    Size: 0,
    SHA256TreeHash: HASH,
  },
];

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of iterable) chunks.push(chunk);
  return chunks;
}

describe("formatInventory JSON", () => {
  it("writes Glacier's document with seconds-precision InventoryDate and ordered keys", async () => {
    const text = (
      await collect(
        formatInventory({
          format: "JSON",
          vaultArn: VAULT,
          inventoryDate: new Date(Date.UTC(2011, 11, 12, 14, 19, 1, 500)),
          archives,
        }),
      )
    ).join("");
    expect(text).toBe(
      `{"VaultARN":"${VAULT}","InventoryDate":"2011-12-12T14:19:01Z","ArchiveList":[` +
        `{"ArchiveId":"DMTmICA2n5Tdqq","ArchiveDescription":"my archive1","CreationDate":"2012-05-15T17:19:46.700Z","Size":2140123,"SHA256TreeHash":"${HASH}"},` +
        `{"ArchiveId":"2gJKr0rS1qSIp5","ArchiveDescription":"a,1\\\\\\"2","CreationDate":"2012-05-15T17:21:39.339Z","Size":0,"SHA256TreeHash":"${HASH}"}]}`,
    );
    expect(JSON.parse(text)).toMatchObject({
      ArchiveList: [{ Size: 2140123 }, { ArchiveDescription: 'a,1\\"2' }],
    });
  });

  it("writes an empty list for an empty vault", async () => {
    const text = (
      await collect(
        formatInventory({
          format: "JSON",
          vaultArn: VAULT,
          inventoryDate: "2011-12-12T14:19:01Z",
          archives: [],
        }),
      )
    ).join("");
    expect(JSON.parse(text)).toEqual({
      VaultARN: VAULT,
      InventoryDate: "2011-12-12T14:19:01Z",
      ArchiveList: [],
    });
  });
});

describe("formatInventory CSV", () => {
  it("writes the header row and Glacier's quoting", async () => {
    const text = (
      await collect(formatInventory({ format: "CSV", vaultArn: VAULT, inventoryDate: new Date(0), archives }))
    ).join("");
    expect(text).toBe(
      "ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash\n" +
        `DMTmICA2n5Tdqq,my archive1,2012-05-15T17:19:46.700Z,2140123,${HASH}\n` +
        `2gJKr0rS1qSIp5,"a,1\\\\"2",2012-05-15T17:21:39.339Z,0,${HASH}\n`,
    );
  });

  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["back\\slash", "back\\slash"],
    ['a,1\\"2', '"a,1\\\\"2"'],
    ["", ""],
  ])("field %j → %j", (input, output) => {
    expect(csvInventoryField(input)).toBe(output);
  });
});

describe("streaming", () => {
  it("formats 100 000 archives from a lazy source in bounded chunks", async () => {
    let produced = 0;
    async function* many() {
      for (let i = 0; i < 100_000; i++) {
        produced++;
        yield {
          ArchiveId: `id-${i}`,
          ArchiveDescription: `file ${i}, part`,
          CreationDate: "2020-01-01T00:00:00.000Z",
          Size: i,
          SHA256TreeHash: HASH,
        };
      }
    }
    for (const format of ["JSON", "CSV"] as const) {
      produced = 0;
      const iterator = formatInventory({
        format,
        vaultArn: VAULT,
        inventoryDate: new Date(0),
        archives: many(),
        chunkSize: 32 * 1024,
      });
      const first = await iterator.next();
      expect(first.done).toBe(false);
      expect(produced).toBeLessThan(1000); // the first chunk is ready long before the source is drained
      const chunks = [first.value ?? "", ...(await collect(iterator))];
      expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(32 * 1024 + 512);
      const text = chunks.join("");
      if (format === "JSON")
        expect((JSON.parse(text) as { ArchiveList: unknown[] }).ArchiveList).toHaveLength(100_000);
      else expect(text.trimEnd().split("\n")).toHaveLength(100_001);
    }
  });

  it("names the content types", () => {
    expect(inventoryContentType("JSON")).toBe("application/json");
    expect(inventoryContentType("CSV")).toBe("text/csv");
  });
});
