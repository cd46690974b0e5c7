import { createServer, type Server, type Socket } from "node:net";
import { CreateVaultCommand } from "@aws-sdk/client-glacier";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "@/emulator/testing/harness";
import { emulatorTarget } from "@/tests/support/emulator-target";
import { AwsOperationError } from "./errors";
import { initiateJob } from "./job-requests";
import { listVaultJobs } from "./jobs";
import { s3ClientFor } from "./s3-client";
import { type AccountTarget, describeVault } from "./vaults";

/**
 * Every call Thaw makes has a bounded time: a server that accepts the connection and never answers
 * (or goes silent) ends the call with a timeout instead of holding whoever waits on it forever.
 * Only the timeout can end these calls: nothing here races a timer against an answer.
 */

let silent: Server;
const sockets = new Set<Socket>();
let silentUrl = "";
let emulator: TestEmulator;
const vaultName = "timeouts";

beforeAll(async () => {
  // Accepts connections, reads whatever is sent, never writes a byte.
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on("data", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const address = silent.address();
  silentUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  emulator = await startTestEmulator({ faultInjection: {} });
  await emulator.client.send(new CreateVaultCommand({ accountId: "-", vaultName }));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await emulator.stop();
});

const silentTarget = (timeouts: AccountTarget["timeouts"]): AccountTarget => ({
  ...emulatorTarget(silentUrl),
  timeouts,
});

describe("bounded AWS calls", () => {
  it("a Glacier call to a server that never answers ends with a timeout", async () => {
    const failure = await describeVault(silentTarget({ answerMs: 200 }), vaultName).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AwsOperationError);
    expect((failure as AwsOperationError).failure).toMatchObject({ httpStatus: undefined });
    expect((failure as AwsOperationError).failure.code).toMatch(/TimeoutError|ETIMEDOUT/);
  });

  it("an S3 call (no total bound: parts are large) still ends once the connection is idle too long", async () => {
    const s3 = s3ClientFor(silentTarget({ idleMs: 200 }));
    await expect(s3.send(new HeadBucketCommand({ Bucket: "any" }))).rejects.toMatchObject({
      name: "TimeoutError",
    });
  });

  it("the emulator's NoAnswer fault: a read is cut and retried by the SDK; InitiateJob is cut and never resent", async () => {
    const target: AccountTarget = { ...emulatorTarget(emulator.emulator.url), timeouts: { answerMs: 200 } };
    const { faults } = emulator.emulator;
    faults.failNext("ListJobs", "NoAnswer");
    // The hung attempt ends at 200 ms; the SDK's second attempt is answered.
    await expect(listVaultJobs(target, vaultName)).resolves.toEqual([]);
    expect(faults.pending("ListJobs")).toBe(0);
    faults.failNext("InitiateJob", "NoAnswer");
    faults.failNext("InitiateJob", "ThrottlingException");
    // One attempt only: had the SDK sent it again, the armed throttling would have answered it.
    await expect(initiateJob(target, vaultName, { Type: "inventory-retrieval" })).rejects.toMatchObject({
      failure: { httpStatus: undefined },
    });
    expect(faults.pending("InitiateJob")).toBe(1);
    await expect(initiateJob(target, vaultName, { Type: "inventory-retrieval" })).rejects.toMatchObject({
      failure: { code: "ThrottlingException" },
    });
    expect(await listVaultJobs(target, vaultName)).toEqual([]);
  });
});
