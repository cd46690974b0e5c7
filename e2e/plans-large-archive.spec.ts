import { type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { CreateVaultCommand, UploadArchiveCommand } from "@aws-sdk/client-glacier";
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { treeHash } from "@/lib/glacier/tree-hash";
import { signIn } from "./auth-helpers";
import { inventoryAndImport } from "./inventory-import-helpers";
import { ADMIN, BUCKET, loadLib, planServers, stop } from "./plans-servers";

/**
 * Issue #13's "Done when": one archive large enough for several chunks (40 MiB: five 8 MiB S3 parts),
 * its copy killed mid-archive with the app (SIGKILL), and resumed by the restarted app at its first
 * missing chunk — the stored parts kept, never started over — then verified, retrieved once.
 * THAW_PLAN_COPY_BUDGET_MS=0 makes every step copy one chunk, so the kill lands between chunks.
 */

const VAULT = "large-archive-e2e";
const PREFIX = "large/";
const SIZE = 40 * 1024 * 1024;
const servers = planServers({ name: "e2e-plans-large", appEnv: { THAW_PLAN_COPY_BUDGET_MS: "0" } });

test.use({ baseURL: servers.appUrl, storageState: { cookies: [], origins: [] } });
test.describe.configure({ mode: "serial", timeout: 240_000 });

let lib: Awaited<ReturnType<typeof loadLib>>;
let emulator: ChildProcess | undefined;
let app: ChildProcess | undefined;
const archive = randomBytes(SIZE);

test.beforeAll(async () => {
  test.setTimeout(120_000);
  lib = await loadLib();
  emulator = await servers.startEmulator(lib);
  const glacier = servers.glacierClient(lib);
  await glacier.send(new CreateVaultCommand({ accountId: "-", vaultName: VAULT }));
  await glacier.send(
    new UploadArchiveCommand({
      accountId: "-",
      vaultName: VAULT,
      body: archive,
      archiveDescription: "big.bin",
    }),
  );
  app = await servers.startApp(lib);
});

test.afterAll(async () => {
  if (app) await stop(app, "SIGKILL");
  if (emulator) await stop(emulator, "SIGTERM");
});

type Copy = { status: string; uploadId: string | null; done: number; chunks: number };

/** The plan's one item and its chunk rows, as the app's database holds them (read-only). */
function readCopy(planId: string): Copy {
  const db = new Database(path.join(servers.dir, "app", "thaw.sqlite"), {
    readonly: true,
    fileMustExist: true,
  });
  try {
    const item = db.prepare("select status, upload_id from plan_items where plan_id = ?").get(planId) as {
      status: string;
      upload_id: string | null;
    };
    const chunks = db
      .prepare(
        "select count(*) as n, coalesce(sum(state = 'done'), 0) as done from plan_chunks where plan_id = ?",
      )
      .get(planId) as { n: number; done: number };
    return {
      status: item.status,
      uploadId: item.upload_id,
      done: Number(chunks.done),
      chunks: Number(chunks.n),
    };
  } finally {
    db.close();
  }
}

test("a 40 MiB archive's copy killed mid-archive resumes at its first missing chunk and is verified", async ({
  page,
}) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await inventoryAndImport(page, VAULT);

  await page.getByRole("link", { name: "Plan migration of all 1 archives" }).click();
  await page.getByLabel("Plan name").fill("Large archive");
  await page.getByRole("button", { name: /^Next/ }).click();
  await page.getByRole("radio", { name: /^Expedited/ }).check();
  await page.getByLabel("Spending cap (USD)").fill("1");
  await page.getByRole("button", { name: /^Next/ }).click();
  await page.getByLabel("Bucket", { exact: true }).fill(BUCKET);
  await page.getByLabel("Key prefix", { exact: true }).fill(PREFIX);
  await page.getByRole("button", { name: /^Next/ }).click();
  await page.getByRole("button", { name: "Create and start plan" }).click();
  await expect(page).toHaveURL(/\/plans\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  const planId = new URL(page.url()).pathname.split("/").pop() ?? "";

  // Kill the app once some of the five chunks are stored, not all.
  await expect.poll(() => readCopy(planId).done, { timeout: 90_000, intervals: [50] }).toBeGreaterThan(0);
  if (app) await stop(app, "SIGKILL");
  const killed = readCopy(planId);
  expect(killed).toMatchObject({ status: "copying", chunks: 5 });
  expect(killed.done).toBeLessThan(5);
  expect(killed.uploadId).not.toBeNull();

  // The restarted app resumes the same upload: the stored chunks never go (a restart would drop them).
  app = await servers.startApp(lib);
  let lowest = killed.done;
  await expect
    .poll(
      () => {
        const now = readCopy(planId);
        if (now.status !== "copying") return now.status;
        lowest = Math.min(lowest, now.done);
        expect(now.uploadId).toBe(killed.uploadId);
        return now.status;
      },
      { timeout: 90_000, intervals: [50] },
    )
    .toBe("verified");
  expect(lowest).toBe(killed.done);

  await page.goto("about:blank");
  await page.goto(`/plans/${planId}`);
  await expect(page.getByText("Completed", { exact: true })).toBeVisible({ timeout: 60_000 });
  const hashes = await servers.objectHashes(lib, PREFIX);
  expect(hashes.get(`${PREFIX}big.bin`)).toBe(treeHash(archive));
  expect((await servers.archiveJobs(lib, VAULT)).length).toBe(1);
});
