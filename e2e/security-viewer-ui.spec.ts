import path from "node:path";
import { CreateVaultCommand } from "@aws-sdk/client-glacier";
import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";
import Database from "better-sqlite3";
import { ADMIN_STATE } from "../playwright.config";
import { addUser, signIn, signedOutPage } from "./auth-helpers";
import { catalogRegion, importInventory } from "./inventory-import-helpers";
import {
  EMULATOR_DATA,
  findJobRow,
  startCsvSelectOutsideThaw,
  startJobOutsideThaw,
  waitForSucceeded,
} from "./tracking-helpers";
import { glacier, uploadArchive } from "./wizard-helpers";

/**
 * Issue #6, "a viewer sees no submit button": every control that starts, downloads, verifies or imports
 * is absent for a viewer, on every page that has one, while an operator sees the same controls (so the
 * viewer's absences are not vacuous). The routes behind them still refuse a viewer's direct call.
 */

const stamp = Date.now();
const VIEWER = {
  email: `ui-viewer-${stamp}@thaw.test`,
  name: "Vic Viewer",
  role: "viewer" as const,
  password: "viewer-password-0002",
};
const OPERATOR = {
  email: `ui-operator-${stamp}@thaw.test`,
  name: "Ola Operator",
  role: "operator" as const,
  password: "operator-password-0002",
};
const VAULT = "viewer-ui";
const MAPPING_VAULT = `${VAULT}_mapping`;
const DESCRIPTIONS = {
  kept: `Viewer UI kept ${stamp}`,
  expired: `Viewer UI expired ${stamp}`,
  mapping: `Viewer UI mapping ${stamp}`,
  inventory: `Viewer UI inventory ${stamp}`,
  catalogued: `Viewer UI catalogued ${stamp}`,
  select: `Viewer UI select ${stamp}`,
};
const APP_DB = path.join(process.cwd(), ".tmp", "e2e", "app", "thaw.sqlite");

/** The jobs the checks visit, by role in the checks; filled once by beforeAll. */
const jobs = { kept: "", expired: "", mapping: "", inventory: "", catalogued: "", select: "" };

test.describe.configure({ mode: "serial" });

async function retrieveOutsideThaw(vault: string, description: string): Promise<string> {
  const archiveId = await uploadArchive(vault, 4096, `${description} archive`);
  return startJobOutsideThaw(vault, {
    Type: "archive-retrieval",
    ArchiveId: archiveId,
    Tier: "Expedited",
    Description: description,
  });
}

/** A Select query of a small CSV archive, its results written to the embedded server's S3. */
async function selectOutsideThaw(description: string): Promise<string> {
  return startCsvSelectOutsideThaw({
    vaultName: VAULT,
    csv: "id,units\n1,10\n2,20\n",
    archiveDescription: `${stamp}.csv`,
    description,
    expression: "SELECT s.id FROM archive s",
    prefix: `viewer-ui-${stamp}`,
  });
}

/** Opens a job's page (which imports a job started outside Thaw) and waits until it succeeded. */
async function openSucceeded(page: Page, jobId: string): Promise<void> {
  await page.goto(`/jobs/${encodeURIComponent(jobId)}`);
  await waitForSucceeded(page);
}

function run(db: Database.Database, sql: string, ...values: (string | number)[]): number {
  db.pragma("busy_timeout = 5000");
  try {
    return db.prepare(sql).run(...values).changes;
  } finally {
    db.close();
  }
}

/**
 * Glacier forgets a job 24 h after it completes. Too long to wait for, so both sides are told at once:
 * the embedded server drops the job, and Thaw records it gone the way its ListJobs sync would.
 */
