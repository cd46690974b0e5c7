import "server-only";
import { DeleteArchiveCommand } from "@aws-sdk/client-glacier";
import { awsCall } from "./call";
import { glacierClientFor } from "./glacier-client";
import { type AccountTarget } from "./vaults";

/**
 * DeleteArchive: the archive is gone for good; new retrievals of it fail, an output already prepared
 * stays downloadable. Idempotent (deleting it again is no error); failures are AwsOperationErrors.
 */
export async function deleteArchive(
  target: AccountTarget,
  vaultName: string,
  archiveId: string,
): Promise<void> {
  const client = glacierClientFor(target);
  await awsCall("DeleteArchive", () =>
    client.send(new DeleteArchiveCommand({ accountId: target.accountId, vaultName, archiveId })),
  );
}
