import { generateKeyPairSync, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import accounts from "./e2e-accounts.json";
import { CAPTURE_PORT } from "./ports";
import { nextStep } from "./wizard-helpers";

// Playwright compiles specs to CommonJS here, where import.meta is unavailable.
const serverLog = path.resolve(__dirname, "..", ".tmp", "e2e", "server.log");

type Envelope = Record<string, string>;

/** Receives what the embedded server delivers for the capture topic. */
function captureServer(): { received: Envelope[]; close(): Promise<void> } {
  const received: Envelope[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      try {
        received.push(JSON.parse(body) as Envelope);
      } catch {
        // not ours
      }
      res.writeHead(200).end();
    });
  });
  server.listen(CAPTURE_PORT, "127.0.0.1");
  return { received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Starts an Expedited inventory job of `documents` through the wizard, notifying `topic`. */
async function startJobNotifying(page: Page, topic: string): Promise<string> {
  await page.goto("/jobs/new/inventory?vault=documents");
  await nextStep(page);
  await nextStep(page);
  await page.getByLabel("SNS topic ARN (optional)").fill(topic);
  await nextStep(page);
  await page.getByRole("button", { name: "Start inventory job" }).click();
  await expect(page).toHaveURL(/\/jobs\/(?!new)[^/]+$/);
  return decodeURIComponent(page.url().split("/").pop() ?? "");
}

function postSns(page: Page, body: Envelope | string) {
  return page.request.post("/api/sns", {
    headers: { "Content-Type": "text/plain; charset=UTF-8" },
    data: typeof body === "string" ? body : JSON.stringify(body),
    failOnStatusCode: false,
  });
}

test("a valid notification from the embedded server completes the job at once", async ({ page }) => {
  const jobId = await startJobNotifying(page, accounts.snsTopicArn);
  await expect
    .poll(() => readFileSync(serverLog, "utf8").includes(`Job ${jobId} is Succeeded.`), { timeout: 20_000 })
    .toBe(true);
  await page.reload();
  await expect(page.getByText("Succeeded").first()).toBeVisible();
});

test("a replayed, tampered, re-signed, unsigned or foreign-topic message is refused", async ({ page }) => {
  const capture = captureServer();
  try {
    const jobId = await startJobNotifying(page, accounts.captureTopicArn);
    await expect
      .poll(
        () => capture.received.find((m) => m.Type === "Notification" && (m.Message ?? "").includes(jobId)),
        { timeout: 20_000 },
      )
      .toBeTruthy();
    const real = capture.received.find((m) => m.Type === "Notification" && (m.Message ?? "").includes(jobId));
    if (!real) throw new Error("no notification captured");

    const first = await postSns(page, real);
    expect(first.status()).toBe(200);
    expect((await first.json()) as { message: string }).toMatchObject({
      message: `Job ${jobId} is Succeeded.`,
    });
    expect((await postSns(page, real)).status()).toBe(409);

    const tampered = {
      ...real,
      MessageId: crypto.randomUUID(),
      Message: (real.Message ?? "").replace("Succeeded", "Failed"),
    };
    expect((await postSns(page, tampered)).status()).toBe(403);

    // Signed correctly, but by a key that is not the embedded server's.
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const forged: Envelope = { ...real, MessageId: crypto.randomUUID() };
    const signed = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
      .map((k) => `${k}\n${forged[k] ?? ""}\n`)
      .join("");
    forged.Signature = sign("RSA-SHA1", Buffer.from(signed), privateKey).toString("base64");
    expect((await postSns(page, forged)).status()).toBe(403);

    const unsigned: Envelope = { ...real, MessageId: crypto.randomUUID() };
    delete unsigned.Signature;
    expect((await postSns(page, unsigned)).status()).toBe(403);
    const foreignCert = {
      ...real,
      MessageId: crypto.randomUUID(),
      SigningCertURL: "https://evil.example/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem",
    };
    expect((await postSns(page, foreignCert)).status()).toBe(403);
    expect((await postSns(page, "not json")).status()).toBe(400);
    expect((await postSns(page, "x".repeat(300 * 1024))).status()).toBe(413);
  } finally {
    await capture.close();
  }
});