function expireJob(jobId: string): void {
  const now = Date.now();
  expect(
    run(
      new Database(path.join(EMULATOR_DATA, "state.sqlite")),
      "UPDATE jobs SET expires_ms = ? WHERE id = ?",
      now - 1,
      jobId,
    ),
  ).toBe(1);
  const gone =
    "UPDATE job_tracking SET gone_at = ?, next_check_at = NULL WHERE job_id IN (SELECT id FROM jobs WHERE glacier_job_id = ?)";
  expect(run(new Database(APP_DB), gone, new Date(now).toISOString(), jobId)).toBe(1);
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await browser.newContext({ storageState: ADMIN_STATE });
  const page = await admin.newPage();
  await addUser(page, VIEWER);
  await addUser(page, OPERATOR);

  for (const vaultName of [VAULT, MAPPING_VAULT])
    await glacier().send(new CreateVaultCommand({ accountId: "-", vaultName }));
  jobs.kept = await retrieveOutsideThaw(VAULT, DESCRIPTIONS.kept);
  jobs.expired = await retrieveOutsideThaw(VAULT, DESCRIPTIONS.expired);
  jobs.mapping = await retrieveOutsideThaw(MAPPING_VAULT, DESCRIPTIONS.mapping);
  const inventory = (Description: string) =>
    startJobOutsideThaw("documents", { Type: "inventory-retrieval", Format: "JSON", Description });
  jobs.inventory = await inventory(DESCRIPTIONS.inventory);
  jobs.catalogued = await inventory(DESCRIPTIONS.catalogued);
  jobs.select = await selectOutsideThaw(DESCRIPTIONS.select);

  for (const jobId of Object.values(jobs)) await openSucceeded(page, jobId);
  await openSucceeded(page, jobs.catalogued);
  await importInventory(page);
  expireJob(jobs.expired);
  await admin.close();
});

type Check = {
  name: string;
  /** Navigates and waits for content both roles see, so a missing control means hidden, not not-yet-rendered. */
  open: (page: Page) => Promise<void>;
  /** Every control an operator has here and a viewer must not. */
  controls: (page: Page) => Locator[];
};

const link = (page: Page | Locator, name: string | RegExp) =>
  page.getByRole("link", { name, exact: typeof name === "string" });
const button = (page: Page | Locator, name: string | RegExp) =>
  page.getByRole("button", { name, exact: typeof name === "string" });
const heading = (page: Page, name: string) =>
  expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

async function openJob(page: Page, jobId: string, ready: string | RegExp): Promise<void> {
  await page.goto(`/jobs/${encodeURIComponent(jobId)}`);
  await expect(page.getByText(ready).first()).toBeVisible();
}

const CHECKS: Check[] = [
  {
    name: "overview",
    open: (page) => page.goto("/").then(() => heading(page, "Overview")),
    controls: (page) => [link(page, "New job")],
  },
  {
    name: "jobs list",
    open: async (page) => void (await findJobRow(page, DESCRIPTIONS.expired)),
    controls: (page) => [
      link(page, "New job"),
      link(page.getByRole("row").filter({ hasText: DESCRIPTIONS.expired }), "Request again"),
    ],
  },
  {
    name: "vaults",
    open: (page) => page.goto("/vaults").then(() => heading(page, "Vaults")),
    controls: (page) => [link(page, "New job")],
  },
  {
    name: "vault",
    open: (page) => page.goto("/vaults/documents").then(() => heading(page, "documents")),
    controls: (page) => [
      link(page, "Get a fresh inventory"),
      link(page, "Retrieve an archive"),
      link(page, "Query with Select"),
    ],
  },
  {
    name: "archive output",
    open: (page) => openJob(page, jobs.kept, "Not verified yet"),
    controls: (page) => [link(page, "Download"), button(page, "Verify only"), link(page, "Run again")],
  },
  {
    name: "expired output",
    open: (page) => openJob(page, jobs.expired, "The output expired"),
    controls: (page) => [link(page, "Request again"), link(page, "Run again")],
  },
  {
    name: "Synology mapping output",
    open: (page) => openJob(page, jobs.mapping, "Not verified yet"),
    controls: (page) => [button(page, "Import Synology names")],
  },
  {
    name: "select results",
    open: (page) => openJob(page, jobs.select, "First rows of"),
    controls: (page) => [link(page.getByRole("list", { name: "Result objects" }), /^Download /)],
  },
  {
    name: "inventory output",
    open: (page) => openJob(page, jobs.inventory, /The inventory \(.+\) is ready/),
    controls: (page) => [button(page, "Import inventory"), link(page, "Download raw inventory")],
  },
  {
    name: "catalog",
    open: async (page) => {
      await openJob(page, jobs.catalogued, "Archives by size");
      // Select-many: checking an archive (allowed to all: ids can be copied) opens the selection panel.
      const selected = page.getByRole("region", { name: "Selected archives" });
      await expect(async () => {
        await page.getByRole("table", { name: "Archives" }).getByRole("checkbox").first().click();
        await expect(selected).toBeVisible({ timeout: 2_000 });
      }).toPass();
    },
    controls: (page) => [
      link(catalogRegion(page), /^Plan migration of all/),
      link(page.getByRole("table", { name: "Archives" }), /^Retrieve /),
      button(page, /^Plan migration of 1 checked/),
      link(page.getByRole("region", { name: "Selected archives" }), /^Retrieve /),
    ],
  },
  {
    name: "plans",
    open: (page) => page.goto("/plans").then(() => heading(page, "Plans")),
    controls: () => [],
  },
];

