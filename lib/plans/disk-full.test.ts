import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { createKitPlan, retrievalsPerArchive, runUntil, tickOptions } from "@/tests/support/plans-kit";
import { kitForFile } from "@/tests/support/plans-kit-suite";
import { mountSmallDisk, smallDiskUnavailable } from "@/tests/support/small-disk";
import { retryFailedItems } from "./control";
import { type DestinationWriter } from "./destinations";
import { DestinationFullError, type PartToWrite } from "./destinations/types";
import { MAX_CHUNK_TRIES } from "./copy";
import { listPlanItems } from "./queries";

/**
 * Issue #13's "a disk that fills up", on a real full disk: a 12 MiB tmpfs of which a filler file takes
 * 8 MiB, so the 9 MiB archive's 1 MiB chunks meet the kernel's ENOSPC after about four of them.
 */

const MIB = 1024 * 1024;
// Archive 5 of the kit is the 9 MiB one, "photos/img-5.jpg".
const kit = kitForFile(6);

describeEachDialect("a destination disk that fills up", (dialect) => {
  it.skipIf(smallDiskUnavailable !== null)(
    "retries the chunk, fails the item saying the disk is full, verifies nothing, and resumes from the same output once space is back",
    async () => {
      const disk = mountSmallDisk(12 * MIB, kit.exportRoot);
      try {
        const filler = path.join(disk.dir, "someone-else.bin");
        fs.writeFileSync(filler, Buffer.alloc(8 * MIB, 1));
        const { db } = await dialect.open();
        const root = path.join(disk.dir, "out");
        const { plan } = await createKitPlan(kit, db, {
          selection: { kind: "filter", q: "img-5" },
          destination: { kind: "directory", path: root },
        });
        // Which parts met a full disk, and how often (the destination itself threw DestinationFullError).
        const full = new Map<number, number>();
        const watchDestination = (writer: DestinationWriter): DestinationWriter =>
          Object.assign(Object.create(writer) as DestinationWriter, {
            writePart: async (key: string, handle: string, part: PartToWrite, signal: AbortSignal) => {
              try {
                return await writer.writePart(key, handle, part, signal);
              } catch (error) {
                if (error instanceof DestinationFullError)
                  full.set(part.partNumber, (full.get(part.partNumber) ?? 0) + 1);
                throw error;
              }
            },
          });
        const options = tickOptions(kit, db, { chunkFloorBytes: MIB, watchDestination });

        const failed = await runUntil(plan.id, options, (p) => p.counts.failed === 1);
        expect(failed.counts).toMatchObject({ failed: 1, verified: 0, copying: 0 });
        // The chunk was retried on the full disk before the item gave up.
        expect(Math.max(...full.values())).toBe(MAX_CHUNK_TRIES);
        const [item] = (await listPlanItems(plan.id, { offset: 0, limit: 1 }, { db })).items;
        expect(item?.error).toBe(
          `The destination disk is full (no space left on the device of ${root}). Free some space, then retry the failed archives.`,
        );
        // Nothing under its final name, and the partial file is gone (its space given back).
        const key = item?.objectKey ?? "";
        expect(fs.existsSync(path.join(root, key))).toBe(false);
        expect(fs.existsSync(path.join(root, `${key}.part`))).toBe(false);
        expect([...(await retrievalsPerArchive(kit, plan.id)).values()]).toEqual([1]);

        // Space is back; the person retries: the copy starts again from the same output.
        fs.rmSync(filler);
        expect(await retryFailedItems(plan.id, { db })).toBe(1);
        const done = await runUntil(plan.id, options);
        expect(done).toMatchObject({ status: "completed", counts: { verified: 1, failed: 0 } });
        const archive = kit.archives.find((a) => a.archiveId === item?.archiveId);
        expect(fs.statSync(path.join(root, key)).size).toBe(archive?.size);
        expect(fs.readFileSync(path.join(root, key)).equals(archive?.bytes ?? Buffer.alloc(0))).toBe(true);
        // No new InitiateJob: Glacier ran (and billed) one retrieval of the archive.
        expect([...(await retrievalsPerArchive(kit, plan.id)).values()]).toEqual([1]);
      } finally {
        disk.unmount();
      }
    },
  );
});
