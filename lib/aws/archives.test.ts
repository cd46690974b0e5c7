import { CreateVaultCommand, UploadArchiveCommand } from "@aws-sdk/client-glacier";
import { afterAll, beforeAll, expect, it } from "vitest";
import { payload, startTestEmulator, type TestEmulator } from "@/emulator/testing/harness";
import { deleteArchive } from "./archives";
import { AwsOperationError } from "./errors";
import { initiateJob } from "./job-requests";
import { emulatorTarget } from "@/tests/support/emulator-target";
import { type AccountTarget } from "./vaults";

let emulator: TestEmulator;
let target: AccountTarget;
const vaultName = "deletions";
beforeAll(async () => {
  emulator = await startTestEmulator();
  target = emulatorTarget(emulator.emulator.url);
  await emulator.client.send(new CreateVaultCommand({ accountId: "-", vaultName }));
});
afterAll(async () => {
  await emulator.stop();
});

it("deletes an archive for good: a retrieval of it is then refused; deleting it again is no error (idempotent)", async () => {
  const { archiveId = "" } = await emulator.client.send(
    new UploadArchiveCommand({ accountId: "-", vaultName, body: payload(4096, 7) }),
  );
  await expect(deleteArchive(target, vaultName, archiveId)).resolves.toBeUndefined();
  await expect(
    initiateJob(target, vaultName, { Type: "archive-retrieval", ArchiveId: archiveId }),
  ).rejects.toThrow(/ResourceNotFound/);
  await expect(deleteArchive(target, vaultName, archiveId)).resolves.toBeUndefined();
});

it("reports a missing vault as an AwsOperationError naming Glacier's code", async () => {
  const refused = await deleteArchive(target, "no-such-vault", "x").catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(AwsOperationError);
  expect(refused instanceof AwsOperationError ? refused.failure.code : null).toBe(
    "ResourceNotFoundException",
  );
});
