import { beforeAll, expect, it } from "vitest";
import { type ThawDatabase } from "@/lib/db";
import { describeEachDialect } from "@/tests/support/db";
import { chunked, inventoryJson, makeEntries } from "@/tests/support/inventories";
import { findCatalogArchive } from "./archive-catalog";
import { importInventory } from "./import";

const VAULT = "reports";

describeEachDialect("findCatalogArchive", (target) => {
  let database: ThawDatabase;
  beforeAll(async () => {
    database = await target.open();
  });

  const importEntries = (connectionId: string, entries: ReturnType<typeof makeEntries>, date: string) =>
    importInventory({
      connectionId,
      vaultName: VAULT,
      jobId: `job-${date}`,
      format: "JSON",
      source: chunked(inventoryJson(entries, { vaultArn: "arn", inventoryDate: date }), 4096),
      db: database.db,
    });

  it("finds a pasted id in the newest inventory that lists it, with its name, size and date", async () => {
    const older = makeEntries(30, "old", [
      "<m><v>4</v><p>ZG9jcy9yZXBvcnQucGRm</p><lm>20190121T085242Z</lm></m>",
    ]);
    const newer = makeEntries(5, "new", ["plain.csv"]);
    await importEntries("c1", older, "2026-01-01T00:00:00Z");
    await importEntries("c1", newer, "2026-02-01T00:00:00Z");
    const options = { db: database.db };

    const fromNewest = await findCatalogArchive("c1", VAULT, newer[3]?.archiveId ?? "", options);
    expect(fromNewest).toMatchObject({
      archiveId: newer[3]?.archiveId,
      description: "plain.csv",
      size: newer[3]?.size,
      creationDate: newer[3]?.creationDate,
      vaultName: VAULT,
      inventoryDate: "2026-02-01T00:00:00Z",
    });
    // Only in the older inventory (the newer one is not the whole vault's list): still found, decoded.
    const onlyOlder = await findCatalogArchive("c1", VAULT, `${older[7]?.archiveId ?? ""}\n`, options);
    expect(onlyOlder).toMatchObject({ path: "docs/report.pdf", size: older[7]?.size });
    expect(onlyOlder?.inventoryDate).toBe("2026-01-01T00:00:00Z");

    expect(await findCatalogArchive("c1", VAULT, "not-an-archive", options)).toBeNull();
    expect(await findCatalogArchive("c2", VAULT, newer[0]?.archiveId ?? "", options)).toBeNull();
    expect(await findCatalogArchive("c1", "other", newer[0]?.archiveId ?? "", options)).toBeNull();
  });
});
