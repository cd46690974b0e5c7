import "server-only";
import {
  DescribeVaultCommand,
  type DescribeVaultOutput,
  GetDataRetrievalPolicyCommand,
  GetVaultNotificationsCommand,
  ListProvisionedCapacityCommand,
  ListTagsForVaultCommand,
  ListVaultsCommand,
} from "@aws-sdk/client-glacier";
import { awsCall, awsCallOrNull, collectPages } from "./call";
import { type ClientTarget, glacierClientFor } from "./glacier-client";

export type AccountTarget = ClientTarget & { accountId: string };

export type VaultSummary = {
  name: string;
  arn: string;
  creationDate: string | null;
  lastInventoryDate: string | null;
  numberOfArchives: number | null;
  sizeInBytes: number | null;
};

function toSummary(v: DescribeVaultOutput): VaultSummary {
  return {
    name: v.VaultName ?? "",
    arn: v.VaultARN ?? "",
    creationDate: v.CreationDate ?? null,
    lastInventoryDate: v.LastInventoryDate ?? null,
    numberOfArchives: v.NumberOfArchives ?? null,
    sizeInBytes: v.SizeInBytes ?? null,
  };
}

/** Every vault of the account, following ListVaults' Marker through every page (10 per page). */
export async function listAllVaults(
  target: AccountTarget,
  options: { maxAttempts?: number } = {},
): Promise<VaultSummary[]> {
  const client = glacierClientFor(target, options);
  return collectPages(async (marker) => {
    const page = await awsCall("ListVaults", () =>
      client.send(new ListVaultsCommand({ accountId: target.accountId, marker })),
    );
    return { items: (page.VaultList ?? []).map(toSummary), next: page.Marker };
  });
}

export async function describeVault(target: AccountTarget, vaultName: string): Promise<VaultSummary> {
  const client = glacierClientFor(target);
  const out = await awsCall("DescribeVault", () =>
    client.send(new DescribeVaultCommand({ accountId: target.accountId, vaultName })),
  );
  return toSummary(out);
}

export type VaultDetails = {
  vault: VaultSummary;
  notifications: { snsTopic: string | null; events: string[] } | null;
  tags: Record<string, string>;
};

export async function getVaultDetails(target: AccountTarget, vaultName: string): Promise<VaultDetails> {
  const client = glacierClientFor(target);
  const accountId = target.accountId;
  const [vault, notifications, tags] = await Promise.all([
    describeVault(target, vaultName),
    awsCallOrNull("GetVaultNotifications", () =>
      client.send(new GetVaultNotificationsCommand({ accountId, vaultName })),
    ),
    awsCall("ListTagsForVault", () => client.send(new ListTagsForVaultCommand({ accountId, vaultName }))),
  ]);
  const config = notifications?.vaultNotificationConfig;
  return {
    vault,
    notifications: config ? { snsTopic: config.SNSTopic ?? null, events: config.Events ?? [] } : null,
    tags: tags.Tags ?? {},
  };
}

export type RetrievalControls = {
  policy: { strategy: string; bytesPerHour: number | null } | null;
  capacity: Array<{ capacityId: string; startDate: string | null; expirationDate: string | null }>;
};

/** The account-wide data retrieval policy and provisioned capacity that decide what a retrieval may do. */
export async function getRetrievalControls(target: AccountTarget): Promise<RetrievalControls> {
  const client = glacierClientFor(target);
  const accountId = target.accountId;
  const [policy, capacity] = await Promise.all([
    awsCall("GetDataRetrievalPolicy", () => client.send(new GetDataRetrievalPolicyCommand({ accountId }))),
    awsCall("ListProvisionedCapacity", () => client.send(new ListProvisionedCapacityCommand({ accountId }))),
  ]);
  const rule = policy.Policy?.Rules?.[0];
  return {
    policy: rule ? { strategy: rule.Strategy ?? "None", bytesPerHour: rule.BytesPerHour ?? null } : null,
    capacity: (capacity.ProvisionedCapacityList ?? []).map((c) => ({
      capacityId: c.CapacityId ?? "",
      startDate: c.StartDate ?? null,
      expirationDate: c.ExpirationDate ?? null,
    })),
  };
}
