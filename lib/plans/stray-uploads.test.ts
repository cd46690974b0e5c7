import { ListMultipartUploadsCommand } from "@aws-sdk/client-s3";
import { expect, it, vi } from "vitest";
import { s3ClientFor } from "@/lib/aws/s3-client";
import { describeEachDialect } from "@/tests/support/db";
import { createKitPlan, runUntil, sleep } from "@/tests/support/plans-kit";
import { kitForFile } from "@/tests/support/plans-kit-suite";
import { cancelPlan } from "./control";
import { type DestinationWriter } from "./destinations";
import { runPlanStep } from "./tick";

/**
 * Issue #13: multipart uploads are never left behind (S3 bills the parts of an upload until it is
 * completed or aborted). A process that dies between CreateMultipartUpload and saving the upload id
 * is played by a destination whose begin() makes the upload and then throws, so no row learns its id.
 * The uploads are counted where they are billed: ListMultipartUploads and AbortMultipartUpload at the
 * emulator.
 */

const ARCHIVES = 4;
const kit = kitForFile(ARCHIVES);
const running = { signal: new AbortController().signal };

/** A destination whose first `deaths` begin() calls start an upload and lose its id. */
function dyingAfterBegin(deaths: number) {
  let left = deaths;
  return (writer: DestinationWriter): DestinationWriter =>
    Object.assign(Object.create(writer) as DestinationWriter, {
      begin: async (key: string, size: number, signal: AbortSignal) => {
        const handle = await writer.begin(key, size, signal);
        if (left-- > 0) throw new Error("the process died before saving the upload id");
        return handle;
      },
    });
}

async function openUploads(prefix: string): Promise<string[]> {
  const out = await s3ClientFor(kit.target).send(
    new ListMultipartUploadsCommand({ Bucket: kit.bucket, Prefix: prefix }),
  );
  return (out.Uploads ?? []).map((u) => u.UploadId ?? "");
}

const aborts = () => kit.emulator.emulator.stats.requests("s3:AbortMultipartUpload");

/** Steps only (the copies' chunk tasks never run) until every copy and the dying one began: the uploads open. */
async function stepUntilOpen(
  planId: string,
  options: Parameters<typeof runPlanStep>[2],
  prefix: string,
): Promise<number> {
  let open: string[] = [];
  for (let i = 0; i < 400 && open.length < ARCHIVES + 1; i++) {
    await runPlanStep({ planId }, running, options);
    open = await openUploads(prefix);
    await sleep(10);
  }
  return open.length;
}

describeEachDialect("multipart uploads never left behind", (dialect) => {
  it("a finished plan leaves no upload open: the one a dead process never recorded is found and aborted", async () => {
    const { db } = await dialect.open();
    const { plan, form, options: base } = await createKitPlan(kit, db, { maxInFlight: ARCHIVES });
    const prefix = form.destination.kind === "s3" ? form.destination.prefix : "";
    const options = { ...base, watchDestination: dyingAfterBegin(1) };
    const abortedBefore = aborts();
    let orphans: string[] = [];
    const done = await runUntil(plan.id, options, undefined, async (p) => {
      // Seen while the plan still runs: the upload no item holds.
      if (orphans.length === 0 && p.status !== "completed") orphans = await openUploads(prefix);
    });
    expect(done).toMatchObject({ status: "completed", counts: { verified: ARCHIVES, failed: 0 } });
    expect(orphans.length).toBeGreaterThan(0);
    expect(await openUploads(prefix)).toEqual([]);
    // Every copy's own upload was completed; the one nobody knew was aborted.
    expect(aborts() - abortedBefore).toBe(1);
  });

  it("a cancelled plan leaves no upload open: its copies' uploads and the one no item knew are aborted", async () => {
    const { db } = await dialect.open();
    const { plan, form, options: base } = await createKitPlan(kit, db, { maxInFlight: ARCHIVES });
    const prefix = form.destination.kind === "s3" ? form.destination.prefix : "";
    const options = { ...base, watchDestination: dyingAfterBegin(1) };
    // Steps only (the copies' chunk tasks never run): copies begun, none finished.
    expect(await stepUntilOpen(plan.id, options, prefix)).toBe(ARCHIVES + 1);
    const copying = await db
      .selectFrom("plan_items")
      .select("upload_id")
      .where("plan_id", "=", plan.id)
      .where("upload_id", "is not", null)
      .execute();
    expect(copying.length).toBe(ARCHIVES);
    const abortedBefore = aborts();
    await cancelPlan(plan.id, options);
    expect(await openUploads(prefix)).toEqual([]);
    expect(aborts() - abortedBefore).toBe(ARCHIVES + 1);
  });

  it("a new process's first step of the plan aborts the upload the dead one never recorded, before the plan ends", async () => {
    const { db } = await dialect.open();
    const { plan, form, options: base } = await createKitPlan(kit, db, { maxInFlight: ARCHIVES });
    const prefix = form.destination.kind === "s3" ? form.destination.prefix : "";
    const options = { ...base, watchDestination: dyingAfterBegin(1) };
    expect(await stepUntilOpen(plan.id, options, prefix)).toBe(ARCHIVES + 1);
    // Another process: the modules loaded afresh, so nothing of this one's state (it looked already).
    vi.resetModules();
    const fresh = await import("./tick");
    const abortedBefore = aborts();
    await fresh.runPlanStep({ planId: plan.id }, running, options);
    expect(aborts() - abortedBefore).toBe(1);
    const known = await db
      .selectFrom("plan_items")
      .select("upload_id")
      .where("plan_id", "=", plan.id)
      .where("upload_id", "is not", null)
      .execute();
    expect((await openUploads(prefix)).sort()).toEqual(known.map((k) => k.upload_id).sort());
    const done = await runUntil(plan.id, options);
    expect(done).toMatchObject({ status: "completed", counts: { verified: ARCHIVES, failed: 0 } });
    expect(await openUploads(prefix)).toEqual([]);
  });
});