/** Links a viewer must never be offered anywhere: the wizards, plan forms, downloads, re-requests, settings. */
const OPERATOR_HREFS =
  'a[href^="/jobs/new"], a[href^="/plans/new"], a[href^="/settings"], a[href*="/again"], a[href*="/output"], a[href*="/results"]';

async function signedIn(browser: Browser, user: { email: string; password: string }): Promise<Page> {
  const page = await signedOutPage(browser);
  await signIn(page, user.email, user.password);
  return page;
}

test("an operator has every control the checks look for", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await signedIn(browser, OPERATOR);
  for (const check of CHECKS) {
    await check.open(page);
    for (const control of check.controls(page)) await expect(control.first(), check.name).toBeVisible();
  }
  await page.context().close();
});

test("a viewer has none of them, and is told why where the primary action was", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await signedIn(browser, VIEWER);
  for (const check of CHECKS) {
    await check.open(page);
    for (const control of check.controls(page)) await expect(control, check.name).toHaveCount(0);
    await expect(page.locator(OPERATOR_HREFS), check.name).toHaveCount(0);
  }
  for (const url of ["/", "/jobs", "/vaults/documents"]) {
    await page.goto(url);
    await expect(
      page
        .getByRole("note")
        .filter({ hasText: "Your role (viewer) can read jobs; ask an operator to start one." }),
    ).toBeVisible();
  }
  await openJob(page, jobs.kept, "Not verified yet");
  await expect(
    page.getByRole("note").filter({ hasText: /^Your role \(viewer\) .*ask an operator to download/ }),
  ).toBeVisible();
  await page.context().close();
});

test("the routes behind those controls still refuse a viewer's direct call, and nothing happens", async ({
  browser,
}) => {
  const viewer = await signedIn(browser, VIEWER);
  const job = (id: string, route: string) => `/api/jobs/${encodeURIComponent(id)}/${route}`;
  const calls = [
    viewer.request.get(job(jobs.kept, "output")),
    viewer.request.head(job(jobs.kept, "output")),
    viewer.request.post(job(jobs.kept, "verify")),
    viewer.request.post(job(jobs.mapping, "synology")),
    viewer.request.post(job(jobs.inventory, "inventory")),
    viewer.request.get(`${job(jobs.select, "results")}?key=${encodeURIComponent(`viewer-ui-${stamp}/`)}`),
  ];
  for (const response of await Promise.all(calls)) expect(response.status(), response.url()).toBe(403);
  expect(await (await viewer.request.post(job(jobs.inventory, "inventory"))).json()).toEqual({
    error: "Your role does not allow this.",
  });
  await viewer.context().close();

  // The same routes serve an operator, and the refused calls left no trace: nothing verified or imported.
  const operator = await signedIn(browser, OPERATOR);
  expect((await operator.request.head(job(jobs.kept, "output"))).status()).toBe(200);
  await openJob(operator, jobs.kept, "Not verified yet");
  await expect(operator.getByRole("progressbar")).toHaveCount(0);
  await openJob(operator, jobs.inventory, /The inventory \(.+\) is ready/);
  await expect(button(operator, "Import inventory")).toBeVisible();
  await operator.context().close();
});
