import { type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { treeHash } from "@/lib/glacier/tree-hash";
import { addUser, signIn } from "./auth-helpers";
import { catalogRegion, importInventory, runInventoryJob } from "./inventory-import-helpers";
import { ADMIN, expectVerifiedManifest, loadLib, planServers, type Seeded, stop } from "./plans-servers";
import { nextStep } from "./wizard-helpers";

/**
 * A plan to a server directory driven through its controls: paused (nothing new initiated while
 * paused), resumed, its failed archives retried, finished with the files on disk matching the
 * archives' tree hashes and manifest.csv beside them; a second plan cancelled. Then what viewers and
 * operators see. Own emulator and app (on free ports), so it never disturbs plans.spec.ts.
 */

const servers = planServers({ name: "e2e-plans-controls" });
const VAULT = "controls-e2e";
const ARCHIVES = 16;
/** Every job the plan worker starts is described "Thaw plan <id>": while this is set, all of them fail. */
const FAIL_PLAN_JOBS = ["--fail-jobs-matching", "^Thaw plan "];
/** THAW_EXPORT_DIRS' default: `<data dir>/exports`. */
const EXPORTS = path.join(servers.dir, "app", "exports");
const VIEWER = {
  email: "viewer@thaw.test",
  name: "Vera Viewer",
  role: "viewer" as const,
  password: "viewer-password-0001",
};
const OPERATOR = {
  email: "operator@thaw.test",
  name: "Otto Operator",
  role: "operator" as const,
  password: "operator-password-0001",
};

// The window size the pages are designed for; the screenshots are for a person to look at.
test.use({
  baseURL: servers.appUrl,
  storageState: { cookies: [], origins: [] },
  viewport: { width: 1360, height: 900 },
});
test.describe.configure({ mode: "serial" });

let lib: Awaited<ReturnType<typeof loadLib>>;
let emulator: ChildProcess | undefined;
let app: ChildProcess | undefined;
let seeded: Map<string, Seeded>;
/** Filled by the first test for the second: the catalog's job page, the inventory and the plans. */
const shared = { jobUrl: "", inventoryId: "", donePlanId: "", cancelledPlanId: "" };

test.beforeAll(async () => {
  test.setTimeout(60_000);
  lib = await loadLib();
  emulator = await servers.startEmulator(lib, { extraArgs: FAIL_PLAN_JOBS });
  seeded = await servers.seedVault(lib, VAULT, ARCHIVES);
  app = await servers.startApp(lib);
});

test.afterAll(async () => {
  if (app) await stop(app, "SIGKILL");
  if (emulator) await stop(emulator, "SIGTERM");
});

/** The emulator's archive-retrieval jobs of one plan. */
async function planJobs(planId: string) {
  return (await servers.archiveJobs(lib, VAULT)).filter((j) =>
    (j.JobDescription ?? "").startsWith(`Thaw plan ${planId} `),
  );
}

/** A page signed in as `user` in a context of its own. */
async function signedInAs(browser: Browser, user: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext({
    baseURL: servers.appUrl,
    storageState: { cookies: [], origins: [] },
    viewport: { width: 1360, height: 900 },
  });
  const page = await context.newPage();
  await signIn(page, user.email, user.password);
  return page;
}

/** Fills the open plan form (name, tier, in-flight limit, a directory) and submits it from the review. */
async function submitDirectoryPlan(
  page: Page,
  plan: { name: string; tier: string; inFlight: number; directory: string },
): Promise<void> {
  await expect(page).toHaveURL(/\/plans\/new\?inventory=/);
  await page.getByLabel("Plan name").fill(plan.name);
  await nextStep(page);
  await page.getByRole("radio", { name: new RegExp(`^${plan.tier}`) }).check();
  await page.getByLabel("Spending cap (USD)").fill("1");
  await page.getByLabel("Jobs in flight at most").fill(String(plan.inFlight));
  await screenshot(page, `form-limits-${plan.name}`);
  await nextStep(page);
  await page.getByLabel("A directory on the server").check();
  await page.getByLabel("Directory", { exact: true }).fill(plan.directory);
  await nextStep(page);
  await screenshot(page, `form-review-${plan.name}`);
  await page.getByRole("button", { name: "Create and start plan" }).click();
}

/** Waits for the plan page a successful submission leads to; returns the plan's id. */
async function createdPlanId(page: Page): Promise<string> {
  await expect(page).toHaveURL(/\/plans\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  return new URL(page.url()).pathname.split("/").pop() ?? "";
}

/** A full-page screenshot, kept with the servers' logs (test-results/ is shared and wiped by other runs). */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(servers.dir, "screenshots", `${name}.png`), fullPage: true });
}

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

