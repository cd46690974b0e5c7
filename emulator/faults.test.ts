import {
  CreateVaultCommand,
  DescribeVaultCommand,
  GlacierClient,
  InitiateJobCommand,
  ListJobsCommand,
} from "@aws-sdk/client-glacier";
import { afterEach, describe, expect, it } from "vitest";
import { UsageError, parseCliArgs } from "./cli-args";
import { type EmulatorOptions, OptionsError } from "./options";
import { DEMO_CREDENTIALS, startTestEmulator, type TestEmulator } from "./testing/harness";
import { rawRequest } from "./testing/raw-request";

const started: TestEmulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.stop()));
});

async function emulatorWith(options: Partial<EmulatorOptions>): Promise<TestEmulator> {
  const t = await startTestEmulator(options);
  started.push(t);
  await t.client.send(new CreateVaultCommand({ accountId: "-", vaultName: "v" }));
  return t;
}

/** The harness client makes one attempt, so each call meets exactly one armed fault. */
const inventoryJob = (t: TestEmulator) =>
  t.client.send(
    new InitiateJobCommand({
      accountId: "-",
      vaultName: "v",
      jobParameters: { Type: "inventory-retrieval" },
    }),
  );

describe("fault injection (test only)", () => {
  it("fails the next N InitiateJob calls with the armed code, as the SDK sees it, then runs them again", async () => {
    const t = await emulatorWith({
      faultInjection: { armed: [{ operation: "InitiateJob", code: "ThrottlingException", count: 2 }] },
    });
    for (let i = 0; i < 2; i++) {
      await expect(inventoryJob(t)).rejects.toMatchObject({
        name: "ThrottlingException",
        message: "Rate exceeded",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
      });
    }
    expect(t.emulator.faults.pending("InitiateJob")).toBe(0);
    expect((await inventoryJob(t)).jobId).toMatch(/^[A-Za-z0-9_-]{92}$/);
  });

  it("arms at run time: ServiceUnavailableException is a 500 server fault, other operations are untouched", async () => {
    const t = await emulatorWith({ faultInjection: {} });
    t.emulator.faults.failNext("InitiateJob", "ServiceUnavailableException");
    await expect(
      t.client.send(new DescribeVaultCommand({ accountId: "-", vaultName: "v" })),
    ).resolves.toBeDefined();
    await expect(inventoryJob(t)).rejects.toMatchObject({
      name: "ServiceUnavailableException",
      $fault: "server",
      $metadata: { httpStatusCode: 500 },
    });
    await expect(inventoryJob(t)).resolves.toBeDefined();
  });

  it("answers Glacier's JSON error shape, and only requests that pass authentication use a fault up", async () => {
    const t = await emulatorWith({ faultInjection: {} });
    t.emulator.faults.failNext("DescribeVault", "ThrottlingException");
    const unsigned = await rawRequest(t.emulator.url, { method: "GET", path: "/-/vaults/v", sign: false });
    expect(unsigned.json()).toMatchObject({ code: "MissingAuthenticationTokenException" });
    expect(t.emulator.faults.pending("DescribeVault")).toBe(1);
    const res = await rawRequest(t.emulator.url, { method: "GET", path: "/-/vaults/v" });
    expect(res.status).toBe(400);
    expect(res.headers["x-amzn-errortype"]).toBe("ThrottlingException");
    expect(res.headers["x-amzn-requestid"]).toBeTruthy();
    expect(res.json()).toEqual({ code: "ThrottlingException", message: "Rate exceeded", type: "Client" });
  });

  it("a client with the SDK's default retries gets through faults fewer than its attempts, each attempt counted", async () => {
    const t = await emulatorWith({ faultInjection: {} });
    const retrying = new GlacierClient({
      endpoint: t.emulator.url,
      region: "us-east-1",
      credentials: DEMO_CREDENTIALS,
    });
    try {
      t.emulator.faults.failNext("DescribeVault", "ServiceUnavailableException", 2);
      const out = await retrying.send(new DescribeVaultCommand({ accountId: "-", vaultName: "v" }));
      expect(out.$metadata).toMatchObject({ httpStatusCode: 200, attempts: 3 });
      expect(t.emulator.faults.pending("DescribeVault")).toBe(0);
    } finally {
      retrying.destroy();
    }
  });

  it("is off unless asked for: arming throws, and nothing fails", async () => {
    const t = await emulatorWith({});
    expect(() => t.emulator.faults.failNext("InitiateJob", "ThrottlingException")).toThrow(
      /fault injection is off/,
    );
    await expect(inventoryJob(t)).resolves.toBeDefined();
  });

  it("ConnectionDropped runs the call (the job exists) and drops the connection without an answer", async () => {
    const t = await emulatorWith({ faultInjection: {} });
    t.emulator.faults.failNext("InitiateJob", "ConnectionDropped");
    await expect(inventoryJob(t)).rejects.toMatchObject({ code: "ECONNRESET" });
    const listed = await t.client.send(new ListJobsCommand({ accountId: "-", vaultName: "v" }));
    expect(listed.JobList).toHaveLength(1);
    await expect(inventoryJob(t)).resolves.toBeDefined();
  });

  it("NoAnswer never answers and runs nothing: only the client's own timeout ends the call", async () => {
    const t = await emulatorWith({ faultInjection: {} });
    t.emulator.faults.failNext("InitiateJob", "NoAnswer");
    const impatient = new GlacierClient({
      endpoint: t.emulator.url,
      region: "us-east-1",
      credentials: DEMO_CREDENTIALS,
      maxAttempts: 1,
      requestHandler: { requestTimeout: 200, throwOnRequestTimeout: true },
    });
    await expect(
      impatient.send(
        new InitiateJobCommand({
          accountId: "-",
          vaultName: "v",
          jobParameters: { Type: "inventory-retrieval" },
        }),
      ),
    ).rejects.toMatchObject({ name: "TimeoutError" });
    const listed = await t.client.send(new ListJobsCommand({ accountId: "-", vaultName: "v" }));
    expect(listed.JobList).toHaveLength(0);
    impatient.destroy();
  });

  it("refuses a misspelt operation or code instead of never firing", async () => {
    await expect(
      startTestEmulator({
        faultInjection: { armed: [{ operation: "InitiateJobs", code: "ThrottlingException" }] },
      }),
    ).rejects.toThrow(OptionsError);
    const t = await emulatorWith({ faultInjection: {} });
    expect(() => t.emulator.faults.failNext("InitiateJob", "ThrottlingException", 0)).toThrow(/count/);
  });

  it("CLI: --inject-fault <Operation>=<Code>[:<count>], repeatable; bad specs are usage errors", () => {
    expect(
      parseCliArgs([
        "--inject-fault",
        "InitiateJob=ThrottlingException:3",
        "--inject-fault",
        "DescribeJob=ServiceUnavailableException",
        "--inject-fault",
        "InitiateJob=ConnectionDropped:2",
        "--inject-fault",
        "GetJobOutput=NoAnswer",
      ]),
    ).toMatchObject({
      faultInjection: {
        armed: [
          { operation: "InitiateJob", code: "ThrottlingException", count: 3 },
          { operation: "DescribeJob", code: "ServiceUnavailableException", count: 1 },
          { operation: "InitiateJob", code: "ConnectionDropped", count: 2 },
          { operation: "GetJobOutput", code: "NoAnswer", count: 1 },
        ],
      },
    });
    expect(parseCliArgs([])).toMatchObject({ faultInjection: undefined });
    for (const bad of ["InitiateJob", "InitiateJob=Throttling", "InitiateJob=ThrottlingException:x"]) {
      expect(() => parseCliArgs(["--inject-fault", bad]), bad).toThrow(UsageError);
    }
  });
});