test("a directory plan pauses, resumes, retries its failed archives, finishes verified; another is cancelled", async ({
  page,
  browser,
}) => {
  test.setTimeout(110_000);
  await signIn(page, ADMIN.email, ADMIN.password);
  await addUser(page, VIEWER);
  await addUser(page, OPERATOR);
  await runInventoryJob(page, VAULT, "controls inventory");
  await importInventory(page);
  shared.jobUrl = new URL(page.url()).pathname;
  const planAll = page.getByRole("link", { name: `Plan migration of all ${ARCHIVES} archives` });
  shared.inventoryId =
    new URL((await planAll.getAttribute("href")) ?? "", servers.appUrl).searchParams.get("inventory") ?? "";
  await planAll.click();

  // A directory outside THAW_EXPORT_DIRS is refused before anything starts.
  const directory = path.join(EXPORTS, "controls");
  await submitDirectoryPlan(page, {
    name: "Controls",
    tier: "Standard",
    inFlight: 4,
    directory: "/var/tmp/thaw-elsewhere",
  });
  await expect(page.getByLabel("Directory", { exact: true })).toHaveAttribute("aria-invalid", "true", {
    timeout: 20_000,
  });
  await expect(page.getByText(/must be inside an allowed export directory/).first()).toBeVisible();
  expect(await servers.archiveJobs(lib, VAULT)).toHaveLength(0);

  await page.getByLabel("Directory", { exact: true }).fill(directory);
  await nextStep(page);
  await page.getByRole("button", { name: "Create and start plan" }).click();
  const planId = await createdPlanId(page);
  shared.donePlanId = planId;

  // Pause once the first wave is in flight: nothing new is initiated while paused, even as that wave ends.
  await expect.poll(async () => (await planJobs(planId)).length, { timeout: 15_000 }).toBeGreaterThan(0);
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByText("Paused", { exact: true })).toBeVisible();
  await screenshot(page, "plan-paused-admin");
  const atPause = (await planJobs(planId)).length;
  await expect
    .poll(async () => (await planJobs(planId)).every((j) => j.Completed && j.StatusCode === "Failed"), {
      timeout: 15_000,
    })
    .toBe(true);
  await page.waitForTimeout(1_500); // three worker ticks
  expect(await planJobs(planId)).toHaveLength(atPause);
  expect(servers.readPlan(planId).status).toBe("paused");

  // A viewer sees the paused plan and its manifest, and no control they could not use.
  const viewer = await signedInAs(browser, VIEWER);
  await viewer.goto(`/plans/${planId}`);
  await expect(viewer.getByText("Paused", { exact: true })).toBeVisible();
  await expect(viewer.getByRole("link", { name: /Download manifest/ })).toBeVisible();
  for (const name of [/^Resume/, /^Pause/, /^Cancel plan/, /^Retry/, /^Delete/])
    await expect(viewer.getByRole("button", { name })).toHaveCount(0);
  await expect(viewer.getByRole("form", { name: "Plan limits" })).toHaveCount(0);
  await screenshot(viewer, "plan-paused-viewer");
  await viewer.context().close();

  // The emulator again, on the same data, without the failures; resume with room for everything at once.
  if (emulator) await stop(emulator, "SIGTERM");
  emulator = await servers.startEmulator(lib, { fresh: false });
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByText("Running", { exact: true })).toBeVisible();
  const limits = page.getByRole("form", { name: "Plan limits" });
  await limits.getByLabel("Jobs in flight at most").fill(String(ARCHIVES));
  await limits.getByRole("button", { name: "Save limits" }).click();
  await expect(page.getByText("Limits saved.")).toBeVisible();

  // The first wave's archives show as failed; retrying them starts a new job for each.
  const retry = page.getByRole("button", { name: `Retry ${atPause} failed` });
  await expect(retry).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("link", { name: `Failed (${atPause})` })).toBeVisible();
  await screenshot(page, "plan-failed-running");
  await retry.click();
  await expect(
    page.getByText(`${atPause} failed archive${atPause === 1 ? " is" : "s are"} pending again.`),
  ).toBeVisible();
  await expect(page.getByText("Completed", { exact: true })).toBeVisible({ timeout: 40_000 });
  await screenshot(page, "plan-completed-admin");

  const done = servers.readPlan(planId);
  expect(done.counts.verified).toBe(ARCHIVES);
  const jobs = await planJobs(planId);
  const perArchive = new Map<string, number>();
  for (const job of jobs) perArchive.set(job.ArchiveId ?? "", (perArchive.get(job.ArchiveId ?? "") ?? 0) + 1);
  expect(perArchive.size).toBe(ARCHIVES);
  for (const [archiveId, n] of perArchive) expect(n, archiveId).toBe(done.attempts.get(archiveId));
  expect([...done.attempts.values()].filter((n) => n === 2)).toHaveLength(atPause);

  // On disk: manifest.csv and one verified file per archive, byte-identical by tree hash, no leftovers.
  const manifest = readFileSync(path.join(directory, "manifest.csv"), "utf8");
  const keys = expectVerifiedManifest(manifest, seeded, ARCHIVES, (key) =>
    treeHash(readFileSync(path.join(directory, key))),
  );
  expect(filesUnder(directory).sort()).toEqual([...keys, "manifest.csv"].sort());
  await expect(
    page.getByRole("button", { name: new RegExp(`^Delete ${ARCHIVES} verified archives`) }),
  ).toBeVisible();

  // A second plan (the catalog's search), cancelled with its first job in flight: nothing more starts.
  await page.goto(shared.jobUrl);
  await catalogRegion(page).getByLabel("Search archives").fill("photos");
  await catalogRegion(page).getByRole("button", { name: "Search", exact: true }).click();
  await page.getByRole("link", { name: /^Plan migration of the \d+ matching/ }).click();
  await submitDirectoryPlan(page, {
    name: "Photos only",
    tier: "Bulk",
    inFlight: 1,
    directory: path.join(EXPORTS, "cancelled"),
  });
  const cancelledId = await createdPlanId(page);
  shared.cancelledPlanId = cancelledId;
  await expect.poll(async () => (await planJobs(cancelledId)).length, { timeout: 15_000 }).toBe(1);
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Cancel plan" }).click();
  await expect(page.getByText("Cancelled", { exact: true })).toBeVisible();
  for (const name of [/^Resume/, /^Pause/, /^Cancel plan/])
    await expect(page.getByRole("button", { name })).toHaveCount(0);
  await page.waitForTimeout(1_500);
  expect(await planJobs(cancelledId)).toHaveLength(1);
  const cancelled = servers.readPlan(cancelledId);
  expect(cancelled.status).toBe("cancelled");
  expect(cancelled.counts.pending ?? 0).toBeGreaterThan(0);
});

test("viewers get no way to plan or change a plan; only admins may delete archives", async ({ browser }) => {
  expect(shared.donePlanId, "the first test ran").not.toBe("");
  const viewer = await signedInAs(browser, VIEWER);
  await viewer.goto(shared.jobUrl);
  await expect(catalogRegion(viewer)).toBeVisible();
  await expect(viewer.getByRole("navigation", { name: "Plan migration" })).toHaveCount(0);
  await expect(viewer.getByRole("link", { name: /^Retrieve / })).toHaveCount(0);
  await viewer.getByRole("table", { name: "Archives" }).getByRole("checkbox").first().check();
  await expect(viewer.getByRole("button", { name: "Copy archive ids" })).toBeVisible();
  await expect(viewer.getByRole("button", { name: /Plan migration/ })).toHaveCount(0);
  await screenshot(viewer, "catalog-viewer");
  await viewer.goto(`/plans/new?inventory=${shared.inventoryId}`);
  await expect(viewer.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(viewer.getByRole("form", { name: "Plan a migration" })).toHaveCount(0);
  await viewer.goto(`/plans/${shared.donePlanId}`);
  await expect(viewer.getByText("Completed", { exact: true })).toBeVisible();
  await expect(viewer.getByRole("link", { name: /Download manifest/ })).toBeVisible();
  await expect(viewer.getByRole("button", { name: /^Delete/ })).toHaveCount(0);
  await screenshot(viewer, "plan-completed-viewer");
  await viewer.context().close();

  const operator = await signedInAs(browser, OPERATOR);
  await operator.goto(shared.jobUrl);
  await expect(
    operator.getByRole("link", { name: `Plan migration of all ${ARCHIVES} archives` }),
  ).toBeVisible();
  await operator.goto(`/plans/${shared.donePlanId}`);
  await expect(operator.getByText("Completed", { exact: true })).toBeVisible();
  await expect(operator.getByRole("button", { name: /^Delete/ })).toHaveCount(0);
  await operator.goto(`/plans/${shared.cancelledPlanId}`);
  await expect(operator.getByText("Cancelled", { exact: true })).toBeVisible();
  await expect(operator.getByRole("button", { name: /^Resume/ })).toHaveCount(0);
  await screenshot(operator, "plan-cancelled-operator");
  await operator.goto("/plans");
  await screenshot(operator, "plans-list-operator");
  await operator.context().close();
});
